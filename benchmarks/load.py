"""A meeting day under load, then proof that no acknowledged write was lost or doubled.

Usage:
    .venv/bin/python benchmarks/load.py [--quick] [--database-url URL] [--users 50]
                                        [--seconds 120] [--workers 2] [--threads 4]

benchmarks/wsgi.py runs under gunicorn on loopback (2 gthread workers x 4 threads by
default: 8 requests in progress at once, every client's keep-alive connection held open).
The database is a fresh SQLite file in instance/bench/ (WAL, busy timeout, as the app
configures it) or the PostgreSQL database named by --database-url; each run adds its own
world (a held meeting open for opinions, members invited, departments, accounts) under a
unique run id, so a database can be reused.

50 users (--users) sign in through the login form (CSRF on, tokens read from the pages like
a browser) and work for --seconds (120; --quick 25):
  members (70 %)      open the opinion form, submit an opinion with two suggestions (every
                      text carries a unique token), read it back; every tenth time they also
                      read the whole meeting page (which grows all day);
  secretariat (8 %)   take a submitted opinion, open its assign form and assign it to a department;
  departments (22 %)  open their inbox, open an assignment, save a reply draft, then submit it
                      (the submit based on the draft version the page showed).
Each write that was acknowledged (302 to the record's page) is recorded with its token and
the id from the redirect. Afterwards the database is checked: each acknowledged opinion is
there exactly once with its id and suggestions, each acknowledged assignment exactly once,
each acknowledged reply exactly once with the text last saved and submitted when the submit
was acknowledged. Any 5xx or failed connection is an error.

Last line: requests=<n> errors_5xx=<n> lost=<n> p95_ms=<ms>
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BENCH_DIR,
    BENCH_PASSWORD,
    Server,
    bench_app,
    machine,
    percentile,
    redact,
)
from benchmarks.load_users import (  # noqa: E402
    DepartmentUser,
    Ledger,
    Member,
    Secretariat,
    User,
)

# ---------------------------------------------------------------- the world


@dataclass
class World:
    run: str
    meeting_id: int
    members: list[str]
    secretariat: list[str]
    departments: dict[int, list[str]]  # department id -> its accounts


def build_world(url: str, users: int, run: str) -> World:
    """A held meeting open for opinions, its invited members and departments, with accounts."""
    from audit.services import acting_as
    from committees.current import working_in
    from extensions import db

    n_secretariat = max(2, round(users * 0.08))
    n_department_users = max(2, round(users * 0.22))
    n_members = users - n_secretariat - n_department_users
    n_departments = max(1, n_department_users // 2)

    app = bench_app(url)
    with app.app_context(), acting_as("load"):
        db.create_all()
        with working_in(_committee_of_the_run()):
            return _build_world(run, n_members, n_department_users, n_departments, n_secretariat)


def _committee_of_the_run() -> int:
    """The database's committee (a fresh one gets a committee for the load run)."""
    from sqlalchemy import select

    from committees.models import Committee
    from committees.services import create_committee
    from extensions import db

    found = db.session.scalars(select(Committee.id).limit(1)).first()
    return found or create_committee("政协负载测试区委员会", "负载测试区", "district").id


def _build_world(
    run: str, n_members: int, n_department_users: int, n_departments: int, n_secretariat: int
) -> World:
    from accounts.models import Role, User
    from extensions import db
    from meetings.models import Invitation, InvitationRole, Meeting, MeetingKind, MeetingStatus
    from participants.models import Department, Participant, ParticipantKind

    starts = datetime.now().replace(microsecond=0, second=0, minute=0)
    meeting = Meeting(
        title=f"负载测试协商会 {run}",
        kind=MeetingKind.TOPICAL,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        venue="区政协三楼会议室",
        status=MeetingStatus.HELD,
        opinions_open=True,
    )
    db.session.add(meeting)
    hashed = None

    def account(username: str, role: Role, **links) -> str:
        nonlocal hashed
        user = User(username=username, display_name=username, role=role, **links)
        if hashed is None:
            user.set_password(BENCH_PASSWORD)
            hashed = user.password_hash
        user.password_hash = hashed
        db.session.add(user)
        return username

    members = []
    for n in range(1, n_members + 1):
        person = Participant(
            name=f"委员{run[:4]}{n}", kind=ParticipantKind.MEMBER, affiliation="负载测试"
        )
        db.session.add(person)
        db.session.add(Invitation(meeting=meeting, participant=person, role=InvitationRole.SPEAKER))
        members.append(account(f"load-{run}-m{n}", Role.MEMBER, participant=person))
    departments: dict[int, list[str]] = {}
    department_rows = []
    for n in range(1, n_departments + 1):
        department = Department(name=f"负载测试局{run}-{n}", short_name=f"测{n}")
        db.session.add(department)
        department_rows.append(department)
    db.session.flush()
    for n in range(n_department_users):
        department = department_rows[n % n_departments]
        departments.setdefault(department.id, []).append(
            account(f"load-{run}-d{n + 1}", Role.DEPARTMENT, department=department)
        )
    secretariat = [
        account(f"load-{run}-s{n}", Role.SECRETARIAT) for n in range(1, n_secretariat + 1)
    ]
    db.session.commit()
    world = World(run, meeting.id, members, secretariat, departments)
    db.session.remove()
    db.engine.dispose()
    return world


# ---------------------------------------------------------------- the check


def check(url: str, world: World, ledger: Ledger) -> list[str]:
    """Every acknowledged write, exactly once: the problems found (empty: nothing lost)."""
    from sqlalchemy import func, select

    from extensions import db
    from opinions.models import Opinion, Suggestion
    from responses.models import Assignment, Reply, ReplyStatus

    problems = []
    app = bench_app(url)
    with app.app_context():
        rows = db.session.execute(
            select(Opinion.id, Opinion.title).where(Opinion.meeting_id == world.meeting_id)
        ).all()
        by_token = Counter()
        id_of = {}
        for opinion_id, title in rows:
            mark = title.rsplit("LOAD-", 1)[-1]
            by_token[mark] += 1
            id_of[mark] = opinion_id
        suggestions = Counter(
            db.session.scalars(
                select(Suggestion.text)
                .join(Opinion, Suggestion.opinion_id == Opinion.id)
                .where(Opinion.meeting_id == world.meeting_id)
            )
        )
        for opinion_id, mark in ledger.opinions.items():
            if by_token[mark] != 1 or id_of.get(mark) != opinion_id:
                problems.append(f"opinion {opinion_id} LOAD-{mark}: {by_token[mark]} rows")
            for n in (1, 2):
                text = f"{'增加普惠托育点' if n == 1 else '完善补贴办法'} LOAD-{mark}-{n}"
                if suggestions[text] != 1:
                    problems.append(f"suggestion {n} of opinion {opinion_id}: {suggestions[text]}")
        pairs = Counter(
            db.session.execute(
                select(Assignment.opinion_id, Assignment.department_id).where(
                    Assignment.department_id.in_(list(world.departments))
                )
            ).all()
        )
        for opinion_id, department_id in ledger.assignments.items():
            if pairs[(opinion_id, department_id)] != 1:
                problems.append(
                    f"assignment of opinion {opinion_id} to department {department_id}: "
                    f"{pairs[(opinion_id, department_id)]} rows"
                )
        stored = {}
        counts = Counter()
        for assignment_id, text, status in db.session.execute(
            select(Reply.assignment_id, Reply.text, Reply.status).where(
                Reply.assignment_id.in_(list(ledger.replies) or [0])
            )
        ):
            counts[assignment_id] += 1
            stored[assignment_id] = (text, status)
        for assignment_id, (text, submitted) in ledger.replies.items():
            if counts[assignment_id] != 1:
                problems.append(
                    f"reply to assignment {assignment_id}: {counts[assignment_id]} rows"
                )
                continue
            got_text, status = stored[assignment_id]
            if got_text != text:
                problems.append(f"reply to assignment {assignment_id}: text {got_text!r}")
            if submitted and status != ReplyStatus.SUBMITTED:
                problems.append(f"reply to assignment {assignment_id}: still {status}")
        total = db.session.scalar(
            select(func.count(Opinion.id)).where(Opinion.meeting_id == world.meeting_id)
        )
        print(f"database: {total} opinions in the load meeting, {len(pairs)} assignments")
        db.session.remove()
        db.engine.dispose()
    return problems


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="25 seconds instead of 120")
    parser.add_argument("--database-url", help="PostgreSQL URL; default: a fresh SQLite file")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between steps (s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    args = parser.parse_args()
    seconds = args.seconds or (25.0 if args.quick else 120.0)
    run = uuid.uuid4().hex[:8]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{BENCH_DIR / f'load-{run}.sqlite'}"

    print(f"machine: {machine()}")
    world = build_world(url, args.users, run)
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite (WAL, busy timeout 5 s)"
    print(
        f"database: {backend} {redact(url)}; run {run}: {len(world.members)} members, "
        f"{len(world.secretariat)} secretariat, "
        f"{sum(map(len, world.departments.values()))} department users "
        f"({len(world.departments)} departments)"
    )
    ledger = Ledger()
    with Server(url, args.workers, args.threads, args.worker_class) as server:
        print(f"server: {server.description}; {args.users} users for {seconds:g} s")
        deadline = time.time() + seconds
        common = dict(ledger=ledger, deadline=deadline, think=args.think)
        users: list[User] = [
            Member(server.port, name, meeting_id=world.meeting_id, **common)
            for name in world.members
        ]
        users += [
            Secretariat(server.port, name, department_ids=list(world.departments), **common)
            for name in world.secretariat
        ]
        users += [
            DepartmentUser(server.port, name, **common)
            for names in world.departments.values()
            for name in names
        ]
        crashed = []

        def run_user(user: User) -> None:
            try:
                user.run()
            except Exception as error:  # noqa: BLE001  (a client bug must not hide the rest)
                crashed.append(f"{user.username}: {error!r}")

        threads = [threading.Thread(target=run_user, args=(u,), daemon=True) for u in users]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)
        elapsed = time.perf_counter() - started

    problems = check(url, world, ledger)
    requests = sum(ledger.statuses.values())
    errors = sum(
        n for status, n in ledger.statuses.items() if not isinstance(status, int) or status >= 500
    )
    print(
        f"acknowledged writes: {len(ledger.opinions)} opinions (with 2 suggestions each), "
        f"{len(ledger.assignments)} assignments, {len(ledger.replies)} replies "
        f"({sum(1 for _t, s in ledger.replies.values() if s)} submitted)"
    )
    print(
        f"answers: {dict(sorted(ledger.statuses.items(), key=str))}; "
        f"{requests / elapsed:.1f} requests/s over {elapsed:.1f} s; "
        f"p50 {percentile(ledger.latencies, 0.5):.1f} ms"
    )
    for line in (crashed + ledger.failures + problems)[:20]:
        print("  !", line)
    if crashed:
        print(f"client threads that crashed: {len(crashed)}")
    if not args.database_url:
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///") :] + suffix).unlink(missing_ok=True)
    print(
        f"requests={requests} errors_5xx={errors} lost={len(problems)} "
        f"p95_ms={percentile(ledger.latencies, 0.95):.1f}"
    )
    return 1 if errors or problems or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
