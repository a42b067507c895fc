"""Departments (承办单位): queries and the rules for changing them.

Every name a department is known by (name, short name, aliases) must point at that one
department, because opinions are later matched to departments by these names.
"""

import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from committees.current import current_committee_id
from extensions import db
from participants.models import Department, Participant, split_aliases
from participants.services import STATUS_ACTIVE, STATUS_INACTIVE, STATUSES, FieldRuleViolation

NAME_MAX = 100
SHORT_NAME_MAX = 32


def name_key(name: str) -> str:
    """Comparison key: full-width/half-width and letter case do not make a different name."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


# --- queries ---------------------------------------------------------------------------------


def search_departments(q: str, status: str, page: int, per_page: int) -> Pagination:
    stmt = select(Department).order_by(Department.name, Department.id)
    q = (q or "").strip()
    if q:
        stmt = stmt.where(
            or_(
                Department.name.icontains(q, autoescape=True),
                Department.short_name.icontains(q, autoescape=True),
                Department.aliases_text.icontains(q, autoescape=True),
            )
        )
    status = status if status in STATUSES else STATUS_ACTIVE
    if status == STATUS_ACTIVE:
        stmt = stmt.where(Department.active.is_(True))
    elif status == STATUS_INACTIVE:
        stmt = stmt.where(Department.active.is_(False))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def department_officials(department: Department) -> list[Participant]:
    stmt = (
        select(Participant)
        .where(Participant.department_id == department.id)
        .order_by(Participant.active.desc(), Participant.name)
    )
    return list(db.session.scalars(stmt))


# --- changing a department -------------------------------------------------------------------


@dataclass
class DepartmentInput:
    """The editable fields of a department; aliases as typed (any of , ， 、 ; ； newline)."""

    name: str
    short_name: str = ""
    aliases: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _clean(data: DepartmentInput) -> dict:
    name = (data.name or "").strip()
    short_name = (data.short_name or "").strip()
    own = {name_key(name), name_key(short_name)}
    # An alias that repeats the department's own name adds nothing: drop it quietly.
    aliases = [a for a in split_aliases(data.aliases or "") if name_key(a) not in own]
    return {
        "name": name,
        "short_name": short_name,
        "aliases_text": ",".join(aliases),
        "contact_person": (data.contact_person or "").strip(),
        "phone": (data.phone or "").strip(),
        "email": (data.email or "").strip(),
        "address": (data.address or "").strip(),
    }


def _check(values: dict, department_id: int | None, committee_id: int) -> None:
    name = values["name"]
    if not name:
        raise FieldRuleViolation(_("A name is required."), "name")
    if len(name) > NAME_MAX:
        raise FieldRuleViolation(_("A name may have at most %(n)d characters.", n=NAME_MAX), "name")
    if len(values["short_name"]) > SHORT_NAME_MAX:
        raise FieldRuleViolation(
            _("A name may have at most %(n)d characters.", n=SHORT_NAME_MAX), "short_name"
        )
    # Names are unique within a committee: another district may have its own 区财政局.
    others = select(Department).where(Department.committee_id == committee_id)
    if department_id is not None:
        others = others.where(Department.id != department_id)
    known: dict[str, Department] = {}
    for other in db.session.scalars(others):
        for other_name in other.all_names:
            known.setdefault(name_key(other_name), other)
    clash = known.get(name_key(name))
    if clash is not None:
        if name_key(clash.name) == name_key(name):
            message = _("A department named %(name)s already exists.", name=clash.name)
        else:
            message = _(
                "%(alias)s is already a name of the department %(department)s.",
                alias=name,
                department=clash.name,
            )
        raise FieldRuleViolation(message, "name", status=409)
    candidates = [("short_name", values["short_name"])] + [
        ("aliases", alias) for alias in split_aliases(values["aliases_text"])
    ]
    for field_name, alias in candidates:
        clash = known.get(name_key(alias)) if alias else None
        if clash is not None:
            raise FieldRuleViolation(
                _(
                    "%(alias)s is already a name of the department %(department)s.",
                    alias=alias,
                    department=clash.name,
                ),
                field_name,
                status=409,
            )


def _flush_or_refuse(values: dict) -> None:
    try:
        db.session.flush()
    except IntegrityError:
        # Another request took the name between our check and our write.
        raise FieldRuleViolation(
            _("A department named %(name)s already exists.", name=values["name"]),
            "name",
            status=409,
        ) from None


def create_department(data: DepartmentInput) -> Department:
    values = _clean(data)
    committee_id = current_committee_id()
    _check(values, None, committee_id)
    department = Department(**values, active=True, committee_id=committee_id)
    db.session.add(department)
    _flush_or_refuse(values)
    return department


def update_department(department: Department, data: DepartmentInput) -> Department:
    values = _clean(data)
    _check(values, department.id, department.committee_id)
    for name, value in values.items():
        setattr(department, name, value)
    _flush_or_refuse(values)
    return department


def set_department_active(department: Department, active: bool) -> Department:
    """停用/启用: an inactive department keeps its history but is no longer offered."""
    department.active = active
    db.session.flush()
    return department
