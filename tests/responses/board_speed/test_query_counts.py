"""The board and the tracking table run the same statements on a three times larger dataset
(generated, same shape), under a bound: nothing is queried per row."""

from demo.generate import BENCH_PASSWORD, generate
from reports.records import tracking_context
from tests.querycount import queries_for
from tests.responses.board_speed.conftest import TODAY, empty_database

SMALL, LARGE = 0.02, 0.06
YEARS = 3
BOARD_MAX = 15
TRACKING_MAX = 7  # one for the committees the user reaches (accounts.reach)


def urls(department_id: int) -> list[str]:
    year = TODAY.year - 1
    return [
        "/board/",
        "/board/?year=all",
        f"/board/?year={year}",
        "/board/?year=all&state=done&page=2",
        f"/board/?department={department_id}&year=all",
        f"/tracking/{year}",
    ]


def measure(client, auth, scale: float) -> dict[str, int]:
    from sqlalchemy import func, select

    from extensions import db
    from responses.lifecycle import OPEN_STATUSES
    from responses.models import Assignment

    empty_database()
    counts = generate(years=YEARS, scale=scale, today=TODAY)
    assert counts["opinions"] > 0
    # The department with the most overdue replies: its league line and list are never empty.
    department = db.session.scalar(
        select(Assignment.department_id)
        .where(Assignment.status.in_(OPEN_STATUSES), Assignment.due_date < TODAY)
        .group_by(Assignment.department_id)
        .order_by(func.count(Assignment.id).desc(), Assignment.department_id)
        .limit(1)
    )
    auth.logout()
    assert auth.login("bench-secretariat", BENCH_PASSWORD).status_code == 302
    result = {}
    for url in urls(department):
        queries_for(client, url)  # the first visit after sign-in may differ; count the next
        result[url.replace(str(department), "<busiest>")] = queries_for(client, url)
    return result


def test_board_and_tracking_statements_do_not_grow_with_the_data(app, client, auth, today):
    small = measure(client, auth, SMALL)
    large = measure(client, auth, LARGE)
    assert large == small
    for url, count in small.items():
        assert count <= (TRACKING_MAX if url.startswith("/tracking") else BOARD_MAX), small


def test_tracking_context_queries_are_bounded(app, today):
    from sqlalchemy import event

    from extensions import db

    empty_database()
    generate(years=YEARS, scale=SMALL, today=TODAY)
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        context = tracking_context(year=TODAY.year - 1, today=TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    # A fixed few statements, one more than before for the issuing body in the title and
    # one for the committee the document belongs to (outside a request: the only one).
    assert context["rows"] and len(statements) <= 6
