"""Reminders: notifications to the department's users, a 'reminded' event, and e-mail through
a real SMTP server the test starts (aiosmtpd on 127.0.0.1)."""

import socket
from datetime import date
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from common.errors import RuleViolation
from extensions import db
from responses import reminders
from responses.assignments import assign
from responses.models import AssignmentEventKind, AssignmentStatus, Notification
from responses.reminders import deliver, send_reminder
from tests.responses.assign.conftest import TODAY, answer, forget_notifications

PAST = date(2026, 1, 5)
DUE_PASSED = date(2026, 2, 20)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook)
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def mail_to(app):
    """Point Flask-Mail at `port` (really sending), and restore the test setup afterwards."""
    saved = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SUPPRESS_SEND")}

    def configure(port: int | None):
        if port is None:
            app.config.pop("MAIL_SERVER", None)
        else:
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SUPPRESS_SEND=False)
        reminders.mail.init_app(app)

    yield configure
    for key, value in saved.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value
    reminders.mail.init_app(app)


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def late_assignment(world, department=None):
    [a] = assign(
        world.opinion("关于增加普惠托位的建议"), [department or world.health], "single", today=PAST
    )
    a.due_date = DUE_PASSED
    forget_notifications()
    return a


def test_reminder_notifies_active_department_users_and_records_event(world, mail_to):
    mail_to(None)
    a = late_assignment(world)
    result = send_reminder(assignment=a, by_user=world.users["secretariat"], today=TODAY)
    db.session.commit()
    notes = db.session.scalars(select(Notification)).all()
    assert {n.user_id for n in notes} == {world.users["health"].id, world.users["health2"].id}
    assert all("关于增加普惠托位的建议" in n.message and "逾期" in n.message for n in notes)
    assert notes[0].link == f"/inbox/{a.id}"
    event = a.events[-1]
    assert event.kind == AssignmentEventKind.REMINDED
    assert event.actor_id == world.users["secretariat"].id
    assert "未配置邮件服务器" in event.note  # skipped, but on record
    assert result.notified == 2 and result.mails == []
    assert deliver(result) is True


def test_only_overdue_items_can_be_reminded(world):
    [a] = assign(world.opinion(), [world.health], "single", today=TODAY)
    with pytest.raises(RuleViolation) as caught:
        send_reminder(assignment=a, today=TODAY)
    assert caught.value.status == 409
    late = late_assignment(world)
    late.status = AssignmentStatus.REPLIED
    with pytest.raises(RuleViolation):
        send_reminder(assignment=late, today=TODAY)
    reply = answer(late, commitments=[(DUE_PASSED, "done")])
    with pytest.raises(RuleViolation):
        send_reminder(commitment=reply.commitments[0], today=TODAY)
    with pytest.raises(RuleViolation):
        send_reminder(today=TODAY)


def test_commitment_reminder_records_on_its_assignment(world, mail_to):
    mail_to(None)
    a = late_assignment(world, world.education)
    a.status = AssignmentStatus.REPLIED
    reply = answer(a, commitments=[(DUE_PASSED, "in_progress")])
    send_reminder(commitment=reply.commitments[0], today=TODAY)
    db.session.commit()
    assert a.events[-1].kind == AssignmentEventKind.REMINDED
    assert "成长驿站" in a.events[-1].note
    [note] = db.session.scalars(select(Notification)).all()
    assert note.user_id == world.users["education"].id and "承诺事项" in note.message


def test_department_reminder_covers_all_its_overdue_items(world, mail_to):
    mail_to(None)
    first, second = late_assignment(world), late_assignment(world)
    other = late_assignment(world, world.education)
    result = send_reminder(department=world.health, today=TODAY)
    db.session.commit()
    assert first.events[-1].kind == second.events[-1].kind == AssignmentEventKind.REMINDED
    assert other.events[-1].kind == AssignmentEventKind.ASSIGNED
    notes = db.session.scalars(select(Notification)).all()
    assert len(notes) == 2 and "2" in notes[0].message  # one summary per user
    assert result.notified == 2
    with pytest.raises(RuleViolation):
        send_reminder(department=world.finance, today=TODAY)


def test_reminder_email_arrives_in_chinese(world, mail_to, smtp):
    controller, inbox = smtp
    mail_to(controller.port)
    a = late_assignment(world)
    result = send_reminder(assignment=a, today=TODAY)
    db.session.commit()
    assert "weijian@example.gov.cn" in a.events[-1].note
    assert deliver(result) is True
    envelope = inbox.envelopes[-1]  # after the assignment's own e-mail (tests/responses/notices)
    assert envelope.rcpt_tos == ["weijian@example.gov.cn"]
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "【协商通】督办提醒：区卫健局有 1 项事项逾期"
    body = message.get_body().get_content()
    assert "区卫健局：" in body
    assert "关于增加普惠托位的建议" in body and "已逾期 10 天" in body
    assert "政协办公室" in body


def test_department_without_email_gets_no_mail_but_notifications(world, mail_to, smtp):
    controller, inbox = smtp
    mail_to(controller.port)
    finance_user = world.users["secretariat"]  # whoever; the finance bureau has no users
    a = late_assignment(world, world.finance)
    result = send_reminder(assignment=a, by_user=finance_user, today=TODAY)
    db.session.commit()
    assert deliver(result) is True and inbox.envelopes == []
    assert "未登记电子邮箱" in a.events[-1].note


def test_mail_failure_keeps_the_notification(world, mail_to, caplog):
    mail_to(free_port())  # nothing listens there
    a = late_assignment(world)
    result = send_reminder(assignment=a, today=TODAY)
    db.session.commit()
    assert deliver(result) is False
    assert "reminder e-mail" in caplog.text
    db.session.expire_all()
    assert len(db.session.scalars(select(Notification)).all()) == 2
