"""The speech import blueprint: a written speech (or a page of proposals) becomes opinions.

Its URLs live under a meeting's opinions (/meetings/<id>/opinions/import…), as they always
have. speech/views.py attaches its routes to it.
"""

from flask import Blueprint

bp = Blueprint("speech", __name__)
