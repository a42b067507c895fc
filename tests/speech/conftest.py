"""Fixtures for the speech import: a scheduled meeting with invitees, departments with
aliases, and a signed-in user per role."""

import io

import pytest
from docx import Document

from extensions import db
from meetings.models import InvitationRole
from tests import factories


@pytest.fixture
def request_ctx(app):
    """Services translate their messages; gettext needs a request to pick the language."""
    with app.test_request_context():
        yield


@pytest.fixture
def world(app):
    chair = factories.make_participant("郑主席", kind="member")
    meeting = factories.make_meeting(
        "推进普惠托育服务协商会", status="scheduled", opinions_open=True, chair=chair
    )
    speaker = factories.make_participant("林委员", kind="member", affiliation="区实验小学")
    citizen = factories.make_participant("何家长", kind="citizen", affiliation="春晖社区")
    outsider = factories.make_participant("冯委员", kind="member")
    official = factories.make_participant("陶科长", kind="official")
    for person in (speaker, citizen, official):
        factories.make_invitation(meeting, person, role=InvitationRole.SPEAKER)
    factories.make_invitation(meeting, chair, role=InvitationRole.CHAIR)
    departments = {
        "health": factories.make_department(
            "区卫生健康局", short_name="区卫健局", aliases_text="卫健局,区卫健委"
        ),
        "finance": factories.make_department("区财政局", short_name="财政局"),
        "education": factories.make_department("区教育局", short_name="教育局"),
        "old": factories.make_department("区老干部局", active=False),
    }
    official.department = departments["education"]  # the education bureau is involved
    users = {
        "secretariat": factories.make_user("secretariat", role="secretariat"),
        "chair": factories.make_user("chair", role="chair"),
        "member": factories.make_user("member", role="member", participant=speaker),
        "outsider": factories.make_user("outsider", role="member", participant=outsider),
        "department": factories.make_user(
            "department", role="department", department=departments["finance"]
        ),
        "involved": factories.make_user(
            "involved", role="department", department=departments["education"]
        ),
    }
    db.session.commit()
    return {
        "meeting": meeting,
        "speaker": speaker,
        "citizen": citizen,
        "outsider": outsider,
        "departments": departments,
        "users": users,
    }


@pytest.fixture
def as_user(client, auth, world):
    def login(role: str):
        auth.logout()
        assert auth.login(role).status_code == 302
        return client

    return login


def docx_bytes(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """A .docx with (text, style) paragraphs; style "List Number" is Word auto-numbering."""
    document = Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
