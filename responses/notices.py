"""Who hears about what waits for them, and the link they follow.

In-app notifications are written with the request's transaction; e-mails go through the
mailer's outbox, so they leave only after that transaction commits. Both are written in
the office's language (the default locale), whatever language the acting user reads.
"""

from collections.abc import Iterable

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
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
    return list(
        db.session.scalars(
            select(User).where(
                User.role == Role.DEPARTMENT,
                User.department_id == department_id,
                User.active.is_(True),
            )
        )
    )


def member_users(participant_id: int) -> list[User]:
    """The active member accounts of a participant (the speaker of an opinion)."""
    return list(
        db.session.scalars(
            select(User).where(
                User.role == Role.MEMBER,
                User.participant_id == participant_id,
                User.active.is_(True),
            )
        )
    )


def notify_users(users: Iterable[User], message: str, link: str = "") -> list[Notification]:
    notes = [
        Notification(user_id=u.id, message=message, link=link, created_at=now()) for u in users
    ]
    db.session.add_all(notes)
    return notes


def _path(endpoint: str, fallback: str | None = None, **values: object) -> str:
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
    return _path(endpoint, "assignments.assignment_detail", assignment_id=assignment.id)


def _office_locale() -> str:
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "zh_CN")


def _absolute(path: str) -> str:
    """The link for an e-mail: absolute when a request tells the host, else the path."""
    return request.host_url.rstrip("/") + path if has_request_context() else path


def _mail(recipient: str | None, subject: str, lines: list[str]) -> None:
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
    with force_locale(_office_locale()):
        _mail(
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
                _("Open it here: %(link)s", link=_absolute(link)),
            ],
        )


def notify_reply_to_rate(reply: Reply) -> None:
    """满意度测评: the member whose opinion a submitted written reply answers is asked to rate
    it, in-app and by e-mail (to the participant's address) when mail is configured."""
    from responses.ratings import rateable

    assignment = reply.assignment
    if not rateable(reply) or assignment.role.value != "lead" or reply.rating is not None:
        return
    opinion = assignment.opinion
    if opinion.speaker_id is None:
        return
    members = member_users(opinion.speaker_id)
    if not members:
        return
    db.session.flush()
    link = _path("inbox.reply_page", reply_id=reply.id)
    with force_locale(_office_locale()):
        message = _(
            "%(department)s replied to your opinion “%(title)s”: please read the reply and "
            "rate it.",
            department=assignment.department.name,
            title=opinion.title,
        )
        notify_users(members, message, link)
        _mail(
            opinion.speaker.email,
            _("[XieShangTong] A reply awaits your rating: %(title)s", title=opinion.title),
            [
                _("Dear %(name)s,", name=opinion.speaker.name),
                "",
                message,
                _("Read and rate it here: %(link)s", link=_absolute(link)),
            ],
        )


def rated(reply: Reply, user: User) -> None:
    """The member has rated the reply: its "please rate" notice is done with (read)."""
    link = _path("inbox.reply_page", reply_id=reply.id)
    for note in db.session.scalars(
        select(Notification).where(
            Notification.user_id == user.id,
            Notification.link == link,
            Notification.read_at.is_(None),
        )
    ):
        note.read_at = now()
    db.session.flush()


def landing_path(user: User) -> str:
    """Where each role's work is: a department's inbox, a member's replies to rate (or
    their meetings when none waits), the meetings for the chair and the secretariat."""
    role = getattr(user, "role", None)
    if role == Role.DEPARTMENT:
        return url_for("inbox.inbox")
    if role == Role.MEMBER:
        from responses.ratings import awaiting_rating

        if awaiting_rating(user):
            return url_for("inbox.replies_to_rate")
    return url_for("meetings.list_meetings")
