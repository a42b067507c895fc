"""What the meeting page needs for its opinions and consensus sections, loaded eagerly.

The meeting page lists every opinion of a meeting (60 and more at a 协商会), so its rows are
prepared here in one pass: URLs built once per route and spliced per id, the policy asked
once per row, long suggestions clipped (the opinion's own page shows them in full), labels
and the CSRF token written once by the template. The templates then only print.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from accounts.models import Role
from accounts.policy import can
from extensions import db
from meetings import hooks
from meetings.models import Meeting
from meetings.services import READ_ONLY_STATUSES
from opinions import consensus
from opinions import services as opinions
from opinions.forms import ConsensusForm
from opinions.models import Opinion
from opinions.suggestions import suggestion_marker
from participants.models import ParticipantKind

# The meeting page shows at most this many suggestions of an opinion, each clipped to this
# many characters; the opinion's page (one click away) has them all, in full.
SHOWN_SUGGESTIONS = 5
SUGGESTION_CLIP = 120
_MARK = 987654321  # an id no row has: marks where the id goes in a URL built once


def id_url(endpoint: str, key: str, **values: Any) -> Callable[[int], str]:
    """`url_for(endpoint, **values, key=id)` for many ids: built once, the id spliced in."""
    head, found, tail = url_for(endpoint, **{**values, key: _MARK}).rpartition(str(_MARK))
    if not found:  # a converter changed the id's spelling: fall back to url_for per id
        return lambda object_id: url_for(endpoint, **{**values, key: object_id})
    return lambda object_id: f"{head}{object_id}{tail}"


def clip(text: str, limit: int = SUGGESTION_CLIP) -> tuple[str, bool]:
    """The text cut to `limit` characters (with an ellipsis) and whether it was cut."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rstrip() + "…", True


@dataclass(slots=True)
class OpinionRow:
    """One opinion as the meeting page prints it."""

    id: int
    title: str
    url: str
    speaker: str
    speaker_note: str  # affiliation and title
    channel: str
    suggestions: list[tuple[str, str]]  # (marker, text clipped when long), the first few
    suggestion_count: int
    cut: bool  # some suggestion is clipped or not shown: the page links to the full text
    themes: list[str]
    edit_url: str | None
    move_url: str | None
    first: bool = False
    last: bool = False


@dataclass(slots=True)
class RowGroup:
    kind: ParticipantKind
    rows: list[OpinionRow] = field(default_factory=list)


def page_opinions(meeting: Meeting, user: Any, *, with_assignments: bool) -> list[Opinion]:
    """opinions.opinions_for_meeting(meeting, user) for this page: the same opinions in the
    same speaking order, but the assignments (which only the members' edit rule reads, a
    third of the loading time on a followed-up meeting) loaded only when asked for."""
    loaded = [
        joinedload(Opinion.speaker),
        selectinload(Opinion.suggestions),
        selectinload(Opinion.themes),
    ]
    if with_assignments:
        loaded.append(selectinload(Opinion.assignments))
    query = (
        select(Opinion)
        .where(Opinion.meeting_id == meeting.id, opinions.visible_opinions(user, meeting))
        .options(*loaded)
    )
    found = list(db.session.scalars(query))
    found.sort(key=lambda o: (opinions.kind_rank(o.speaker.kind), o.position, o.id))
    return found


def opinion_rows(
    meeting: Meeting, visible: list[Opinion], user: Any, *, may_edit: bool, may_order: bool
) -> list[RowGroup]:
    """The visible opinions (in speaking order) as printable rows grouped by speaker kind."""
    locale = get_locale()
    chinese = locale is None or locale.language == "zh"
    markers = [suggestion_marker(n, chinese) for n in range(1, SHOWN_SUGGESTIONS + 1)]
    detail_url = id_url("opinions.opinion_detail", "opinion_id", meeting_id=meeting.id)
    edit_url = id_url("opinions.edit_opinion", "opinion_id", meeting_id=meeting.id)
    move_url = id_url("opinions.move_opinion", "opinion_id", meeting_id=meeting.id)
    groups: list[RowGroup] = []
    for opinion in visible:
        speaker = opinion.speaker
        shown = []
        cut = len(opinion.suggestions) > SHOWN_SUGGESTIONS
        for marker, suggestion in zip(markers, opinion.suggestions, strict=False):
            text, clipped = clip(suggestion.text)
            shown.append((marker, text))
            cut = cut or clipped
        row = OpinionRow(
            id=opinion.id,
            title=opinion.title,
            url=detail_url(opinion.id),
            speaker=speaker.name,
            speaker_note=" ".join(x for x in (speaker.affiliation, speaker.title) if x),
            channel=opinion.channel.label,
            suggestions=shown,
            suggestion_count=len(opinion.suggestions),
            cut=cut,
            themes=[t.name for t in opinion.themes],
            edit_url=edit_url(opinion.id)
            if may_edit and can(user, "opinion.edit", opinion)
            else None,
            move_url=move_url(opinion.id) if may_order else None,
        )
        if not groups or groups[-1].kind != speaker.kind:
            groups.append(RowGroup(speaker.kind))
        groups[-1].rows.append(row)
    for group in groups:  # the move arrows hide at either end of a group
        group.rows[0].first = group.rows[-1].last = True
    return groups


@hooks.meeting_page_section
def opinion_sections(meeting: Meeting, user: Any = None) -> dict[str, Any]:
    """Template variables for templates/opinions/_meeting_*.html (a fixed number of queries)."""
    user = current_user if user is None else user
    writable = meeting.status not in READ_ONLY_STATUSES
    # Only a member's edit rule asks whether an opinion is assigned (accounts.policy).
    visible = page_opinions(
        meeting, user, with_assignments=writable and getattr(user, "role", None) is Role.MEMBER
    )
    points = consensus.points_for_meeting(meeting)
    may_edit_consensus = can(user, "consensus.edit", meeting) and consensus.consensus_open(meeting)
    may_order = writable and can(user, "meeting.manage", meeting)
    form = None
    if may_edit_consensus and writable:
        form = ConsensusForm(formdata=None)
        form.opinion_ids.choices = [(o.id, f"{o.speaker.name}：{o.title}") for o in visible]
    return {
        "opinion_groups": opinion_rows(
            meeting, visible, user, may_edit=writable, may_order=may_order
        ),
        "opinion_count": len(visible),
        "visible_opinion_ids": {o.id for o in visible},
        "may_add_opinion": writable and can(user, "opinion.create", meeting),
        "may_order_opinions": may_order,
        "consensus_points": points,
        "may_edit_consensus": form is not None,
        # The chair may, but not yet (a draft, or a scheduled meeting before its day).
        "consensus_later": form is None and can(user, "consensus.edit", meeting) and writable,
        "consensus_form": form,
    }
