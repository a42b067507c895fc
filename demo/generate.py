"""flask --app app generate --years 10: a realistic multi-year dataset for benchmarks.

`generate()` fills the current app's empty, migrated database with ten years (by default) of
a fictional district CPPCC: departments with aliases, about 2,000 people, 20+ meetings a
year with invitations, agenda, speakers, opinions and their suggestions and themes, and the
whole handling afterwards (assignments with working-day due dates, replies, commitments with
progress, ratings, consensus points), every record in a state the app's services could have
produced. Rows are built in memory and written with SQLAlchemy Core bulk inserts in one
transaction (no ORM objects, no audit rows: this is generated history, not user actions).

Accounts (all with BENCH_PASSWORD, one precomputed hash): bench-secretariat, bench-chair,
bench-member-1..N (N = 200 at full scale; members invited to the newest meetings) and
bench-dept-<department id>. `benchmark_meeting_id()` finds the held meeting of the newest
year with exactly 60 opinions (its opinion window is closed, so load tests leave it alone;
they submit to the next scheduled meeting, whose window is open).
"""

import random
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select, text

from accounts.models import User
from committees.models import Committee
from common import clock as app_clock
from demo import generate_data as words
from demo.generate_rows import Rows, insert
from demo.generate_workflow import Workflow
from extensions import db
from meetings.models import Meeting, MeetingStatus
from office.services import find_settings, remember_demo_flag
from opinions.models import Opinion

BENCH_PASSWORD = "xst-bench-2026"
BENCHMARK_OPINIONS = 60
BENCH_MEMBERS = 200
MEETINGS_PER_YEAR = 22
LEADERSHIP = 8  # the committee's chair and vice-chairs: chairs of meetings


# Seconds spent building rows, inserting them and rebuilding the search index (last run).
LAST_TIMINGS: dict[str, float] = {}


class GeneratorRefused(RuntimeError):
    """The database is not empty: generated history must not mix with real records."""


def _name(rng: random.Random) -> str:
    surname = rng.choice(words.COMPOUND_SURNAMES) if rng.random() < 0.01 else None
    surname = surname or rng.choice(words.SURNAMES)
    pool = words.GIVEN + (words.RARE_GIVEN if rng.random() < 0.05 else "")
    given = rng.choice(pool) + (rng.choice(words.GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def _fill(template: str, rng: random.Random) -> str:
    return template.format(d=words.DISTRICT, n=rng.randint(1, 12), x=rng.choice(words.PLACE))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


class Generator:
    def __init__(self, rows: Rows, rng: random.Random, today: date, years: int, scale: float):
        self.rows, self.rng, self.today, self.years, self.scale = rows, rng, today, years, scale
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
            full = name if name.startswith("团") else words.DISTRICT + name
            dept_id = self.rows.add(
                "department",
                name=full,
                short_name=short,
                aliases_text=",".join(a.strip() for a in aliases.split(",")),
                contact_person=_name(rng),
                phone=f"0571-8{rng.randint(1000000, 9999999)}",
                address=f"{words.DISTRICT}{rng.choice(words.PLACE)}路{rng.randint(1, 300)}号",
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
        cppcc = f"政协{words.DISTRICT}委员会"
        for n in range(LEADERSHIP):
            pid = self.person(
                "member", cppcc, "主席" if n == 0 else "副主席", sector=rng.choice(words.SECTORS)
            )
            self.sector_of[pid] = "leadership"
        for _ in range(self.scaled(900, 40)):
            affiliation, title = rng.choice(words.MEMBER_AFFILIATIONS)
            self.person(
                "member",
                _fill(affiliation, rng),
                title,
                sector=rng.choice(words.SECTORS),
                committee=rng.choice(words.COMMITTEES),
            )
        self.member_set = set(self.people["member"])
        for _ in range(4):
            self.leaders.append(self.person("official", f"{words.DISTRICT}人民政府", "副区长"))
        for _ in range(self.scaled(560, 12)):
            place = rng.choice(words.PLACE)
            self.person(
                "citizen", f"{words.DISTRICT}{place}街道居民", rng.choice(words.CITIZEN_TITLES)
            )
        for _ in range(self.scaled(400, 12)):
            affiliation, title = rng.choice(words.AGENCIES)
            self.person("agency", _fill(affiliation, rng), title)
        for _ in range(self.scaled(160, 6)):
            affiliation, title = rng.choice(words.EXPERTS)
            self.person("expert", affiliation, title)

    def make_users(self, password_hash: str) -> list[int]:
        """The bench accounts; returns the member participants that have one."""
        common = {"password_hash": password_hash, "active": True}
        self.users["secretariat"] = self.rows.add(
            "app_user",
            username="bench-secretariat",
            display_name="秘书处（基准）",
            role="secretariat",
            **common,
        )
        self.users["chair"] = self.rows.add(
            "app_user", username="bench-chair", display_name="主席（基准）", role="chair", **common
        )
        members = self.people["member"][LEADERSHIP:][:BENCH_MEMBERS]
        self.member_users = {}
        for n, pid in enumerate(members, 1):
            self.member_users[pid] = self.rows.add(
                "app_user",
                username=f"bench-member-{n}",
                display_name=f"基准委员{n}",
                role="member",
                participant_id=pid,
                **common,
            )
        self.dept_users = {}
        for short, dept_id in self.departments.items():
            self.dept_users[dept_id] = self.rows.add(
                "app_user",
                username=f"bench-dept-{dept_id}",
                display_name=f"{short} 联络员",
                role="department",
                department_id=dept_id,
                **common,
            )
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


def _guard() -> None:
    for model, what in ((Meeting, "meetings"), (User, "bench accounts")):
        query = select(model.id).limit(1)
        if model is User:
            query = query.where(User.username.like("bench-%"))
        if db.session.scalar(query) is not None:
            raise GeneratorRefused(
                f"The database already holds {what}: generate fills an empty database only "
                "(create a fresh one with `flask --app app db upgrade`)."
            )
    from participants.models import Department

    if db.session.scalar(select(Department.id).limit(1)) is not None:
        raise GeneratorRefused(
            "The database already holds departments: generate fills an empty database only."
        )


def _password_hash() -> str:
    user = User()  # transient, never added to the session: only its hashing is used
    user.set_password(BENCH_PASSWORD)
    return user.password_hash


def generate(
    years: int = 10, seed: int = 2026, scale: float = 1.0, today: date | None = None
) -> dict[str, int]:
    """Fill the (empty, migrated) database with `years` of history; return row counts."""
    if years < 1 or scale <= 0:
        raise ValueError("years must be >= 1 and scale > 0")
    _guard()
    db.session.rollback()
    today = today or app_clock.today()
    clock = time.perf_counter()
    rng = random.Random(seed)
    rows = Rows(datetime.combine(today, dtime(9, 0)))
    with db.engine.begin() as connection:
        rows.start_ids(connection)
        rows.committee_id = _committee(rows, connection)
        gen = Generator(rows, rng, today, years, scale)
        gen.make_departments()
        gen.make_people()
        bench_members = gen.make_users(_password_hash())
        Workflow(gen, bench_members).run(gen.schedule())
        add_office_settings(rows)
        LAST_TIMINGS["build_s"] = time.perf_counter() - clock
        for table in db.metadata.sorted_tables:
            if rows.rows.get(table.name):
                insert(connection, table, rows.rows[table.name])
        if connection.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.c and rows.rows.get(table.name):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT MAX(id) FROM {table.name}))"
                        )
                    )
    LAST_TIMINGS["insert_s"] = time.perf_counter() - clock - LAST_TIMINGS["build_s"]
    clock = time.perf_counter()
    _rebuild_search_index()
    LAST_TIMINGS["index_s"] = time.perf_counter() - clock
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))  # fresh planner statistics for the benchmarks
    counts = {
        "meetings": rows.count("meeting"),
        "participants": rows.count("participant"),
        "departments": rows.count("department"),
        "users": rows.count("app_user"),
        "invitations": rows.count("invitation"),
        "opinions": rows.count("opinion"),
        "suggestions": rows.count("suggestion"),
        "assignments": rows.count("assignment"),
        "replies": rows.count("reply"),
        "commitments": rows.count("commitment"),
        "progress_updates": rows.count("progress_update"),
        "ratings": rows.count("rating"),
        "consensus_points": rows.count("consensus_point"),
    }
    return counts


def _committee(rows: Rows, connection) -> int:
    """The committee the history belongs to: the install's only one, else the generated
    district (made here)."""
    ids = connection.scalars(select(Committee.id).limit(2)).all()
    if len(ids) == 1:
        return int(ids[0])
    if ids:
        raise GeneratorRefused("The install holds several committees: generate fills one.")
    district = words.DISTRICT
    return rows.add(
        "committee", name=f"政协{district}委员会", short_name=district, level="district"
    )


def add_office_settings(rows: Rows) -> None:
    """The generated district is fictional: its settings name it and flag a demo (banner)."""
    if find_settings(rows.committee_id) is not None:
        return  # an office's own settings are never overwritten
    district = words.DISTRICT
    rows.add(
        "office_settings",
        issuing_body=f"政协{district}委员会",
        report_addressee=f"中共{district}委、{district}人民政府",
        printed_by=f"政协{district}委员会办公室",
        is_demo=True,
    )
    remember_demo_flag(True)


def _rebuild_search_index() -> int | None:
    try:
        from search.indexing import rebuild_index
    except ModuleNotFoundError as error:
        if error.name != "search.indexing":
            raise
        current_app.logger.warning("search.indexing is missing: the search index is not built")
        return None
    indexed = rebuild_index()
    db.session.commit()
    return indexed


def benchmark_meeting_id() -> int | None:
    """The newest held meeting with exactly 60 opinions (the page benchmark's meeting)."""
    return db.session.scalar(
        select(Meeting.id)
        .join(Opinion, Opinion.meeting_id == Meeting.id)
        .where(Meeting.status == MeetingStatus.HELD)
        .group_by(Meeting.id, Meeting.starts_at)
        .having(func.count(Opinion.id) == BENCHMARK_OPINIONS)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


@click.command("generate", help="Fill an empty database with years of generated history.")
@click.option("--years", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.001, 20))
@with_appcontext
def generate_command(years: int, seed: int, scale: float) -> None:
    started = time.perf_counter()
    try:
        counts = generate(years=years, seed=seed, scale=scale)
    except GeneratorRefused as error:
        raise click.ClickException(str(error)) from None
    elapsed = time.perf_counter() - started
    click.echo(" ".join(f"{name}={value}" for name, value in counts.items()))
    phases = " ".join(f"{name}={value:.1f}" for name, value in LAST_TIMINGS.items())
    click.echo(f"benchmark_meeting_id={benchmark_meeting_id()} seconds={elapsed:.1f} {phases}")
    click.echo(
        f"Accounts: bench-secretariat, bench-chair, bench-member-N, bench-dept-<id>; "
        f"password {BENCH_PASSWORD}"
    )


generate_commands: list[click.Command] = [generate_command]
