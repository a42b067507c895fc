"""flask --app app parse-speech FILE."""

import click

speech_commands: list[click.Command] = []
