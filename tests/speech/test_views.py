"""Import routes: paste/upload -> review -> save (one transaction), 422 on bad input with
nothing written, 404 for bad ids, 403/404 for other roles."""

import io
import re

import pytest

from extensions import db
from meetings.models import Meeting, MeetingStatus
from opinions.models import Opinion, Suggestion
from responses.models import Assignment, AssignmentEvent
from tests.speech.conftest import docx_bytes

SPEECH = (
    "关于提升社区托育服务质量的建议\n"
    "社区托育点保育人员流动大，家长担心安全。\n"
    "（一）加强保育人员培训，由区卫健局制定培训计划；\n"
    "（二）落实托育补贴资金（区财政局按职责分工负责）；\n"
    "（三）建立托育点安全巡查制度。\n"
)


def import_url(meeting_id) -> str:
    return f"/meetings/{meeting_id}/opinions/import"


def counts() -> tuple[int, int, int, int]:
    db.session.expire_all()
    return (
        db.session.query(Opinion).count(),
        db.session.query(Suggestion).count(),
        db.session.query(Assignment).count(),
        db.session.query(AssignmentEvent).count(),
    )


def review_form(world, **overrides) -> dict:
    departments = world["departments"]
    data = {
        "speaker_id": str(world["speaker"].id),
        "channel": "oral",
        "title": "关于提升社区托育服务质量的建议",
        "body": "社区托育点保育人员流动大。",
        "themes": "普惠托育",
        "suggestion": ["加强保育人员培训", "", "落实托育补贴资金"],
        "department_id": [str(departments["health"].id), str(departments["finance"].id)],
        "mode": "split",
        "lead": "",
        "due_date": "",
    }
    data.update(overrides)
    return data


def test_paste_proposes_the_opinion(as_user, world):
    client = as_user("secretariat")
    page = client.get(import_url(world["meeting"].id))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    review = client.post(import_url(world["meeting"].id), data={"text": SPEECH})
    assert review.status_code == 200
    html = review.text.split('<template id="speech-suggestion-template">')[0]
    assert 'value="关于提升社区托育服务质量的建议"' in html
    assert "家长担心安全" in html
    textareas = re.findall(r'<textarea class="form-control" name="suggestion"[^>]*>([^<]*)<', html)
    assert [t.strip()[:8] for t in textareas] == [
        "加强保育人员培训",
        "落实托育补贴资金",
        "建立托育点安全巡",
    ]
    checked = re.findall(r'value="(\d+)" id="dept-\d+" checked', html)
    departments = world["departments"]
    assert checked == [str(departments["health"].id), str(departments["finance"].id)]
    assert "区老干部局" not in html  # inactive departments are not offered
    assert "林委员" in html and "冯委员" not in html  # invitees only
    no_guess = html.split('name="speaker_id"')[1].split("</select>")[0]
    assert '<option selected value="">' in no_guess  # no name in the speech: no guess
    named = client.post(
        import_url(world["meeting"].id), data={"text": "区政协委员 林委员\n" + SPEECH}
    )
    speaker_select = named.text.split('name="speaker_id"')[1].split("</select>")[0]
    assert f'<option selected value="{world["speaker"].id}">' in speaker_select
    assert '<option selected value="split">' in html
    assert counts() == (0, 0, 0, 0)  # nothing is saved by proposing


def test_one_line_paste_and_docx_upload(as_user, world):
    client = as_user("secretariat")
    review = client.post(import_url(world["meeting"].id), data={"text": " ".join(SPEECH.split())})
    assert review.status_code == 200 and "建立托育点安全巡查制度" in review.text
    upload = {
        "document": (
            io.BytesIO(docx_bytes([(line, None) for line in SPEECH.splitlines()])),
            "发言稿.docx",
        )
    }
    review = client.post(
        import_url(world["meeting"].id), data=upload, content_type="multipart/form-data"
    )
    assert review.status_code == 200
    assert review.text.count('name="suggestion"') == 3 + 1  # three, plus the template's


@pytest.mark.parametrize(
    "data",
    [
        {"text": "   "},
        {"text": "一" * 100_001},
        {"document": (b"%PDF-1.4", "speech.pdf")},
        {"document": (b"not a zip", "speech.docx")},
        {"document": (b"", "empty.txt")},
    ],
    ids=["empty", "too-long", "pdf", "broken-docx", "empty-file"],
)
def test_bad_source_is_422(as_user, world, data):
    client = as_user("secretariat")
    if "document" in data:  # a fresh file object per run (each backend reads its own)
        content, name = data["document"]
        data = {"document": (io.BytesIO(content), name)}
    response = client.post(
        import_url(world["meeting"].id), data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "invalid-feedback" in response.text


def test_save_creates_opinion_suggestions_and_assignments(as_user, world):
    client = as_user("secretariat")
    meeting_id = world["meeting"].id
    response = client.post(f"{import_url(meeting_id)}/save", data=review_form(world))
    assert response.status_code == 302
    opinion = db.session.query(Opinion).one()
    assert response.headers["Location"].endswith(f"/meetings/{meeting_id}/opinions/{opinion.id}")
    assert opinion.speaker_id == world["speaker"].id
    assert [s.text for s in opinion.suggestions] == ["加强保育人员培训", "落实托育补贴资金"]
    assert [t.name for t in opinion.themes] == ["普惠托育"]
    assignments = db.session.query(Assignment).order_by(Assignment.id).all()
    assert [a.department.name for a in assignments] == ["区卫生健康局", "区财政局"]
    assert {a.mode.value for a in assignments} == {"split"}
    assert counts() == (1, 2, 2, 2)
    detail = client.get(response.headers["Location"])
    assert detail.status_code == 200 and "加强保育人员培训" in detail.text


def test_save_without_departments(as_user, world):
    client = as_user("secretariat")
    data = review_form(world, department_id=[], mode="single")
    response = client.post(f"{import_url(world['meeting'].id)}/save", data=data)
    assert response.status_code == 302
    assert counts() == (1, 2, 0, 0)


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"speaker_id": ""},
        {"speaker_id": "999999"},
        {"channel": "telepathy"},
        {"suggestion": ["x" * 5001]},
        {"suggestion": [f"建议{n}" for n in range(31)]},
        {"department_id": ["abc"]},
        {"department_id": ["999999"]},
        {"mode": "single"},  # two departments cannot be 单办: the assignment refuses
        {"mode": "joint"},  # joint handling without a lead
        {"mode": "nonsense"},
        {"lead": "999999"},
        {"due_date": "2000-01-01"},
        {"due_date": "not a date"},
    ],
)
def test_bad_review_is_422_and_writes_nothing(as_user, world, overrides):
    client = as_user("secretariat")
    data = review_form(world, **overrides)
    response = client.post(f"{import_url(world['meeting'].id)}/save", data=data)
    assert response.status_code == 422
    assert "alert-danger" in response.text
    assert "社区托育点保育人员流动大" in response.text  # the user's edits come back
    assert counts() == (0, 0, 0, 0)


def test_draft_meeting_records_but_cannot_assign(as_user, world):
    meeting = db.session.get(Meeting, world["meeting"].id)
    meeting.status = MeetingStatus.DRAFT
    db.session.commit()
    client = as_user("secretariat")
    review = client.post(import_url(meeting.id), data={"text": SPEECH})
    assert review.status_code == 200 and 'name="department_id"' not in review.text
    response = client.post(f"{import_url(meeting.id)}/save", data=review_form(world))
    assert response.status_code == 409
    assert counts() == (0, 0, 0, 0)
    response = client.post(
        f"{import_url(meeting.id)}/save", data=review_form(world, department_id=[])
    )
    assert response.status_code == 302
    assert counts() == (1, 2, 0, 0)


def test_closed_meeting_is_read_only(as_user, world):
    meeting = db.session.get(Meeting, world["meeting"].id)
    meeting.status = MeetingStatus.CLOSED
    db.session.commit()
    client = as_user("secretariat")
    assert client.get(import_url(meeting.id)).status_code == 302
    assert client.post(f"{import_url(meeting.id)}/save", data=review_form(world)).status_code == 302
    assert counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("meeting_id", [999999, 2**31, 0])
def test_bad_meeting_id_is_404(as_user, world, meeting_id):
    client = as_user("secretariat")
    assert client.get(import_url(meeting_id)).status_code == 404
    assert client.post(f"{import_url(meeting_id)}/save", data=review_form(world)).status_code == 404


@pytest.mark.parametrize(
    "role,status",
    [("chair", 403), ("member", 403), ("outsider", 404), ("department", 404), ("involved", 403)],
)
def test_other_roles(as_user, world, role, status):
    client = as_user(role)
    meeting_id = world["meeting"].id
    assert client.get(import_url(meeting_id)).status_code == status
    assert client.post(import_url(meeting_id), data={"text": SPEECH}).status_code == status
    response = client.post(f"{import_url(meeting_id)}/save", data=review_form(world))
    assert response.status_code == status
    assert counts() == (0, 0, 0, 0)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(import_url(world["meeting"].id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_control_characters_are_dropped_not_stored(as_user, world):
    client = as_user("secretariat")
    meeting_id = world["meeting"].id
    review = client.post(
        import_url(meeting_id),
        data={"text": "关于\x00停车的建议\x0b车位少。\x07一是建车库；二是共享车位"},
    )
    assert review.status_code == 200 and "\x00" not in review.text
    data = review_form(world, title="停车\x00建议", body="车位\x1b少", suggestion=["建\x00车库"])
    response = client.post(f"{import_url(meeting_id)}/save", data=data)
    assert response.status_code == 302
    opinion = db.session.query(Opinion).one()
    assert (opinion.title, opinion.body) == ("停车建议", "车位少")
    assert [s.text for s in opinion.suggestions] == ["建车库"]


def test_assignment_gets_the_working_day_deadline(as_user, world):
    from common.clock import today as office_today
    from responses.workdays import default_due_date

    client = as_user("secretariat")
    response = client.post(f"{import_url(world['meeting'].id)}/save", data=review_form(world))
    assert response.status_code == 302
    due_dates = {a.due_date for a in db.session.query(Assignment)}
    assert due_dates == {default_due_date(office_today())}
