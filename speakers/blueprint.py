"""The speakers list blueprint: the meeting day's list, its actions, the hall's screen.

Its URLs live under a meeting (/meetings/<id>/speakers/…, /meetings/<id>/screen), as they
always have. speakers/views.py attaches its routes to it.
"""

from flask import Blueprint

bp = Blueprint("speakers", __name__, url_prefix="/meetings")
