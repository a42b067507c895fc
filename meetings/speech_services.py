"""Importing a written speech: read it, propose an opinion, save what the user reviewed.

    read_upload(filename, data) -> str              (.docx or .txt; RuleViolation otherwise)
    propose(text, departments) -> (SpeechProposal, [Department, ...])
    save_imported_opinion(meeting, ImportedOpinion, by_user) -> (Opinion, [Assignment, ...])

Saving goes through the existing services (meetings.opinions.submit_opinion and
responses.assignments.assign), so an imported opinion obeys exactly the rules of one typed
in, and only flushes: the request commits the opinion, its suggestions and its assignments
together, or nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from accounts.models import User
from accounts.policy import can
from common.errors import RuleViolation
from meetings import opinions
from meetings.models import Meeting
from meetings.opinion_models import Opinion, OpinionChannel
from meetings.speech import SpeechProposal, split_speech
from meetings.speech_departments import match_departments
from meetings.speech_docx import UnreadableDocx, docx_to_text
from participants.models import Department, Participant
from responses.assignments import assign
from responses.models import Assignment, HandlingMode

MAX_TEXT = 100_000  # characters of speech; a long speech is a few thousand
MAX_UPLOAD = 5 * 1024 * 1024  # bytes of .docx (pictures make Word files large)
UPLOAD_TYPES = ("docx", "txt")
SPEAKER_WINDOW = 300  # a speech names its speaker under the title, if at all


def decode_text(data: bytes) -> str:
    """A .txt file as offices save it: UTF-8 (with or without BOM), UTF-16 with its BOM
    (Notepad's "Unicode"), else GB18030 (GBK)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RuleViolation(_("The text file is neither UTF-8 nor GBK encoded."))


def read_upload(filename: str, data: bytes) -> str:
    """The speech text of an uploaded .docx or .txt file."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if extension not in UPLOAD_TYPES:
        raise RuleViolation(_("Upload a Word file (.docx) or a text file (.txt)."))
    if len(data) > MAX_UPLOAD:
        raise RuleViolation(
            _("The speech file is larger than %(n)s MB.", n=MAX_UPLOAD // (1024 * 1024)), 413
        )
    if extension == "txt":
        text = decode_text(data)
    else:
        try:
            text = docx_to_text(data)
        except UnreadableDocx:
            raise RuleViolation(_("This file cannot be read as a Word document (.docx).")) from None
    if len(text) > MAX_TEXT:
        raise RuleViolation(_("The speech is longer than %(n)s characters.", n=MAX_TEXT))
    if not text.strip():
        raise RuleViolation(_("The speech file contains no text."))
    return text


def propose(
    text: str, departments: Sequence[Department]
) -> tuple[SpeechProposal, list[Department]]:
    """The proposed opinion and the departments the speech mentions (in order of mention)."""
    return split_speech(text), match_departments(text, departments)


def guess_speaker(text: str, people: Sequence[Participant]) -> Participant | None:
    """The invitee a speech names near its start ("区政协委员 林某某"), if exactly one."""
    opening = (text or "")[:SPEAKER_WINDOW]
    named = [p for p in people if len(p.name) >= 2 and p.name in opening]
    return named[0] if len(named) == 1 else None


def without_byline(problem: str, speaker: Participant | None) -> str:
    """The problem statement without a byline ("区政协委员 林某某") at its top: once the
    speaker is chosen on the form, their name is not part of what they said."""
    if speaker is None:
        return problem
    first, _sep, rest = (problem or "").lstrip().partition("\n")
    byline = first.strip()
    if speaker.name in byline and len(byline) <= 30 and not any(c in byline for c in "。，；：,;"):
        return rest.strip()
    return problem


def default_mode(departments: Sequence[Department]) -> HandlingMode:
    """One department handles alone (单办); several named together each answer (分办)."""
    return HandlingMode.SINGLE if len(departments) <= 1 else HandlingMode.SPLIT


@dataclass
class ImportedOpinion:
    """What the review form delivers."""

    speaker: Participant | None
    title: str
    body: str = ""
    channel: OpinionChannel | str = OpinionChannel.ORAL
    themes: str = ""
    suggestions: list[str] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    mode: HandlingMode | str | None = None
    lead: Department | None = None
    due_date: date | None = None


def save_imported_opinion(
    meeting: Meeting,
    data: ImportedOpinion,
    by_user: User | None = None,
    today: date | None = None,
) -> tuple[Opinion, list[Assignment]]:
    """Create the opinion with its suggestions and, when departments are chosen, assign it.

    Only flushes; a RuleViolation anywhere means the caller rolls everything back.
    """
    if by_user is not None and not can(by_user, "opinion.import", meeting):
        raise RuleViolation(_("You may not import opinions for this meeting."), 403)
    opinion = opinions.submit_opinion(
        meeting,
        data.speaker,
        {
            "title": data.title,
            "body": data.body,
            "themes": data.themes,
            "channel": data.channel,
            "suggestions": list(data.suggestions),
        },
        by_user=by_user,
    )
    created: list[Assignment] = []
    if data.departments or data.lead is not None:
        if by_user is not None and not can(by_user, "assignment.manage"):
            raise RuleViolation(_("You may not assign opinions to departments."), 403)
        created = assign(
            opinion,
            data.departments,
            data.mode or default_mode(data.departments),
            lead=data.lead,
            due_date=data.due_date,
            by_user=by_user,
            today=today,
        )
    return opinion, created
