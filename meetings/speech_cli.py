"""flask --app app parse-speech FILE: the proposed opinion of a speech, as JSON for scripts.

    flask --app app parse-speech speech.docx
    pbpaste | flask --app app parse-speech -

Prints {"title", "problem", "suggestions": [...], "departments": [...]} (department names,
matched against the database's active departments). Reads only; writes nothing.
"""

import json
import sys
from pathlib import Path

import click

from common.errors import RuleViolation
from meetings import speech_services
from responses.assignments import active_departments


@click.command("parse-speech")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
def parse_speech_command(file: str) -> None:
    """Propose an opinion from a speech (.docx or .txt; - reads text from stdin)."""
    try:
        if file == "-":
            text = speech_services.decode_text(sys.stdin.buffer.read())
        else:
            path = Path(file)
            if not path.is_file():
                raise click.BadParameter(f"{file}: no such file", param_hint="FILE")
            text = speech_services.read_upload(path.name, path.read_bytes())
    except RuleViolation as error:
        raise click.ClickException(error.message) from None
    proposal, departments = speech_services.propose(text, active_departments())
    result = proposal.to_dict() | {"departments": [d.name for d in departments]}
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


speech_commands: list[click.Command] = [parse_speech_command]
