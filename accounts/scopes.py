"""The list half of the policy: each per-object rule of accounts.policy as a SQL WHERE clause.

    select(Opinion).where(scope(user, "opinion.view"))   # accounts.policy.scope

SCOPES mirrors RULES: action -> {role: user -> clause}. A role whose rule is ALL needs no
entry (policy.scope answers true() for it), a role missing from RULES sees nothing. Every
clause stands on its own model's columns (uncorrelated IN subqueries), so any list query,
joined or not, can take it, and the database builds each set once per query.
tests/accounts/test_scope_agreement.py proves, for every user of the route matrix, that a
scope selects exactly the rows `can(user, action, row)` allows.

Who reads what (the rules written in RULES, stated once):
- staff (secretariat, chair) read everything;
- a member reads an announced meeting they are invited to, and every opinion of it — the
  room heard every speech, so the written opinions are no secret from it — plus their own
  opinions anywhere; but the handling (assignments, replies, commitments) only of their own
  opinions, and of that only what was sent to them (submitted replies, never a
  co-handler's input or a commitment's follow-up);
- a department reads the announced meetings it takes part in (invited, presenting or
  handling an opinion), the opinions assigned to it, its own assignments and their replies
  and commitments; an assignment withdrawn by a reassignment is no longer its own.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from accounts.models import Role, User
from meetings.models import AgendaItem, Invitation, Meeting, MeetingStatus
from opinions.models import Opinion
from participants.models import Department, Participant
from responses.models import (
    Assignment,
    AssignmentStatus,
    Commitment,
    Reply,
    ReplyPurpose,
    ReplyStatus,
)

SEC, CHAIR, MEMBER, DEPT = Role.SECRETARIAT, Role.CHAIR, Role.MEMBER, Role.DEPARTMENT

Scope = Callable[[User], ColumnElement[bool]]


def _ids(column: Any, *conditions: Any) -> Select[Any]:
    return select(column).where(*conditions)


def department_meetings(department_id: int, meeting_id: Any = None) -> ColumnElement[bool]:
    """A department takes part in a meeting: invited, presenting, or handling an opinion."""
    meeting_ref = Meeting.id if meeting_id is None else meeting_id
    invited = exists().where(
        Invitation.meeting_id == meeting_ref,
        Invitation.participant_id == Participant.id,
        Participant.department_id == department_id,
    )
    presents = exists().where(
        AgendaItem.meeting_id == meeting_ref, AgendaItem.department_id == department_id
    )
    handles = exists().where(
        Opinion.meeting_id == meeting_ref,
        Assignment.opinion_id == Opinion.id,
        Assignment.department_id == department_id,
        Assignment.status != AssignmentStatus.WITHDRAWN,
    )
    return or_(invited, presents, handles)


# --- meetings ------------------------------------------------------------------------------


def invited_meetings(user: User) -> ColumnElement[bool]:
    """policy.invited_to: announced, and the member's participant is invited."""
    if user.participant_id is None:
        return Meeting.id.is_(None)
    return and_(
        Meeting.status != MeetingStatus.DRAFT,
        Meeting.id.in_(
            _ids(Invitation.meeting_id, Invitation.participant_id == user.participant_id)
        ),
    )


def involved_meetings(user: User) -> ColumnElement[bool]:
    """policy.department_involved: announced, and the department takes part."""
    if user.department_id is None:
        return Meeting.id.is_(None)
    return and_(Meeting.status != MeetingStatus.DRAFT, department_meetings(user.department_id))


# --- opinions and their handling -----------------------------------------------------------


def own_opinions(user: User) -> ColumnElement[bool]:
    """policy.own_opinion: submitted by the user, or spoken by their participant."""
    mine = Opinion.submitted_by_id == user.id
    if user.participant_id is not None:
        mine = or_(mine, Opinion.speaker_id == user.participant_id)
    return mine


def opinions_readable_by_member(user: User) -> ColumnElement[bool]:
    """policy.opinion_readable_by_member: their own, and every opinion of their meetings."""
    return or_(own_opinions(user), Opinion.meeting_id.in_(_ids(Meeting.id, invited_meetings(user))))


def own_department_assignments(user: User) -> ColumnElement[bool]:
    """policy.own_department_assignment: the department's, unless withdrawn."""
    return and_(
        Assignment.department_id == user.department_id,
        Assignment.status != AssignmentStatus.WITHDRAWN,
    )


def opinions_assigned_to_department(user: User) -> ColumnElement[bool]:
    """policy.assigned_to_department."""
    return Opinion.id.in_(_ids(Assignment.opinion_id, own_department_assignments(user)))


def assignments_of_own_opinions(user: User) -> ColumnElement[bool]:
    """policy.assignment_of_own_opinion."""
    return Assignment.opinion_id.in_(_ids(Opinion.id, own_opinions(user)))


def own_department_replies(user: User) -> ColumnElement[bool]:
    """policy.own_department_reply: drafts and co-handlers' inputs included."""
    return Reply.assignment_id.in_(_ids(Assignment.id, own_department_assignments(user)))


def submitted_replies_to_own_opinions(user: User) -> ColumnElement[bool]:
    """policy.submitted_reply_to_own_opinion: what was sent to the member, nothing else."""
    return and_(
        Reply.status == ReplyStatus.SUBMITTED,
        Reply.purpose == ReplyPurpose.REPLY,
        Reply.assignment_id.in_(_ids(Assignment.id, assignments_of_own_opinions(user))),
    )


def own_department_commitments(user: User) -> ColumnElement[bool]:
    """policy.own_department_commitment: the department answers for it, or its reply made it."""
    replies = _ids(Reply.id, own_department_replies(user))
    return or_(Commitment.department_id == user.department_id, Commitment.reply_id.in_(replies))


# --- the directory -----------------------------------------------------------------------


def own_participant(user: User) -> ColumnElement[bool]:
    return Participant.id == user.participant_id


def own_department(user: User) -> ColumnElement[bool]:
    return Department.id == user.department_id


SCOPES: dict[str, dict[Role, Scope]] = {
    "meeting.view": {MEMBER: invited_meetings, DEPT: involved_meetings},
    "opinion.view": {MEMBER: opinions_readable_by_member, DEPT: opinions_assigned_to_department},
    "assignment.view": {MEMBER: assignments_of_own_opinions, DEPT: own_department_assignments},
    "reply.view": {MEMBER: submitted_replies_to_own_opinions, DEPT: own_department_replies},
    "commitment.view": {DEPT: own_department_commitments},
    "participant.view": {MEMBER: own_participant},
    "department.view": {DEPT: own_department},
}

# The model each listable action's scope is written on (the agreement test walks them).
SCOPED_MODELS: dict[str, type] = {
    "meeting.view": Meeting,
    "opinion.view": Opinion,
    "assignment.view": Assignment,
    "reply.view": Reply,
    "commitment.view": Commitment,
    "participant.view": Participant,
    "department.view": Department,
}
