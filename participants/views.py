"""Participants directory and departments (placeholder until the feature lands)."""

from flask import Blueprint

participants_bp = Blueprint("participants", __name__, url_prefix="/participants")
departments_bp = Blueprint("departments", __name__, url_prefix="/departments")


@participants_bp.get("/")
def list_participants():
    return "participants"


@departments_bp.get("/")
def list_departments():
    return "departments"
