"""The generator's meetings and what follows them: invitations, agenda, speakers, opinions,
then assignments, replies, commitments, ratings and consensus, each in a state the app's
services could have produced (see responses/replies.py `settle` and responses/ratings.py)."""

from datetime import date, datetime, timedelta

from demo import generate_data as words
from demo.generate_handling import at, handle_opinion
from responses.workdays import add_working_days

KINDS = [
    ("invite_to_consult", 40),
    ("topical", 25),
    ("counterpart", 15),
    ("sector", 10),
    ("proposal", 10),
]
AGENDA = [
    ("briefing", "情况通报", 15),
    ("report", "调研报告", 15),
    ("speeches", "协商发言", 60),
    ("responses", "部门回应", 30),
    ("statement", "领导表态", 10),
    ("summary", "主席总结", 10),
]


class Workflow:
    def __init__(self, gen, bench_members: list[int]):
        self.gen, self.rows, self.rng, self.today = gen, gen.rows, gen.rng, gen.today
        self.bench = bench_members
        self.theme_ids: dict[str, int] = {}
        self.due_cache: dict[date, date] = {}
        self.domains = list(words.DOMAINS)
        self.secretariat = gen.users["secretariat"]

    # ------------------------------------------------------------ meetings

    def run(self, starts: list[datetime]) -> None:
        for domain in words.DOMAINS.values():
            for theme in domain["themes"]:
                if theme not in self.theme_ids:
                    self.theme_ids[theme] = self.rows.add("theme", name=theme)
        past = [n for n, s in enumerate(starts) if s.date() <= self.today - timedelta(days=3)]
        future = [n for n, s in enumerate(starts) if s.date() > self.today]
        benchmark = past[-1]
        issue_by_year: dict[int, int] = {}
        for n, start in enumerate(starts):
            age = (self.today - start.date()).days
            if n in future:
                status = "draft" if n == future[-1] and len(future) > 1 else "scheduled"
            elif n != benchmark and self.rng.random() < 0.03:
                status = "cancelled"
            elif age < 30 or n == benchmark:
                status = "held"
            elif age < 400:
                status = "closed"
            else:
                status = "archived"
            issue = None
            if status in ("held", "closed", "archived"):
                issue = issue_by_year[start.year] = issue_by_year.get(start.year, 0) + 1
            window_open = bool(future) and n == future[0]
            self.meeting(
                start,
                status,
                issue,
                window_open,
                benchmark=n == benchmark,
                bench_invited=n == benchmark or n in future,
            )

    def meeting(self, start, status, issue, window_open, benchmark, bench_invited) -> None:
        rng, gen = self.rng, self.gen
        domain_name = rng.choice(self.domains)
        domain = words.DOMAINS[domain_name]
        topic = rng.choice(domain["topics"])
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        chair = rng.choice(gen.people["member"][:8])
        created = at(start.date() - timedelta(days=rng.randint(25, 45)), 9)
        meeting_id = self.rows.add(
            "meeting",
            title=rng.choice(words.MEETING_TITLE_FORMS).format(topic=topic),
            kind=kind,
            starts_at=start,
            ends_at=start + timedelta(minutes=150),
            venue=rng.choice(words.VENUES),
            organiser_committee=rng.choice(words.COMMITTEES),
            chair_id=chair,
            description=f"围绕{topic}开展协商，{rng.choice(domain['problems'])}等问题是本次协商的重点。",
            status=status,
            opinions_open=window_open,
            issue_number=issue,
            created_at=created,
            updated_at=created,
        )
        departments = [gen.departments[s] for s in domain["departments"]]
        rng.shuffle(departments)
        departments = departments[: rng.randint(3, len(departments))]
        past = status in ("held", "closed", "archived")
        invited: dict[int, str] = {chair: "chair"}
        leader = rng.choice(gen.leaders)
        invited[leader] = "leader"
        for dept_id in departments:
            invited.setdefault(rng.choice(gen.officials[dept_id][:2]), "responder")
        speakers = []
        picks = [("agency", 3), ("citizen", 3), ("expert", 1)]
        for kind_name, most in picks:
            for pid in rng.sample(gen.people[kind_name], rng.randint(1, most)):
                if pid not in invited:
                    invited[pid] = "speaker"
                    speakers.append(pid)
        pool = gen.people["member"][8:]
        members = rng.sample(pool, min(len(pool), gen.scaled(rng.randint(40, 60), 6)))
        if bench_invited:
            members = list(dict.fromkeys(members + self.bench))
        for pid in members[: rng.randint(4, 7)]:
            if pid not in invited:
                invited[pid] = "speaker"
                speakers.append(pid)
        for pid in members:
            invited.setdefault(pid, "attendee")
        for pid, role in invited.items():
            attendance = self.attendance(past)
            self.rows.add(
                "invitation",
                meeting_id=meeting_id,
                participant_id=pid,
                role=role,
                attendance=attendance,
                note="因公请假" if attendance == "absent" else "",
                created_at=created,
                updated_at=created,
            )
        if status != "draft":
            self.agenda(meeting_id, topic, chair, leader, departments, created)
        if status in ("cancelled", "draft"):
            return
        if benchmark:
            count = 60
        elif past:
            count = max(3, round(rng.randint(70, 130) * gen.scale))
            count = 61 if count == 60 else count
        else:
            count = max(2, round(8 * gen.scale)) if window_open else 0
        writers = [pid for pid in members if pid in invited]
        opinions = self.opinions(
            meeting_id, start, domain, speakers if past else [], writers, count
        )
        if past:
            self.speaker_slots(meeting_id, start, opinions)
            if status != "held" or (self.today - start.date()).days > 7:
                self.consensus(meeting_id, start, topic, domain, opinions)
            assign_day = add_working_days(start.date(), 2)
            if assign_day <= self.today:
                share = 0.75 if status == "held" else 0.97
                for opinion in opinions:
                    if rng.random() < share:
                        self.handle(opinion, assign_day, domain, departments)

    def attendance(self, past: bool) -> str:
        roll = self.rng.random()
        if past:
            return "present" if roll < 0.86 else ("absent" if roll < 0.96 else "declined")
        return "confirmed" if roll < 0.5 else "invited"

    def agenda(self, meeting_id, topic, chair, leader, departments, created) -> None:
        gen = self.gen
        for position, (kind, title, minutes) in enumerate(AGENDA, 1):
            presenter = department = None
            if kind == "briefing":
                department = departments[0]
                presenter = gen.officials[department][0]
            elif kind == "statement":
                presenter = leader
            elif kind == "summary":
                presenter = chair
            self.rows.add(
                "agenda_item",
                meeting_id=meeting_id,
                position=position,
                kind=kind,
                title=f"{title}：{topic}" if kind in ("briefing", "report") else title,
                presenter_id=presenter,
                department_id=department,
                planned_minutes=minutes,
                created_at=created,
                updated_at=created,
            )

    # ------------------------------------------------------------ opinions

    def opinions(self, meeting_id, start, domain, speakers, writers, count) -> list[dict]:
        rng = self.rng
        made = []
        authors = [(pid, "oral") for pid in speakers]
        while len(authors) < count:
            authors.append((rng.choice(writers), "written"))
        for position, (speaker, channel) in enumerate(authors[:count], 1):
            day = (
                start.date() - timedelta(days=rng.randint(0, 10))
                if channel == "written"
                else start.date()
            )
            stamp = at(day, rng.randint(8, 17), rng.randint(0, 59))
            topic = rng.choice(domain["topics"])
            problem = rng.choice(domain["problems"])
            title = rng.choice(words.OPINION_TITLE_FORMS).format(
                topic=topic, problem_short=problem.split("，")[0][:14]
            )
            figure = rng.choice(words.FIGURES).format(n=rng.randint(3, 95))
            second = rng.choice([p for p in domain["problems"] if p != problem])
            cause, other_cause = rng.sample(words.CAUSES, 2)
            body = (
                f"{rng.choice(words.OPENERS)}{rng.choice(words.PLACE)}片区{figure}反映，"
                f"{problem}。同时，{second}，{rng.choice(words.IMPACTS)}。究其原因，"
                f"一方面{cause}，另一方面{other_cause}。"
            )
            submitted_by = self.gen.member_users.get(speaker) if channel == "written" else None
            opinion_id = self.rows.add(
                "opinion",
                meeting_id=meeting_id,
                speaker_id=speaker,
                title=title[:200],
                body=body,
                channel=channel,
                position=position,
                submitted_by_id=submitted_by or self.secretariat,
                created_at=stamp,
                updated_at=stamp,
            )
            actions = rng.sample(domain["actions"], min(len(domain["actions"]), rng.randint(2, 5)))
            for n, action in enumerate(actions, 1):
                self.rows.add(
                    "suggestion",
                    opinion_id=opinion_id,
                    position=n,
                    text=f"{action}，{rng.choice(words.TAILS)}。",  # pages number suggestions
                )
            themes = rng.sample(domain["themes"], rng.randint(1, min(3, len(domain["themes"]))))
            for theme in themes:
                self.rows.add(
                    "opinion_theme", opinion_id=opinion_id, theme_id=self.theme_ids[theme]
                )
            made.append(
                {
                    "id": opinion_id,
                    "speaker": speaker,
                    "channel": channel,
                    "title": title,
                    "actions": actions,
                }
            )
        return made

    def speaker_slots(self, meeting_id, start, opinions) -> None:
        clock = start + timedelta(minutes=35)
        seen = set()
        for opinion in opinions:
            if opinion["channel"] != "oral" or opinion["speaker"] in seen:
                continue
            seen.add(opinion["speaker"])
            skipped = self.rng.random() < 0.05
            seconds = self.rng.randint(180, 420)
            self.rows.add(
                "speaker_slot",
                meeting_id=meeting_id,
                participant_id=opinion["speaker"],
                position=len(seen),
                topic=opinion["title"][:200],
                time_limit_seconds=300,
                status="skipped" if skipped else "spoken",
                started_at=None if skipped else clock,
                ended_at=None if skipped else clock + timedelta(seconds=seconds),
                duration_seconds=None if skipped else seconds,
                created_at=start - timedelta(days=2),
                updated_at=start,
            )
            if not skipped:
                clock += timedelta(seconds=seconds + 30)

    def consensus(self, meeting_id, start, topic, domain, opinions) -> None:
        rng = self.rng
        stamp = start + timedelta(minutes=140)
        for position in range(1, rng.randint(2, 4) + 1):
            action = rng.choice(domain["actions"])
            point = self.rows.add(
                "consensus_point",
                meeting_id=meeting_id,
                position=position,
                text=rng.choice(words.CONSENSUS_FORMS).format(topic=topic, action=action),
                created_at=stamp,
                updated_at=stamp,
            )
            for opinion in rng.sample(opinions, min(len(opinions), rng.randint(2, 4))):
                self.rows.add(
                    "consensus_opinion", consensus_point_id=point, opinion_id=opinion["id"]
                )

    # ------------------------------------------------------------ handling

    def due(self, day: date) -> date:
        if day not in self.due_cache:
            self.due_cache[day] = add_working_days(day, 20)
        return self.due_cache[day]

    def handle(self, opinion, assign_day, domain, meeting_departments) -> None:
        handle_opinion(self, opinion, assign_day, meeting_departments)
