"""What the meeting page needs for its opinions and consensus sections, loaded eagerly."""

from typing import Any

from flask_login import current_user

from accounts.policy import can
from meetings import consensus, opinions
from meetings.models import Meeting
from meetings.opinion_forms import ConsensusForm
from meetings.services import READ_ONLY_STATUSES


def opinion_sections(meeting: Meeting, user: Any = None) -> dict:
    """Template variables for templates/opinions/_meeting_*.html (a fixed number of queries)."""
    user = current_user if user is None else user
    visible = opinions.opinions_for_meeting(meeting, user)
    points = consensus.points_for_meeting(meeting)
    may_edit_consensus = can(user, "consensus.edit", meeting) and consensus.consensus_open(meeting)
    form = None
    if may_edit_consensus and meeting.status not in READ_ONLY_STATUSES:
        form = ConsensusForm(formdata=None)
        form.opinion_ids.choices = [(o.id, f"{o.speaker.name}：{o.title}") for o in visible]
    return {
        "opinion_groups": opinions.grouped_by_kind(visible),
        "opinion_count": len(visible),
        "visible_opinion_ids": {o.id for o in visible},
        "may_add_opinion": meeting.status not in READ_ONLY_STATUSES
        and can(user, "opinion.create", meeting),
        "may_order_opinions": meeting.status not in READ_ONLY_STATUSES
        and can(user, "meeting.manage", meeting),
        "consensus_points": points,
        "may_edit_consensus": form is not None,
        # The chair may, but not yet (a draft, or a scheduled meeting before its day).
        "consensus_later": form is None
        and can(user, "consensus.edit", meeting)
        and meeting.status not in READ_ONLY_STATUSES,
        "consensus_form": form,
    }
