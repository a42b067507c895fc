"""The meeting's printed documents: 会议纪要 (minutes) and 协商成果报告 (consensus report).

`minutes_context(meeting)` and `consensus_context(meeting)` load everything a document
shows in a fixed number of queries (independent of how many people, opinions, replies or
commitments there are) and return plain dicts that templates, the DOCX export and tests
share. `render_document(kind, meeting)` turns one of them into the print HTML (Chinese
whatever the user's language: an official document has one wording).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from meetings.models import AgendaItem, AgendaKind, Attendance, Invitation, InvitationRole, Meeting
from meetings.opinion_models import ConsensusPoint, Opinion, SpeakerSlot, SpeakerStatus
from participants.models import Participant
from responses.models import (
    Assignment,
    AssignmentStatus,
    Commitment,
    Reply,
    ReplyPurpose,
    ReplyStatus,
)

KINDS = ("minutes", "consensus")
DEFAULT_COMMITTEE_NAME = "政协云溪区委员会"
CN_DIGITS = "零一二三四五六七八九"


# ---------------------------------------------------------------- formatting helpers


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (1..99; larger as digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def cn_date(value: date | datetime | None) -> str:
    """2026-11-12 -> 2026年11月12日 (the way a 公文 writes dates)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_time(value: datetime) -> str:
    return f"{value.hour}:{value.minute:02d}"


def paragraphs(text: str | None) -> list[str]:
    """A text area's content as paragraphs (blank lines and line breaks both separate)."""
    return [line.strip() for line in re.split(r"\r?\n", text or "") if line.strip()]


def inner_quotes(text: str) -> str:
    """Double quotes inside a quotation become single ones: 围绕“让‘幼有所育’更可及”."""
    return text.replace("“", "‘").replace("”", "’")


TITLE_LINE_CHARS = 20  # 22 pt characters in the 156 mm line


def title_lines(title: str) -> list[str]:
    """A long title breaks after the comma nearest its middle (公文 titles are set as a
    trapezoid, never with one character left over on the last line)."""
    if len(title) <= TITLE_LINE_CHARS:
        return [title]
    commas = [i for i, ch in enumerate(title) if ch in "，、；：" and 0 < i < len(title) - 1]
    if not commas:
        return [title]
    cut = min(commas, key=lambda i: abs(i + 1 - len(title) / 2)) + 1
    if max(cut, len(title) - cut) > TITLE_LINE_CHARS * 2:
        return [title]
    return [title[:cut], title[cut:]]


def committee_name() -> str:
    return current_app.config.get("COMMITTEE_NAME") or DEFAULT_COMMITTEE_NAME


def report_addressee() -> str:
    """Who the consensus report goes to: the Party committee and government of the place."""
    configured = current_app.config.get("REPORT_ADDRESSEE")
    if configured:
        return configured
    match = re.fullmatch(r"政协(.+?)委员会", committee_name())
    place = match.group(1) if match else ""
    return f"中共{place}委、{place}人民政府" if place else ""


def person_line(person: Participant) -> str:
    """Name with unit and post: 王喆（云溪区妇幼保健院副院长）."""
    unit = f"{person.affiliation}{person.title}"
    return f"{person.name}（{unit}）" if unit else person.name


def department_name(department: Any) -> str:
    return (department.short_name or department.name) if department is not None else ""


# ---------------------------------------------------------------- loading


@dataclass
class Loaded:
    """Everything of one meeting the documents print, loaded in a bounded number of queries."""

    meeting: Meeting
    invitations: list[Invitation]
    agenda: list[AgendaItem]
    opinions: list[Opinion]
    slots: list[SpeakerSlot]
    points: list[ConsensusPoint]
    assignments: dict[int, list[Assignment]] = field(default_factory=dict)


def load(meeting: Meeting) -> Loaded:
    """Seven queries whatever the meeting's size (see tests/reports_minutes)."""
    meeting_id = meeting.id
    meeting = db.session.scalars(
        select(Meeting).where(Meeting.id == meeting_id).options(joinedload(Meeting.chair))
    ).one()
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.meeting_id == meeting_id)
            .options(joinedload(Invitation.participant))
            .order_by(Invitation.id)
        )
    )
    agenda = list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .options(joinedload(AgendaItem.presenter), joinedload(AgendaItem.department))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )
    opinions = list(
        db.session.scalars(
            select(Opinion)
            .where(Opinion.meeting_id == meeting_id)
            .options(
                joinedload(Opinion.speaker),
                selectinload(Opinion.suggestions),
                selectinload(Opinion.themes),
            )
            .order_by(Opinion.position, Opinion.id)
        )
    )
    slots = list(
        db.session.scalars(
            select(SpeakerSlot)
            .where(SpeakerSlot.meeting_id == meeting_id)
            .options(joinedload(SpeakerSlot.participant))
            .order_by(SpeakerSlot.position, SpeakerSlot.id)
        )
    )
    points = list(
        db.session.scalars(
            select(ConsensusPoint)
            .where(ConsensusPoint.meeting_id == meeting_id)
            .options(selectinload(ConsensusPoint.opinions))
            .order_by(ConsensusPoint.position, ConsensusPoint.id)
        )
    )
    loaded = Loaded(meeting, invitations, agenda, opinions, slots, points)
    if opinions:
        rows = db.session.scalars(
            select(Assignment)
            .where(
                Assignment.opinion_id.in_([o.id for o in opinions]),
                Assignment.status != AssignmentStatus.WITHDRAWN,
            )
            .options(
                joinedload(Assignment.department),
                selectinload(Assignment.replies)
                .selectinload(Reply.commitments)
                .joinedload(Commitment.department),
            )
            .order_by(Assignment.id)
        )
        for assignment in rows:
            loaded.assignments.setdefault(assignment.opinion_id, []).append(assignment)
    return loaded


# ---------------------------------------------------------------- pieces


ATTENDANCE_GROUPS = ("present", "observers", "excused")
ROLE_ORDER = [
    InvitationRole.CHAIR,
    InvitationRole.LEADER,
    InvitationRole.SPEAKER,
    InvitationRole.RESPONDER,
    InvitationRole.ATTENDEE,
]


def attendance_groups(invitations: list[Invitation]) -> dict[str, list[str]]:
    """出席 / 列席 / 请假: chair, leaders and speakers attend; departments and non-voting
    guests sit in (列席); whoever excused themselves or declined is listed as 请假."""
    groups: dict[str, list[Invitation]] = {name: [] for name in ATTENDANCE_GROUPS}
    for invitation in invitations:
        if invitation.attendance in (Attendance.ABSENT, Attendance.DECLINED):
            groups["excused"].append(invitation)
        elif invitation.role in (InvitationRole.RESPONDER, InvitationRole.ATTENDEE):
            groups["observers"].append(invitation)
        else:
            groups["present"].append(invitation)
    return {
        name: [
            person_line(inv.participant)
            for inv in sorted(rows, key=lambda inv: (ROLE_ORDER.index(inv.role), inv.id))
        ]
        for name, rows in groups.items()
    }


def suggestion_lines(opinion: Opinion) -> list[str]:
    """一是……；二是……。 — the suggestions as the minutes summarise them."""
    texts = [s.text.strip().rstrip("；;。.") for s in opinion.suggestions if s.text.strip()]
    return [
        f"{cn_number(n)}是{text}{'。' if n == len(texts) else '；'}"
        for n, text in enumerate(texts, 1)
    ]


def opinion_entry(opinion: Opinion) -> dict:
    return {
        "id": opinion.id,
        "title": opinion.title,
        "quoted_title": inner_quotes(opinion.title),
        "speaker": opinion.speaker.name,
        "speaker_line": person_line(opinion.speaker),
        "channel": opinion.channel.value,
        "body": paragraphs(opinion.body),
        "suggestions": suggestion_lines(opinion),
        "themes": [t.name for t in opinion.themes],
    }


def speaking_order(loaded: Loaded) -> list[Opinion]:
    """Opinions in the order their speakers spoke on the day; written ones after them."""
    spoken = [s for s in loaded.slots if s.status != SpeakerStatus.SKIPPED]
    rank = {slot.participant_id: n for n, slot in enumerate(spoken)}
    return sorted(
        loaded.opinions,
        key=lambda o: (
            o.channel.value != "oral",
            rank.get(o.speaker_id, len(rank)),
            o.position,
            o.id,
        ),
    )


def speakers(loaded: Loaded, ordered: list[Opinion]) -> list[dict]:
    """Who spoke, in speaking order, each with the opinions they put forward orally.

    A speaker without a recorded opinion still appears (with the slot's topic); an oral
    opinion whose speaker is not on the list follows the list."""
    oral = [o for o in ordered if o.channel.value == "oral"]
    rows: list[dict] = []
    seen: set[int] = set()
    for slot in loaded.slots:
        if slot.status == SpeakerStatus.SKIPPED and not any(
            o.speaker_id == slot.participant_id for o in oral
        ):
            continue
        seen.add(slot.participant_id)
        rows.append(
            {
                "name": slot.participant.name,
                "line": person_line(slot.participant),
                "topic": slot.topic,
                "opinions": [opinion_entry(o) for o in oral if o.speaker_id == slot.participant_id],
            }
        )
    for opinion in oral:
        if opinion.speaker_id not in seen:
            seen.add(opinion.speaker_id)
            rows.append(
                {
                    "name": opinion.speaker.name,
                    "line": person_line(opinion.speaker),
                    "topic": "",
                    "opinions": [
                        opinion_entry(o) for o in oral if o.speaker_id == opinion.speaker_id
                    ],
                }
            )
    return rows


def submitted_replies(assignment: Assignment) -> list[Reply]:
    return [
        r
        for r in assignment.replies
        if r.status == ReplyStatus.SUBMITTED and r.purpose == ReplyPurpose.REPLY
    ]


def responses(loaded: Loaded, opinions: list[Opinion]) -> list[dict]:
    """Each department's answers, in the order of the opinions they answer."""
    by_department: dict[int, dict] = {}
    for opinion in opinions:
        for assignment in loaded.assignments.get(opinion.id, []):
            for reply in submitted_replies(assignment):
                entry = by_department.setdefault(
                    assignment.department_id,
                    {
                        "department": department_name(assignment.department),
                        "department_full": assignment.department.name,
                        "replies": [],
                    },
                )
                entry["replies"].append(
                    {
                        "opinion_title": inner_quotes(opinion.title),
                        "speaker": opinion.speaker.name,
                        "oral": reply.channel.value == "oral",
                        "round": reply.round,
                        "category": reply.category.value if reply.category else "",
                        "text": paragraphs(reply.text),
                    }
                )
    return list(by_department.values())


def commitments(loaded: Loaded, opinions: list[Opinion]) -> list[dict]:
    rows = []
    for opinion in opinions:
        for assignment in loaded.assignments.get(opinion.id, []):
            for reply in submitted_replies(assignment):
                for commitment in reply.commitments:
                    rows.append(
                        {
                            "text": commitment.text,
                            "department": department_name(commitment.department),
                            "due_date": cn_date(commitment.due_date),
                            "due": commitment.due_date,
                            "status": commitment.status.value,
                            "opinion_title": opinion.title,
                        }
                    )
    rows.sort(key=lambda row: (row["due"], row["department"]))
    return rows


def consensus_points(loaded: Loaded) -> list[dict]:
    return [
        {
            "number": n,
            "text": paragraphs(point.text),
            "opinions": [
                {"title": o.title, "speaker": o.speaker.name}
                for o in point.opinions
                if o.speaker is not None
            ],
        }
        for n, point in enumerate(loaded.points, 1)
    ]


def agenda_entries(loaded: Loaded) -> list[dict]:
    return [
        {
            "kind": item.kind.value,
            "title": item.title,
            "presenter": item.presenter.name if item.presenter else "",
            "presenter_line": person_line(item.presenter) if item.presenter else "",
            "department": department_name(item.department),
            "notes": paragraphs(item.notes),
        }
        for item in loaded.agenda
    ]


def header(meeting: Meeting) -> dict:
    chair = meeting.chair
    return {
        "committee_name": committee_name(),
        "issue_number": meeting.issue_number,
        "title": meeting.title,
        "quoted_title": inner_quotes(meeting.title),
        "title_lines": title_lines(meeting.title),
        "kind_of_meeting": meeting.kind.value,
        "date": cn_date(meeting.starts_at),
        "end_date": cn_date(meeting.ends_at),
        "time": f"{cn_time(meeting.starts_at)}—{cn_time(meeting.ends_at)}",
        "afternoon": meeting.starts_at.hour >= 12,
        "venue": meeting.venue,
        "organiser_committee": meeting.organiser_committee,
        "chair": person_line(chair) if chair else "",
        "chair_name": chair.name if chair else "",
        "description": paragraphs(meeting.description),
    }


# ---------------------------------------------------------------- the two documents


def minutes_context(meeting: Meeting) -> dict:
    """会议纪要: head, attendees, the course following the agenda, speakers and their
    opinions, department responses, the leader's statement, consensus, commitments."""
    loaded = load(meeting)
    ordered = speaking_order(loaded)
    agenda = agenda_entries(loaded)
    return {
        "kind": "minutes",
        **header(loaded.meeting),
        "attendance": attendance_groups(loaded.invitations),
        "agenda": agenda,
        "speakers": speakers(loaded, ordered),
        "written": [opinion_entry(o) for o in ordered if o.channel.value != "oral"],
        "responses": responses(loaded, ordered),
        "statements": [a for a in agenda if a["kind"] == AgendaKind.STATEMENT.value],
        "summaries": [a for a in agenda if a["kind"] == AgendaKind.SUMMARY.value],
        "consensus": consensus_points(loaded),
        "commitments": commitments(loaded, ordered),
    }


def consensus_context(meeting: Meeting) -> dict:
    """协商成果报告: consensus points, key suggestions by theme, responsible departments
    and commitments — what the committee submits to the Party committee and government."""
    loaded = load(meeting)
    ordered = speaking_order(loaded)
    themes: dict[str, list[dict]] = {}
    for opinion in ordered:
        # Each opinion once, under its first theme: a report must not repeat itself.
        name = opinion.themes[0].name if opinion.themes else ""
        themes.setdefault(name, []).append(opinion_entry(opinion))
    theme_groups = [{"theme": k, "opinions": v} for k, v in themes.items() if k]
    if "" in themes:
        theme_groups.append({"theme": "", "opinions": themes[""]})
    departments: dict[int, dict] = {}
    for opinion in ordered:
        for assignment in loaded.assignments.get(opinion.id, []):
            entry = departments.setdefault(
                assignment.department_id,
                {"department": assignment.department.name, "lead": [], "co": []},
            )
            entry["lead" if assignment.role.value == "lead" else "co"].append(
                inner_quotes(opinion.title)
            )
    return {
        "kind": "consensus",
        **header(loaded.meeting),
        "addressee": report_addressee(),
        "speaker_count": len({o.speaker_id for o in loaded.opinions}),
        "opinion_count": len(loaded.opinions),
        "consensus": consensus_points(loaded),
        "themes": theme_groups,
        "departments": list(departments.values()),
        "commitments": commitments(loaded, ordered),
    }


# ---------------------------------------------------------------- rendering


def font_css() -> str:
    """The engine's @font-face rules when the engine is installed, else nothing (the print
    CSS then names the system fonts directly)."""
    try:
        from reports.fonts import font_css as engine_font_css
    except ImportError:
        return ""
    return engine_font_css()


def print_css() -> str:
    return render_template("reports/print.css")


def render_document(kind: str, meeting: Meeting, *, toolbar: dict | None = None) -> str:
    """The print HTML of `kind` ("minutes" or "consensus") for `meeting`.

    `toolbar` (screen preview only: links shown above the page, never printed) must not
    be given when the HTML is meant for the PDF or its hash.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    builder = minutes_context if kind == "minutes" else consensus_context
    with force_locale("zh_CN"):
        context = builder(meeting)
        return render_template(
            f"reports/{kind}.html",
            doc=context,
            font_css=font_css(),
            print_css=print_css(),
            toolbar=toolbar,
            cn=cn_number,
        )


def _refuse_url(url: str) -> dict:
    raise ValueError(f"documents fetch nothing: {url[:80]}")


def pdf_bytes(html: str) -> bytes:
    """The PDF of a document's HTML, through the engine (reports.pdf) when it is there."""
    try:
        from reports.pdf import render_pdf
    except ImportError:
        import weasyprint

        # Until the engine lands: system fonts through fontconfig, and no URL is fetched.
        return weasyprint.HTML(string=html, url_fetcher=_refuse_url).write_pdf()
    return render_pdf(html)


def pdf_and_etag(html: str) -> tuple[bytes, str]:
    """(PDF bytes, ETag) from the engine's content-hash cache when it is there."""
    try:
        from reports.cache import cached_pdf
    except ImportError:
        return pdf_bytes(html), html_etag(html)
    return cached_pdf(html)


def pdf_etag(html: str) -> str:
    """The ETag `pdf_and_etag` will give, known without rendering (for 304 answers)."""
    try:
        from reports.cache import pdf_etag as engine_etag
    except ImportError:
        return html_etag(html)
    return engine_etag(html)


def html_etag(html: str) -> str:
    import hashlib

    return hashlib.sha256(html.encode("utf-8")).hexdigest()
