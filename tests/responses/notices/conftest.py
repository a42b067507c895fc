"""Fixtures for notices: a world with a member's opinion, a department, and a real SMTP
server (aiosmtpd on 127.0.0.1) that the app is pointed at."""

import socket
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from extensions import db
from opinions.models import Opinion
from tests import factories

MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_SUPPRESS_SEND", "MAIL_TIMEOUT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """The SMTP server's handler: keeps what arrives; `refuse` answers every message 554."""

    def __init__(self) -> None:
        self.envelopes = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook)
        if self.refuse:
            return "554 Transaction failed"
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


@pytest.fixture
def mail_to(app):
    """Point the app's mail settings at a port (really sending); restore them afterwards."""
    saved = {k: app.config.get(k) for k in MAIL_KEYS}

    def configure(port: int | None, **extra) -> None:
        if port is None:
            app.config.pop("MAIL_SERVER", None)
        else:
            app.config.update(
                MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SUPPRESS_SEND=False, **extra
            )

    yield configure
    for key, value in saved.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value


@pytest.fixture
def smtp(mail_to):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mail_to(controller.port)
    yield inbox
    controller.stop()


@dataclass
class World:
    meeting: object
    member: object  # the participant
    member_user: object
    health: object
    health_user: object
    secretariat: object
    opinion: Opinion


@pytest.fixture
def world(app, secretariat) -> World:
    health = factories.make_department("区卫健局", email="weijian@example.gov.cn")
    member = factories.make_participant("王喆", kind="member", email="wangzhe@example.org")
    meeting = factories.make_meeting("推进普惠托育服务体系建设", status="held")
    member_user = factories.make_user("member", role="member", participant=member)
    health_user = factories.make_user("health", role="department", department=health)
    opinion = factories.make_opinion(
        meeting, member, "关于增加普惠托位的建议", body="托位供给不足。", channel="oral"
    )
    db.session.commit()
    return World(meeting, member, member_user, health, health_user, secretariat, opinion)
