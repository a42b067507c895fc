"""What the minutes and the consensus report print, loaded and put in order.

`load(meeting)` reads everything in a fixed number of queries (independent of how many
people, opinions, replies or commitments there are); the functions below turn it into the
plain dicts the templates, the DOCX export and the tests share.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from meetings.models import AgendaItem, AgendaKind, Attendance, Invitation, InvitationRole, Meeting
from opinions.models import ConsensusPoint, Opinion
from reports.formatting import (
    cn_date,
    cn_number,
    department_name,
    inner_quotes,
    paragraphs,
    person_line,
    unit_and_name,
)
from responses.models import (
    Assignment,
    AssignmentStatus,
    Commitment,
    Reply,
    ReplyPurpose,
    ReplyStatus,
)
from speakers.models import SpeakerSlot, SpeakerStatus


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
    """Seven queries whatever the meeting's size (see tests/reports/minutes)."""
    meeting_id = meeting.id
    meeting = db.session.scalars(
        select(Meeting).where(Meeting.id == meeting_id).options(joinedload(Meeting.chair))
    ).one()

    def of_meeting(model: Any, *options: Any, ordered: bool = True) -> list[Any]:
        order = (model.position, model.id) if ordered else (model.id,)
        stmt = select(model).where(model.meeting_id == meeting_id).options(*options)
        return list(db.session.scalars(stmt.order_by(*order)))

    invitations = of_meeting(Invitation, joinedload(Invitation.participant), ordered=False)
    agenda = of_meeting(
        AgendaItem, joinedload(AgendaItem.presenter), joinedload(AgendaItem.department)
    )
    opinions = of_meeting(
        Opinion,
        joinedload(Opinion.speaker),
        selectinload(Opinion.suggestions),
        selectinload(Opinion.themes),
    )
    slots = of_meeting(SpeakerSlot, joinedload(SpeakerSlot.participant))
    points = of_meeting(ConsensusPoint, selectinload(ConsensusPoint.opinions))
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


# ---------------------------------------------------------------- attendees


ATTENDANCE_GROUPS = ("present", "observers", "excused")
ROLE_ORDER = [
    InvitationRole.CHAIR,
    InvitationRole.LEADER,
    InvitationRole.SPEAKER,
    InvitationRole.RESPONDER,
    InvitationRole.ATTENDEE,
]


def attendance_groups(invitations: list[Invitation]) -> dict[str, list[str]]:
    """出席 / 列席 / 请假, each person as unit, post and name: chair, leaders and speakers
    attend; departments and non-voting guests sit in (列席); whoever excused themselves or
    declined is listed as 请假."""
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
            unit_and_name(inv.participant)
            for inv in sorted(rows, key=lambda inv: (ROLE_ORDER.index(inv.role), inv.id))
        ]
        for name, rows in groups.items()
    }


# ---------------------------------------------------------------- opinions and speeches


def is_oral(opinion: Opinion) -> bool:
    return opinion.channel.value == "oral"


def suggestion_lines(opinion: Opinion) -> list[str]:
    """一是……；二是……。 — the suggestions as the minutes summarise them."""
    texts = [s.text.strip().rstrip("；;。.") for s in opinion.suggestions if s.text.strip()]
    return [
        f"{cn_number(n)}是{text}{'。' if n == len(texts) else '；'}"
        for n, text in enumerate(texts, 1)
    ]


def opinion_entry(opinion: Opinion) -> dict[str, Any]:
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


def speech_steps(loaded: Loaded) -> list[AgendaItem]:
    return [item for item in loaded.agenda if item.kind == AgendaKind.SPEECHES]


def oral_by_step(loaded: Loaded) -> dict[int | None, list[Opinion]]:
    """Oral opinions under the speeches step they were made in, in speaking order
    (opinion.position); one without a step (or with a step that is no speeches step) goes
    under the first speeches step, and under None when the agenda has none."""
    steps = speech_steps(loaded)
    first = steps[0].id if steps else None
    grouped: dict[int | None, list[Opinion]] = {step.id: [] for step in steps}
    for opinion in sorted(loaded.opinions, key=lambda o: (o.position, o.id)):
        if is_oral(opinion):
            step = opinion.agenda_item_id if opinion.agenda_item_id in grouped else first
            grouped.setdefault(step, []).append(opinion)
    return grouped


def speaking_order(loaded: Loaded) -> list[Opinion]:
    """Every opinion in the order the minutes print them: step by step, then written ones."""
    ordered = [o for opinions in oral_by_step(loaded).values() for o in opinions]
    written = [o for o in loaded.opinions if not is_oral(o)]
    return ordered + sorted(written, key=lambda o: (o.position, o.id))


def _speaker_rows(opinions: list[Opinion]) -> list[dict[str, Any]]:
    """One row per speaker (at their first opinion's place) with all their opinions."""
    rows: dict[int, dict[str, Any]] = {}
    for opinion in opinions:
        row = rows.setdefault(
            opinion.speaker_id,
            {
                "name": opinion.speaker.name,
                "line": person_line(opinion.speaker),
                "topic": "",
                "opinions": [],
            },
        )
        row["opinions"].append(opinion_entry(opinion))
    return list(rows.values())


def speeches_by_step(loaded: Loaded) -> dict[int | None, list[dict[str, Any]]]:
    """Who spoke in each speeches step, each with the opinions they put forward orally.

    Someone on the speakers list who spoke without a recorded opinion still appears (with
    the slot's topic), after the speeches of the first step."""
    grouped = {step: _speaker_rows(ops) for step, ops in oral_by_step(loaded).items()}
    with_opinion = {o.speaker_id for o in loaded.opinions if is_oral(o)}
    first = next(iter(grouped), None)
    for slot in loaded.slots:
        if slot.status == SpeakerStatus.SKIPPED or slot.participant_id in with_opinion:
            continue
        with_opinion.add(slot.participant_id)
        grouped.setdefault(first, []).append(
            {
                "name": slot.participant.name,
                "line": person_line(slot.participant),
                "topic": slot.topic,
                "opinions": [],
            }
        )
    return grouped


# ---------------------------------------------------------------- answers and outcomes


def submitted_replies(assignment: Assignment) -> list[Reply]:
    return [
        r
        for r in assignment.replies
        if r.status == ReplyStatus.SUBMITTED and r.purpose == ReplyPurpose.REPLY
    ]


def responses(loaded: Loaded, opinions: list[Opinion]) -> list[dict[str, Any]]:
    """Each department's answers, in the order of the opinions they answer."""
    by_department: dict[int, dict[str, Any]] = {}
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


def commitments(loaded: Loaded, opinions: list[Opinion]) -> list[dict[str, Any]]:
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


def consensus_points(loaded: Loaded) -> list[dict[str, Any]]:
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


def agenda_entries(loaded: Loaded) -> list[dict[str, Any]]:
    """The steps with what was said in each (agenda_item.text) and, for speeches steps,
    who spoke there."""
    speeches = speeches_by_step(loaded)
    return [
        {
            "id": item.id,
            "kind": item.kind.value,
            "title": item.title,
            "presenter": item.presenter.name if item.presenter else "",
            "presenter_line": person_line(item.presenter) if item.presenter else "",
            "department": department_name(item.department),
            "text": paragraphs(item.text),
            "speakers": speeches.get(item.id, []) if item.kind == AgendaKind.SPEECHES else [],
        }
        for item in loaded.agenda
    ]
