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

`--committees N` builds the city 云溪市 (its settings, bench-city-secretariat and
bench-city-chair) and N districts under it, each with the history above: the first keeps
the plain bench names, district k's are bench-d<k>-secretariat, bench-d<k>-member-1 ...
Each district's rows are written before the next is built, so memory stays one district's.
"""

import random
import time
from datetime import date, datetime
from datetime import time as dtime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select, text

from accounts.models import User
from committees.models import Committee
from common import clock as app_clock
from demo import generate_data as words
from demo.generate_people import Generator
from demo.generate_rows import Rows, insert
from demo.generate_workflow import Workflow
from extensions import db
from meetings.models import Meeting, MeetingStatus
from office.services import find_settings, remember_demo_flag
from opinions.models import Opinion

BENCH_PASSWORD = "xst-bench-2026"
BENCHMARK_OPINIONS = 60


# Seconds spent building rows, inserting them and rebuilding the search index (last run).
LAST_TIMINGS: dict[str, float] = {}


class GeneratorRefused(RuntimeError):
    """The database is not empty: generated history must not mix with real records."""


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
    years: int = 10,
    seed: int = 2026,
    scale: float = 1.0,
    today: date | None = None,
    committees: int = 0,
) -> dict[str, int]:
    """Fill the (empty, migrated) database with `years` of history; return row counts.

    committees=0: one committee (the install's only one, else the generated 云溪区).
    committees=N: the city 云溪市 and N districts under it, each with its own history.
    """
    if years < 1 or scale <= 0 or not 0 <= committees <= len(words.DISTRICTS):
        raise ValueError(f"years >= 1, scale > 0, 0 <= committees <= {len(words.DISTRICTS)}")
    _guard()
    db.session.rollback()
    today = today or app_clock.today()
    stamp = datetime.combine(today, dtime(9, 0))
    LAST_TIMINGS.update(build_s=0.0, insert_s=0.0)
    totals: dict[str, int] = {}
    with db.engine.begin() as connection:
        if committees:
            plan = _city(connection, stamp, committees)
        else:
            plan = [(_committee(connection, stamp), words.DISTRICT, "bench-")]
        for n, (committee_id, district, prefix) in enumerate(plan):
            rows = Rows(stamp)
            rows.start_ids(connection)
            rows.committee_id = committee_id
            rng = random.Random(seed + n)  # the first district's history is the same either way
            clock = time.perf_counter()
            gen = Generator(rows, rng, today, years, scale, district, prefix)
            gen.make_departments()
            gen.make_people()
            bench_members = gen.make_users(_password_hash())
            Workflow(gen, bench_members).run(gen.schedule())
            add_office_settings(rows, district)
            LAST_TIMINGS["build_s"] += time.perf_counter() - clock
            clock = time.perf_counter()
            _write(connection, rows)
            LAST_TIMINGS["insert_s"] += time.perf_counter() - clock
            for name, table_name in COUNTED.items():
                totals[name] = totals.get(name, 0) + rows.count(table_name)
        if connection.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.c:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    clock = time.perf_counter()
    _rebuild_search_index()
    LAST_TIMINGS["index_s"] = time.perf_counter() - clock
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))  # fresh planner statistics for the benchmarks
    if committees:
        totals["committees"] = committees + 1
    return totals


COUNTED = {
    "meetings": "meeting",
    "participants": "participant",
    "departments": "department",
    "users": "app_user",
    "invitations": "invitation",
    "opinions": "opinion",
    "suggestions": "suggestion",
    "assignments": "assignment",
    "replies": "reply",
    "commitments": "commitment",
    "progress_updates": "progress_update",
    "ratings": "rating",
    "consensus_points": "consensus_point",
}


def _write(connection, rows: Rows) -> None:
    for table in db.metadata.sorted_tables:
        if rows.rows.get(table.name):
            insert(connection, table, rows.rows[table.name])


def _committee(connection, stamp: datetime) -> int:
    """The committee the history belongs to: the install's only one, else the generated
    district (made here)."""
    ids = connection.scalars(select(Committee.id).limit(2)).all()
    if len(ids) == 1:
        return int(ids[0])
    if ids:
        raise GeneratorRefused(
            "The install holds several committees: generate fills one "
            "(or builds its own with --committees N on an empty database)."
        )
    rows = Rows(stamp)
    rows.start_ids(connection)
    committee_id = _add_committee(rows, words.DISTRICT, None)
    _write(connection, rows)
    return committee_id


def _city(connection, stamp: datetime, districts: int) -> list[tuple[int, str, str]]:
    """The city 云溪市 (its settings and bench-city-* accounts) and its districts:
    (committee id, name, username prefix) per district."""
    if connection.scalar(select(Committee.id).limit(1)) is not None:
        raise GeneratorRefused(
            "The install already holds committees: --committees builds a city and its "
            "districts in an empty database only."
        )
    rows = Rows(stamp)
    rows.start_ids(connection)
    city = rows.committee_id = _add_committee(rows, words.CITY, None)
    add_office_settings(rows, words.CITY)
    common = {"password_hash": _password_hash(), "active": True}
    for role, label in (("secretariat", "市政协秘书处（基准）"), ("chair", "市政协主席（基准）")):
        rows.add("app_user", username=f"bench-city-{role}", display_name=label, role=role, **common)
    plan = []
    for n, district in enumerate(words.DISTRICTS[:districts]):
        committee_id = _add_committee(rows, district, city)
        plan.append((committee_id, district, "bench-" if n == 0 else f"bench-d{n + 1}-"))
    _write(connection, rows)
    return plan


def _add_committee(rows: Rows, name: str, parent_id: int | None) -> int:
    level = "city" if name.endswith("市") else "county" if name.endswith("县") else "district"
    return rows.add(
        "committee", name=f"政协{name}委员会", short_name=name, level=level, parent_id=parent_id
    )


def add_office_settings(rows: Rows, district: str = words.DISTRICT) -> None:
    """The generated committee is fictional: its settings name it and flag a demo (banner)."""
    if find_settings(rows.committee_id) is not None:
        return  # an office's own settings are never overwritten
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


def benchmark_meeting_id(committee_id: int | None = None) -> int | None:
    """The newest held meeting with exactly 60 opinions (the page benchmark's meeting), in
    `committee_id` if given (with several districts, each has one)."""
    in_committee = () if committee_id is None else (Meeting.committee_id == committee_id,)
    return db.session.scalar(
        select(Meeting.id)
        .join(Opinion, Opinion.meeting_id == Meeting.id)
        .where(Meeting.status == MeetingStatus.HELD, *in_committee)
        .group_by(Meeting.id, Meeting.starts_at)
        .having(func.count(Opinion.id) == BENCHMARK_OPINIONS)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


@click.command("generate", help="Fill an empty database with years of generated history.")
@click.option("--years", default=10, show_default=True, type=click.IntRange(1, 50))
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.001, 20))
@click.option(
    "--committees",
    default=0,
    type=click.IntRange(0, len(words.DISTRICTS)),
    help="Build the city 云溪市 and this many districts, each with its own history.",
)
@with_appcontext
def generate_command(years: int, seed: int, scale: float, committees: int) -> None:
    started = time.perf_counter()
    try:
        counts = generate(years=years, seed=seed, scale=scale, committees=committees)
    except GeneratorRefused as error:
        raise click.ClickException(str(error)) from None
    elapsed = time.perf_counter() - started
    click.echo(" ".join(f"{name}={value}" for name, value in counts.items()))
    phases = " ".join(f"{name}={value:.1f}" for name, value in LAST_TIMINGS.items())
    click.echo(f"benchmark_meeting_id={benchmark_meeting_id()} seconds={elapsed:.1f} {phases}")
    click.echo(
        "Accounts: bench-secretariat, bench-chair, bench-member-N, bench-dept-<id>"
        + (
            "; the city's bench-city-secretariat, bench-city-chair; district k's "
            "bench-d<k>-secretariat, bench-d<k>-chair, bench-d<k>-member-N"
            if committees
            else ""
        )
        + f"; password {BENCH_PASSWORD}"
    )


generate_commands: list[click.Command] = [generate_command]
