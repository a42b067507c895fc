"""Participants: queries and the rules for changing them (departments: department_services)."""

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from common.errors import RuleViolation
from extensions import db
from participants.models import Department, Participant, ParticipantKind

NAME_MAX = 64
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on every backend


class FieldRuleViolation(RuleViolation):
    """A broken rule that belongs to one form field, so the form can mark that field."""

    def __init__(self, message: str, field_name: str, status: int = 422):
        super().__init__(message, status)
        self.field_name = field_name


def _values_in_use(column: InstrumentedAttribute[str]) -> list[str]:
    """The distinct non-empty values of a participant column, in order."""
    return list(db.session.scalars(select(column).where(column != "").distinct().order_by(column)))


def list_sectors() -> list[str]:
    """界别 values in use, for filters and input suggestions."""
    return _values_in_use(Participant.sector)


def list_committees() -> list[str]:
    """专委会 values in use, for filters and input suggestions."""
    return _values_in_use(Participant.committee)


# --- the directory ---------------------------------------------------------------------------

STATUS_ACTIVE, STATUS_INACTIVE, STATUS_ALL = "active", "inactive", "all"
STATUSES = (STATUS_ACTIVE, STATUS_INACTIVE, STATUS_ALL)


@dataclass
class ParticipantFilters:
    """What the directory's filter bar asks for; unknown values fall back to 'no filter'."""

    kind: ParticipantKind | None = None
    sector: str = ""
    committee: str = ""
    q: str = ""
    status: str = STATUS_ACTIVE

    @classmethod
    def from_args(cls, args) -> "ParticipantFilters":
        kind = args.get("kind", "")
        status = args.get("status", STATUS_ACTIVE)
        return cls(
            kind=ParticipantKind(kind) if kind in set(ParticipantKind) else None,
            sector=args.get("sector", "").strip(),
            committee=args.get("committee", "").strip(),
            q=args.get("q", "").strip(),
            status=status if status in STATUSES else STATUS_ACTIVE,
        )


def _filtered(stmt: Select, filters: ParticipantFilters, with_kind: bool = True) -> Select:
    if with_kind and filters.kind is not None:
        stmt = stmt.where(Participant.kind == filters.kind)
    if filters.sector:
        stmt = stmt.where(Participant.sector == filters.sector)
    if filters.committee:
        stmt = stmt.where(Participant.committee == filters.committee)
    if filters.q:
        stmt = stmt.where(
            or_(
                *(
                    column.icontains(filters.q, autoescape=True)
                    for column in (
                        Participant.name,
                        Participant.affiliation,
                        Participant.title,
                        Participant.phone,
                    )
                )
            )
        )
    if filters.status == STATUS_ACTIVE:
        stmt = stmt.where(Participant.active.is_(True))
    elif filters.status == STATUS_INACTIVE:
        stmt = stmt.where(Participant.active.is_(False))
    return stmt


def search_participants(filters: ParticipantFilters, page: int, per_page: int) -> Pagination:
    """One page of the directory, departments loaded with it (no lazy loads in the template)."""
    stmt = _filtered(
        select(Participant).options(joinedload(Participant.department)), filters
    ).order_by(Participant.name, Participant.id)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def count_by_kind(filters: ParticipantFilters) -> dict[ParticipantKind, int]:
    """How many match the other filters, per kind (shown next to the kind filter)."""
    stmt = _filtered(
        select(Participant.kind, func.count(Participant.id)), filters, with_kind=False
    ).group_by(Participant.kind)
    counts: Counter = Counter({kind: 0 for kind in ParticipantKind})
    for kind, number in db.session.execute(stmt):
        counts[ParticipantKind(kind)] = number
    return dict(counts)


def participant_invitations(participant: Participant) -> list:
    """Their invitations with the meetings, newest meeting first (the detail page)."""
    from meetings.models import Invitation, Meeting

    stmt = (
        select(Invitation)
        .join(Invitation.meeting)
        .options(joinedload(Invitation.meeting))
        .where(Invitation.participant_id == participant.id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    return list(db.session.scalars(stmt))


def load_participant(participant_id: int) -> Participant | None:
    """One participant with their department (the detail and edit pages)."""
    return db.session.get(Participant, participant_id, options=[joinedload(Participant.department)])


def department_choices(current_id: int | None = None) -> list[tuple[int, str]]:
    """Active departments, plus the one already chosen even if it was deactivated since."""
    stmt = select(Department.id, Department.name).order_by(Department.name)
    if current_id:
        stmt = stmt.where(or_(Department.active.is_(True), Department.id == current_id))
    else:
        stmt = stmt.where(Department.active.is_(True))
    return [(row.id, row.name) for row in db.session.execute(stmt)]


# --- changing a participant ------------------------------------------------------------------


@dataclass
class ParticipantInput:
    """The editable fields of a participant, as a form delivers them."""

    name: str
    kind: ParticipantKind | str
    affiliation: str = ""
    title: str = ""
    sector: str = ""
    committee: str = ""
    phone: str = ""
    email: str = ""
    department_id: int | None = None
    notes: str = ""


def _clean(data: ParticipantInput) -> dict:
    values = {
        "name": (data.name or "").strip(),
        "affiliation": (data.affiliation or "").strip(),
        "title": (data.title or "").strip(),
        "sector": (data.sector or "").strip(),
        "committee": (data.committee or "").strip(),
        "phone": (data.phone or "").strip(),
        "email": (data.email or "").strip(),
        "notes": (data.notes or "").strip(),
        "department_id": data.department_id or None,
    }
    try:
        values["kind"] = ParticipantKind(data.kind)
    except ValueError:
        raise FieldRuleViolation(_("Choose a valid kind of participant."), "kind") from None
    return values


def _check(values: dict, participant_id: int | None) -> None:
    name = values["name"]
    if not name:
        raise FieldRuleViolation(_("The person's name is required."), "name")
    if len(name) > NAME_MAX:
        raise FieldRuleViolation(_("A name may have at most %(n)d characters.", n=NAME_MAX), "name")
    if values["sector"] and values["kind"] != ParticipantKind.MEMBER:
        raise FieldRuleViolation(
            _(
                "Only CPPCC members belong to a sector. Clear the sector "
                "or make this person a member."
            ),
            "sector",
        )
    department_id = values["department_id"]
    if department_id is not None and (
        not 0 < department_id <= MAX_ID or db.session.get(Department, department_id) is None
    ):
        raise FieldRuleViolation(_("Choose an existing department."), "department_id")
    duplicate = select(Participant.id).where(
        Participant.name == name, Participant.affiliation == values["affiliation"]
    )
    if participant_id is not None:
        duplicate = duplicate.where(Participant.id != participant_id)
    if db.session.scalar(duplicate.limit(1)) is not None:
        if values["affiliation"]:
            message = _(
                "%(name)s of %(affiliation)s is already in the directory.",
                name=name,
                affiliation=values["affiliation"],
            )
        else:
            message = _(
                "%(name)s without an affiliation is already in the directory; "
                "add the affiliation to tell them apart.",
                name=name,
            )
        raise FieldRuleViolation(
            message,
            "name",
            status=409,
        )


def check_new_participant(data: ParticipantInput) -> dict:
    """The directory's rules for a new person (name, sector only for members, not already
    there): the cleaned values, or FieldRuleViolation. Imports check rows with it."""
    values = _clean(data)
    _check(values, None)
    return values


def create_participant(data: ParticipantInput) -> Participant:
    values = check_new_participant(data)
    participant = Participant(**values, active=True)
    db.session.add(participant)
    db.session.flush()
    return participant


def has_member_account(participant: Participant) -> bool:
    """Member accounts are tied to a participant of kind member (accounts.services)."""
    from accounts.models import User

    stmt = select(User.id).where(User.participant_id == participant.id).limit(1)
    return db.session.scalar(stmt) is not None


def update_participant(participant: Participant, data: ParticipantInput) -> Participant:
    values = _clean(data)
    _check(values, participant.id)
    if values["kind"] != ParticipantKind.MEMBER and has_member_account(participant):
        raise FieldRuleViolation(
            _(
                "%(name)s has a member account and so stays a CPPCC member.",
                name=participant.name,
            ),
            "kind",
            status=409,
        )
    for name, value in values.items():
        setattr(participant, name, value)
    db.session.flush()
    return participant


def set_participant_active(participant: Participant, active: bool) -> Participant:
    """停用/启用: an inactive person stays in past meetings but is no longer offered."""
    participant.active = active
    db.session.flush()
    return participant


def meeting_references(participant: Participant) -> int:
    """How many invitations, chairs and agenda items point at this person."""
    from meetings.models import AgendaItem, Invitation, Meeting

    queries = (
        select(func.count(Invitation.id)).where(Invitation.participant_id == participant.id),
        select(func.count(Meeting.id)).where(Meeting.chair_id == participant.id),
        select(func.count(AgendaItem.id)).where(AgendaItem.presenter_id == participant.id),
    )
    return sum(db.session.scalar(query) or 0 for query in queries)


def other_references(participant: Participant) -> int:
    """Rows of any other table whose foreign key points at this person (accounts, opinions...).

    Read from the schema, so tables added by later features are covered without a change here.
    """
    meeting_tables = {"invitation", "meeting", "agenda_item"}
    total = 0
    for table in db.metadata.sorted_tables:
        if table.name in meeting_tables:
            continue
        for column in table.columns:
            if any(fk.column.table.name == Participant.__tablename__ for fk in column.foreign_keys):
                stmt = select(func.count()).select_from(table).where(column == participant.id)
                total += db.session.scalar(stmt) or 0
    return total


def delete_participant(participant: Participant) -> None:
    """Hard delete, only for a record nothing refers to (a typo, a duplicate)."""
    if meeting_references(participant):
        raise RuleViolation(
            _(
                "%(name)s is referred to by a meeting and cannot be deleted; "
                "deactivate the record instead.",
                name=participant.name,
            ),
            status=409,
        )
    refused = RuleViolation(
        _(
            "%(name)s is linked to other records (such as a user account) and cannot be "
            "deleted; deactivate the record instead.",
            name=participant.name,
        ),
        status=409,
    )
    if other_references(participant):
        raise refused
    db.session.delete(participant)
    try:
        db.session.flush()
    except IntegrityError:
        # Written between our check and our delete: still a refusal, never a 500.
        raise refused from None
