"""Account rules: the password policy, signing in, and managing users and their scope."""

from dataclasses import dataclass
from typing import Any, TypeVar

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from accounts import throttle
from accounts.models import Role, User
from accounts.passwords import password_problems
from accounts.sessions import end_all_sessions, end_session, start_session
from common.errors import RuleViolation
from extensions import db
from participants.models import Department, Participant, ParticipantKind

T = TypeVar("T")

# Checked when the user does not exist, so that an unknown name costs as much time as a
# wrong password and the two cannot be told apart by timing.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all")


def check_password_policy(password: str, username: str = "") -> None:
    problems = password_problems(password, username)
    if problems:
        raise RuleViolation(" ".join(problems), 422)


# --- signing in -------------------------------------------------------------------------


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip()))


def authenticate(username: str, password: str, user: User | None = None) -> User | None:
    """The active user with these credentials, or None (same answer for every failure)."""
    user = user if user is not None else find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


@dataclass
class SignInAttempt:
    username: str
    address: str
    user: User | None  # the account named, if it exists (not yet checked)
    reservation: throttle.Reservation


def begin_sign_in(
    username: str, address: str, device_id: str | None = None, user: User | None = None
) -> SignInAttempt:
    """Reserve the attempt under the throttle; the caller commits before finish_sign_in.

    Raises SignInThrottled (429) while a counter is used up, even when the password would
    be right, so guessing cannot go on by waiting for a lucky hit. `device_id` is the known
    device the browser names (accounts.devices), already checked against the account;
    `user` the account found by find_user(username), when the caller has looked it up.
    """
    address = address or "unknown"
    throttle.purge()
    reservation = throttle.reserve(username, address, device_id)
    return SignInAttempt(username, address, user or find_user(username), reservation)


def finish_sign_in(attempt: SignInAttempt, password: str) -> User | None:
    """Check the password of a reserved attempt. None means "wrong username or password";
    a user means signed in: a new server-side session exists for them."""
    from audit.services import record_event

    user = authenticate(attempt.username, password, attempt.user)
    if user is None:
        throttle.failed(attempt.reservation)
        return None
    throttle.succeeded(attempt.reservation)
    start_session(user)
    record_event("login", user, actor=user, address=attempt.address)
    return user


def sign_in(username: str, password: str, address: str) -> User | None:
    """Both steps in one transaction, for callers without concurrent guessers (scripts)."""
    return finish_sign_in(begin_sign_in(username, address), password)


def sign_out(user: User) -> None:
    from audit.services import record_event

    record_event("logout", user)
    end_session(user)


# --- users and their scope --------------------------------------------------------------


def check_scope(role: Role, participant: Participant | None, department: Department | None) -> None:
    """A member needs a member participant, a department user a department; others neither."""
    if role is Role.MEMBER:
        if participant is None:
            raise RuleViolation(_("A member account must be linked to a CPPCC member."))
        if participant.kind is not ParticipantKind.MEMBER:
            raise RuleViolation(
                _(
                    "%(name)s is not a CPPCC member and cannot have a member account.",
                    name=participant.name,
                )
            )
    elif participant is not None:
        raise RuleViolation(_("Only a member account can be linked to a participant."))
    if role is Role.DEPARTMENT:
        if department is None:
            raise RuleViolation(_("A department account must be linked to a department."))
    elif department is not None:
        raise RuleViolation(_("Only a department account can be linked to a department."))


def _check_member_free(participant: Participant | None, user: User | None = None) -> None:
    if participant is None:
        return
    owner = db.session.scalar(select(User).where(User.participant_id == participant.id))
    if owner is not None and owner is not user:
        raise RuleViolation(
            _(
                "%(name)s already has an account (%(username)s).",
                name=participant.name,
                username=owner.username,
            )
        )


def create_user(
    username: str,
    password: str,
    role: Role | str,
    display_name: str | None = None,
    participant: Participant | None = None,
    department: Department | None = None,
    committee_id: int | None = None,
) -> User:
    """Create an account (in the current committee unless given); the demo loader and
    `flask user create` call this too."""
    role = Role(role)
    username = username.strip()
    if not username:
        raise RuleViolation(_("A username is required."))
    if len(username) > 64:
        raise RuleViolation(_("A username may have at most 64 characters."))
    # Usernames are unique across the install (one sign-in page): look in every committee.
    taken = select(User.id).where(User.username == username).execution_options(all_committees=True)
    if db.session.scalar(taken) is not None:
        raise RuleViolation(_("The username %(name)s is already taken.", name=username), 409)
    check_password_policy(password, username)
    check_scope(role, participant, department)
    _check_member_free(participant)
    user = User(
        username=username,
        display_name=(display_name or "").strip() or username,
        role=role,
        participant=participant,
        department=department,
        **({"committee_id": committee_id} if committee_id else {}),
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(
    user: User,
    actor: User,
    display_name: str,
    role: Role | str,
    participant: Participant | None = None,
    department: Department | None = None,
) -> User:
    role = Role(role)
    if user.id == actor.id and role is not user.role:
        raise RuleViolation(_("You cannot change the role of your own account."), 409)
    check_scope(role, participant, department)
    _check_member_free(participant, user)
    user.display_name = display_name.strip() or user.username
    user.role = role
    user.participant = participant
    user.department = department
    db.session.flush()
    return user


def set_active(user: User, actor: User, active: bool) -> User:
    if user.id == actor.id and not active:
        raise RuleViolation(_("You cannot deactivate your own account."), 409)
    user.active = active
    if not active:
        end_all_sessions(user)  # a deactivated account is signed out everywhere at once
    db.session.flush()
    return user


def reset_password(user: User, new_password: str) -> User:
    check_password_policy(new_password, user.username)
    user.set_password(new_password)
    # Every other browser of the account is signed out (the password token would refuse
    # them anyway); the one doing the change, if it is the user's own, stays.
    end_all_sessions(user, keep_key=user.session_key)
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> User:
    if not user.check_password(current_password):
        raise RuleViolation(_("The current password is not correct."), 422)
    if current_password == new_password:
        raise RuleViolation(_("The new password must differ from the current one."), 422)
    return reset_password(user, new_password)


def users_query(role: str | None = None, active: str | None = None) -> Select[tuple[User]]:
    """Users for the admin list; `active` is "yes", "no" or empty (all)."""
    query = (
        select(User)
        .options(selectinload(User.participant), selectinload(User.department))
        .order_by(User.role, User.username)
    )
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    if active == "yes":
        query = query.where(User.active.is_(True))
    elif active == "no":
        query = query.where(User.active.is_(False))
    return query


def member_participants() -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.kind == ParticipantKind.MEMBER)
            .order_by(Participant.name)
        )
    )


def departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def find_one(model: type[T], name_or_id: str, *name_columns: Any) -> T:
    """One record by id (digits) or by exact name; RuleViolation if none or several."""
    text = (name_or_id or "").strip()
    if text.isdigit():
        found = db.session.get(model, int(text)) if int(text) <= 2**31 - 1 else None
        if found is None:
            raise RuleViolation(_("No record with id %(id)s.", id=text), 404)
        return found
    matches: list[T] = list(
        db.session.scalars(select(model).where(or_(*(c == text for c in name_columns))))
    )
    if not matches:
        raise RuleViolation(_("Nothing is called %(name)s.", name=text), 404)
    if len(matches) > 1:
        ids = ", ".join(str(getattr(m, "id", "")) for m in matches)
        raise RuleViolation(
            _("%(name)s is ambiguous (ids %(ids)s); give the id instead.", name=text, ids=ids),
            409,
        )
    return matches[0]


def find_participant(name_or_id: str) -> Participant:
    return find_one(Participant, name_or_id, Participant.name)


def find_department(name_or_id: str) -> Department:
    return find_one(Department, name_or_id, Department.name, Department.short_name)
