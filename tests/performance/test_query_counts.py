"""Each main page runs a fixed number of SQL statements, whatever the size of the dataset.

The same generator shape (demo.generate) is built small and three times larger; every page is
fetched by every role that uses it on both, and the statement counts must be equal (no
per-row queries) and under a bound. Runs on SQLite and, with TEST_POSTGRES_URL, PostgreSQL.
"""

from sqlalchemy import func, select

from accounts.models import User
from demo.generate import BENCH_PASSWORD, benchmark_meeting_id, generate
from extensions import db
from meetings.models import Invitation, Meeting, MeetingStatus
from responses.models import Assignment
from tests import factories
from tests.querycount import queries_for

SMALL, LARGE = 0.02, 0.06  # the larger dataset has three times the rows, same shape
YEARS = 3
MAX_STATEMENTS = 25  # a page that needs more is doing too much per request


def empty_database() -> None:
    factories.empty_tables()


def member_meeting(username: str) -> int:
    """The newest announced meeting the member is invited to."""
    user = db.session.scalar(select(User).where(User.username == username))
    return db.session.scalar(
        select(Meeting.id)
        .join(Invitation, Invitation.meeting_id == Meeting.id)
        .where(Invitation.participant_id == user.participant_id)
        .where(Meeting.status != MeetingStatus.DRAFT)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def busiest_department() -> int:
    return db.session.scalar(
        select(Assignment.department_id)
        .group_by(Assignment.department_id)
        .order_by(func.count(Assignment.id).desc(), Assignment.department_id)
        .limit(1)
    )


def pages() -> list[tuple[str, str, str]]:
    """(what, account, URL) on the current dataset; `what` names the page and the role."""
    meeting = benchmark_meeting_id()
    department = busiest_department()
    dept = f"bench-dept-{department}"
    return [
        ("meeting list (upcoming) as secretariat", "bench-secretariat", "/meetings/"),
        ("meeting list (past) as secretariat", "bench-secretariat", "/meetings/?tab=past"),
        ("meeting list (past) as chair", "bench-chair", "/meetings/?tab=past"),
        ("meeting list (past) as member", "bench-member-1", "/meetings/?tab=past"),
        ("meeting list (past) as department", dept, "/meetings/?tab=past"),
        ("meeting page (60 opinions) as secretariat", "bench-secretariat", f"/meetings/{meeting}"),
        ("meeting page (60 opinions) as chair", "bench-chair", f"/meetings/{meeting}"),
        (
            "meeting page as member",
            "bench-member-1",
            f"/meetings/{member_meeting('bench-member-1')}",
        ),
        ("inbox as department", dept, "/inbox/"),
        ("inbox (all) as secretariat", "bench-secretariat", "/inbox/"),
        (
            "inbox (one department) as secretariat",
            "bench-secretariat",
            f"/inbox/?department={department}",
        ),
    ]


def measure(client, auth, scale: float) -> dict[str, int]:
    empty_database()
    counts = generate(years=YEARS, scale=scale)
    assert counts["opinions"] > 0
    result = {}
    for what, account, url in pages():
        auth.logout()
        assert auth.login(account, BENCH_PASSWORD).status_code == 302, account
        queries_for(client, url)  # the first visit after sign-in may differ; count the next
        result[what] = queries_for(client, url)
    return result


def test_main_pages_run_the_same_statements_on_a_three_times_larger_dataset(app, client, auth):
    small = measure(client, auth, SMALL)
    large = measure(client, auth, LARGE)
    assert large == small
    assert max(small.values()) <= MAX_STATEMENTS, small
