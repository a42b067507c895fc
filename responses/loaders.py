"""The loaders of the responses views: the record from its URL id, with the policy asked.

One place, so each view's first line reads the same and no view forgets the access check:
a missing record is a 404, one the user may not act on a 403 (or 404, as the policy's RULES
say). URL ids are already in range (the <id:...> converter); query-string ids are checked
here with `common.converters.is_id`.
"""

from enum import Enum
from typing import TypeVar

from flask import abort, request
from flask_login import current_user

from accounts.models import Role
from accounts.policy import get_or_404, require
from common.converters import is_id
from extensions import db
from participants.models import Department
from responses import commitments, ratings, replies
from responses.models import Assignment, Commitment, Reply

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


def arg_id(name: str) -> int | None:
    """A record id from the query string; None when absent or not an id."""
    value = request.args.get(name, type=int)
    return value if is_id(value) else None


def allowed_or_404(record: T | None, action: str) -> T:
    """The loaded record, if the user may do `action` to it: 404 when missing, else as the
    policy says."""
    if record is None:
        abort(404)
    require(current_user, action, record)
    return record


def managed_assignment(assignment_id: int, action: str) -> Assignment:
    """The assignment for the secretariat's pages (detail, reassign, return)."""
    return allowed_or_404(replies.load_assignment(assignment_id), action)


def inbox_assignment(assignment_id: int) -> Assignment:
    """The assignment as its department's working page shows it: the user may see the
    assignment and the department's inbox."""
    assignment = allowed_or_404(replies.load_assignment(assignment_id), "assignment.view")
    require(current_user, "inbox.view", assignment.department)
    return assignment


def reply_or_404(reply_id: int, action: str = "reply.view") -> Reply:
    return allowed_or_404(ratings.load_reply(reply_id), action)


def commitment_or_404(commitment_id: int, action: str = "commitment.view") -> Commitment:
    return allowed_or_404(commitments.load_commitment(commitment_id), action)


def arg_choice(name: str, enum: type[E]) -> E | None:
    """An enum member from the query string (?status=…); None when absent or unknown."""
    try:
        return enum(request.args.get(name, ""))
    except ValueError:
        return None


def inbox_department() -> Department | None:
    """Whose inbox: a department user's own (or 404 for another's), any for staff."""
    if request.args.get("department", ""):
        department_id = arg_id("department")
        if department_id is None:
            abort(404)
        department: Department = get_or_404(Department, department_id, "inbox.view")
        return department
    if current_user.role == Role.DEPARTMENT:
        own: Department | None = current_user.department
        if own is None:
            abort(403)
        require(current_user, "inbox.view", own)
        return own
    require(current_user, "inbox.view")
    return None


def staff_departments() -> list[Department]:
    """Staff choose whose inbox to open; a department user has only their own."""
    if current_user.role not in (Role.SECRETARIAT, Role.CHAIR):
        return []
    return list(db.session.scalars(db.select(Department).order_by(Department.name)))
