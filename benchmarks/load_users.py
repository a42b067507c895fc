"""The simulated users of benchmarks/load.py: members, the secretariat and departments, each
a thread with its own signed-in browser, recording what was acknowledged in one Ledger."""

from __future__ import annotations

import queue
import random
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.common import Browser

OPINION_LOCATION = re.compile(r"/meetings/(\d+)/opinions/(\d+)")
INBOX_LINK = re.compile(rb'href="/inbox/(\d+)"')


@dataclass
class Ledger:
    """Everything the users did, shared by their threads."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    opinions: dict[int, str] = field(default_factory=dict)  # id -> token
    assignments: dict[int, int] = field(default_factory=dict)  # opinion id -> department id
    replies: dict[int, tuple[str, bool]] = field(
        default_factory=dict
    )  # assignment -> (text, submitted)
    to_assign: queue.Queue = field(default_factory=queue.Queue)
    claimed: set = field(default_factory=set)  # assignments a department user took
    lock: threading.Lock = field(default_factory=threading.Lock)


class User:
    def __init__(self, port: int, username: str, ledger: Ledger, deadline: float, think: float):
        self.browser = Browser(port, timeout=60)
        self.username = username
        self.ledger = ledger
        self.deadline = deadline
        self.think = think
        self.random = random.Random(username)

    def call(self, method: str, path: str, fields=None):
        try:
            if method == "GET":
                response = self.browser.get(path)
            else:
                response = self.browser.post(path, fields)
        except OSError as error:  # a refused or dropped connection counts as a server error
            with self.ledger.lock:
                self.ledger.statuses["connection error"] += 1
                self.ledger.failures.append(f"{method} {path}: {error!r}")
            self.browser.close()
            return None
        with self.ledger.lock:
            self.ledger.latencies.append(response.seconds * 1000)
            self.ledger.statuses[response.status] += 1
            if response.status >= 500:
                self.ledger.failures.append(f"{method} {path}: HTTP {response.status}")
        return response

    def pause(self) -> None:
        time.sleep(self.random.uniform(0, 2 * self.think))

    def run(self) -> None:
        self.browser.login(self.username)
        while time.time() < self.deadline:
            self.step()
            self.pause()
        self.browser.close()

    def step(self) -> None:
        raise NotImplementedError


def token() -> str:
    return uuid.uuid4().hex[:12]


class Member(User):
    def __init__(self, *args, meeting_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting_id = meeting_id
        self.turn = 0

    def step(self) -> None:
        self.turn += 1
        if self.turn % 10 == 1:  # now and then the whole meeting page (it grows all day)
            self.call("GET", f"/meetings/{self.meeting_id}")
        form = self.call("GET", f"/meetings/{self.meeting_id}/opinions/new")
        if form is None or form.status != 200:
            return
        mark = token()
        response = self.call(
            "POST",
            f"/meetings/{self.meeting_id}/opinions/new",
            {
                "csrf_token": form.csrf_token(),
                "title": f"关于社区托育服务的建议 LOAD-{mark}",
                "body": f"问题：托育机构不足。LOAD-{mark} 𠮷",
                "suggestions": f"增加普惠托育点 LOAD-{mark}-1\n完善补贴办法 LOAD-{mark}-2",
                "themes": "托育,民生",
            },
        )
        if response is None or response.status != 302:
            return
        match = OPINION_LOCATION.search(response.location)
        if match:
            with self.ledger.lock:
                self.ledger.opinions[int(match.group(2))] = mark
            self.ledger.to_assign.put(int(match.group(2)))
            self.call("GET", match.group(0))
        else:
            with self.ledger.lock:
                self.ledger.failures.append(
                    f"opinion saved, unexpected redirect {response.location}"
                )


class Secretariat(User):
    def __init__(self, *args, department_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.department_ids = department_ids

    def step(self) -> None:
        try:
            opinion_id = self.ledger.to_assign.get(timeout=1)
        except queue.Empty:
            self.call("GET", "/board/")
            return
        form = self.call("GET", f"/opinions/{opinion_id}/assign")
        if form is None or form.status != 200:
            return
        department_id = self.random.choice(self.department_ids)
        response = self.call(
            "POST",
            f"/opinions/{opinion_id}/assign",
            {
                "csrf_token": form.csrf_token(),
                "mode": "single",
                "departments": department_id,
                "lead": "",
                "due_date": "",
                "note": f"请研究办理 LOAD-{token()}",
            },
        )
        if response is not None and response.status == 302:
            with self.ledger.lock:
                self.ledger.assignments[opinion_id] = department_id


class DepartmentUser(User):
    def step(self) -> None:
        inbox = self.call("GET", "/inbox/?status=assigned")
        if inbox is None or inbox.status != 200:
            return
        with self.ledger.lock:
            ids = [int(i) for i in INBOX_LINK.findall(inbox.body)]
            free = [i for i in ids if i not in self.ledger.claimed]
            if not free:
                return
            assignment_id = free[0]
            self.ledger.claimed.add(assignment_id)
        page = self.call("GET", f"/inbox/{assignment_id}")
        if page is None or page.status != 200:
            return
        mark = token()
        fields = {
            "csrf_token": page.csrf_token(),
            "category": "A",
            "channel": "written",
            "contact_method": "phone",
            "text": f"已研究，正在推进。LOAD-{mark}",
            "version": "",
            "action": "save",
        }
        saved = self.call("POST", f"/inbox/{assignment_id}/reply", fields)
        if saved is None or saved.status != 302:
            return
        with self.ledger.lock:
            self.ledger.replies[assignment_id] = (fields["text"], False)
        page = self.call("GET", f"/inbox/{assignment_id}")
        if page is None or page.status != 200:
            return
        version = re.search(rb'name="version"[^>]*value="(\d+)"', page.body)
        fields.update(
            csrf_token=page.csrf_token(),
            text=f"经研究，已纳入明年计划。LOAD-{mark}-final",
            version=version.group(1).decode() if version else "",
            action="submit",
        )
        submitted = self.call("POST", f"/inbox/{assignment_id}/reply", fields)
        if submitted is not None and submitted.status == 302:
            with self.ledger.lock:
                self.ledger.replies[assignment_id] = (fields["text"], True)
