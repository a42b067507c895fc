"""Every ORM write leaves exactly one event per changed record, in the same transaction."""

import json

import pytest
from sqlalchemy import select

from accounts.services import create_user, reset_password
from audit.models import AuditAction, AuditEvent, AuditTrailIsReadOnly
from audit.services import acting_as
from extensions import db
from meetings.models import Invitation, MeetingStatus
from participants.models import Participant
from tests import factories


def test_create_records_every_value(app, events):
    participant = factories.make_participant("周委员", kind="member", sector="教育界")
    db.session.commit()
    [event] = events("participant")
    assert event.action is AuditAction.CREATE
    assert event.entity_id == participant.id and event.label == "周委员"
    assert event.changes["name"] == [None, "周委员"]
    assert event.changes["kind"] == [None, "member"]
    assert event.changes["sector"] == [None, "教育界"]
    assert "created_at" not in event.changes
    assert "id" not in event.changes and "phone" not in event.changes  # key and empty fields
    assert event.actor_id is None and event.actor_name == "system"


def test_update_of_an_expired_record_knows_the_old_value(app, events):
    participant = factories.make_participant("周委员", affiliation="一中")
    db.session.commit()  # expires the object: SQLAlchemy forgets the loaded values
    participant.affiliation = "二中"
    participant.title = "校长"
    db.session.commit()
    [_, update] = events("participant")
    assert update.action is AuditAction.UPDATE
    assert update.changes == {"affiliation": ["一中", "二中"], "title": ["", "校长"]}


def test_update_of_a_loaded_record(app, events):
    participant = factories.make_participant("周委员", affiliation="一中")
    db.session.commit()
    assert participant.affiliation == "一中"  # loaded
    participant.affiliation = "三中"
    db.session.flush()
    participant.affiliation = "四中"  # a second flush in the same transaction
    db.session.commit()
    updates = [e.changes for e in events("participant")[1:]]
    assert updates == [{"affiliation": ["一中", "三中"]}, {"affiliation": ["三中", "四中"]}]


def test_setting_the_same_value_records_nothing(app, events):
    participant = factories.make_participant("周委员", affiliation="一中")
    db.session.commit()
    participant.affiliation = "一中"
    db.session.commit()
    assert len(events("participant")) == 1


def test_status_change_records_from_and_to(app, events):
    meeting = factories.make_meeting("托育协商会")
    db.session.commit()
    meeting.status = MeetingStatus.SCHEDULED
    db.session.commit()
    [_, change] = events("meeting")
    assert change.action is AuditAction.STATUS
    assert change.changes == {"status": ["draft", "scheduled"]}
    assert change.label == "托育协商会"


def test_delete_records_the_last_values(app, events):
    participant = factories.make_participant("临时人员", kind="citizen")
    db.session.commit()
    participant_id = participant.id
    db.session.delete(participant)
    db.session.commit()
    [_, deleted] = events("participant")
    assert deleted.action is AuditAction.DELETE and deleted.entity_id == participant_id
    assert deleted.changes["name"] == ["临时人员", None]


def test_cascaded_orphan_delete_is_recorded(app, events):
    meeting = factories.make_meeting()
    invitation = factories.make_invitation(meeting, factories.make_participant())
    db.session.commit()
    invitation_id = invitation.id
    meeting.invitations.remove(invitation)
    db.session.commit()
    assert db.session.get(Invitation, invitation_id) is None
    [created, deleted] = events("invitation")
    assert (created.action, deleted.action) == (AuditAction.CREATE, AuditAction.DELETE)
    assert deleted.entity_id == invitation_id


def test_one_event_per_changed_record_in_one_flush(app, events):
    department = factories.make_department("区民政局")
    people = [factories.make_participant(f"人员{i}") for i in range(3)]
    db.session.commit()
    before = len(events())
    for person in people[:2]:
        person.department = department  # a relationship change shows as the FK column
    db.session.commit()
    new = events()[before:]
    assert sorted(e.entity_id for e in new) == sorted(p.id for p in people[:2])
    assert all(e.changes == {"department_id": [None, department.id]} for e in new)


def test_rollback_leaves_no_event(app, events):
    factories.make_participant("不存在的人")  # flushed: the event row is written too
    assert db.session.scalar(select(AuditEvent.id)) is not None
    db.session.rollback()
    assert events() == []
    assert db.session.scalar(select(Participant.id)) is None


def test_failed_request_leaves_no_event(logged_in, events):
    before = len(events())
    response = logged_in.post(
        "/users/new",
        data={
            "username": "secretariat",
            "display_name": "dup",
            "role": "chair",
            "participant_id": "0",
            "department_id": "0",
            "new_password": "a-good-password",
            "confirm_password": "a-good-password",
        },
    )
    assert response.status_code == 409
    assert len(events()) == before


def test_password_hashes_never_reach_the_trail(app, events):
    with acting_as("test"):
        user = create_user("zhou", "first-password-1", "chair")
        db.session.commit()
        reset_password(user, "second-password-2")
        db.session.commit()
    trail = json.dumps([e.changes for e in events()], ensure_ascii=False)
    assert user.password_hash not in trail
    assert "scrypt" not in trail and "pbkdf2" not in trail
    [created, reset] = events("app_user")
    assert created.changes["password_hash"] == [None, "******"]
    assert reset.changes == {"password_hash": ["******", "******"]}
    assert created.actor_name == "test"


def test_login_attempts_are_not_audited(client, events, secretariat):
    client.post("/login", data={"username": "secretariat", "password": "wrong-password"})
    assert not [e for e in events() if e.table_name == "login_attempt"]


def test_actor_and_address_come_from_the_request(logged_in, secretariat, events):
    response = logged_in.post(
        "/users/new",
        data={
            "username": "newchair",
            "display_name": "新主席",
            "role": "chair",
            "participant_id": "0",
            "department_id": "0",
            "new_password": "a-good-password",
            "confirm_password": "a-good-password",
        },
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert response.status_code == 302
    [event] = [
        e for e in events("app_user") if e.action is AuditAction.CREATE and e.label == "newchair"
    ]
    assert event.actor_id == secretariat.id
    assert "secretariat" in event.actor_name
    assert event.address == "127.0.0.1"


def test_events_cannot_be_changed_or_deleted_through_the_orm(app, events):
    factories.make_department()
    db.session.commit()
    [event] = events()
    event.label = "tampered"
    with pytest.raises(AuditTrailIsReadOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditTrailIsReadOnly):
        db.session.flush()
    db.session.rollback()
    assert events()[0].label != "tampered"


def test_user_changes_are_recorded_without_the_hash(app, events):
    member = factories.make_participant("委员丁")
    user = factories.make_user("ding", role="member", participant=member, display_name="丁")
    db.session.commit()
    user.display_name = "丁委员"
    db.session.commit()
    created, update = events("app_user")
    assert created.changes["participant_id"] == [None, member.id]
    assert created.changes["role"] == [None, "member"]
    assert update.changes == {"display_name": ["丁", "丁委员"]}
