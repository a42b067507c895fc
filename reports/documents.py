"""The meeting's printed documents: 会议纪要 (minutes) and 协商成果报告 (consensus report).

`minutes_context(meeting)` and `consensus_context(meeting)` return dataclasses
(`MinutesContext`, `ConsensusContext`, both a `DocumentHead` plus their own parts) that the
templates, the DOCX export and the tests share (pieces in reports.document_parts).
`render_document(kind, meeting)` turns one into the print HTML (Chinese whatever the
user's language: an official document has one wording).

A draft (the default) is marked 草稿 on every page, shows its issue number as provisional
when it has none yet and today's date as its issue date; the finalised document
(`draft=False`, reports.finalise) carries neither mark, its own number and the date it
was finalised. Every document needs the office's issuing body: without it these raise
office.services.OfficeNotConfigured.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import force_locale

from common.clock import today as office_today
from meetings.models import AgendaKind, Meeting
from reports import pdf, subsets
from reports.document_parts import (
    Loaded,
    agenda_entries,
    attendance_groups,
    commitments,
    consensus_points,
    load,
    opinion_entry,
    responses,
    speaking_order,
    speech_steps,
    speeches_by_step,
)
from reports.formatting import (  # noqa: F401  (re-exported: the DOCX and tests use them)
    cn_date,
    cn_number,
    cn_time,
    department_name,
    inner_quotes,
    paragraphs,
    person_line,
    title_lines,
)
from reports.letterhead import Letterhead, issue, letterhead

KINDS = ("minutes", "consensus")

Entry = dict[str, Any]  # one printed item (opinion, response, commitment...): document_parts


@dataclass
class DocumentHead:
    """What every document prints above and below its body: letterhead, title, meeting."""

    kind: str
    draft: bool
    issuing_body: str
    issue: dict[str, Any]  # number, provisional (reports.letterhead.issue)
    issued_on: str
    imprint: dict[str, Any]  # the 版记 (reports.letterhead.Letterhead.imprint)
    title: str
    quoted_title: str
    title_lines: list[str]
    kind_of_meeting: str
    meeting_date: date  # before `date`, which names the printed date in this class
    date: str
    end_date: str
    time: str
    afternoon: bool
    venue: str
    organiser_committee: str
    chair: str
    chair_name: str
    description: list[str]


@dataclass
class MinutesContext(DocumentHead):
    """会议纪要: the course of the meeting following its agenda."""

    attendance: dict[str, list[str]]
    agenda: list[Entry]
    unplaced_speakers: list[Entry]
    last_speeches_step: int | None
    written: list[Entry]
    responses: list[Entry]
    statements: list[Entry]
    summaries: list[Entry]
    consensus: list[Entry]
    commitments: list[Entry]


@dataclass
class ConsensusContext(DocumentHead):
    """协商成果报告: what the committee submits, by theme and responsible department."""

    addressee: str
    speaker_count: int
    opinion_count: int
    consensus: list[Entry]
    themes: list[Entry]
    departments: list[Entry]
    commitments: list[Entry]


DocumentContext = MinutesContext | ConsensusContext


def header(
    meeting: Meeting, office: Letterhead, kind: str, draft: bool, issued_on: date | None
) -> dict[str, Any]:
    """The DocumentHead fields of `meeting`'s `kind` document."""
    chair = meeting.chair
    return {
        "kind": kind,
        "draft": draft,
        "issuing_body": office.issuing_body,
        "issue": issue(meeting, kind),
        "issued_on": cn_date(issued_on),
        "imprint": office.imprint(issued_on),
        "title": meeting.title,
        "quoted_title": inner_quotes(meeting.title),
        "title_lines": title_lines(meeting.title),
        "kind_of_meeting": meeting.kind.value,
        "date": cn_date(meeting.starts_at),
        "meeting_date": meeting.starts_at.date(),
        "end_date": cn_date(meeting.ends_at),
        "time": f"{cn_time(meeting.starts_at)}—{cn_time(meeting.ends_at)}",
        "afternoon": meeting.starts_at.hour >= 12,
        "venue": meeting.venue,
        "organiser_committee": meeting.organiser_committee,
        "chair": person_line(chair) if chair else "",
        "chair_name": chair.name if chair else "",
        "description": paragraphs(meeting.description),
    }


def _start(
    meeting: Meeting, kind: str, draft: bool, issued_on: date | None
) -> tuple[Loaded, dict[str, Any], Letterhead]:
    office = letterhead(meeting.committee_id)  # first: no issuing body, no document
    if draft and issued_on is None:
        issued_on = office_today()
    loaded = load(meeting)
    return loaded, header(loaded.meeting, office, kind, draft, issued_on), office


def _written(loaded: Loaded) -> list[Entry]:
    return [opinion_entry(o) for o in speaking_order(loaded) if o.channel.value != "oral"]


# ---------------------------------------------------------------- the two documents


def minutes_context(
    meeting: Meeting, *, draft: bool = True, issued_on: date | None = None
) -> MinutesContext:
    """会议纪要: head, the course following the agenda (what was said in each step, the
    speeches under their own step, written opinions under their heading, department
    responses), consensus, commitments; then the attendees and the 版记."""
    loaded, head, _office = _start(meeting, "minutes", draft, issued_on)
    ordered = speaking_order(loaded)
    agenda = agenda_entries(loaded)
    steps = speech_steps(loaded)
    return MinutesContext(
        **head,
        attendance=attendance_groups(loaded.invitations),
        agenda=agenda,
        # Oral opinions when the agenda has no speeches step (printed under a heading of
        # their own); empty otherwise.
        unplaced_speakers=[] if steps else speeches_by_step(loaded).get(None, []),
        last_speeches_step=steps[-1].id if steps else None,
        written=_written(loaded),
        responses=responses(loaded, ordered),
        statements=[a for a in agenda if a["kind"] == AgendaKind.STATEMENT.value],
        summaries=[a for a in agenda if a["kind"] == AgendaKind.SUMMARY.value],
        consensus=consensus_points(loaded),
        commitments=commitments(loaded, ordered),
    )


def consensus_context(
    meeting: Meeting, *, draft: bool = True, issued_on: date | None = None
) -> ConsensusContext:
    """协商成果报告: consensus points, key suggestions by theme, responsible departments
    and commitments — what the committee submits to the Party committee and government,
    signed and dated the day it is issued."""
    loaded, head, office = _start(meeting, "consensus", draft, issued_on)
    ordered = speaking_order(loaded)
    themes: dict[str, list[Entry]] = {}
    for opinion in ordered:
        # Each opinion once, under its first theme: a report must not repeat itself.
        name = opinion.themes[0].name if opinion.themes else ""
        themes.setdefault(name, []).append(opinion_entry(opinion))
    theme_groups = [{"theme": k, "opinions": v} for k, v in themes.items() if k]
    if "" in themes:
        theme_groups.append({"theme": "", "opinions": themes[""]})
    departments: dict[int, Entry] = {}
    for opinion in ordered:
        for assignment in loaded.assignments.get(opinion.id, []):
            entry = departments.setdefault(
                assignment.department_id,
                {"department": assignment.department.name, "lead": [], "co": []},
            )
            entry["lead" if assignment.role.value == "lead" else "co"].append(
                inner_quotes(opinion.title)
            )
    return ConsensusContext(
        **head,
        addressee=office.addressee,
        speaker_count=len({o.speaker_id for o in loaded.opinions}),
        opinion_count=len(loaded.opinions),
        consensus=consensus_points(loaded),
        themes=theme_groups,
        departments=list(departments.values()),
        commitments=commitments(loaded, ordered),
    )


def document_context(
    kind: str, meeting: Meeting, *, draft: bool = True, issued_on: date | None = None
) -> DocumentContext:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    if kind == "minutes":
        return minutes_context(meeting, draft=draft, issued_on=issued_on)
    return consensus_context(meeting, draft=draft, issued_on=issued_on)


# ---------------------------------------------------------------- rendering


def font_css() -> str:
    """The engine's @font-face rules (for the browser preview; the PDF engine replaces them)."""
    return subsets.font_css()


def print_css() -> str:
    return render_template("reports/print.css")


def render_document(
    kind: str,
    meeting: Meeting,
    *,
    toolbar: dict[str, Any] | None = None,
    draft: bool = True,
    issued_on: date | None = None,
) -> str:
    """The print HTML of `kind` ("minutes" or "consensus") for `meeting`.

    `toolbar` (screen preview only: links shown above the page, never printed) must not
    be given when the HTML is meant for the PDF or its hash. A finalised document passes
    `draft=False` and the date it is issued on (None: no date, for its content hash).
    """
    with force_locale("zh_CN"):
        context = document_context(kind, meeting, draft=draft, issued_on=issued_on)
        return render_template(
            f"reports/{kind}.html",
            doc=context,
            font_css=font_css(),
            print_css=print_css(),
            toolbar=toolbar,
            cn=cn_number,
        )


def pdf_bytes(html: str) -> bytes:
    """The PDF of a document's HTML, through the engine (reports.pdf)."""
    return pdf.render_pdf(html)


def html_etag(html: str) -> str:
    """The print preview's ETag: the hash of its HTML."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()
