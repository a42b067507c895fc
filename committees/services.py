"""Creating and finding committees; a new committee's office settings and first account.

Services flush; the caller (a view or a CLI command) commits.
"""

from flask_babel import gettext as _
from sqlalchemy import or_, select

from accounts.models import Role, User
from accounts.reach import current_reach
from accounts.services import create_user
from committees.current import working_in
from committees.models import Committee, CommitteeLevel
from common.errors import RuleViolation
from extensions import db
from office.services import get_settings

# A district or county may sit under a city (or stand alone: an install for one district);
# a city has no committee above it here.
PARENT_LEVELS = {
    CommitteeLevel.CITY: (),
    CommitteeLevel.DISTRICT: (CommitteeLevel.CITY,),
    CommitteeLevel.COUNTY: (CommitteeLevel.CITY,),
}


def all_committees() -> list[Committee]:
    """Every committee of the install: cities first, each followed by its own."""
    committees = list(db.session.scalars(select(Committee).order_by(Committee.id)))
    order = {c.id: (c.parent_id or c.id, c.parent_id is not None, c.id) for c in committees}
    return sorted(committees, key=lambda c: order[c.id])


def readable_committee_choices() -> list[Committee]:
    """The committees a city's staff may filter by; none for a single committee's user."""
    reach = current_reach() or ()
    if len(reach) < 2:
        return []
    return list(
        db.session.scalars(select(Committee).where(Committee.id.in_(reach)).order_by(Committee.id))
    )


def find_committee(key: str) -> Committee | None:
    """A committee by its short name, full name or id (command-line arguments)."""
    key = (key or "").strip()
    condition = or_(Committee.short_name == key, Committee.name == key)
    if key.isdigit():
        condition = or_(condition, Committee.id == int(key))
    return db.session.scalar(select(Committee).where(condition))


def the_only_committee() -> Committee:
    """The install's committee when it has exactly one (else a message saying what to do)."""
    committees = list(db.session.scalars(select(Committee).limit(2)))
    if not committees:
        raise RuleViolation(
            _("There is no committee yet: create one first (flask committee create).")
        )
    if len(committees) > 1:
        raise RuleViolation(
            _("The install has several committees: say which one (--committee SHORT_NAME).")
        )
    return committees[0]


def create_committee(
    name: str, short_name: str, level: CommitteeLevel | str, parent: Committee | None = None
) -> Committee:
    """A new committee with empty office settings whose issuing body is its name."""
    name, short_name = " ".join((name or "").split()), (short_name or "").strip()
    level = CommitteeLevel(level)
    if not name or len(name) > 100:
        raise RuleViolation(_("Enter the committee's full name (at most 100 characters)."))
    if not short_name or len(short_name) > 32:
        raise RuleViolation(_("Enter a short name (at most 32 characters)."))
    if parent is not None and parent.level not in PARENT_LEVELS[level]:
        raise RuleViolation(_("Only a city committee can have districts and counties."))
    clash = select(Committee.id).where(
        or_(Committee.name == name, Committee.short_name == short_name)
    )
    if db.session.scalar(clash) is not None:
        raise RuleViolation(_("A committee with this name or short name exists already."), 409)
    committee = Committee(name=name, short_name=short_name, level=level, parent=parent)
    db.session.add(committee)
    db.session.flush()
    with working_in(committee.id):
        get_settings(committee.id).issuing_body = name
    db.session.flush()
    return committee


def create_first_secretariat(
    committee: Committee, username: str, password: str, display_name: str = ""
) -> User:
    """The committee's first secretariat account: it fills in the rest itself."""
    with working_in(committee.id):
        return create_user(
            username, password, Role.SECRETARIAT, display_name, committee_id=committee.id
        )
