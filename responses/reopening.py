"""The secretariat reopens an assignment closed by mistake (e.g. an oral reply whose promise
was never recorded): with a reason, on the assignment's history and in the audit trail.

An assignment is closed (DONE) only by lifecycle.settle, always from REPLIED, so reopening
returns it to REPLIED: the reply stays on record, commitments can be added again, and the
assignment closes once more when its last commitment is done (lifecycle.settle).
"""

from flask_babel import gettext as _

from accounts.models import User
from common.errors import RuleViolation
from extensions import db
from responses.lifecycle import transition
from responses.models import Assignment, AssignmentStatus

MAX_REASON = 2000


def reopen_closed(assignment: Assignment, reason: str, by_user: User | None) -> Assignment:
    """DONE -> REPLIED with the reason as the event's note (the audit row follows the flush)."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Please say why the assignment is reopened."))
    if len(reason) > MAX_REASON:
        raise RuleViolation(_("The reason is too long (at most 2000 characters)."))
    if assignment.status != AssignmentStatus.DONE:
        raise RuleViolation(
            _(
                "Only a closed assignment can be reopened; this one is %(status)s.",
                status=assignment.status.label,
            ),
            409,
        )
    transition(assignment, AssignmentStatus.REPLIED, by_user, reason)
    db.session.flush()
    return assignment
