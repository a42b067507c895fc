"""The two blueprints of the responses package, each defined once.

- `assignments_bp` ("assignments"): the secretariat's side of 交办 — assigning opinions,
  reassigning, returns, the follow-up board with its reminders, and everyone's
  notifications. Routes in assignment_views.py, board_views.py, notification_views.py.
- `inbox_bp` ("inbox"): the departments' side — the inbox, writing replies, commitments
  and their progress, member ratings. Routes in inbox_views.py, reply_views.py,
  commitment_views.py.

View modules import their blueprint from here (never from each other); create_app imports
the view modules (its list in register_blueprints) and registers the blueprints.
"""

from flask import Blueprint

assignments_bp = Blueprint("assignments", __name__)
inbox_bp = Blueprint("inbox", __name__)
