"""The meetings blueprint: meetings, invitations, attendance, the agenda and the calendar file.

Defined here once; meetings/views.py, agenda_views.py, invitation_views.py and
invitation_group_views.py attach their routes to it, and create_app imports them.
"""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
