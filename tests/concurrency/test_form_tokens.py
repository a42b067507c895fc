"""The per-form token on each create form: a form sent twice saves one record and the
repeat lands where the first did; a forged or another user's token is a 400 that saves
nothing; a POST without a token (a script) still works, unprotected.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from common.idempotency import FormSubmission
from extensions import db
from meetings.models import AgendaItem
from opinions import services as opinions
from opinions.models import ConsensusPoint, Opinion, Suggestion
from responses import assignments, commitments, replies
from responses.models import Assignment, ProgressUpdate
from tests import factories
from tests.concurrency.parallel import form_token


def count(model, *where) -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def meeting(app):
    meeting = factories.make_meeting("表单令牌协商会", status="held")
    speaker = factories.make_participant("令牌委员", kind="member")
    factories.make_invitation(meeting, speaker, role="speaker")
    db.session.commit()
    return meeting


def sent_twice(client, page: str, path: str, data: dict):
    """GET the form, POST it twice with its token: both answers."""
    token = form_token(client.get(page).get_data(as_text=True))
    first = client.post(path, data={**data, "form_token": token})
    second = client.post(path, data={**data, "form_token": token})
    return first, second


def assert_answered_alike(first, second) -> None:
    assert first.status_code == 302, first.get_data(as_text=True)[:500]
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]


def test_an_opinion_sent_twice_is_saved_once(logged_in, meeting):
    speaker_id = meeting.invitations[0].participant_id
    data = {"speaker_id": str(speaker_id), "title": "双击的意见", "suggestions": "一是\n二是"}
    data["channel"] = "oral"
    base = f"/meetings/{meeting.id}/opinions/new"
    first, second = sent_twice(logged_in, base, base, data)
    assert_answered_alike(first, second)
    assert count(Opinion, Opinion.title == "双击的意见") == 1
    page = logged_in.get(second.headers["Location"]).get_data(as_text=True)
    assert "该表单已提交过" in page  # the repeat is told so, in Chinese


def test_suggestions_sent_twice_are_added_once(logged_in, meeting):
    speaker = meeting.invitations[0].participant
    opinion = opinions.submit_opinion(meeting, speaker, {"title": "有建议的意见"})
    db.session.commit()
    edit = f"/meetings/{meeting.id}/opinions/{opinion.id}/edit"
    path = f"/meetings/{meeting.id}/opinions/{opinion.id}/suggestions"
    first, second = sent_twice(logged_in, edit, path, {"texts": "新增一条\n新增两条"})
    assert_answered_alike(first, second)
    assert count(Suggestion, Suggestion.opinion_id == opinion.id) == 2


def test_an_agenda_item_sent_twice_is_added_once(logged_in, meeting):
    page = f"/meetings/{meeting.id}"
    data = {"kind": "other", "title": "合影留念", "planned_minutes": "5", "notes": ""}
    first, second = sent_twice(logged_in, page, f"/meetings/{meeting.id}/agenda", data)
    assert_answered_alike(first, second)
    assert count(AgendaItem, AgendaItem.meeting_id == meeting.id) == 1


def test_a_consensus_point_sent_twice_is_recorded_once(logged_in, meeting):
    page = f"/meetings/{meeting.id}"
    data = {"text": "普惠托育纳入民生实事"}
    first, second = sent_twice(logged_in, page, f"/meetings/{meeting.id}/consensus", data)
    assert_answered_alike(first, second)
    assert count(ConsensusPoint, ConsensusPoint.meeting_id == meeting.id) == 1


def test_a_progress_update_sent_twice_is_recorded_once(client, auth, meeting):
    department = factories.make_department("令牌卫健局")
    user = factories.make_user("token-dept", role="department", department=department)
    opinion = opinions.submit_opinion(
        meeting, meeting.invitations[0].participant, {"title": "要跟踪的意见"}
    )
    [assignment] = assignments.assign(opinion, [department], "single")
    reply = replies.save_reply(
        assignment,
        {"category": "A", "channel": "written", "contact_method": "phone", "text": "已落实"},
        user,
        None,
    )
    commitment = commitments.add_commitment(reply, "建成两家托育点", date.today() + timedelta(30))
    replies.submit_reply(reply, user)
    db.session.commit()
    assert auth.login("token-dept").status_code == 302
    page = f"/commitments/{commitment.id}"
    data = {"on_date": date.today().isoformat(), "note": "已选址", "percent": "40"}
    first, second = sent_twice(client, page, f"{page}/progress", data)
    assert_answered_alike(first, second)
    assert count(ProgressUpdate, ProgressUpdate.commitment_id == commitment.id) == 1


def test_a_forged_token_is_refused_and_saves_nothing(logged_in, meeting):
    data = {"kind": "other", "title": "伪造", "form_token": "not-a-signed-token"}
    answer = logged_in.post(f"/meetings/{meeting.id}/agenda", data=data)
    assert answer.status_code == 400
    assert "该表单不是发给您的" in answer.get_data(as_text=True)
    assert count(AgendaItem) == 0
    assert count(FormSubmission) == 0


def test_another_users_token_is_refused(client, auth, logged_in, meeting):
    token = form_token(logged_in.get(f"/meetings/{meeting.id}").get_data(as_text=True))
    factories.make_user("token-other", role="secretariat")
    db.session.commit()
    auth.logout()
    assert auth.login("token-other").status_code == 302
    data = {"kind": "other", "title": "别人的表单", "form_token": token}
    assert client.post(f"/meetings/{meeting.id}/agenda", data=data).status_code == 400
    assert count(AgendaItem) == 0


def test_a_refused_create_leaves_its_token_free_for_the_corrected_form(logged_in, meeting):
    page = logged_in.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    token = form_token(page)
    path = f"/meetings/{meeting.id}/agenda"
    bad = {"kind": "other", "title": "太长", "planned_minutes": "601", "form_token": token}
    assert logged_in.post(path, data=bad).status_code == 422
    assert count(FormSubmission) == 0  # rolled back with the refused item
    good = {**bad, "planned_minutes": "30"}
    assert logged_in.post(path, data=good).status_code == 302
    assert count(AgendaItem, AgendaItem.meeting_id == meeting.id) == 1


def test_without_a_token_a_post_still_works(logged_in, meeting):
    data = {"kind": "other", "title": "脚本添加"}
    for _ in range(2):
        assert logged_in.post(f"/meetings/{meeting.id}/agenda", data=data).status_code == 302
    assert count(AgendaItem, AgendaItem.meeting_id == meeting.id) == 2


def test_a_bulk_assignment_sent_twice_assigns_once(logged_in, meeting):
    speaker = meeting.invitations[0].participant
    opinion = opinions.submit_opinion(meeting, speaker, {"title": "批量交办的意见"})
    department = factories.make_department("批量卫健局")
    db.session.commit()
    path = f"/meetings/{meeting.id}/assign"
    data = {f"mode-{opinion.id}": "single", f"departments-{opinion.id}": str(department.id)}
    first, second = sent_twice(logged_in, path, path, data)
    assert_answered_alike(first, second)  # not "nothing was assigned" for the second click
    assert count(Assignment, Assignment.opinion_id == opinion.id) == 1
