"""Importing a written speech as a proposed opinion."""

from flask import Blueprint

bp = Blueprint("speech_import", __name__)
