"""Importing participants from CSV/XLSX."""

from flask import Blueprint

bp = Blueprint("participant_import", __name__, url_prefix="/participants/import")
