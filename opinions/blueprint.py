"""The opinions blueprint: opinions, their suggestions and the chair's consensus points.

Its URLs live under a meeting (/meetings/<id>/opinions/…, /meetings/<id>/consensus/…), as
they always have. opinions/views.py and consensus_views.py attach their routes to it.
"""

from flask import Blueprint

bp = Blueprint("opinions", __name__, url_prefix="/meetings")
