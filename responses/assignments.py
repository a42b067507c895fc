"""交办: assigning opinions to departments, reassigning, returns, and their history."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts.models import User
from accounts.policy import scope
from common import clock
from common.errors import RuleViolation
from common.locking import lock_row
from extensions import db
from meetings.models import MeetingStatus
from opinions.models import Opinion
from participants.models import Department
from responses import notices
from responses.lifecycle import ACTIVE_STATUSES, REASSIGNABLE_STATUSES, transition
from responses.models import (
    Assignment,
    AssignmentEvent,
    AssignmentRole,
    AssignmentStatus,
    HandlingMode,
    ReplyStatus,
)
from responses.notices import (
    assignment_link,
    department_users,
    notify_users,
    secretariat_users,
)
from responses.workdays import default_due_date

CLOSED_MEETING_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.CANCELLED)


@dataclass
class AssignmentPlan:
    """One opinion's requested assignment, as the bulk form delivers it."""

    opinion: Opinion
    departments: list[Department]
    mode: HandlingMode
    lead: Department | None = None


# ---------------------------------------------------------------- loading


def active_departments() -> list[Department]:
    return list(
        db.session.scalars(
            select(Department).where(Department.active.is_(True)).order_by(Department.name)
        )
    )


def active_assignments(opinion: Opinion) -> list[Assignment]:
    return [a for a in opinion.assignments if a.status in ACTIVE_STATUSES]


def assignments_for_opinion(opinion: Opinion, user: User | None = None) -> list[Assignment]:
    """An opinion's assignments with their history, as `user` may see them (one query).

    A department sees its own assignments (withdrawn ones excepted), a member those of their
    own opinions; staff see all of them, returned and withdrawn included.
    """
    stmt = (
        select(Assignment)
        .where(Assignment.opinion_id == opinion.id)
        .options(
            selectinload(Assignment.department),
            selectinload(Assignment.events).selectinload(AssignmentEvent.actor),
            selectinload(Assignment.replies),
        )
        .order_by(Assignment.id)
    )
    if user is not None:
        stmt = stmt.where(scope(user, "assignment.view"))  # the policy decides who sees which
    return list(db.session.scalars(stmt))


def unassigned_opinions(meeting_id: int) -> list[Opinion]:
    """A meeting's opinions without an active assignment, in meeting order."""
    opinions = db.session.scalars(
        select(Opinion)
        .where(Opinion.meeting_id == meeting_id)
        .options(selectinload(Opinion.assignments), selectinload(Opinion.speaker))
        .order_by(Opinion.position, Opinion.id)
    )
    return [o for o in opinions if not active_assignments(o)]


# ---------------------------------------------------------------- rules


def _check_opinion_assignable(opinion: Opinion) -> None:
    if opinion.meeting.status in CLOSED_MEETING_STATUSES:
        raise RuleViolation(
            _(
                "Opinions of a %(status)s meeting cannot be assigned.",
                status=opinion.meeting.status.label,
            ),
            409,
        )
    if active_assignments(opinion):
        raise RuleViolation(
            _("This opinion is already assigned; reassign a department instead."), 409
        )


def _check_department(department: Department) -> None:
    if not department.active:
        raise RuleViolation(
            _("%(name)s is no longer active and cannot be assigned.", name=department.name)
        )


def _check_due_date(due_date: date | None, on: date) -> None:
    if due_date is not None and due_date < on:
        raise RuleViolation(_("The due date of an assignment cannot lie in the past."))


def _roles_for(
    departments: Sequence[Department], mode: HandlingMode, lead: Department | None
) -> list[tuple[Department, AssignmentRole]]:
    """Check that mode and departments fit together; each department with its role."""
    if not departments:
        raise RuleViolation(_("Choose at least one department for the assignment."))
    ids = [d.id for d in departments]
    if len(set(ids)) != len(ids):
        raise RuleViolation(_("A department can be assigned only once per opinion."))
    if mode == HandlingMode.SINGLE:
        if len(departments) != 1:
            raise RuleViolation(_("Single-department handling takes exactly one department."))
        return [(departments[0], AssignmentRole.LEAD)]
    if mode == HandlingMode.SPLIT:
        if len(departments) < 2:
            raise RuleViolation(_("Split handling needs two or more departments."))
        return [(d, AssignmentRole.LEAD) for d in departments]
    # 会办: one lead, at least one co-handler; the lead may or may not be in the list.
    if lead is None:
        raise RuleViolation(_("Joint handling needs a lead department."))
    co_handlers = [d for d in departments if d.id != lead.id]
    if not co_handlers:
        raise RuleViolation(_("Joint handling needs at least one co-handling department."))
    return [(lead, AssignmentRole.LEAD)] + [(d, AssignmentRole.CO) for d in co_handlers]


# ---------------------------------------------------------------- writes


def assign(
    opinion: Opinion,
    departments: Iterable[Department],
    mode: HandlingMode | str,
    lead: Department | None = None,
    due_date: date | None = None,
    by_user: User | None = None,
    note: str = "",
    today: date | None = None,
) -> list[Assignment]:
    """Hand an opinion to one or more departments in a handling mode (单办/分办/会办)."""
    try:
        mode = HandlingMode(mode)
    except ValueError:
        raise RuleViolation(_("Unknown handling mode.")) from None
    on = today or clock.today()
    departments = list(departments)
    # Parallel assigns of one opinion queue here, so the check below sees what the others
    # committed; the unique index on live opinion × department is the last line behind it.
    lock_row(opinion)
    _check_opinion_assignable(opinion)
    roles = _roles_for(departments, mode, lead)
    for department, _role in roles:
        _check_department(department)
    _check_due_date(due_date, on)
    due = due_date or default_due_date(on)
    created = []
    for department, role in roles:
        assignment = Assignment(
            opinion=opinion,
            department=department,
            mode=mode,
            role=role,
            due_date=due,
            assigned_by_id=by_user.id if by_user is not None else None,
        )
        db.session.add(assignment)
        transition(assignment, AssignmentStatus.ASSIGNED, by_user, note.strip())
        created.append(assignment)
    db.session.flush()
    for assignment in created:
        notify_assigned(assignment)
    return created


def notify_assigned(assignment: Assignment) -> None:
    """交办通知: the department's liaisons learn of a new item without watching the inbox."""
    message = _(
        "New assignment for %(department)s: “%(title)s”, reply due %(due)s.",
        department=assignment.department.name,
        title=assignment.opinion.title,
        due=assignment.due_date.isoformat(),
    )
    notify_users(
        department_users(assignment.department_id),
        message,
        assignment_link(assignment, "inbox.assignment_page"),
    )
    notices.mail_assigned(assignment)  # and by e-mail, once the transaction commits


def assign_many(
    plans: Sequence[AssignmentPlan],
    due_date: date | None = None,
    by_user: User | None = None,
    today: date | None = None,
) -> tuple[list[Assignment], dict[int, str]]:
    """Bulk assignment: every plan is tried; errors come back per opinion id.

    The caller commits only when the error dict is empty (all or nothing) and rolls back
    otherwise, so a rejected row never leaves the others half-done.
    """
    created: list[Assignment] = []
    errors: dict[int, str] = {}
    if not plans:
        raise RuleViolation(_("Choose departments for at least one opinion."))
    for plan in plans:
        try:
            created += assign(
                plan.opinion,
                plan.departments,
                plan.mode,
                lead=plan.lead,
                due_date=due_date,
                by_user=by_user,
                today=today,
            )
        except RuleViolation as error:
            errors[plan.opinion.id] = error.message
    return created, errors


def reassign(
    assignment: Assignment,
    department: Department,
    by_user: User | None = None,
    note: str = "",
    due_date: date | None = None,
    today: date | None = None,
) -> Assignment:
    """Replace the department of an assignment; the old one stays, withdrawn, as history."""
    on = today or clock.today()
    lock_row(assignment.opinion)  # one writer per opinion: a parallel reassign waits here
    db.session.expire(assignment)  # ... and then reads the status that one left
    if assignment.status not in REASSIGNABLE_STATUSES:
        raise RuleViolation(
            _(
                "An assignment that is %(status)s cannot be reassigned.",
                status=assignment.status.label,
            ),
            409,
        )
    _check_department(department)
    if department.id == assignment.department_id:
        raise RuleViolation(_("Choose a different department to reassign to."))
    siblings = [a for a in active_assignments(assignment.opinion) if a.id != assignment.id]
    if any(a.department_id == department.id for a in siblings):
        raise RuleViolation(_("A department can be assigned only once per opinion."))
    _check_due_date(due_date, on)
    old_department = assignment.department
    replacement = Assignment(
        opinion=assignment.opinion,
        department=department,
        mode=assignment.mode,
        role=assignment.role,
        due_date=due_date or default_due_date(on),
        assigned_by_id=by_user.id if by_user is not None else None,
        replaces=assignment,
    )
    db.session.add(replacement)
    note = note.strip()
    transition(
        assignment,
        AssignmentStatus.WITHDRAWN,
        by_user,
        _("Reassigned to %(name)s.", name=department.name) + (" " + note if note else ""),
    )
    transition(
        replacement,
        AssignmentStatus.ASSIGNED,
        by_user,
        _("Taken over from %(name)s.", name=old_department.name) + (" " + note if note else ""),
    )
    db.session.flush()
    notify_assigned(replacement)
    return replacement


def return_assignment(assignment: Assignment, reason: str, by_user: User | None = None) -> None:
    """A department sends back an assignment that is not theirs; the secretariat is told."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Say why the assignment is not for your department."))
    lock_row(assignment)  # a double click returns it once
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise RuleViolation(
            _(
                "An assignment that is %(status)s cannot be returned.",
                status=assignment.status.label,
            ),
            409,
        )
    if any(r.status == ReplyStatus.SUBMITTED for r in assignment.replies):
        raise RuleViolation(_("A department that has replied cannot return the assignment."), 409)
    assignment.return_reason = reason
    transition(assignment, AssignmentStatus.RETURNED, by_user, reason)
    message = _(
        "%(department)s returned the opinion “%(title)s”: %(reason)s",
        department=assignment.department.name,
        title=assignment.opinion.title,
        reason=reason,
    )
    notify_users(secretariat_users(), message, assignment_link(assignment))
    db.session.flush()
