"""Outgoing e-mail: queued while a write runs, sent only once its transaction commits.

`queue()` keeps the message on the database session; the session's `after_commit` hook
sends it, and a transaction that ends without a commit (rollback, error, closed session)
drops it. Sending never raises: a refused or unreachable mail server is logged and the
user's request goes on. The connection has a timeout (MAIL_TIMEOUT, seconds), so a mail
server that hangs cannot hold a worker for long. Settings are Flask-Mail's names
(MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS, MAIL_USE_SSL, MAIL_USERNAME, MAIL_PASSWORD,
MAIL_DEFAULT_SENDER, MAIL_SUPPRESS_SEND).
"""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from extensions import db

log = logging.getLogger(__name__)
OUTBOX = "mailer_outbox"
DEFAULT_TIMEOUT = 10


@dataclass
class PendingMail:
    """An e-mail to send once the write that caused it is committed."""

    recipient: str
    subject: str
    body: str


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _suppressed() -> bool:
    """Flask-Mail's rule: tests send nothing unless they ask (MAIL_SUPPRESS_SEND=False)."""
    return bool(current_app.config.get("MAIL_SUPPRESS_SEND", current_app.testing))


def _message(pending: PendingMail) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = pending.subject
    message["From"] = config.get("MAIL_DEFAULT_SENDER") or "noreply@localhost"
    message["To"] = pending.recipient
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid()
    message.set_content(pending.body, charset="utf-8")
    return message


def send_now(pending: PendingMail, what: str = "e-mail") -> bool:
    """Send one message at once; False (and a log line) if the server refused or failed."""
    if not mail_configured() or _suppressed():
        return True
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT", DEFAULT_TIMEOUT))
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with smtp_class(host, port, timeout=timeout) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(_message(pending))
    except (OSError, smtplib.SMTPException, ValueError):
        log.exception("%s to %s failed", what, pending.recipient)
        return False
    return True


def queue(pending: PendingMail) -> None:
    """Send `pending` after the current transaction commits (never if it rolls back)."""
    install()
    db.session.info.setdefault(OUTBOX, []).append(pending)


def queued() -> list[PendingMail]:
    """What the current transaction will send when it commits."""
    return list(db.session.info.get(OUTBOX, []))


def _after_commit(session: Session) -> None:
    for pending in session.info.pop(OUTBOX, []):
        try:
            send_now(pending)
        except Exception:  # noqa: BLE001  (the write is committed: a mail never undoes it)
            log.exception("e-mail to %s failed", pending.recipient)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # A committed outbox was emptied just before; what is left belongs to a rollback.
    if transaction.parent is None and not transaction.nested:
        session.info.pop(OUTBOX, None)


def install() -> None:
    """Hook the outbox into db.session (idempotent)."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_transaction_end", _after_transaction_end)
