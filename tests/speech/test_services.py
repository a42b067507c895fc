"""The import services without HTTP: reading uploads, saving in one go through the existing
opinion and assignment rules."""

from datetime import date

import pytest

from common.errors import RuleViolation
from extensions import db
from meetings.models import MeetingStatus
from opinions.models import Opinion, Suggestion
from responses.models import Assignment, AssignmentRole, HandlingMode
from responses.workdays import default_due_date
from speech.services import (
    MAX_UPLOAD,
    ImportedOpinion,
    decode_text,
    default_mode,
    guess_speaker,
    propose,
    read_upload,
    save_imported_opinion,
    without_byline,
)
from tests.speech.conftest import docx_bytes

TODAY = date(2026, 3, 2)


def imported(world, **fields) -> ImportedOpinion:
    departments = world["departments"]
    values = {
        "speaker": world["speaker"],
        "title": "关于增加社区托位的建议",
        "body": "托位不足。",
        "suggestions": ["新建托育点", "落实补贴"],
        "departments": [departments["health"], departments["finance"]],
        "mode": HandlingMode.SPLIT,
    }
    values.update(fields)
    return ImportedOpinion(**values)


def counts() -> tuple[int, int, int]:
    return (
        db.session.query(Opinion).count(),
        db.session.query(Suggestion).count(),
        db.session.query(Assignment).count(),
    )


def test_saves_opinion_suggestions_and_assignments(world, request_ctx):
    user = world["users"]["secretariat"]
    opinion, created = save_imported_opinion(world["meeting"], imported(world), user, TODAY)
    db.session.commit()
    assert [s.text for s in opinion.suggestions] == ["新建托育点", "落实补贴"]
    assert opinion.submitted_by_id == user.id and opinion.channel.value == "oral"
    assert {a.department.name for a in created} == {"区卫生健康局", "区财政局"}
    assert all(a.due_date == default_due_date(TODAY) for a in created)
    assert all(a.mode == HandlingMode.SPLIT for a in created)


def test_joint_handling_with_a_lead(world, request_ctx):
    health = world["departments"]["health"]
    data = imported(world, mode="joint", lead=health, due_date=date(2026, 4, 1))
    _opinion, created = save_imported_opinion(world["meeting"], data, None, TODAY)
    roles = {a.department.name: a.role for a in created}
    assert roles == {"区卫生健康局": AssignmentRole.LEAD, "区财政局": AssignmentRole.CO}
    assert {a.due_date for a in created} == {date(2026, 4, 1)}


def test_without_departments_only_the_opinion(world, request_ctx):
    _opinion, created = save_imported_opinion(
        world["meeting"], imported(world, departments=[], mode=None), None, TODAY
    )
    assert created == []
    assert counts() == (1, 2, 0)


@pytest.mark.parametrize(
    "fields,status",
    [
        ({"mode": HandlingMode.SINGLE}, 422),  # two departments cannot be 单办
        ({"title": "  "}, 422),
        ({"speaker": None}, 422),
        ({"suggestions": [f"建议{n}" for n in range(31)]}, 422),
        ({"due_date": date(2026, 1, 1)}, 422),  # in the past
    ],
)
def test_any_broken_rule_leaves_nothing(world, request_ctx, fields, status):
    with pytest.raises(RuleViolation) as error:
        save_imported_opinion(world["meeting"], imported(world, **fields), None, TODAY)
    assert error.value.status == status
    db.session.rollback()
    assert counts() == (0, 0, 0)


def test_uninvited_speaker_and_inactive_department_are_refused(world, request_ctx):
    with pytest.raises(RuleViolation):
        save_imported_opinion(
            world["meeting"], imported(world, speaker=world["outsider"]), None, TODAY
        )
    db.session.rollback()
    old = world["departments"]["old"]
    with pytest.raises(RuleViolation):
        save_imported_opinion(
            world["meeting"], imported(world, departments=[old], mode="single"), None, TODAY
        )
    db.session.rollback()
    assert counts() == (0, 0, 0)


def test_meeting_state_rules_apply(world, request_ctx):
    meeting = world["meeting"]
    meeting.status = MeetingStatus.DRAFT  # an opinion may be recorded, not yet assigned
    with pytest.raises(RuleViolation) as error:
        save_imported_opinion(meeting, imported(world), None, TODAY)
    assert error.value.status == 409
    db.session.rollback()
    meeting.status = MeetingStatus.CLOSED
    with pytest.raises(RuleViolation) as error:
        save_imported_opinion(meeting, imported(world, departments=[], mode=None), None, TODAY)
    assert error.value.status == 409
    db.session.rollback()
    assert counts() == (0, 0, 0)


def test_only_the_secretariat_imports(world, request_ctx):
    for role in ("chair", "member"):
        with pytest.raises(RuleViolation) as error:
            save_imported_opinion(world["meeting"], imported(world), world["users"][role], TODAY)
        assert error.value.status == 403


def test_read_upload(request_ctx):
    assert read_upload("a.TXT", "一是甲；二是乙".encode()) == "一是甲；二是乙"
    assert read_upload("a.txt", "\ufeff你好".encode()) == "你好"
    assert read_upload("a.txt", "政协委员".encode("gbk")) == "政协委员"
    assert read_upload("a.docx", docx_bytes([("发言稿", None)])) == "发言稿"
    for name, data, status in [
        ("a.pdf", b"%PDF", 422),
        ("noextension", b"x", 422),
        ("a.docx", b"broken", 422),
        ("a.txt", b"   ", 422),
        ("a.txt", b"x" * (MAX_UPLOAD + 1), 413),
    ]:
        with pytest.raises(RuleViolation) as error:
            read_upload(name, data)
        assert error.value.status == status, name
    assert decode_text(b"\xff\xfe" + "你好".encode("utf-16-le")) == "你好"
    with pytest.raises(RuleViolation):
        decode_text(b"\x81")


def test_propose_and_default_mode(world):
    departments = list(world["departments"].values())
    proposal, found = propose(
        "关于X的建议\n问题。\n一是请卫健局落实；二是财政局保障。", departments
    )
    assert proposal.suggestions == ["请卫健局落实", "财政局保障。"]
    assert [d.name for d in found] == ["区卫生健康局", "区财政局"]
    assert default_mode(found) == HandlingMode.SPLIT
    assert default_mode(found[:1]) == HandlingMode.SINGLE


def test_the_byline_leaves_the_problem_once_the_speaker_is_known(world):
    speaker = world["speaker"]
    problem = "区政协委员 林委员\n养老床位不足，排队时间长。"
    assert without_byline(problem, speaker) == "养老床位不足，排队时间长。"
    assert without_byline(problem, None) == problem  # nobody chosen: keep what was written
    said = "林委员所在社区反映，养老床位不足。\n排队时间长。"  # a sentence, not a byline
    assert without_byline(said, speaker) == said


def test_guess_speaker(world):
    people = [world["speaker"], world["citizen"]]
    assert guess_speaker("关于X的建议\n区政协委员 林委员\n正文", people) == world["speaker"]
    assert guess_speaker("林委员、何家长联名", people) is None  # two names: ask the user
    assert guess_speaker("无署名" + "。" * 400 + "林委员", people) is None
