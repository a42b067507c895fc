"""The loaders every meeting-based view uses: the record from its URL id, with the policy asked.

One place, so each view's first line reads the same and no view forgets the access check:
a missing record is a 404, a record the user may not act on a 403 (or 404, as the policy's
RULES say). URL ids are already in range (the <id:...> converter).
"""

from flask_login import current_user

from accounts.policy import require
from meetings import services
from meetings.models import Meeting


def meeting_or_404(meeting_id: int, action: str = "meeting.manage") -> Meeting:
    """The meeting, if it exists and the signed-in user may do `action` to it (else 404/403)."""
    meeting = services.get_meeting_or_404(meeting_id)
    require(current_user, action, meeting)
    return meeting
