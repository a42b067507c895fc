"""The demo meeting's invitations and attendance, recorded the way the secretariat now does it:
each run of people in one role invited as a pasted list, then 全部出席 and the exceptions.

The final records are those of data.INVITATIONS (same order, so the same invitation ids);
the audit trail shows the group invitations and the bulk attendance. A meeting that already
has invitations is left alone, so running the demo again changes nothing.
"""

from itertools import groupby

from extensions import db
from meetings import attendance, invitation_groups
from meetings.models import Attendance, InvitationRole, Meeting
from participants.models import Participant


def invite_and_mark_attendance(meeting: Meeting, rows, people: dict[str, Participant]) -> None:
    """`rows`: (name, role, attendance, note) as in demo/data.py."""
    if meeting.invitations:
        return
    for role, run in groupby(rows, key=lambda row: row[1]):
        names = "、".join(name for name, *_rest in run)
        found = invitation_groups.resolve_names(names)
        if not found.settled or found.missing or found.inactive:
            raise RuntimeError(f"demo people not found once each: {names}")
        group_role = None if role == "chair" else InvitationRole(role)  # chair: the meeting's
        invitation_groups.invite_people(meeting, found.people, group_role)
    attendance.mark_everyone_present(meeting)
    by_person = {i.participant_id: i.id for i in meeting.invitations}
    for (status, note), run in groupby(
        sorted((r for r in rows if r[2] != "present"), key=lambda r: (r[2], r[3])),
        key=lambda r: (r[2], r[3]),
    ):
        ids = [by_person[people[name].id] for name, *_rest in run]
        attendance.mark_attendance(meeting, ids, Attendance(status), note)
    db.session.flush()
