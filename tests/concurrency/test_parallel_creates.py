"""One click, one record, proved with parallel requests against a live gunicorn server (CSRF
on, several worker processes) on SQLite and PostgreSQL: eight simultaneous assigns,
commitment adds and agenda moves each leave exactly one record (or one consistent order),
and no request is answered with a 500.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from accounts.models import User
from extensions import db
from meetings.models import AgendaItem, Invitation, Meeting
from opinions import services as opinions
from participants.models import Department
from responses import assignments, replies
from responses.models import Assignment, AssignmentStatus, Commitment, Reply
from tests import factories
from tests.concurrency.parallel import burst, clones, form_token, post_burst
from tests.factories import PASSWORD
from tests.serving import Browser, GunicornServer

PARALLEL = 8
AGENDA = ["情况通报", "调研报告", "机构代表发言", "委员发言", "部门回应", "主席总结"]


@pytest.fixture(scope="module")
def server(session_app, database_url):
    with GunicornServer(database_url, workers=3) as running:
        yield running


@pytest.fixture
def world(app) -> dict:
    meeting = factories.make_meeting("并发协商会", status="held", opinions_open=True)
    person = factories.make_participant("并发委员", kind="member")
    factories.make_invitation(meeting, person, role="speaker")
    member = factories.make_user("par-member", role="member", participant=person)
    factories.make_user("par-sec", role="secretariat")
    department = factories.make_department("并发卫健局")
    factories.make_department("并发教育局")
    dept_user = factories.make_user("par-dept", role="department", department=department)
    for title in AGENDA:
        factories.make_agenda_item(meeting, title=title, planned_minutes=10)
    waiting = opinions.submit_opinion(
        meeting, None, {"title": "待交办的意见", "suggestions": ["一条建议"]}, by_user=member
    )
    answered = opinions.submit_opinion(
        meeting, None, {"title": "已答复的意见", "suggestions": ["一条建议"]}, by_user=member
    )
    [assignment] = assignments.assign(answered, [department], "single")
    reply = replies.save_reply(
        assignment,
        {"category": "B", "channel": "written", "contact_method": "phone", "text": "列入计划"},
        dept_user,
        None,
    )
    replies.submit_reply(reply, dept_user)
    db.session.commit()
    return {
        "meeting_id": meeting.id,
        "opinion_id": waiting.id,
        "department_id": department.id,
        "assignment_id": assignment.id,
        "reply_id": reply.id,
    }


def signed_in(server, username: str) -> Browser:
    browser = Browser(server.base_url)
    assert browser.login(username, PASSWORD).status == 302
    return browser


def assert_no_server_error(answers) -> None:
    statuses = [a.status for a in answers]
    assert all(s and s < 500 for s in statuses), statuses


def fresh_count(stmt) -> int:
    db.session.remove()  # a new transaction sees what the server committed
    return db.session.scalar(stmt)


def assign_form(world, token: str | None) -> dict:
    data = {"mode": "single", "departments": str(world["department_id"]), "lead": "", "note": ""}
    if token is not None:
        data["form_token"] = token
    return data


def live_assignments(opinion_id: int) -> int:
    return fresh_count(
        select(func.count())
        .select_from(Assignment)
        .where(
            Assignment.opinion_id == opinion_id,
            Assignment.status.not_in([AssignmentStatus.WITHDRAWN, AssignmentStatus.RETURNED]),
        )
    )


def test_double_clicked_assign_makes_one_assignment_and_answers_alike(server, world):
    secretariat = signed_in(server, "par-sec")
    page = secretariat.get(f"/opinions/{world['opinion_id']}/assign")
    token = form_token(page.body)
    path = f"/opinions/{world['opinion_id']}/assign"
    answers = post_burst(clones(secretariat, PARALLEL), path, assign_form(world, token))
    assert_no_server_error(answers)
    assert [a.status for a in answers] == [302] * PARALLEL, [a.body[:300] for a in answers]
    assert len({a.location for a in answers}) == 1  # every click lands where the first did
    assert live_assignments(world["opinion_id"]) == 1


def test_parallel_assigns_from_separate_forms_make_one_assignment(server, world):
    """Eight tabs (eight tokens) or scripts without a token: one assign wins, the others
    are told in Chinese that the opinion is already assigned (409)."""
    path = f"/opinions/{world['opinion_id']}/assign"
    browsers = [signed_in(server, "par-sec") for _ in range(PARALLEL)]
    forms = []
    for n, browser in enumerate(browsers):
        token = form_token(browser.get(path).body) if n % 2 else None
        forms.append(assign_form(world, token))
    answers = burst(
        [lambda b=b, f=f: b.post(path, f) for b, f in zip(browsers, forms, strict=True)]
    )
    assert_no_server_error(answers)
    statuses = sorted(a.status for a in answers)
    assert statuses == [302] + [409] * (PARALLEL - 1), statuses
    assert all("已交办" in a.body for a in answers if a.status == 409)
    assert live_assignments(world["opinion_id"]) == 1


def commitment_form(token: str) -> dict:
    return {
        "commitment-text": "每个街道年底前建成两家托育点",
        "commitment-due_date": (date.today() + timedelta(days=60)).isoformat(),
        "commitment-department": "",
        "form_token": token,
    }


def test_double_clicked_commitment_is_added_once(server, world):
    department = signed_in(server, "par-dept")
    page = department.get(f"/inbox/{world['assignment_id']}")
    assert page.status == 200, page.body[:500]
    token = form_token(page.body)
    path = f"/replies/{world['reply_id']}/commitments"
    answers = post_burst(clones(department, PARALLEL), path, commitment_form(token))
    assert_no_server_error(answers)
    assert [a.status for a in answers] == [302] * PARALLEL, [a.body[:300] for a in answers]
    assert len({a.location for a in answers}) == 1
    count = select(func.count()).select_from(Commitment)
    assert fresh_count(count.where(Commitment.reply_id == world["reply_id"])) == 1
    # The same form sent again later is answered the same way, still one commitment.
    again = department.post(path, commitment_form(token))
    assert again.status == 302 and again.location == answers[0].location
    assert fresh_count(count.where(Commitment.reply_id == world["reply_id"])) == 1


def test_double_clicked_reply_with_a_commitment_row_is_saved_once(server, world):
    """The reply form takes commitments from the first save: a double click on submit
    makes one reply with one commitment, and every click lands on the assignment page."""
    with_reply = opinions.submit_opinion(
        db.session.get(Meeting, world["meeting_id"]),
        None,
        {"title": "待答复的第二条意见", "suggestions": ["建议"]},
        by_user=db.session.scalar(select(User).where(User.username == "par-member")),
    )
    [assignment] = assignments.assign(
        with_reply, [db.session.get(Department, world["department_id"])], "single"
    )
    db.session.commit()
    department = signed_in(server, "par-dept")
    page = department.get(f"/inbox/{assignment.id}")
    data = {
        "category": "A",
        "channel": "written",
        "contact_method": "phone",
        "text": "已纳入年度计划",
        "commitments-0-text": "年底前新增托位三百个",
        "commitments-0-department": str(world["department_id"]),
        "commitments-0-due_date": (date.today() + timedelta(days=90)).isoformat(),
        "action": "submit",
        "version": "",
        "form_token": form_token(page.body),
    }
    path = f"/inbox/{assignment.id}/reply"
    answers = post_burst(clones(department, PARALLEL), path, data)
    assert_no_server_error(answers)
    assert [a.status for a in answers] == [302] * PARALLEL, [a.body[:300] for a in answers]
    assert len({a.location for a in answers}) == 1
    db.session.remove()
    reply_ids = db.session.scalars(select(Reply.id).where(Reply.assignment_id == assignment.id))
    [reply_id] = reply_ids.all()
    count = select(func.count()).select_from(Commitment).where(Commitment.reply_id == reply_id)
    assert fresh_count(count) == 1


def agenda_order(meeting_id: int) -> list[tuple[int, str]]:
    db.session.remove()
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.id)
    )
    return [(i.position, i.title) for i in items]


def test_parallel_agenda_moves_never_share_a_position(server, world):
    meeting_id = world["meeting_id"]
    secretariat = signed_in(server, "par-sec")
    ids = [
        item_id
        for (item_id,) in db.session.execute(
            select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.id)
        )
    ]
    # Neighbours moved towards each other at once, and the same item moved twice: the moves
    # that race on the same pair of positions.
    moves = [
        (ids[2], "up"), (ids[1], "down"), (ids[3], "up"), (ids[2], "down"),
        (ids[4], "up"), (ids[4], "up"), (ids[0], "down"), (ids[5], "up"),
    ]  # fmt: skip
    browsers = clones(secretariat, len(moves))
    calls = [
        lambda b=b, i=i, d=d: b.post(f"/meetings/{meeting_id}/agenda/{i}/move", {"direction": d})
        for b, (i, d) in zip(browsers, moves, strict=True)
    ]
    answers = burst(calls)
    assert_no_server_error(answers)
    assert {a.status for a in answers} == {302}, [a.body[:300] for a in answers]
    order = agenda_order(meeting_id)
    assert sorted(p for p, _title in order) == list(range(1, len(AGENDA) + 1)), order
    assert sorted(t for _p, t in order) == sorted(AGENDA)


def test_parallel_invitations_of_one_person_make_one_invitation(server, world):
    guest = factories.make_participant("并发嘉宾", kind="expert")
    db.session.commit()
    secretariat = signed_in(server, "par-sec")
    path = f"/meetings/{world['meeting_id']}/invitations"
    answers = post_burst(clones(secretariat, PARALLEL), path, {"participant_id": str(guest.id)})
    assert_no_server_error(answers)
    statuses = sorted(a.status for a in answers)
    assert statuses[0] == 302 and set(statuses[1:]) <= {302, 409}, statuses
    invited = (
        select(func.count()).select_from(Invitation).where(Invitation.participant_id == guest.id)
    )
    assert fresh_count(invited) == 1
