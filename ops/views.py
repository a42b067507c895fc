"""Operational endpoints: GET /healthz for load balancers and process managers.

Public (app.PUBLIC_ENDPOINTS), cheap (one `SELECT 1`), and it never touches the session, so
no cookie is set and no user is loaded.
"""

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from extensions import db

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        healthy = True
    except SQLAlchemyError as error:
        current_app.logger.warning("health check: database unavailable: %s", error)
        db.session.rollback()
        healthy = False
    finally:
        db.session.remove()  # give the connection back at once
    if healthy:
        response = jsonify(status="ok", database="ok")
    else:
        response = jsonify(status="error", database="unavailable")
        response.status_code = 503
    response.headers["Cache-Control"] = "no-store"
    return response
