"""Inviting a whole group at once: a pasted list of names, or every department's responder.

Both end in `invite_people`: one role chosen for the group, people already invited are
skipped and counted (never a second invitation), everything in the caller's one transaction.
"""

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from common.errors import RuleViolation
from extensions import db
from meetings import services
from meetings.invitations import default_role
from meetings.models import Attendance, Invitation, InvitationRole, Meeting
from participants.models import Department, Participant, ParticipantKind

# What separates names in a pasted list: line breaks, spaces (full-width too), 、，,;；
NAME_SEPARATORS = re.compile(r"[\s,，、;；]+")
# A pasted roster longer than this is a mistake (a whole document pasted), not a group.
MAX_NAMES = 500
NAME_LENGTH = 64  # Participant.name


@dataclass
class GroupResult:
    invited: list[str] = field(default_factory=list)  # names, in the order invited
    already: int = 0  # in the group but invited before: left as they were


def split_names(text: str) -> list[str]:
    """'王喆、李堃，张若溪\\n王喆' -> ['王喆', '李堃', '张若溪']: order kept, each name once."""
    names = (n.strip() for n in NAME_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(n for n in names if n))


def _invited_ids(meeting: Meeting) -> set[int]:
    return set(
        db.session.scalars(
            select(Invitation.participant_id).where(Invitation.meeting_id == meeting.id)
        )
    )


def check_group_role(role: InvitationRole | None) -> None:
    if role == InvitationRole.CHAIR:
        raise RuleViolation(
            _("The chair is chosen on the meeting itself: edit the meeting to change the chair.")
        )


def invite_people(
    meeting: Meeting, people: list[Participant], role: InvitationRole | None = None
) -> GroupResult:
    """Invite each active person of `people` not yet invited, all in `role` (else their usual
    role); the meeting's chair always comes in as chair. Flushes once."""
    services.ensure_editable(meeting)
    check_group_role(role)
    invited_ids = _invited_ids(meeting)
    result = GroupResult()
    for person in people:
        if person.id in invited_ids:
            result.already += 1
            continue
        if not person.active:
            continue  # resolution only offers active people; a deactivation since is skipped
        if meeting.chair_id == person.id:
            person_role = InvitationRole.CHAIR
        else:
            person_role = role or default_role(person)
        db.session.add(
            Invitation(
                meeting=meeting,
                participant=person,
                role=person_role,
                attendance=Attendance.INVITED,
                note="",
            )
        )
        invited_ids.add(person.id)
        result.invited.append(person.name)
    db.session.flush()
    return result


# ---------------------------------------------------------------- a pasted list of names


@dataclass
class Homonyms:
    """A pasted name that several active people share: the user picks one (or none)."""

    name: str
    people: list[Participant]
    chosen: int | None = None  # the id the user picked
    skipped: bool = False  # the user chose none of them


@dataclass
class NameResolution:
    people: list[Participant] = field(default_factory=list)  # found, in the order pasted
    missing: list[str] = field(default_factory=list)  # nobody of that name
    inactive: list[str] = field(default_factory=list)  # only people no longer active
    homonyms: list[Homonyms] = field(default_factory=list)  # shared names, decided or not

    @property
    def ambiguous(self) -> list[Homonyms]:
        """Shared names the user has not decided yet."""
        return [h for h in self.homonyms if h.chosen is None and not h.skipped]

    @property
    def skipped(self) -> list[str]:
        return [h.name for h in self.homonyms if h.skipped]

    @property
    def settled(self) -> bool:
        """Every name found or decided; names not found are reported, not guessed."""
        return not self.ambiguous


def resolve_names(
    text: str, picks: AbstractSet[int] = frozenset(), skips: AbstractSet[str] = frozenset()
) -> NameResolution:
    """Find the people a pasted list names (exact full names, active people only).

    `picks` are the ids the user chose for names several people share, `skips` the shared
    names the user chose to leave out. Raises RuleViolation when the list is empty or too long.
    """
    names = split_names(text)
    if not names:
        raise RuleViolation(_("Paste at least one name."))
    if len(names) > MAX_NAMES:
        raise RuleViolation(_("At most %(n)s names can be invited at once.", n=MAX_NAMES))
    lookup = [n for n in names if len(n) <= NAME_LENGTH]
    rows = list(
        db.session.scalars(
            select(Participant)
            .where(Participant.name.in_(lookup))
            .order_by(Participant.kind, Participant.affiliation, Participant.id)
        )
    )
    by_name: dict[str, list[Participant]] = {}
    for person in rows:
        by_name.setdefault(person.name, []).append(person)
    result = NameResolution()
    for name in names:
        everyone = by_name.get(name, [])
        active = [p for p in everyone if p.active]
        if not everyone:
            result.missing.append(name)
        elif not active:
            result.inactive.append(name)
        elif len(active) == 1:
            result.people.append(active[0])
        else:
            shared = Homonyms(name, active)
            if chosen := [p for p in active if p.id in picks][:1]:
                shared.chosen = chosen[0].id
                result.people.extend(chosen)
            elif name in skips:
                shared.skipped = True
            result.homonyms.append(shared)
    return result


# ---------------------------------------------------------------- every department


@dataclass
class DepartmentResponder:
    department: Department
    person: Participant | None  # None: nobody in the directory speaks for it


def _responder_rank(department: Department):
    """Officials first; the department's named contact person first among them; then oldest."""

    def rank(person: Participant) -> tuple:
        return (
            person.kind != ParticipantKind.OFFICIAL,
            person.name != (department.contact_person or "").strip(),
            person.id,
        )

    return rank


def department_responders(department_ids: list[int] | None = None) -> list[DepartmentResponder]:
    """Each active department (or those of `department_ids`) with the person who answers for
    it: an active participant linked to the department (DESIGN §3: officials with a department).
    Two queries whatever the number of departments."""
    query = select(Department).where(Department.active.is_(True)).order_by(Department.name)
    if department_ids is not None:
        query = query.where(Department.id.in_(department_ids))
    departments = list(db.session.scalars(query))
    people: dict[int, list[Participant]] = {}
    if departments:
        for person in db.session.scalars(
            select(Participant).where(
                Participant.active.is_(True),
                Participant.department_id.in_([d.id for d in departments]),
            )
        ):
            if person.department_id is not None:
                people.setdefault(person.department_id, []).append(person)
    return [
        DepartmentResponder(
            d, min(people[d.id], key=_responder_rank(d)) if people.get(d.id) else None
        )
        for d in departments
    ]


@dataclass
class DepartmentsResult(GroupResult):
    without_person: list[str] = field(default_factory=list)  # department names


def invite_departments(
    meeting: Meeting, department_ids: list[int], role: InvitationRole | None = None
) -> DepartmentsResult:
    """Invite the responder of each chosen department (default role: responder).

    A department counts as already invited when any of its people is invited, so a second run,
    or a department whose deputy was invited by hand, never brings a second person.
    """
    services.ensure_editable(meeting)
    check_group_role(role)
    if not department_ids:
        raise RuleViolation(_("Choose at least one department."))
    responders = department_responders(department_ids)
    if len(responders) != len(set(department_ids)):
        raise RuleViolation(_("Choose departments from the list."))
    invited_ids = _invited_ids(meeting)
    linked: dict[int, set[int]] = {}
    for person_id, department_id in db.session.execute(
        select(Participant.id, Participant.department_id).where(
            Participant.department_id.in_(department_ids)
        )
    ):
        if department_id is not None:
            linked.setdefault(department_id, set()).add(person_id)
    result = DepartmentsResult()
    to_invite: list[Participant] = []
    for responder in responders:
        if linked.get(responder.department.id, set()) & invited_ids:
            result.already += 1
        elif responder.person is None:
            result.without_person.append(responder.department.name)
        else:
            to_invite.append(responder.person)
    done = invite_people(meeting, to_invite, role or InvitationRole.RESPONDER)
    result.invited, result.already = done.invited, result.already + done.already
    return result


@dataclass
class BulkResult:
    invited: int
    already: int


def bulk_invite(
    meeting: Meeting,
    kind: ParticipantKind | None = None,
    sector: str | None = None,
    committee: str | None = None,
    role: InvitationRole | None = None,
) -> BulkResult:
    """Invite every active person matching all given filters (at least one is needed).

    Without a role each person gets the usual one for their kind (DEFAULT_ROLE_BY_KIND).
    People already invited keep their invitation as it is and are counted apart.
    """
    services.ensure_editable(meeting)
    if not (kind or sector or committee):
        raise RuleViolation(_("Choose at least one of kind, sector or committee."))
    query = select(Participant).where(Participant.active.is_(True))
    if kind:
        query = query.where(Participant.kind == ParticipantKind(kind))
    if sector:
        query = query.where(Participant.sector == sector)
    if committee:
        query = query.where(Participant.committee == committee)
    candidates = list(db.session.scalars(query.order_by(Participant.id)))
    done = invite_people(meeting, candidates, role)
    return BulkResult(invited=len(done.invited), already=done.already)
