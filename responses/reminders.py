"""Reminders (催办): in-app notifications to a department's users and an e-mail to the department.

The notification and the "reminded" event are written in the request's transaction; the
e-mail goes out only after the commit (`deliver`, through responses.mailer with its
timeout), so a mail failure never undoes them and the board can say that it failed.
"""

import logging
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mail import Mail
from sqlalchemy import Select, func, select

from accounts.models import User
from common import clock
from common.errors import RuleViolation
from extensions import db
from participants.models import Department
from responses.board import BoardFilter
from responses.lifecycle import commitment_overdue, is_overdue, record_event
from responses.mailer import PendingMail, mail_configured, send_now
from responses.models import Assignment, AssignmentEventKind, Commitment, Notification
from responses.notices import assignment_link, department_users, notify_users, office_locale
from responses.overdue import overdue_assignments, overdue_commitments

log = logging.getLogger(__name__)
# Bound in app.register_extensions; sending goes through responses.mailer (it has a timeout).
mail = Mail()
__all__ = ["PendingMail", "ReminderResult", "deliver", "send_reminder"]


@dataclass
class ReminderResult:
    notified: int
    mails: list[PendingMail]
    mail_note: str


def _assignment_line(assignment: Assignment, today: date) -> str:
    return str(
        _(
            "Opinion “%(title)s” (%(meeting)s): reply due %(due)s, %(days)s days overdue.",
            title=assignment.opinion.title,
            meeting=assignment.opinion.meeting.title,
            due=assignment.due_date.isoformat(),
            days=(today - assignment.due_date).days,
        )
    )


def _commitment_line(commitment: Commitment, today: date) -> str:
    return str(
        _(
            "Commitment “%(text)s”: due %(due)s, %(days)s days overdue.",
            text=commitment.text,
            due=commitment.due_date.isoformat(),
            days=(today - commitment.due_date).days,
        )
    )


def _remind(
    department: Department,
    assignments: list[Assignment],
    commitments: list[Commitment],
    by_user: User | None,
    today: date,
) -> ReminderResult:
    if not assignments and not commitments:
        raise RuleViolation(_("There is nothing overdue to remind about."), 409)
    with force_locale(office_locale()):
        lines = [_assignment_line(a, today) for a in assignments]
        lines += [_commitment_line(c, today) for c in commitments]
        subject = _(
            "[XieShangTong] Reminder: %(count)s overdue item(s) for %(department)s",
            count=len(lines),
            department=department.name,
        )
        body = "\n".join(
            [
                _("%(department)s:", department=department.name),
                "",
                _("The following items handed to your department are overdue:"),
                "",
                *(f"{n}. {line}" for n, line in enumerate(lines, 1)),
                "",
                _("Please reply or report progress as soon as possible."),
                _("CPPCC secretariat"),
            ]
        )
        if not mail_configured():
            mail_note = _("No e-mail sent: no mail server is configured.")
        elif not department.email:
            mail_note = _("No e-mail sent: the department has no e-mail address.")
        else:
            mail_note = _("E-mail to %(address)s.", address=department.email)
        first = assignments[0] if assignments else commitments[0].reply.assignment
        link = assignment_link(first, "inbox.assignment_page")  # where they reply
        users = department_users(department.id)
        message = subject if len(lines) > 1 else lines[0]
        notify_users(users, message, link)
        for assignment in assignments:
            record_event(assignment, AssignmentEventKind.REMINDED, by_user, mail_note)
        for commitment in commitments:
            note = _("Commitment “%(text)s” is overdue.", text=commitment.text)
            record_event(
                commitment.reply.assignment,
                AssignmentEventKind.REMINDED,
                by_user,
                note + " " + mail_note,
            )
    db.session.flush()
    mails = []
    if mail_configured() and department.email:
        mails.append(PendingMail(department.email, subject, body))
    return ReminderResult(notified=len(users), mails=mails, mail_note=mail_note)


def send_reminder(
    assignment: Assignment | None = None,
    commitment: Commitment | None = None,
    department: Department | None = None,
    by_user: User | None = None,
    today: date | None = None,
    overdue: tuple[list[Assignment], list[Commitment]] | None = None,
) -> ReminderResult:
    """Remind a department about one overdue assignment, one overdue commitment, or all of
    its overdue items (`department` with `overdue` = its lists, e.g. from the board).

    Writes notifications and events (flush only). After committing, call `deliver(result)`.
    """
    on = today or clock.today()
    if assignment is not None:
        if not is_overdue(assignment, on):
            raise RuleViolation(_("This assignment is not overdue."), 409)
        return _remind(assignment.department, [assignment], [], by_user, on)
    if commitment is not None:
        if not commitment_overdue(commitment, on):
            raise RuleViolation(_("This commitment is not overdue."), 409)
        return _remind(commitment.department, [], [commitment], by_user, on)
    if department is not None:
        if overdue is None:
            filters = BoardFilter(department_id=department.id)
            overdue = (overdue_assignments(filters, on), overdue_commitments(filters, on))
        return _remind(department, overdue[0], overdue[1], by_user, on)
    raise RuleViolation(_("There is nothing overdue to remind about."), 409)


def deliver(result: ReminderResult) -> bool:
    """Send the reminder's e-mails (after the commit). False if one failed; errors are logged."""
    results = [send_now(pending, "reminder e-mail") for pending in result.mails]
    return all(results)


# ---------------------------------------------------------------- notifications page


def unread_count(user: User) -> int:
    count = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )
    return count or 0


def notifications_query(user: User) -> Select[Notification]:
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(
            Notification.read_at.is_not(None),
            Notification.created_at.desc(),
            Notification.id.desc(),
        )
    )


def get_notification_or_404(user: User, notification_id: int) -> Notification:
    """Someone else's notification is as good as missing."""
    from flask import abort

    note = db.session.get(Notification, notification_id) if 0 < notification_id < 2**31 else None
    if note is None or note.user_id != user.id:
        abort(404)
    return note


def mark_read(note: Notification) -> None:
    if note.read_at is None:
        note.read_at = clock.now()
    db.session.flush()


def mark_all_read(user: User) -> int:
    unread = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ).all()
    for note in unread:
        note.read_at = clock.now()
    db.session.flush()
    return len(unread)
