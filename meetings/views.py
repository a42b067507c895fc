"""Meetings (placeholder until the feature lands)."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.get("/")
def list_meetings():
    return "meetings"
