"""Who may do what: the one permission policy that views, templates and services ask.

    can(user, "meeting.view", meeting)      -> bool (templates: {% if can(current_user, ...) %})
    require(user, "meeting.manage", meeting) -> aborts 403, or 404 when the user may not
                                                even see the object (its existence is private)
    @permission_required("user.manage")      -> coarse check for a whole view
    scope(user, "opinion.view")              -> WHERE clause: the rows `can` allows (lists)

Committees: every answer is also bounded by the user's committee (accounts.reach): an
object of another committee is out of reach (404), except that a city's staff read their
districts' records; lists are narrowed by the same rule for every query of the request.

RULES below is the whole matrix: action -> {role: rule}. A rule is ALL (every object) or a
predicate (user, obj) -> bool for per-object scope. Every predicate of a kind of record that
is ever listed has its SQL twin in accounts.scopes (SCOPES), and every list query takes its
WHERE clause from scope(): one rule, two halves, proven equal by
tests/accounts/test_scope_agreement.py. Who reads what is stated in words there. A role
missing from an action's row may never do it. Without an object, `can` answers "may this
role do it to some object?" (links, menus); views that handle one object must pass it.

Rules for records that arrive in later issues (opinions, assignments, replies, reports) are
written against duck-typed objects:
    opinion:    .meeting, .submitted_by_id, optional .speaker_id, optional .assignments
    assignment: .department_id, optional .opinion
    reply:      .assignment, .status ("draft"/"submitted", or an enum with that value)
    report:     .finalised_at (None while a draft)
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, false, select, true

from accounts.models import Role, User
from accounts.reach import in_reach, readable_committees
from accounts.scopes import SCOPES, department_meetings
from committees.models import CommitteeLevel
from common.converters import MAX_ID
from extensions import db
from meetings.models import Invitation, MeetingStatus

ViewT = TypeVar("ViewT", bound=Callable[..., Any])
SEC, CHAIR, MEMBER, DEPT = Role.SECRETARIAT, Role.CHAIR, Role.MEMBER, Role.DEPARTMENT


def ALL(_user: User, _obj: Any) -> bool:  # noqa: N802  (reads as a constant in the table)
    return True


# --- per-object predicates ---------------------------------------------------------------


def _value(status: Any) -> str:
    return str(getattr(status, "value", status))


def invited_to(user: User, meeting: Any) -> bool:
    """A member sees a meeting once it is announced (not a draft) and they are invited."""
    if user.participant_id is None or meeting is None or meeting.status == MeetingStatus.DRAFT:
        return False
    return (
        db.session.scalar(
            select(Invitation.id).where(
                Invitation.meeting_id == meeting.id,
                Invitation.participant_id == user.participant_id,
            )
        )
        is not None
    )


def department_involved(user: User, meeting: Any) -> bool:
    """A department sees an announced meeting where it responds or presents."""
    if user.department_id is None or meeting is None or meeting.status == MeetingStatus.DRAFT:
        return False
    return bool(db.session.scalar(select(department_meetings(user.department_id, meeting.id))))


def own_participant(user: User, participant: Any) -> bool:
    return user.participant_id is not None and participant.id == user.participant_id


def own_department(user: User, department: Any) -> bool:
    return user.department_id is not None and department.id == user.department_id


def own_opinion(user: User, opinion: Any) -> bool:
    if getattr(opinion, "submitted_by_id", None) == user.id:
        return True
    speaker_id = getattr(opinion, "speaker_id", None)
    return user.participant_id is not None and speaker_id == user.participant_id


def opinion_readable_by_member(user: User, opinion: Any) -> bool:
    """Invited to an announced meeting, a member reads all its opinions (the room heard them);
    the handling of an opinion (assignment.view, reply.view) stays the speaker's own."""
    return own_opinion(user, opinion) or invited_to(user, opinion.meeting)


def own_opinion_while_open(user: User, opinion: Any) -> bool:
    """A member edits their own opinion while the window is open and until it is assigned:
    a department must never answer a text that changed after it was handed over."""
    return (
        own_opinion(user, opinion)
        and bool(opinion.meeting.opinions_open)
        and not any(_value(a.status) != "withdrawn" for a in getattr(opinion, "assignments", ()))
    )


def may_submit_opinion(user: User, meeting: Any) -> bool:
    return bool(meeting.opinions_open) and invited_to(user, meeting)


def assigned_to_department(user: User, opinion: Any) -> bool:
    return user.department_id is not None and any(
        own_department_assignment(user, a) for a in getattr(opinion, "assignments", ())
    )


def own_department_assignment(user: User, assignment: Any) -> bool:
    """A department's own assignment; one withdrawn by a reassignment no longer counts."""
    return (
        user.department_id is not None
        and assignment.department_id == user.department_id
        and _value(getattr(assignment, "status", None)) != "withdrawn"
    )


def assignment_of_own_opinion(user: User, assignment: Any) -> bool:
    opinion = getattr(assignment, "opinion", None)
    return opinion is not None and own_opinion(user, opinion)


def own_department_commitment(user: User, obj: Any) -> bool:
    """A commitment the department is responsible for, or one its own reply made (a 会办
    lead may promise for a co-handler: both follow it). `obj` may also be the assignment a
    commitment is added to."""
    if own_department_assignment(user, obj):
        return True
    reply = getattr(obj, "reply", None)
    return reply is not None and own_department_assignment(user, reply.assignment)


def own_department_reply(user: User, reply: Any) -> bool:
    return own_department_assignment(user, reply.assignment)


def own_department_draft_reply(user: User, reply: Any) -> bool:
    return own_department_reply(user, reply) and _value(reply.status) == "draft"


def submitted_reply_to_own_opinion(user: User, reply: Any) -> bool:
    """The member reads the replies sent to them, never a co-handler's input to the lead."""
    return (
        _value(reply.status) == "submitted"
        and _value(getattr(reply, "purpose", "reply")) == "reply"
        and assignment_of_own_opinion(user, reply.assignment)
    )


def committee_in_reach(user: User, committee: Any) -> bool:
    """A committee the user reads: their own, and for a city's staff its districts."""
    return bool(committee.id in readable_committees(user))


def heads_the_city(user: User, committee: Any) -> bool:
    """The secretariat of a city committee adds its districts and counties (obj: the city)."""
    return bool(committee.id == user.committee_id and committee.level == CommitteeLevel.CITY)


def finalised(_user: User, report: Any) -> bool:
    return getattr(report, "finalised_at", None) is not None


# --- the matrix --------------------------------------------------------------------------

Rule = Callable[[User, Any], bool]

RULES: dict[str, dict[Role, Rule]] = {
    # Meetings: lists are narrowed with scope(user, "meeting.view"), one meeting with can().
    "meeting.list": {SEC: ALL, CHAIR: ALL, MEMBER: ALL, DEPT: ALL},
    "meeting.view": {SEC: ALL, CHAIR: ALL, MEMBER: invited_to, DEPT: department_involved},
    "meeting.manage": {SEC: ALL},  # create, edit, status, invitations, agenda, opinion window
    # 办结: the chair, who states the consensus, may also close the consultation.
    "meeting.close": {SEC: ALL, CHAIR: ALL},
    # The meeting day's speakers list (发言顺序, timer): the secretariat and the chair run it.
    "speakers.manage": {SEC: ALL, CHAIR: ALL},
    # The directory holds contact details: staff only, plus a member's own record.
    "participant.list": {SEC: ALL, CHAIR: ALL},
    "participant.view": {SEC: ALL, CHAIR: ALL, MEMBER: own_participant},
    "participant.manage": {SEC: ALL},
    "department.list": {SEC: ALL, CHAIR: ALL},
    "department.view": {SEC: ALL, CHAIR: ALL, DEPT: own_department},
    "department.manage": {SEC: ALL},
    # Accounts and the trail.
    "user.manage": {SEC: ALL},
    "office.manage": {SEC: ALL},  # the office's settings: issuing body, addressee, 版记, numbers
    "audit.view": {SEC: ALL, CHAIR: ALL},
    # Committees (obj: a committee). A city's staff see their districts; its secretariat
    # creates them with their first secretariat account (obj: the city itself).
    "committee.view": {SEC: committee_in_reach, CHAIR: committee_in_reach},
    "committee.manage": {SEC: heads_the_city},
    "account.password": {SEC: ALL, CHAIR: ALL, MEMBER: ALL, DEPT: ALL},
    # Opinions (意见建议): obj is an opinion, or the meeting for opinion.create.
    "opinion.view": {
        SEC: ALL,
        CHAIR: ALL,
        MEMBER: opinion_readable_by_member,
        DEPT: assigned_to_department,
    },
    "opinion.create": {SEC: ALL, MEMBER: may_submit_opinion},
    "opinion.record": {SEC: ALL},  # records opinions for any speaker (a member: their own)
    "opinion.list_own": {MEMBER: ALL},  # "my opinions": a member's own record
    "opinion.edit": {SEC: ALL, MEMBER: own_opinion_while_open},
    "consensus.edit": {SEC: ALL, CHAIR: ALL},
    # Assignments (交办), replies (答复), commitments (承诺事项), ratings.
    "assignment.view": {
        SEC: ALL,
        CHAIR: ALL,
        MEMBER: assignment_of_own_opinion,
        DEPT: own_department_assignment,
    },
    # The handling's internals (who acted, notes, return reasons, reply authors, the inbox):
    # for the people handling it, not for the member who is answered.
    "assignment.see_internal": {SEC: ALL, CHAIR: ALL, DEPT: ALL},
    "assignment.manage": {SEC: ALL},
    "assignment.return": {DEPT: own_department_assignment},  # "not ours", with a reason
    "board.view": {SEC: ALL, CHAIR: ALL},  # follow-up board (跟踪督办)
    "notification.view": {SEC: ALL, CHAIR: ALL, MEMBER: ALL, DEPT: ALL},  # one's own only
    "reply.view": {
        SEC: ALL,
        CHAIR: ALL,
        MEMBER: submitted_reply_to_own_opinion,
        DEPT: own_department_reply,
    },
    "reply.edit": {SEC: ALL, DEPT: own_department_draft_reply},
    "reply.rate": {MEMBER: submitted_reply_to_own_opinion},
    "commitment.view": {SEC: ALL, CHAIR: ALL, DEPT: own_department_commitment},
    "commitment.edit": {SEC: ALL, DEPT: own_department_commitment},
    # A department's inbox (obj: the department); staff may open any department's.
    "inbox.view": {SEC: ALL, CHAIR: ALL, DEPT: own_department},
    "inbox.own": {DEPT: ALL},  # "my assignments": the user's department's inbox is theirs
    # Documents: the secretariat drafts, the chair approves; members read finalised ones.
    "report.view": {SEC: ALL, CHAIR: ALL, MEMBER: finalised},
    "report.generate": {SEC: ALL},
    "report.finalise": {SEC: ALL, CHAIR: ALL},
    # Finding and counting. Search results and registers are narrowed to what each role may
    # read (a department: its own items; a member: their own opinions and replies to them).
    "search.use": {SEC: ALL, CHAIR: ALL, MEMBER: ALL, DEPT: ALL},
    "register.view": {SEC: ALL, CHAIR: ALL, MEMBER: ALL, DEPT: ALL},  # opinion/reply lists, exports
    "dashboard.view": {SEC: ALL, CHAIR: ALL},
    # Bringing in what offices already have: participant lists, written speeches.
    "participant.import": {SEC: ALL},
    "opinion.import": {SEC: ALL},  # obj: the meeting the speech becomes an opinion of
}


# Actions whose object is not of their own kind: creating an opinion is asked of a meeting.
OBJECT_VIEW_ACTIONS = {
    "opinion.create": "meeting.view",
    "opinion.import": "meeting.view",
    "consensus.edit": "meeting.view",
}


def view_action_for(action: str) -> str | None:
    """The read permission that guards the same kind of object ("reply.edit" -> "reply.view")."""
    if action in OBJECT_VIEW_ACTIONS:
        return OBJECT_VIEW_ACTIONS[action]
    candidate = action.split(".", 1)[0] + ".view"
    return candidate if candidate in RULES and candidate != action else None


def _rule(user: Any, action: str) -> Rule | None:
    if action not in RULES:
        raise KeyError(f"unknown permission {action!r}: add it to accounts.policy.RULES")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return RULES[action].get(user.role)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May this user do `action` (to `obj`, when given)? Unknown actions raise KeyError."""
    rule = _rule(user, action)
    if rule is None:
        return False
    if obj is None:
        return True
    # The committee comes first: another district's record is out of reach whatever the
    # role may do to such records (accounts.reach).
    return in_reach(user, action, obj) and bool(rule(user, obj))


def can_start(user: Any, action: str, parent: Any) -> bool:
    """May the user do `action` to a record not made yet, under `parent` (a first reply to
    an assignment)? The role's rule without an object, bounded by the parent's committee."""
    return can(user, action) and in_reach(user, action, parent)


def require(user: Any, action: str, obj: Any = None) -> None:
    """Abort unless allowed: 404 if the user may not even see `obj`, otherwise 403."""
    if can(user, action, obj):
        return
    if obj is not None:
        view_action = action if action.endswith(".view") else view_action_for(action)
        if view_action and _rule(user, view_action) is not None and not can(user, view_action, obj):
            abort(404)
    abort(403)


def get_or_404(model: type, object_id: int, action: str, user: Any = None) -> Any:
    """Load one record for a view: 404 when missing, then require(user, action, record)."""
    # Ids are INTEGER columns: a larger number would be a database error, not a miss.
    obj = db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None
    if obj is None:
        abort(404)
    require(current_user if user is None else user, action, obj)
    return obj


def permission_required(action: str) -> Callable[[ViewT], ViewT]:
    """Coarse check for a whole view: the signed-in user's role may do `action` at all."""

    def decorator(view: ViewT) -> ViewT:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(current_user, action)
            return view(*args, **kwargs)

        return cast(ViewT, wrapped)

    return decorator


def scope(user: Any, action: str) -> ColumnElement[bool]:
    """The list half of `action`: WHERE clause for exactly the rows `can(user, action, row)`
    allows. `select(Opinion).where(scope(user, "opinion.view"))`; SQL in accounts.scopes."""
    rule = _rule(user, action)
    if rule is None:
        return false()
    if rule is ALL:
        return true()
    if action not in SCOPES or user.role not in SCOPES[action]:
        raise KeyError(f"{action!r} has no list half for {user.role}: add it to accounts.scopes")
    return SCOPES[action][user.role](user)
