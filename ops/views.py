"""Operational endpoints (/healthz)."""

from flask import Blueprint

bp = Blueprint("ops", __name__)
