"""Notifications page: everyone reads their own in-app messages and marks them as read.

Routes attach to `assignments_bp` (responses/blueprint.py), with the nav's unread badge.
"""

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import permission_required
from common.pagination import paginate
from extensions import db
from responses import reminders
from responses.blueprint import assignments_bp


@assignments_bp.app_context_processor
def inject_unread_count() -> dict[str, Callable[[], int]]:
    """The nav's unread badge; a callable, so pages without a signed-in user query nothing."""

    def unread_notifications() -> int:
        if not getattr(current_user, "is_authenticated", False):
            return 0
        return reminders.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@assignments_bp.get("/notifications/")
@permission_required("notification.view")
def notifications() -> ResponseReturnValue:
    pagination = paginate(reminders.notifications_query(current_user))
    return render_template("responses/notifications.html", pagination=pagination)


@assignments_bp.post("/notifications/<id:notification_id>/read")
@permission_required("notification.view")
def mark_notification_read(notification_id: int) -> ResponseReturnValue:
    note = reminders.get_notification_or_404(current_user, notification_id)
    reminders.mark_read(note)
    db.session.commit()
    return redirect(url_for("assignments.notifications"))


@assignments_bp.post("/notifications/read-all")
@permission_required("notification.view")
def mark_all_notifications_read() -> ResponseReturnValue:
    count = reminders.mark_all_read(current_user)
    db.session.commit()
    flash(_("%(count)s notifications marked as read.", count=count), "success")
    return redirect(url_for("assignments.notifications"))
