"""One committee's generated people: departments with their officials, members, citizens,
agencies, experts, the bench accounts, and the meeting schedule (demo/generate.py runs it)."""

import random
from datetime import date, datetime, timedelta
from datetime import time as dtime

from demo import generate_data as words
from demo.generate_rows import Rows

BENCH_MEMBERS = 200
MEETINGS_PER_YEAR = 22
LEADERSHIP = 8  # the committee's chair and vice-chairs: chairs of meetings


def _name(rng: random.Random) -> str:
    surname = rng.choice(words.COMPOUND_SURNAMES) if rng.random() < 0.01 else None
    surname = surname or rng.choice(words.SURNAMES)
    pool = words.GIVEN + (words.RARE_GIVEN if rng.random() < 0.05 else "")
    given = rng.choice(pool) + (rng.choice(words.GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def _fill(template: str, rng: random.Random, district: str) -> str:
    return template.format(d=district, n=rng.randint(1, 12), x=rng.choice(words.PLACE))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


class Generator:
    """One committee's history. `district` names it (云溪区); `prefix` keeps the bench
    usernames of a second district apart (bench-d2-secretariat)."""

    def __init__(
        self,
        rows: Rows,
        rng: random.Random,
        today: date,
        years: int,
        scale: float,
        district: str = words.DISTRICT,
        prefix: str = "bench-",
    ):
        self.rows, self.rng, self.today, self.years, self.scale = rows, rng, today, years, scale
        self.district, self.prefix = district, prefix
        self.departments: dict[str, int] = {}  # short name -> id
        self.department_names: dict[int, str] = {}
        self.officials: dict[int, list[int]] = {}  # department id -> participant ids
        self.people: dict[str, list[int]] = {}  # kind -> participant ids
        self.sector_of: dict[int, str] = {}
        self.leaders: list[int] = []
        self.users: dict[str, int] = {}

    def scaled(self, n: int, minimum: int) -> int:
        return max(minimum, round(n * self.scale))

    # ------------------------------------------------------------ people and departments

    def make_departments(self) -> None:
        rng = self.rng
        for name, short, aliases in words.DEPARTMENTS:
            full = name if name.startswith("团") else self.district + name
            dept_id = self.rows.add(
                "department",
                name=full,
                short_name=short,
                aliases_text=",".join(a.strip() for a in aliases.split(",")),
                contact_person=_name(rng),
                phone=f"0571-8{rng.randint(1000000, 9999999)}",
                address=f"{self.district}{rng.choice(words.PLACE)}路{rng.randint(1, 300)}号",
            )
            self.departments[short] = dept_id
            self.department_names[dept_id] = short
            self.officials[dept_id] = [
                self.person("official", full, title, department_id=dept_id)
                for title in words.OFFICIAL_TITLES[: 2 + rng.randint(0, 2)]
            ]

    def person(self, kind: str, affiliation: str, title: str, **extra) -> int:
        pid = self.rows.add(
            "participant",
            name=_name(self.rng),
            kind=kind,
            affiliation=affiliation,
            title=title,
            phone=_phone(self.rng),
            **extra,
        )
        self.people.setdefault(kind, []).append(pid)
        return pid

    def make_people(self) -> None:
        rng = self.rng
        cppcc = f"政协{self.district}委员会"
        for n in range(LEADERSHIP):
            pid = self.person(
                "member", cppcc, "主席" if n == 0 else "副主席", sector=rng.choice(words.SECTORS)
            )
            self.sector_of[pid] = "leadership"
        for _ in range(self.scaled(900, 40)):
            affiliation, title = rng.choice(words.MEMBER_AFFILIATIONS)
            self.person(
                "member",
                _fill(affiliation, rng, self.district),
                title,
                sector=rng.choice(words.SECTORS),
                committee=rng.choice(words.COMMITTEES),
            )
        self.member_set = set(self.people["member"])
        for _ in range(4):
            deputy = "副县长" if self.district.endswith("县") else "副区长"
            self.leaders.append(self.person("official", f"{self.district}人民政府", deputy))
        for _ in range(self.scaled(560, 12)):
            place = rng.choice(words.PLACE)
            self.person(
                "citizen", f"{self.district}{place}街道居民", rng.choice(words.CITIZEN_TITLES)
            )
        for _ in range(self.scaled(400, 12)):
            affiliation, title = rng.choice(words.AGENCIES)
            self.person("agency", _fill(affiliation, rng, self.district), title)
        for _ in range(self.scaled(160, 6)):
            affiliation, title = rng.choice(words.EXPERTS)
            self.person("expert", affiliation, title)

    def make_users(self, password_hash: str) -> list[int]:
        """The bench accounts; returns the member participants that have one."""

        def account(username: str, display_name: str, role: str, **links: int) -> int:
            return self.rows.add(
                "app_user",
                username=username,
                display_name=display_name,
                role=role,
                password_hash=password_hash,
                active=True,
                **links,
            )

        self.users["secretariat"] = account(
            f"{self.prefix}secretariat", "秘书处（基准）", "secretariat"
        )
        self.users["chair"] = account(f"{self.prefix}chair", "主席（基准）", "chair")
        members = self.people["member"][LEADERSHIP:][:BENCH_MEMBERS]
        self.member_users = {
            pid: account(f"{self.prefix}member-{n}", f"基准委员{n}", "member", participant_id=pid)
            for n, pid in enumerate(members, 1)
        }
        self.dept_users = {
            dept_id: account(
                f"bench-dept-{dept_id}", f"{short} 联络员", "department", department_id=dept_id
            )
            for short, dept_id in self.departments.items()
        }
        return members

    # ------------------------------------------------------------ meetings

    def schedule(self) -> list[datetime]:
        """Meeting start times: about 22 a year back to `years` ago, and a few ahead."""
        per_year = self.scaled(MEETINGS_PER_YEAR, 4)
        past = self.spread(
            self.today - timedelta(days=365 * self.years - 20),
            self.today - timedelta(days=4),
            per_year * self.years,
        )
        ahead = self.spread(
            self.today + timedelta(days=5),
            self.today + timedelta(days=42),
            max(2, round(per_year * 42 / 365)),
        )
        return past + ahead

    def spread(self, first: date, last: date, count: int) -> list[datetime]:
        rng, span, starts = self.rng, (last - first).days, []
        for n in range(count):
            day = first + timedelta(days=int(span * (n + rng.uniform(0.1, 0.9)) / count))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            starts.append(datetime.combine(day, dtime(rng.choice((9, 14)), rng.choice((0, 30)))))
        return sorted(starts)
