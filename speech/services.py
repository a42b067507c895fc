"""Importing a written speech: read it, propose an opinion, save what the user reviewed.

    read_upload(filename, data) -> str              (.docx or .txt; RuleViolation otherwise)
    propose(text, departments) -> (SpeechProposal, [Department, ...])
    propose_page(text, departments, people, keep) -> PageProposal   (one or more opinions)
    save_imported_opinion(meeting, ImportedOpinion, by_user) -> (Opinion, [Assignment, ...])
    save_imported_opinions(meeting, [ImportedOpinion, ...], by_user) -> [(Opinion, [...])]

Departments are proposed per suggestion (a policy text names the responsible departments of
each measure); the opinion's are those of its suggestions, or of its title and problem
statement when no suggestion names one.

Saving goes through the existing services (opinions.services.submit_opinion and
responses.assignments.assign), so an imported opinion obeys exactly the rules of one typed
in, and only flushes: the request commits the opinion, its suggestions and its assignments
together, or nothing.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from accounts.models import User
from accounts.policy import can
from common.errors import RuleViolation
from common.uploads import Limits
from meetings.models import Meeting
from opinions import services as opinions
from opinions.models import Opinion, OpinionChannel
from participants.models import Department, Participant
from responses.assignments import assign
from responses.models import Assignment, HandlingMode
from speech.departments import match_departments, unmatched_names
from speech.docx import UnreadableDocx, docx_to_text
from speech.segments import split_page
from speech.splitter import SpeechProposal, split_speech

MAX_TEXT = 100_000  # characters of speech; a long speech is a few thousand
MAX_UPLOAD = 5 * 1024 * 1024  # bytes of .docx (pictures make Word files large)
UPLOAD_TYPES = ("docx", "txt")
SPEAKER_WINDOW = 300  # a speech names its speaker under the title, if at all
MAX_OPINIONS = 60  # opinions proposed from one page; a collection holds a few dozen


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


def read_upload(filename: str, data: bytes, limits: Limits | None = None) -> str:
    """The speech text of an uploaded .docx or .txt file (`limits`: the app's by default)."""
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
            text = docx_to_text(data, limits)
        except UnreadableDocx:
            raise RuleViolation(_("This file cannot be read as a Word document (.docx).")) from None
    if len(text) > MAX_TEXT:
        raise RuleViolation(_("The speech is longer than %(n)s characters.", n=MAX_TEXT))
    if not text.strip():
        raise RuleViolation(_("The speech file contains no text."))
    return text


def departments_of(
    proposal: SpeechProposal, departments: Sequence[Department]
) -> tuple[list[Department], list[list[Department]]]:
    """(the opinion's departments, each suggestion's), in order of first mention."""
    per_suggestion = [match_departments(text, departments) for text in proposal.suggestions]
    union = list({id(d): d for found in per_suggestion for d in found}.values())
    if not union:
        union = match_departments(f"{proposal.title}\n{proposal.problem}", departments)
    return union, per_suggestion


def propose(
    text: str, departments: Sequence[Department]
) -> tuple[SpeechProposal, list[Department]]:
    """The proposed opinion of a one-speech text and its departments (see departments_of)."""
    proposal = split_speech(text)
    return proposal, departments_of(proposal, departments)[0]


@dataclass
class ProposedOpinion:
    """One opinion proposed from a page, with what the review shows beside it."""

    proposal: SpeechProposal
    speaker: Participant | None
    body: str  # the problem statement without the speaker's byline
    departments: list[Department]
    suggestion_departments: list[list[Department]]
    not_in_directory: list[str]


@dataclass
class PageProposal:
    opinions: list[ProposedOpinion]
    removed: list[str]  # page furniture taken out, for the user to bring back
    left_out: int = 0  # proposals past the limit, not proposed


def propose_page(
    text: str,
    departments: Sequence[Department],
    people: Sequence[Participant] = (),
    keep: Collection[str] = (),
    limit: int | None = MAX_OPINIONS,
) -> PageProposal:
    """Every opinion a pasted page or document holds (one for a plain speech), at most
    `limit`; `keep`: the removed lines the user brought back."""
    page = split_page(text, keep)
    found = list(zip(page.proposals, page.segments, strict=True))
    opinions_found: list[ProposedOpinion] = []
    for proposal, segment in found[:limit]:
        speaker = guess_speaker(segment, people)
        union, per_suggestion = departments_of(proposal, departments)
        opinions_found.append(
            ProposedOpinion(
                proposal=proposal,
                speaker=speaker,
                body=without_byline(proposal.problem, speaker),
                departments=union,
                suggestion_departments=per_suggestion,
                not_in_directory=unmatched_names(segment, departments),
            )
        )
    return PageProposal(opinions_found, page.removed, len(found) - len(opinions_found))


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


def save_imported_opinions(
    meeting: Meeting,
    items: Sequence[ImportedOpinion],
    by_user: User | None = None,
    today: date | None = None,
) -> list[tuple[Opinion, list[Assignment]]]:
    """Every reviewed opinion of a page, each as save_imported_opinion; only flushes. A
    RuleViolation names the opinion it concerns, and the caller rolls all of them back."""
    saved = []
    for number, item in enumerate(items, 1):
        try:
            saved.append(save_imported_opinion(meeting, item, by_user, today))
        except RuleViolation as error:
            if len(items) == 1:
                raise
            message = _("Opinion %(n)s: %(message)s", n=number, message=error.message)
            raise RuleViolation(message, error.status) from error
    return saved
