"""One error page for every status code, with a message a person can act on."""

from flask import render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from extensions import db


def generic_message(code: int) -> str:
    messages = {
        400: _("The request could not be understood. Please check what you entered."),
        403: _("You are not allowed to do this."),
        404: _("The page or record you asked for does not exist."),
        405: _("This address does not accept that kind of request."),
        413: _("The upload is too large."),
        422: _("The request could not be understood. Please check what you entered."),
    }
    return messages.get(
        code, _("Something went wrong on our side. Nothing was saved; please try again.")
    )


def render_error(error: Exception):
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    # Whatever the failed request had written is thrown away: never a half-written record.
    db.session.rollback()
    message = generic_message(code)
    if isinstance(error, HTTPException) and code < 500:
        default = type(error).description
        if error.description and error.description != default:
            message = error.description  # a message our own code chose (already translated)
    return render_template("errors/error.html", code=code, message=message), code


class RuleViolation(Exception):
    """A request that breaks a business rule. The message is translated and shown to the user.

    Services raise it; views turn it into a flash message and a 4xx (usually 409 or 422).
    """

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status
