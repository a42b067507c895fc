"""The generator's handling of one opinion: 交办 to departments (单办/分办/会办), the replies
with their rounds, commitments with progress, the member's ratings, and the resulting
assignment status, exactly as responses/replies.py `settle` would have left it."""

from datetime import date, datetime, time, timedelta

from demo import generate_data as words


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


RATING_VALUES = [("satisfied", 70), ("basically", 24), ("unsatisfied", 6)]
SECOND_RATING = [("satisfied", 55), ("basically", 33), ("unsatisfied", 12)]


def handle_opinion(flow, opinion: dict, assign_day: date, departments: list[int]) -> None:
    rng = flow.rng
    roll = rng.random()
    chosen = rng.sample(departments, min(len(departments), 1 if roll < 0.6 else rng.randint(2, 3)))
    mode = "single" if len(chosen) == 1 else ("split" if roll < 0.8 else "joint")
    due = flow.due(assign_day)
    if mode == "single" and rng.random() < 0.02 and len(departments) > 1:
        chosen = [_returned(flow, opinion, assign_day, due, departments)]
        assign_day = assign_day + timedelta(days=3)
        due = flow.due(assign_day)
    if mode == "joint":
        lead, co_handlers = chosen[0], chosen[1:]
        lead_reply_day = Handling(flow, opinion, lead, mode, "lead", assign_day, due).run()
        for dept_id in co_handlers:
            _co_handler(flow, opinion, dept_id, assign_day, due, lead_reply_day)
        return
    for dept_id in chosen:
        Handling(flow, opinion, dept_id, mode, "lead", assign_day, due).run()


def _event(flow, assignment: int, kind: str, when: datetime, actor: int | None, note=""):
    flow.rows.add(
        "assignment_event", assignment_id=assignment, kind=kind, at=when, actor_id=actor, note=note
    )


def _assignment(flow, opinion, dept_id, mode, role, assign_day, due, **extra) -> int:
    stamp = at(assign_day, 10)
    assignment = flow.rows.add(
        "assignment",
        opinion_id=opinion["id"],
        department_id=dept_id,
        mode=mode,
        role=role,
        status="assigned",
        due_date=due,
        assigned_by_id=flow.secretariat,
        created_at=stamp,
        updated_at=stamp,
        **extra,
    )
    _event(flow, assignment, "assigned", stamp, flow.secretariat)
    return assignment


def _set_status(flow, assignment_row: dict, status: str, when: datetime) -> None:
    assignment_row["status"] = status
    assignment_row["updated_at"] = max(assignment_row["updated_at"], when)


def _row(flow, table: str, row_id: int) -> dict:
    row = flow.rows.rows[table][-1]
    assert row["id"] == row_id
    return row


def _returned(flow, opinion, assign_day, due, departments) -> int:
    """Sent back as not theirs, reassigned three days later; returns the new department."""
    first, second = flow.rng.sample(departments, 2)
    assignment = _assignment(flow, opinion, first, "single", "lead", assign_day, due)
    row = _row(flow, "assignment", assignment)
    reason = "该事项不属于我单位职责范围，建议改由相关部门办理。"
    row["return_reason"] = reason
    back = at(assign_day + timedelta(days=2), 15)
    _event(flow, assignment, "returned", back, flow.gen.dept_users[first], reason)
    _set_status(flow, row, "withdrawn", back + timedelta(days=1))
    _event(flow, assignment, "reassigned", back + timedelta(days=1), flow.secretariat)
    flow.replaces = assignment
    return second


def _co_handler(flow, opinion, dept_id, assign_day, due, lead_reply_day) -> None:
    assignment = _assignment(flow, opinion, dept_id, "joint", "co", assign_day, due)
    row = _row(flow, "assignment", assignment)
    day = assign_day + timedelta(days=flow.rng.randint(3, 12))
    if lead_reply_day is not None:
        day = min(day, lead_reply_day)
    elif day > flow.today or flow.rng.random() < 0.5:
        return
    when = at(day, 16)
    author = flow.gen.dept_users[dept_id]
    flow.rows.add(
        "reply",
        assignment_id=assignment,
        round=1,
        purpose="input",
        category=None,
        channel="written",
        contact_method="",
        text=f"我单位对“{opinion['title']}”提出以下意见：建议{flow.rng.choice(opinion['actions'])}，"
        "我单位将积极配合主办单位做好相关工作。",
        status="submitted",
        author_id=author,
        submitted_at=when,
        version=1,
        created_at=when - timedelta(days=1),
        updated_at=when,
    )
    _set_status(flow, row, "replied", when)
    _event(flow, assignment, "replied", when, author)


class Handling:
    """One lead assignment from 交办 to done."""

    def __init__(self, flow, opinion, dept_id, mode, role, assign_day, due):
        self.flow, self.rng, self.today = flow, flow.rng, flow.today
        self.opinion, self.dept_id, self.due = opinion, dept_id, due
        replaces = getattr(flow, "replaces", None)
        flow.replaces = None
        self.id = _assignment(
            flow, opinion, dept_id, mode, role, assign_day, due, replaces_id=replaces
        )
        self.row = _row(flow, "assignment", self.id)
        self.assign_day = assign_day
        self.author = flow.gen.dept_users[dept_id]
        self.member_user = flow.gen.member_users.get(opinion["speaker"])
        self.is_member = opinion["speaker"] in flow.gen.member_set

    def run(self) -> date | None:
        """Play the assignment forward to today; return the day of the first reply."""
        rng = self.rng
        late = rng.random() < 0.12
        day = (
            self.due + timedelta(days=rng.randint(1, 25))
            if late
            else self.assign_day + timedelta(days=rng.randint(6, 27))
        )
        if day > self.today or (rng.random() < 0.02 and (self.today - day).days < 400):
            if self.assign_day + timedelta(days=5) <= self.today and rng.random() < 0.35:
                self.reply(1, self.assign_day + timedelta(days=5), submitted=False)
            return None
        oral_share = 0.25 if self.is_member else 0.6
        channel = (
            "oral" if self.opinion["channel"] == "oral" and rng.random() < oral_share else "written"
        )
        reply = self.reply(1, day, submitted=True, channel=channel)
        last, last_day, rated = reply, day, None
        if channel == "written" and self.is_member:
            rated = self.rate(reply, day, RATING_VALUES)
            if rated and rated[0] == "unsatisfied":
                reopen_day = rated[1].date()
                self.due = max(self.due, self.flow.due(reopen_day))
                self.row["due_date"] = self.due
                _set_status(self.flow, self.row, "reopened", rated[1])
                _event(self.flow, self.id, "reopened", rated[1], self.member_user, rated[2])
                day2 = reopen_day + timedelta(days=rng.randint(8, 30))
                if day2 > self.today or rng.random() < 0.15:
                    if rng.random() < 0.4 and reopen_day + timedelta(days=3) <= self.today:
                        self.reply(2, reopen_day + timedelta(days=3), submitted=False)
                    return day
                last = self.reply(2, day2, submitted=True, channel="written")
                last_day = day2
                rated = self.rate(last, day2, SECOND_RATING)
        open_left, finished = self.commitments(last, last_day)
        stands = last["channel"] == "oral" or (
            rated is not None and (rated[0] != "unsatisfied" or last["round"] >= 2)
        )
        if stands and not open_left:
            when = max([last["submitted_at"], finished] + ([rated[1]] if rated else []))
            _set_status(self.flow, self.row, "done", when)
            _event(self.flow, self.id, "done", when, self.author)
        return day

    def reply(self, round_: int, day: date, submitted: bool, channel: str = "written") -> dict:
        rng, flow = self.rng, self.flow
        category = rng.choices("ABC", (45, 40, 15))[0]
        action = rng.choice(self.opinion["actions"])
        department = flow.gen.department_names[self.dept_id]
        when = at(day, rng.randint(9, 17), rng.randint(0, 59))
        reply_id = flow.rows.add(
            "reply",
            assignment_id=self.id,
            round=round_,
            purpose="reply",
            category=category,
            channel=channel,
            contact_method=rng.choice(words.CONTACT_METHODS),
            text=f"{words.REPLY_OPENERS[category]}针对“{self.opinion['title']}”，{department}"
            f"将{action}，并会同相关部门抓好落实。",
            status="submitted" if submitted else "draft",
            author_id=self.author,
            submitted_at=when if submitted else None,
            version=1,
            created_at=when - timedelta(days=rng.randint(1, 4)),
            updated_at=when,
        )
        row = _row(flow, "reply", reply_id)
        if submitted:
            _set_status(flow, self.row, "replied", when)
            _event(flow, self.id, "replied", when, self.author)
        return row

    def rate(self, reply: dict, day: date, weights) -> tuple | None:
        rng = self.rng
        rate_day = day + timedelta(days=rng.randint(3, 20))
        if rate_day > self.today or rng.random() < 0.1:
            return None
        value = rng.choices([v for v, _ in weights], [w for _, w in weights])[0]
        comment = rng.choice(words.RATING_COMMENTS[value])
        when = at(rate_day, rng.randint(9, 20))
        self.flow.rows.add(
            "rating",
            reply_id=reply["id"],
            participant_id=self.opinion["speaker"],
            value=value,
            comment=comment,
            rated_by_id=self.member_user,
            created_at=when,
            updated_at=when,
        )
        return value, when, comment

    def commitments(self, reply: dict, day: date) -> tuple[int, datetime]:
        """0-2 commitments on the reply; returns how many are still open and the last done."""
        rng, flow = self.rng, self.flow
        open_left, finished = 0, reply["submitted_at"]
        if reply["channel"] == "oral" and rng.random() < 0.5 or rng.random() > 0.35:
            return 0, finished
        for _ in range(rng.randint(1, 2)):
            due = day + timedelta(days=rng.randint(60, 360))
            roll = rng.random()
            if due <= self.today - timedelta(days=730):
                status = "done" if roll < 0.98 else "in_progress"
            elif due <= self.today:
                status = "done" if roll < 0.85 else ("in_progress" if roll < 0.95 else "open")
            else:
                status = "done" if roll < 0.15 else ("in_progress" if roll < 0.7 else "open")
            done_day = None
            if status == "done":
                done_day = min(self.today, due - timedelta(days=rng.randint(0, 30)))
                done_day = max(done_day, day + timedelta(days=1))
                if done_day > self.today:
                    status, done_day = "in_progress", None
            action = rng.choice(self.opinion["actions"])
            created = reply["created_at"]
            commitment = flow.rows.add(
                "commitment",
                reply_id=reply["id"],
                department_id=self.dept_id,
                text=f"{due.year}年{due.month}月底前{action}",
                due_date=due,
                status=status,
                done_at=at(done_day, 17) if done_day else None,
                created_at=created,
                updated_at=at(done_day, 17) if done_day else created,
            )
            if status == "open":
                open_left += 1
                continue
            last = done_day or min(self.today, due)
            steps = rng.randint(1, 3)
            span = max(1, (last - day).days)
            for n in range(1, steps + 1):
                on = day + timedelta(days=span * n // steps)
                percent = (
                    100 if status == "done" and n == steps else min(95, 100 * n // (steps + 1))
                )
                flow.rows.add(
                    "progress_update",
                    commitment_id=commitment,
                    on_date=on,
                    note=rng.choice(
                        words.PROGRESS_NOTES[:-1] if percent < 100 else words.PROGRESS_NOTES[-1:]
                    ),
                    percent=percent,
                    author_id=self.author,
                    created_at=at(on, 16),
                )
            if status == "done" and done_day is not None:
                finished = max(finished, at(done_day, 17))
            else:
                open_left += 1
        return open_left, finished
