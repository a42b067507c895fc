"""The loaders of the opinion and consensus views: the record from its URL ids, policy asked.

An opinion or suggestion is looked up within the meeting of the URL (another meeting's id
is a 404), then the policy decides (opinion.view, opinion.edit, consensus.edit).
"""

from flask_login import current_user

from accounts.policy import require
from meetings import services
from meetings.loaders import meeting_or_404
from meetings.models import Meeting
from opinions import services as opinions
from opinions.models import Opinion, Suggestion


def load_opinion(meeting_id: int, opinion_id: int, action: str) -> Opinion:
    """The opinion of this meeting, if the user may do `action` to it (else 404/403)."""
    meeting = services.get_meeting_or_404(meeting_id)
    opinion = opinions.get_opinion_or_404(meeting, opinion_id)
    require(current_user, action, opinion)
    return opinion


def load_suggestion(
    meeting_id: int, opinion_id: int, suggestion_id: int
) -> tuple[Opinion, Suggestion]:
    """The suggestion of the opinion, with the opinion, if the user may edit it."""
    opinion = load_opinion(meeting_id, opinion_id, "opinion.edit")
    return opinion, opinions.get_suggestion_or_404(opinion, suggestion_id)


def consensus_meeting(meeting_id: int) -> Meeting:
    """The meeting, if the user may see it (else 404) and record consensus (else 403)."""
    meeting = meeting_or_404(meeting_id, "meeting.view")
    require(current_user, "consensus.edit", meeting)
    return meeting
