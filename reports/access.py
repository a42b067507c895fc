"""The front door of every document route: load the meeting and the document, ask once.

Every route that serves a meeting's document (print preview, PDF, DOCX, versions,
finalise, tracking table) starts here, so each answers a refusal the same way:

1. the meeting: 404 when it does not exist or the user may not see it (meeting.view);
2. the role: 403 when it reads no documents at all (report.view without an object:
   departments); the meeting is visible, so the refusal is not hidden;
3. the document: the current draft (a `Draft`, since no Report row exists until it is
   finalised) or one finalised version (404 when there is no such version), and one
   question to the policy, report.view of that object: 403.

Members read finalised versions only (policy: `finalised`); the secretariat and the chair
also read drafts. The editable DOCX of a draft answers a member 404 instead of 403 (as the
route × role matrix records): its route passes `refusal=404`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user

from accounts.policy import can, get_or_404
from meetings.models import Meeting
from reports import finalise
from reports.models import Report


@dataclass(frozen=True)
class Draft:
    """A meeting's current, not yet finalised document (policy: `finalised_at` is None)."""

    meeting: Meeting
    kind: str
    finalised_at: None = None


@dataclass(frozen=True)
class OpenedDocument:
    """What a document route loaded: the meeting, the kind and the finalised version."""

    meeting: Meeting
    kind: str
    report: Report | None  # None: the current draft


def may_view_draft(user: Any, meeting: Meeting, kind: str = "minutes") -> bool:
    """May this user read the meeting's current draft (links, buttons, the DOCX)?"""
    return can(user, "report.view", Draft(meeting, kind))


def load_meeting(meeting_id: int) -> Meeting:
    """The meeting of a document route: 404 when missing or not visible to the user."""
    meeting: Meeting = get_or_404(Meeting, meeting_id, "meeting.view")
    return meeting


def readable_meeting(meeting_id: int) -> Meeting:
    """The meeting, and the user's role reads documents at all (else 403)."""
    meeting = load_meeting(meeting_id)
    if not can(current_user, "report.view"):
        abort(403)
    return meeting


def load_document(
    meeting_id: int, kind: str, version: int | None = None, *, refusal: int = 403
) -> OpenedDocument:
    """The meeting and its draft (version None) or finalised `version`, or abort.

    `refusal` is the answer when the meeting is visible but this document is not.
    """
    meeting = readable_meeting(meeting_id)
    report = None
    document: Draft | Report = Draft(meeting, kind)
    if version is not None:
        report = finalise.find_version(meeting, kind, version)
        if report is None:
            abort(404)
        document = report
    if not can(current_user, "report.view", document):
        abort(refusal)
    return OpenedDocument(meeting, kind, report)


def load_for_finalising(meeting_id: int) -> Meeting:
    """The meeting whose documents the user finalises: 404 when hidden, 403 when refused."""
    meeting = load_meeting(meeting_id)
    if not can(current_user, "report.finalise", meeting):
        abort(403)
    return meeting
