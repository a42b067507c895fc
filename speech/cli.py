"""flask --app app parse-speech FILE: the proposed opinions of a speech, as JSON for scripts.

    flask --app app parse-speech speech.docx
    pbpaste | flask --app app parse-speech -

A speech gives one object: {"title", "problem", "suggestions": [...], "departments": [...],
"suggestion_departments": [[...], ...]} (department names, matched against the database's
active departments, per suggestion as well), plus "not_in_directory" when the text names
bodies no department is (another level's, or not entered). A page holding several proposals
gives a list of such objects. Lines removed as page furniture are reported on stderr.
Reads only; writes nothing. A file that cannot be read: its message and exit code 2 (1 for a
file of the wrong type).
"""

import json
import sys
from pathlib import Path

import click

from common.errors import RuleViolation
from responses.assignments import active_departments
from speech import services as speech_services

UNREADABLE = 2  # exit code for a file that cannot (or must not) be read


class Unreadable(click.ClickException):
    """A file that cannot be read: its message, and exit code 2 rather than click's 1."""

    exit_code = UNREADABLE


def read_source(file: str) -> str:
    """The text of FILE or of stdin (-); errors as click exceptions, never a traceback."""
    try:
        if file == "-":
            return speech_services.decode_text(sys.stdin.buffer.read())
        path = Path(file)
        if not path.is_file():
            raise click.BadParameter(f"{file}: no such file", param_hint="FILE")
        return speech_services.read_upload(path.name, path.read_bytes())
    except ValueError as error:  # common.uploads.UploadRejected and any other reading error
        message = getattr(error, "message", None) or str(error)
        raise Unreadable(message) from None
    except RuleViolation as error:  # not a .docx/.txt, empty, too long
        raise click.ClickException(error.message) from None


def as_json(opinion: speech_services.ProposedOpinion) -> dict[str, object]:
    proposal = opinion.proposal
    result = proposal.to_dict() | {"departments": [d.name for d in opinion.departments]}
    result["suggestion_departments"] = [
        [d.name for d in found] for found in opinion.suggestion_departments
    ]
    if opinion.not_in_directory:
        result["not_in_directory"] = opinion.not_in_directory
    return result


@click.command("parse-speech")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
def parse_speech_command(file: str) -> None:
    """Propose opinions from a speech or a page of proposals (.docx or .txt; - for stdin)."""
    text = read_source(file)
    page = speech_services.propose_page(text, active_departments(), limit=None)
    for line in page.removed:
        click.echo(f"removed as page furniture: {line}", err=True)
    found = [as_json(opinion) for opinion in page.opinions]
    if not found:
        found = [{"title": "", "problem": "", "suggestions": [], "departments": []}]
    result = found[0] if len(found) == 1 else found
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


speech_commands: list[click.Command] = [parse_speech_command]
