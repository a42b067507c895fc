"""The committee half of the policy: which committees' records a user may reach.

One install holds a city CPPCC and its districts and counties. Whatever RULES say about a
role, a user reaches only their own committee's records — and, for reading, a city's
secretariat and chair also reach every committee below their city (the city sees the whole
picture; a district never sees the city's or a sibling's records, drafts included).
Writing (create, edit, assign, finalise …) stays within one's own committee.

Both halves of every rule apply it:
- one object: `accounts.policy.can` refuses an object of a committee out of reach (and
  `require` answers 404, as for any object the user may not see);
- lists: `install(session)` adds `committee_id IN (reach)` to every ORM SELECT of a
  committee-owned model made while a signed-in user's request runs (or inside
  committees.current.working_in(): that committee only) (SQLAlchemy's
  with_loader_criteria), so every list, count, search, register, export, dashboard figure
  and duplicate check is narrowed the same way, including those built on policy.scope().
"""

from typing import Any

from flask import Flask, g, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria

from accounts.models import Role, User
from committees.current import working_committee_id
from committees.models import Committee, CommitteeOwned
from extensions import db

# Actions that only read: a city's staff may do them to their districts' records too.
READ_ACTIONS = frozenset(
    {
        "meeting.list",
        "meeting.view",
        "participant.list",
        "participant.view",
        "department.list",
        "department.view",
        "audit.view",
        "opinion.view",
        "assignment.view",
        "assignment.see_internal",
        "board.view",
        "reply.view",
        "commitment.view",
        "inbox.view",
        "report.view",
        "search.use",
        "register.view",
        "dashboard.view",
        "committee.view",
    }
)
# Who reads across the committees below their own.
OVERSEERS = frozenset({Role.SECRETARIAT, Role.CHAIR})


def committees_below(committee_id: int) -> list[int]:
    """Every committee under `committee_id` (its districts and counties, and theirs)."""
    found: list[int] = []
    frontier = [committee_id]
    while frontier:
        frontier = list(
            db.session.scalars(select(Committee.id).where(Committee.parent_id.in_(frontier)))
        )
        found.extend(i for i in frontier if i not in found)
    return found


def readable_committees(user: User) -> tuple[int, ...]:
    """The committees whose records the user may read: their own, and for a city's
    secretariat and chair every committee below it."""
    if user.role in OVERSEERS:
        return (user.committee_id, *committees_below(user.committee_id))
    return (user.committee_id,)


def in_reach(user: Any, action: str, obj: Any) -> bool:
    """Is `obj` in a committee the user may do `action` in? Objects that carry no committee
    (stand-ins, forms) are judged by the rest of the policy alone."""
    committee_id = getattr(obj, "committee_id", None)
    if committee_id is None or committee_id == user.committee_id:
        return True
    if action not in READ_ACTIONS:
        return False
    reach = g.get("committee_reach") if has_app_context() else None
    if reach is None or g.get("committee_user") != user.id:
        reach = readable_committees(user)
    return committee_id in reach


# --- the list half: every SELECT of a signed-in request --------------------------------


def enter_request(user: User) -> None:
    """Called by the login gate once the user is known: their committee is where new
    records go, and their reach narrows every query until the request ends."""
    g.committee_id = user.committee_id
    g.committee_user = user.id
    g.committee_reach = readable_committees(user)


def current_reach() -> tuple[int, ...] | None:
    """The committees this request reads (a part of every key of a cache shared by users)."""
    return g.get("committee_reach") if has_app_context() else None


def leave_request(_error: BaseException | None = None) -> None:
    for key in ("committee_id", "committee_user", "committee_reach"):
        g.pop(key, None)


def _narrow(state: ORMExecuteState) -> None:
    if not state.is_select:
        return
    if state.execution_options.get("all_committees"):
        return  # a rule of the whole install (unique usernames), never shown as a list
    working = working_committee_id()  # a CLI command, the demo, a service acting in one
    if working is not None:
        reach: tuple[int, ...] | None = (working,)
    else:
        reach = g.get("committee_reach") if has_app_context() else None
    if reach is None:
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            CommitteeOwned,
            lambda cls: cls.committee_id.in_(reach),
            include_aliases=True,
        )
    )


def install(app: Flask) -> None:
    """Narrow every ORM query of a signed-in request to the user's committees."""
    if not event.contains(db.session, "do_orm_execute", _narrow):
        event.listen(db.session, "do_orm_execute", _narrow)
    app.teardown_request(leave_request)
