"""The department inbox: whose assignments, filters, badges, and a bounded number of queries."""

from datetime import timedelta

import pytest

from extensions import db
from responses import inbox as inbox_queries
from responses import lifecycle
from responses.models import AssignmentStatus
from tests import factories
from tests.factories import make_assignment, make_opinion
from tests.querycount import queries_for as count_statements
from tests.responses.reply.conftest import TODAY


def inbox(filters: inbox_queries.InboxFilters):
    return db.session.scalars(inbox_queries.inbox_query(filters)).all()


@pytest.fixture
def spread(world):
    """X: overdue, due soon, later, withdrawn, returned, done; Y: one. Another meeting too."""
    other_meeting = factories.make_meeting("社区养老协商会", status="held")
    rows = {"later": world.assignment}
    for name, due, status, meeting in [
        ("overdue", TODAY - timedelta(days=1), "assigned", world.meeting),
        ("soon", TODAY + timedelta(days=3), "reopened", world.meeting),
        ("withdrawn", TODAY, "withdrawn", world.meeting),
        ("returned", TODAY, "returned", world.meeting),
        ("done_late", TODAY - timedelta(days=9), "done", other_meeting),
    ]:
        opinion = make_opinion(meeting, world.member_b, title=f"意见-{name}")
        rows[name] = make_assignment(opinion, world.dept_x, due_date=due, status=status)
    rows["y"] = make_assignment(make_opinion(world.meeting, world.member_a), world.dept_y)
    db.session.commit()
    rows["other_meeting"] = other_meeting
    return rows


def test_a_department_sees_its_active_assignments_only(spread, world):
    got = inbox(inbox_queries.InboxFilters(department_id=world.dept_x.id))
    assert got == [spread["done_late"], spread["overdue"], spread["soon"], spread["later"]]
    assert spread["y"] not in got


def test_filters(spread, world):
    x = world.dept_x.id
    by_meeting = inbox(inbox_queries.InboxFilters(x, meeting_id=spread["other_meeting"].id))
    assert by_meeting == [spread["done_late"]]
    reopened = inbox(inbox_queries.InboxFilters(x, status=AssignmentStatus.REOPENED))
    assert reopened == [spread["soon"]]
    # Overdue: past due and still owing a reply (done ones are not overdue).
    assert inbox(inbox_queries.InboxFilters(x, due="overdue")) == [spread["overdue"]]
    assert inbox(inbox_queries.InboxFilters(x, due="soon")) == [spread["soon"]]
    assert inbox_queries.inbox_counts(x) == {"overdue": 1, "soon": 1}
    assert lifecycle.is_overdue(spread["overdue"]) and not lifecycle.is_overdue(spread["done_late"])
    everyone = inbox(inbox_queries.InboxFilters())
    assert spread["y"] in everyone and spread["withdrawn"] not in everyone
    meetings = inbox_queries.inbox_meetings(x)
    assert {m.id for m in meetings} == {world.meeting.id, spread["other_meeting"].id}


def test_overdue_moves_with_the_clock(spread, world, clock):
    clock.set(TODAY + timedelta(days=30))
    overdue = inbox(inbox_queries.InboxFilters(world.dept_x.id, due="overdue"))
    assert overdue == [spread["overdue"], spread["soon"], spread["later"]]


# ---------------------------------------------------------------- pages


def test_department_inbox_page(client, auth, spread, world):
    auth.login("dept_x")
    page = client.get("/inbox/").get_data(as_text=True)
    assert "区卫健局" in page and "意见-overdue" in page and "意见-soon" in page
    assert "意见-withdrawn" not in page and "意见-returned" not in page
    assert "逾期" in page and "即将到期" in page
    assert world.opinion.title in page and "李委员" in page and "完善婴幼儿照护服务协商会" in page
    overdue_only = client.get("/inbox/?due=overdue").get_data(as_text=True)
    assert "意见-overdue" in overdue_only and "意见-soon" not in overdue_only
    # Nonsense filters are ignored rather than failing.
    assert client.get("/inbox/?status=bogus&meeting=abc&due=x&page=-3").status_code == 200


def test_staff_may_open_any_departments_inbox(client, auth, spread, world):
    auth.login("chair")
    page = client.get(f"/inbox/?department={world.dept_y.id}").get_data(as_text=True)
    assert "区教育局" in page and "意见-overdue" not in page
    assert "意见-overdue" in client.get("/inbox/").get_data(as_text=True)  # all departments
    assert client.get("/inbox/?department=999999").status_code == 404
    assert client.get("/inbox/?department=abc").status_code == 404


def test_a_department_cannot_open_anothers_inbox(client, auth, world):
    auth.login("dept_x")
    assert client.get(f"/inbox/?department={world.dept_y.id}").status_code == 404
    assert client.get(f"/inbox/?department={world.dept_x.id}").status_code == 200


def test_members_have_no_inbox(client, auth, world):
    auth.login("member_a")
    assert client.get("/inbox/").status_code == 403
    assert client.get(f"/inbox/{world.assignment.id}").status_code == 403


def add_assignments(world, how_many: int) -> None:
    for n in range(how_many):
        speaker = factories.make_participant(kind="citizen")
        meeting = factories.make_meeting(status="held") if n % 10 == 0 else world.meeting
        opinion = make_opinion(meeting, speaker, title=f"批量意见{n}")
        make_assignment(opinion, world.dept_x, due_date=TODAY + timedelta(days=n % 9 - 3))
    db.session.commit()


def test_inbox_runs_a_bounded_number_of_queries(app, client, auth, world, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 500)  # everything on one page
    auth.login("dept_x")
    add_assignments(world, 19)
    few = count_statements(client, "/inbox/")
    add_assignments(world, 180)
    many = count_statements(client, "/inbox/")
    assert few == many  # no query per assignment
    # user, count, rows, meetings, badge counts
    assert many <= 8
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.count('href="/inbox/') >= 200


def test_due_soon_counts_working_days(world):
    # TODAY is a Monday: five working days ahead is the next Monday, seven calendar days on.
    assert lifecycle.due_soon_limit(TODAY) == TODAY + timedelta(days=7)
    world.assignment.due_date = TODAY + timedelta(days=7)
    assert lifecycle.is_due_soon(world.assignment)
    world.assignment.due_date = TODAY + timedelta(days=8)
    assert not lifecycle.is_due_soon(world.assignment)
