"""Who hears about an assignment, and the link they follow: in-app notifications."""

from collections.abc import Iterable

from sqlalchemy import select

from accounts.models import Role, User
from common.models import now
from extensions import db
from responses.models import Assignment, Notification


def secretariat_users() -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role == Role.SECRETARIAT, User.active.is_(True)))
    )


def department_users(department_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.role == Role.DEPARTMENT,
                User.department_id == department_id,
                User.active.is_(True),
            )
        )
    )


def notify_users(users: Iterable[User], message: str, link: str = "") -> list[Notification]:
    notes = [
        Notification(user_id=u.id, message=message, link=link, created_at=now()) for u in users
    ]
    db.session.add_all(notes)
    return notes


def assignment_link(assignment: Assignment, endpoint: str = "assignments.assignment_detail") -> str:
    """A path to an assignment's page that works with or without a request.

    `endpoint` may name a page of another package (e.g. the department inbox); when that is
    not registered, the assignment's own page is used.
    """
    from flask import current_app, has_request_context, url_for
    from werkzeug.routing import BuildError

    db.session.flush()  # a new assignment needs its id

    def build() -> str:
        try:
            return url_for(endpoint, assignment_id=assignment.id)
        except BuildError:
            return url_for("assignments.assignment_detail", assignment_id=assignment.id)

    if has_request_context():
        return build()
    with current_app.test_request_context():
        return build()
