"""Finalising: versions stored as files with records, unchanged content not repeated,
byte-identical downloads, nothing left behind by a failure, immutable records."""

from pathlib import Path

import pytest
from sqlalchemy import select

from audit.models import AuditEvent
from common.errors import RuleViolation
from extensions import db
from meetings.models import Meeting, MeetingStatus
from opinions import consensus
from reports import documents, finalise
from reports.models import FinalisedReportIsImmutable, Report
from tests.reports.minutes.conftest import set_opinion_title


def login(auth, username):
    assert auth.login(username).status_code == 302


def stored_files(app) -> list[Path]:
    root = Path(app.instance_path) / "reports"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def reports() -> list[Report]:
    db.session.expire_all()
    return list(db.session.scalars(select(Report).order_by(Report.kind, Report.version)))


def test_finalise_stores_a_version_and_the_same_content_twice_makes_none(app, client, auth, world):
    login(auth, "chair")
    url = f"/meetings/{world.meeting_id}/minutes/finalise"
    response = client.post(url, follow_redirects=True)
    assert response.status_code == 200
    assert "已定稿为第1版" in response.get_data(as_text=True)
    (first,) = reports()
    assert (first.kind.value, first.version) == ("minutes", 1)
    assert first.finalised_by.username == "chair" and first.finalised_at is not None
    path = Path(app.instance_path) / first.path
    assert path.read_bytes().startswith(b"%PDF") and path.stat().st_size == first.size
    assert stored_files(app) == [path]

    again = client.post(url, follow_redirects=True)
    assert "未生成新版本" in again.get_data(as_text=True)
    assert len(reports()) == 1 and len(stored_files(app)) == 1


def test_changed_content_makes_the_next_version(app, client, auth, world):
    login(auth, "secretariat")
    url = f"/meetings/{world.meeting_id}/minutes/finalise"
    assert client.post(url).status_code == 302
    set_opinion_title(world.opinion_id, "推进医育结合，守护婴幼儿健康")
    assert client.post(url).status_code == 302
    assert client.post(f"/meetings/{world.meeting_id}/consensus-report/finalise").status_code == 302
    rows = reports()
    assert [(r.kind.value, r.version) for r in rows] == [
        ("consensus", 1),
        ("minutes", 1),
        ("minutes", 2),
    ]
    assert rows[1].content_sha256 != rows[2].content_sha256
    assert len(stored_files(app)) == 3
    page = client.get(f"/meetings/{world.meeting_id}/minutes/versions").get_data(as_text=True)
    assert page.index("/minutes/v2.pdf") < page.index("/minutes/v1.pdf")


def test_finalised_version_downloads_byte_identical(app, client, auth, world):
    login(auth, "secretariat")
    client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    (report,) = reports()
    stored = (Path(app.instance_path) / report.path).read_bytes()
    url = f"/meetings/{world.meeting_id}/minutes/v1.pdf"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data == stored
    assert first.headers["ETag"].strip('"') == report.file_sha256
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    # Later changes do not touch what was finalised.
    set_opinion_title(world.opinion_id, "完全不同的题目")
    assert client.get(url).data == stored
    assert client.get(f"/meetings/{world.meeting_id}/minutes/v2.pdf").status_code == 404


def test_a_damaged_file_is_never_served(app, client, auth, world):
    login(auth, "secretariat")
    client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    (report,) = reports()
    path = Path(app.instance_path) / report.path
    path.write_bytes(path.read_bytes() + b"tampered")
    response = client.get(f"/meetings/{world.meeting_id}/minutes/v1.pdf")
    assert response.status_code == 500 and b"tampered" not in response.data


def test_failed_render_leaves_no_file_and_no_record(app, client, auth, world, monkeypatch):
    def broken(_html):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(documents, "pdf_bytes", broken)
    login(auth, "secretariat")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # the app is the session's
    response = client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    assert response.status_code == 500
    assert reports() == [] and stored_files(app) == []


def test_failure_after_writing_removes_the_file(app, world, monkeypatch):
    """The record cannot be saved (here: the flush fails): the written file goes too."""
    meeting = db.session.get(Meeting, world.meeting_id)
    real_flush = db.session.flush

    def failing_flush(*args, **kwargs):
        if any(isinstance(obj, Report) for obj in db.session.new):
            raise RuntimeError("database went away")
        return real_flush(*args, **kwargs)

    monkeypatch.setattr(db.session, "flush", failing_flush)
    with pytest.raises(RuntimeError), finalise.file_guard() as written:
        finalise.finalise_document("minutes", meeting, None, written)
        db.session.commit()
    db.session.rollback()
    assert written and not written[0].exists()
    assert stored_files(app) == []
    monkeypatch.undo()
    assert reports() == []


def test_no_temporary_files_remain(app, client, auth, world):
    login(auth, "secretariat")
    client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    assert [p.name for p in stored_files(app) if p.name.startswith(".tmp")] == []


def test_finalised_records_are_immutable_and_audited(app, client, auth, world):
    login(auth, "secretariat")
    client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    (report,) = reports()
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.table_name == "report", AuditEvent.entity_id == report.id
        )
    ).all()
    assert [e.action.value for e in events] == ["create"]
    report.size = 1
    with pytest.raises(FinalisedReportIsImmutable):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(Report, report.id))
    with pytest.raises(FinalisedReportIsImmutable):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("username", ["member", "department"])
def test_only_chair_and_secretariat_finalise(client, auth, world, username):
    login(auth, username)
    response = client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    assert response.status_code in ((403,) if username == "member" else (403, 404))
    assert reports() == []


def test_a_meeting_not_yet_held_cannot_be_finalised(client, auth, world):
    meeting = db.session.get(Meeting, world.meeting_id)
    meeting.status = MeetingStatus.SCHEDULED
    db.session.commit()
    login(auth, "chair")
    response = client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    assert response.status_code == 302  # back to the meeting's documents, saying why
    assert response.headers["Location"].endswith(f"/meetings/{world.meeting_id}#documents")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "会议召开后方可对文档定稿" in page
    assert reports() == []


def test_service_refuses_a_user_without_the_permission(app, world):
    from accounts.models import User

    member = db.session.scalar(select(User).where(User.username == "member"))
    with pytest.raises(RuleViolation) as refused, finalise.file_guard() as written:
        finalise.finalise_document(
            "minutes", db.session.get(Meeting, world.meeting_id), member, written
        )
    assert refused.value.status == 403 and written == []


def test_members_read_finalised_versions_of_their_meetings_only(client, auth, world):
    login(auth, "secretariat")
    client.post(f"/meetings/{world.meeting_id}/minutes/finalise")
    auth.logout()
    login(auth, "member")
    assert client.get(f"/meetings/{world.meeting_id}/minutes/v1.pdf").status_code == 200
    assert client.get(f"/meetings/{world.meeting_id}/minutes/versions").status_code == 200
    page = client.get(f"/meetings/{world.meeting_id}").get_data(as_text=True)
    assert f"/meetings/{world.meeting_id}/minutes/v1.pdf" in page
    assert client.get(f"/meetings/{world.meeting_id}/minutes.pdf").status_code == 403
    assert client.get(f"/meetings/{world.other_meeting_id}/minutes/v1.pdf").status_code == 404
    auth.logout()
    login(auth, "department")
    assert client.get(f"/meetings/{world.meeting_id}/minutes/v1.pdf").status_code in (403, 404)


def test_consensus_point_change_also_makes_a_new_version(app, client, auth, world):
    login(auth, "chair")
    client.post(f"/meetings/{world.meeting_id}/consensus-report/finalise")
    consensus.add_consensus_point(db.session.get(Meeting, world.meeting_id), "再加一条共识。")
    db.session.commit()
    client.post(f"/meetings/{world.meeting_id}/consensus-report/finalise")
    assert [r.version for r in reports()] == [1, 2]
