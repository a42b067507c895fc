"""Who hears about what waits for them, and the link they follow.

In-app notifications are written with the request's transaction; e-mails go through the
mailer's outbox, so they leave only after that transaction commits. Both are written in
the office's language (the default locale), whatever language the acting user reads.
"""

from collections.abc import Iterable
from typing import Any

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select
from werkzeug.routing import BuildError

from accounts.models import Role, User
from common.models import now
from extensions import db
from responses import mailer
from responses.models import Assignment, Notification, Reply


def secretariat_users() -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == Role.SECRETARIAT, User.active.is_(True)))
    )


def department_users(department_id: int) -> list[User]:
    """The active accounts of a department."""
    return _active_users(Role.DEPARTMENT, User.department_id == department_id)


def member_users(participant_id: int) -> list[User]:
    """The active member accounts of a participant (the speaker of an opinion)."""
    return _active_users(Role.MEMBER, User.participant_id == participant_id)


def _active_users(role: Role, whose: ColumnElement[bool]) -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == role, whose, User.active.is_(True)))
    )


def notify_users(users: Iterable[User], message: str, link: str = "") -> list[Notification]:
    notes = [
        Notification(user_id=u.id, message=message, link=link, created_at=now()) for u in users
    ]
    db.session.add_all(notes)
    return notes


def path_for(endpoint: str, fallback: str | None = None, **values: Any) -> str:
    """A path to a page that works with or without a request (CLI, demo loader)."""

    def build() -> str:
        try:
            return url_for(endpoint, **values)
        except BuildError:
            if fallback is None:
                raise
            return url_for(fallback, **values)

    if has_request_context():
        return build()
    with current_app.test_request_context():
        return build()


def assignment_link(assignment: Assignment, endpoint: str = "assignments.assignment_detail") -> str:
    """A path to an assignment's page; `endpoint` may name another package's page (the
    department inbox), the assignment's own page standing in when it is not registered."""
    db.session.flush()  # a new assignment needs its id
    return path_for(endpoint, "assignments.assignment_detail", assignment_id=assignment.id)


def office_locale() -> str:
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE", "zh_CN"))


def absolute(path: str) -> str:
    """The link for an e-mail: absolute when a request tells the host, else the path."""
    return request.host_url.rstrip("/") + path if has_request_context() else path


def mail(recipient: str | None, subject: str, lines: list[str]) -> None:
    if recipient and mailer.mail_configured():
        body = "\n".join([*lines, "", _("CPPCC secretariat")])
        mailer.queue(mailer.PendingMail(recipient, subject, body))


def mail_assigned(assignment: Assignment) -> None:
    """交办通知 by e-mail to the department's address (the in-app notice is written by
    responses.assignments.notify_assigned)."""
    department = assignment.department
    if not department.email or not mailer.mail_configured():
        return
    link = assignment_link(assignment, "inbox.assignment_page")
    opinion = assignment.opinion
    with force_locale(office_locale()):
        mail(
            department.email,
            _("[XieShangTong] New assignment: %(title)s", title=opinion.title),
            [
                _("%(department)s:", department=department.name),
                "",
                _(
                    "The opinion “%(title)s” from the meeting “%(meeting)s” has been assigned "
                    "to your department (%(mode)s, %(role)s).",
                    title=opinion.title,
                    meeting=opinion.meeting.title,
                    mode=assignment.mode.label,
                    role=assignment.role.label,
                ),
                _("Reply due: %(due)s.", due=assignment.due_date.isoformat()),
                _("Open it here: %(link)s", link=absolute(link)),
            ],
        )


def rated(reply: Reply, user: User) -> None:
    """The member has rated the reply: its "please rate" notice is done with (read)."""
    link = path_for("inbox.reply_page", reply_id=reply.id)
    for note in db.session.scalars(
        select(Notification).where(
            Notification.user_id == user.id,
            Notification.link == link,
            Notification.read_at.is_(None),
        )
    ):
        note.read_at = now()
    db.session.flush()
