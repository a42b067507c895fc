"""Every route x every role (and anonymous) -> the expected answer, from ONE table.

A route that is not in the table fails `test_every_route_has_a_row`: adding a page means
deciding who may use it. The world each check runs in (build_world):
  - users of each role; the member user is `me` (a participant), the department user
    belongs to `my_dept`;
  - meeting `mine` (held, opinion window open): `me` and `other_speaker` are invited as
    speakers, an official of `my_dept` as responder, `guest` as attendee;
  - in `mine`: `my_opinion` by `me` (with a `suggestion`), assigned to `my_dept`, whose
    submitted reply `my_reply` carries `my_commitment`; `other_opinion` by `other_speaker`,
    first assigned to `my_dept` (`withdrawn_assignment`), then reassigned to `other_dept`
    (`other_assignment`), whose draft reply `other_draft` carries `other_commitment`; a
    consensus `point`; a speakers list with `other_speaker` speaking (`speaking_slot`) and
    `me` waiting (`my_slot`);
  - a notification for the member user (`my_note`) and one for someone else;
  - meeting `other` (scheduled): none of them is involved;
  - `other_person` and `other_dept` belong to nobody's scope.
POSTs go out with an empty form: an allowed user gets a redirect or the re-shown form
(302/409/422), a refused one 403, or 404 where even the record's existence is private.
Where a route points at a record, the row picks the one at a role's boundary (another
department's assignment, another speaker's opinion) rather than the easy case.
"""

from datetime import date

import pytest

from extensions import db
from opinions import consensus
from opinions import services as opinions
from responses import assignments, commitments, notices, replies
from speakers import services as speakers
from tests import factories

ANON, SEC, CHAIR, MEMBER, DEPT = "anonymous", "secretariat", "chair", "member", "department"
ROLES = [ANON, SEC, CHAIR, MEMBER, DEPT]


def row(anon=302, sec=200, chair=200, member=200, dept=200) -> dict[str, int]:
    return {ANON: anon, SEC: sec, CHAIR: chair, MEMBER: member, DEPT: dept}


EVERYONE = row()
STAFF_ONLY = row(member=403, dept=403)
SEC_ONLY = row(chair=403, member=403, dept=403)
# A secretariat-only POST on meeting `mine`, which every role may view (so 403, not 404).
MANAGE_MINE = row(sec=302, chair=403, member=403, dept=403)
MANAGE_MINE_FORM = row(sec=422, chair=403, member=403, dept=403)
# Records outside a member's / department's scope: existence is private.
OTHER_MEETING = row(member=404, dept=404)
# A POST on the member's own opinion in meeting `mine` (window open): theirs and the
# secretariat's; a department that handles the opinion reads it but may not change it.
# The member's unassigned opinion: no department has it, so for a department it is private.
OPEN_OPINION_FORM = row(sec=422, chair=403, member=422, dept=404)
# Consensus and the speakers list of meeting `mine`: the secretariat and the chair.
RUN_MINE_FORM = row(sec=422, chair=422, member=403, dept=403)
RUN_MINE = row(sec=302, chair=302, member=403, dept=403)

MATRIX: dict[str, tuple[str, str, dict[str, int]]] = {
    # accounts, users, audit
    "index": ("GET", "/", row(sec=302, chair=302, member=302, dept=302)),
    "accounts.login": ("GET", "/login", row(anon=200, sec=302, chair=302, member=302, dept=302)),
    "accounts.logout": ("POST", "/logout", row(sec=302, chair=302, member=302, dept=302)),
    "accounts.set_language": (
        "GET",
        "/lang/en",
        row(sec=302, chair=302, member=302, dept=302),
    ),
    "accounts.password": ("GET", "/account/password", EVERYONE),
    "users.list_users": ("GET", "/users/", SEC_ONLY),
    "users.create_user": ("GET", "/users/new", SEC_ONLY),
    "users.edit_user": ("GET", "/users/{target_user}/edit", SEC_ONLY),
    "users.reset_password": ("POST", "/users/{target_user}/password", {**SEC_ONLY, SEC: 422}),
    "users.set_active": ("POST", "/users/{target_user}/active", {**SEC_ONLY, SEC: 302}),
    "audit.list_events": ("GET", "/audit/", STAFF_ONLY),
    "office.settings": ("GET", "/settings/", SEC_ONLY),
    # committees: this world's committee is a district, so it adds none (a city would)
    "committees.list_committees": ("GET", "/committees/", STAFF_ONLY),
    "committees.create_committee": (
        "POST",
        "/committees/new",
        row(sec=403, chair=403, member=403, dept=403),
    ),
    # participants: staff only, plus a member's own record
    "participants.list_participants": ("GET", "/participants/", STAFF_ONLY),
    "participants.create_participant": ("GET", "/participants/new", SEC_ONLY),
    "participants.participant_detail": ("GET", "/participants/{me}", row(dept=403)),
    "participants.edit_participant": (
        "GET",
        "/participants/{other_person}/edit",
        row(chair=403, member=404, dept=403),
    ),
    "participants.deactivate_participant": (
        "POST",
        "/participants/{other_person}/deactivate",
        row(sec=302, chair=403, member=404, dept=403),
    ),
    "participants.reactivate_participant": (
        "POST",
        "/participants/{other_person}/reactivate",
        row(sec=302, chair=403, member=404, dept=403),
    ),
    "participants.delete_participant": (
        "POST",
        "/participants/{other_person}/delete",
        row(sec=302, chair=403, member=404, dept=403),
    ),
    # departments: staff only, plus a department user's own department
    "departments.list_departments": ("GET", "/departments/", STAFF_ONLY),
    "departments.create_department": ("GET", "/departments/new", SEC_ONLY),
    "departments.department_detail": ("GET", "/departments/{my_dept}", row(member=403)),
    "departments.edit_department": (
        "GET",
        "/departments/{other_dept}/edit",
        row(chair=403, member=403, dept=404),
    ),
    "departments.deactivate_department": (
        "POST",
        "/departments/{other_dept}/deactivate",
        row(sec=302, chair=403, member=403, dept=404),
    ),
    "departments.reactivate_department": (
        "POST",
        "/departments/{other_dept}/reactivate",
        row(sec=302, chair=403, member=403, dept=404),
    ),
    # meetings
    "meetings.list_meetings": ("GET", "/meetings/", EVERYONE),
    "meetings.new_meeting": ("GET", "/meetings/new", SEC_ONLY),
    "meetings.meeting_detail": ("GET", "/meetings/{other}", OTHER_MEETING),
    "meetings.meeting_calendar": ("GET", "/meetings/{mine}/calendar.ics", EVERYONE),
    "meetings.edit_meeting": ("GET", "/meetings/{mine}/edit", row(chair=403, member=403, dept=403)),
    # The chair may close (办结) a meeting, so an empty form is re-shown to it too.
    "meetings.change_meeting_status": ("POST", "/meetings/{mine}/status", RUN_MINE_FORM),
    "meetings.bulk_invite": ("POST", "/meetings/{mine}/invitations/bulk", MANAGE_MINE_FORM),
    # issue 11: groups of people and attendance for many at once
    "meetings.invite_names": ("POST", "/meetings/{mine}/invitations/names", MANAGE_MINE_FORM),
    "meetings.invite_departments": (
        "POST",
        "/meetings/{mine}/invitations/departments",
        MANAGE_MINE_FORM,
    ),
    "meetings.attendance": ("GET", "/meetings/{mine}/attendance", SEC_ONLY),
    "meetings.mark_attendance": ("POST", "/meetings/{mine}/attendance", MANAGE_MINE_FORM),
    "meetings.add_invitation": ("POST", "/meetings/{mine}/invitations", MANAGE_MINE_FORM),
    "meetings.update_invitation": (
        "POST",
        "/meetings/{mine}/invitations/{invitation}",
        MANAGE_MINE_FORM,
    ),
    "meetings.delete_invitation": (
        "POST",
        "/meetings/{mine}/invitations/{invitation}/delete",
        MANAGE_MINE,
    ),
    "meetings.add_agenda_item": ("POST", "/meetings/{mine}/agenda", MANAGE_MINE_FORM),
    "meetings.edit_agenda_item": (
        "GET",
        "/meetings/{mine}/agenda/{agenda_item}/edit",
        row(chair=403, member=403, dept=403),
    ),
    "meetings.delete_agenda_item": (
        "POST",
        "/meetings/{mine}/agenda/{agenda_item}/delete",
        MANAGE_MINE,
    ),
    "meetings.move_agenda_item": (
        "POST",
        "/meetings/{mine}/agenda/{agenda_item}/move",
        MANAGE_MINE_FORM,
    ),
    # opinions: members read every opinion of a meeting they are invited to and change only
    # their own while the window is open; a department reads only opinions assigned to it
    "opinions.new_opinion": ("GET", "/meetings/{mine}/opinions/new", row(chair=403, dept=403)),
    "opinions.my_opinions": ("GET", "/meetings/opinions/mine", EVERYONE),
    "opinions.opinion_detail": (
        "GET",
        "/meetings/{mine}/opinions/{other_opinion}",
        row(dept=404),
    ),
    "opinions.edit_opinion": (
        "GET",
        "/meetings/{mine}/opinions/{other_opinion}/edit",
        row(chair=403, member=403, dept=404),
    ),
    # Allowed to the member (own opinion, window open), refused because it is assigned.
    "opinions.delete_opinion": (
        "POST",
        "/meetings/{mine}/opinions/{my_opinion}/delete",
        row(sec=409, chair=403, member=403, dept=403),  # assigned: frozen for the member
    ),
    "opinions.move_opinion": (
        "POST",
        "/meetings/{mine}/opinions/{other_opinion}/move",
        MANAGE_MINE_FORM,
    ),
    "opinions.add_suggestions": (
        "POST",
        "/meetings/{mine}/opinions/{other_opinion}/suggestions",
        row(sec=422, chair=403, member=403, dept=404),
    ),
    "opinions.update_suggestion": (
        "POST",
        "/meetings/{mine}/opinions/{my_open_opinion}/suggestions/{open_suggestion}",
        OPEN_OPINION_FORM,
    ),
    "opinions.delete_suggestion": (
        "POST",
        "/meetings/{mine}/opinions/{my_opinion}/suggestions/{suggestion}/delete",
        row(sec=302, chair=403, member=403, dept=403),  # assigned: frozen for the member
    ),
    "opinions.move_suggestion": (
        "POST",
        "/meetings/{mine}/opinions/{my_open_opinion}/suggestions/{open_suggestion}/move",
        OPEN_OPINION_FORM,
    ),
    # consensus: the secretariat and the chair
    "opinions.add_consensus_point": ("POST", "/meetings/{mine}/consensus", RUN_MINE_FORM),
    "opinions.edit_consensus_point": (
        "GET",
        "/meetings/{mine}/consensus/{point}/edit",
        row(member=403, dept=403),
    ),
    "opinions.delete_consensus_point": (
        "POST",
        "/meetings/{mine}/consensus/{point}/delete",
        RUN_MINE,
    ),
    "opinions.move_consensus_point": (
        "POST",
        "/meetings/{mine}/consensus/{point}/move",
        RUN_MINE_FORM,
    ),
    # speakers list: the secretariat and the chair run it; the hall's screen is for all who
    # may see the meeting
    "speakers.speakers_list": ("GET", "/meetings/{mine}/speakers", row(member=403, dept=403)),
    "speakers.fill_speakers": ("POST", "/meetings/{mine}/speakers/fill", RUN_MINE),
    "speakers.add_speaker": ("POST", "/meetings/{mine}/speakers/add", RUN_MINE_FORM),
    "speakers.start_next_speaker": ("POST", "/meetings/{mine}/speakers/next", RUN_MINE),
    "speakers.update_speaker": ("POST", "/meetings/{mine}/speakers/{my_slot}", RUN_MINE_FORM),
    "speakers.move_speaker": ("POST", "/meetings/{mine}/speakers/{my_slot}/move", RUN_MINE_FORM),
    "speakers.remove_speaker": ("POST", "/meetings/{mine}/speakers/{my_slot}/delete", RUN_MINE),
    "speakers.start_speech": ("POST", "/meetings/{mine}/speakers/{my_slot}/start", RUN_MINE),
    "speakers.stop_speech": (
        "POST",
        "/meetings/{mine}/speakers/{speaking_slot}/stop",
        RUN_MINE,
    ),
    "speakers.mark_spoken": ("POST", "/meetings/{mine}/speakers/{my_slot}/spoken", RUN_MINE),
    "speakers.skip_speaker": ("POST", "/meetings/{mine}/speakers/{my_slot}/skip", RUN_MINE),
    "speakers.speakers_screen": ("GET", "/meetings/{mine}/screen", EVERYONE),
    "speakers.speakers_state": ("GET", "/meetings/{other}/speakers/state", OTHER_MEETING),
    # assignments (交办): the secretariat assigns; a department sees only its own, a member
    # the assignments of their own opinions
    "assignments.opinion_assignments": (
        "GET",
        "/opinions/{other_opinion}/assignments",
        row(dept=404),
    ),
    "assignments.assign_opinion": (
        "GET",
        "/opinions/{my_opinion}/assign",
        row(chair=403, member=403, dept=403),
    ),
    "assignments.bulk_assign": ("GET", "/meetings/{mine}/assign", SEC_ONLY),
    "assignments.assignment_detail": ("GET", "/assignments/{my_assignment}", EVERYONE),
    "assignments.reassign": (
        "GET",
        "/assignments/{other_assignment}/reassign",
        row(chair=403, member=404, dept=404),
    ),
    # Returning ("not ours") is the department's own act; the secretariat reassigns instead.
    "assignments.return_assignment": (
        "GET",
        "/assignments/{my_assignment}/return",
        row(sec=403, chair=403, member=403),
    ),
    # documents (issue 5): drafts for staff; finalised versions also for invited members
    "reports.minutes_preview": ("GET", "/meetings/{mine}/minutes", STAFF_ONLY),
    "reports.minutes_pdf": ("GET", "/meetings/{mine}/minutes.pdf", STAFF_ONLY),
    "reports.finalise_minutes": ("POST", "/meetings/{mine}/minutes/finalise", RUN_MINE),
    "reports.minutes_versions": ("GET", "/meetings/{mine}/minutes/versions", row(dept=403)),
    "reports.minutes_version_pdf": (
        "GET",
        "/meetings/{mine}/minutes/v1.pdf",
        row(sec=404, chair=404, member=404, dept=403),  # nothing finalised in this world
    ),
    "reports.consensus_preview": ("GET", "/meetings/{mine}/consensus-report", STAFF_ONLY),
    "reports.consensus_pdf": ("GET", "/meetings/{mine}/consensus-report.pdf", STAFF_ONLY),
    "reports.finalise_consensus": (
        "POST",
        "/meetings/{mine}/consensus-report/finalise",
        RUN_MINE,
    ),
    "reports.consensus_versions": (
        "GET",
        "/meetings/{mine}/consensus-report/versions",
        row(dept=403),
    ),
    "reports.consensus_version_pdf": (
        "GET",
        "/meetings/{mine}/consensus-report/v1.pdf",
        row(sec=404, chair=404, member=404, dept=403),
    ),
    "exports.meeting_tracking": ("GET", "/meetings/{mine}/tracking", STAFF_ONLY),
    "exports.meeting_tracking_pdf": ("GET", "/meetings/{mine}/tracking.pdf", STAFF_ONLY),
    "exports.meeting_tracking_xlsx": ("GET", "/meetings/{mine}/tracking.xlsx", STAFF_ONLY),
    "exports.year_tracking": ("GET", "/tracking/2030", STAFF_ONLY),
    "exports.year_tracking_pdf": ("GET", "/tracking/2030.pdf", STAFF_ONLY),
    "exports.year_tracking_xlsx": ("GET", "/tracking/2030.xlsx", STAFF_ONLY),
    "exports.member_record": ("GET", "/participants/{me}/record/2030", row(dept=403)),
    "exports.member_record_pdf": (
        "GET",
        "/participants/{other_person}/record/2030.pdf",
        row(member=404, dept=403),
    ),
    "exports.minutes_docx": ("GET", "/meetings/{mine}/minutes.docx", row(member=404, dept=403)),
    "exports.consensus_docx": (
        "GET",
        "/meetings/{mine}/consensus-report.docx",
        row(member=404, dept=403),
    ),
    # issue 6: search and registers for everyone (results narrowed per role), the dashboard
    # for staff, imports for the secretariat
    "search.search": ("GET", "/search/?q=意见", EVERYONE),
    "registers.opinions": ("GET", "/opinions/", EVERYONE),
    "registers.export_opinions": ("GET", "/opinions/export.csv", EVERYONE),
    "registers.replies": ("GET", "/replies/", EVERYONE),
    "registers.export_replies": ("GET", "/replies/export.xlsx", EVERYONE),
    "dashboard.overview": ("GET", "/dashboard/", STAFF_ONLY),
    "dashboard.chart_csv": ("GET", "/dashboard/charts/rates.csv", STAFF_ONLY),
    "dashboard.meeting": ("GET", "/dashboard/meetings/{mine}", STAFF_ONLY),
    "dashboard.meeting_chart_csv": (
        "GET",
        "/dashboard/meetings/{mine}/charts/themes.csv",
        STAFF_ONLY,
    ),
    "participant_import.upload": ("GET", "/participants/import", SEC_ONLY),
    "participant_import.template": ("GET", "/participants/import/template.xlsx", SEC_ONLY),
    "participant_import.confirm": (
        "POST",
        "/participants/import/confirm",
        row(sec=400, chair=403, member=403, dept=403),
    ),
    "speech.import_speech": ("GET", "/meetings/{mine}/opinions/import", SEC_ONLY),
    "speech.save_speech": (
        "POST",
        "/meetings/{mine}/opinions/import/save",
        MANAGE_MINE_FORM,
    ),
    # invitations are managed on their own page; the person lookup is the secretariat's
    "meetings.invitations": ("GET", "/meetings/{mine}/invitations", STAFF_ONLY),
    "meetings.invitation_candidates": (
        "GET",
        "/meetings/{mine}/invitations/candidates?q=委员",
        SEC_ONLY,
    ),
    # issue 7: the health check answers load balancers without an account
    "ops.healthz": ("GET", "/healthz", row(anon=200)),
    "favicon": ("GET", "/favicon.ico", row(anon=200)),
    "assignments.board": ("GET", "/board/", STAFF_ONLY),
    "assignments.remind": ("POST", "/board/remind", row(sec=422, chair=403, member=403, dept=403)),
    # notifications: one's own only (someone else's is as good as missing, even to staff)
    "assignments.notifications": ("GET", "/notifications/", EVERYONE),
    "assignments.mark_notification_read": (
        "POST",
        "/notifications/{my_note}/read",
        row(sec=404, chair=404, member=302, dept=404),
    ),
    "assignments.mark_all_notifications_read": (
        "POST",
        "/notifications/read-all",
        row(sec=302, chair=302, member=302, dept=302),
    ),
    # the department inbox and replies: staff open any department's, a department only its
    # own; another department's assignment, draft reply or commitment is a 404
    "inbox.inbox": ("GET", "/inbox/?department={other_dept}", row(member=403, dept=404)),
    # Withdrawn from `my_dept` by a reassignment: history for staff, gone for the department.
    "inbox.assignment_page": (
        "GET",
        "/inbox/{withdrawn_assignment}",
        row(member=404, dept=404),
    ),
    "inbox.save_reply": (
        "POST",
        "/inbox/{other_assignment}/reply",
        row(sec=422, chair=403, member=404, dept=404),
    ),
    "inbox.reply_page": ("GET", "/replies/{other_draft}", row(member=404, dept=404)),
    # Only the member whose opinion it answers rates a reply.
    "inbox.rate_reply": (
        "POST",
        "/replies/{my_reply}/rating",
        row(sec=403, chair=403, member=422, dept=403),
    ),
    "inbox.replies_to_rate": ("GET", "/replies/to-rate", row(sec=403, chair=403, dept=403)),
    "inbox.add_commitment": (
        "POST",
        "/replies/{other_draft}/commitments",
        row(sec=422, chair=403, member=404, dept=404),
    ),
    # Reopening a closed assignment is the secretariat's (an empty reason: the form again).
    "inbox.reopen_assignment": (
        "POST",
        "/inbox/{my_assignment}/reopen",
        row(sec=422, chair=403, member=403, dept=403),
    ),
    # commitments: staff and the department that made them; members follow replies instead
    "inbox.list_commitments": ("GET", "/commitments/", row(member=403)),
    "inbox.commitment_page": ("GET", "/commitments/{other_commitment}", row(member=403, dept=404)),
    "inbox.edit_commitment": (
        "POST",
        "/commitments/{my_commitment}/edit",
        row(sec=422, chair=403, member=403, dept=422),
    ),
    "inbox.post_progress": (
        "POST",
        "/commitments/{other_commitment}/progress",
        row(sec=422, chair=403, member=403, dept=404),
    ),
    "inbox.mark_commitment_done": (
        "POST",
        "/commitments/{my_commitment}/done",
        row(sec=302, chair=403, member=403, dept=302),
    ),
    "inbox.delete_commitment": (
        "POST",
        "/commitments/{other_commitment}/delete",
        row(sec=302, chair=403, member=403, dept=404),
    ),
}


def build_world() -> dict[str, int]:
    """The records the table's URLs point at; returns the ids by placeholder name."""
    factories.default_committee()
    me = factories.make_participant("本人委员", kind="member")
    other_person = factories.make_participant("他人委员", kind="member")
    other_speaker = factories.make_participant("家长代表", kind="citizen")
    guest = factories.make_participant("列席专家", kind="expert")
    my_dept = factories.make_department("本部门")
    other_dept = factories.make_department("他部门")
    official = factories.make_participant("本部门局长", kind="official", department=my_dept)
    chair = factories.make_participant("主持人", kind="member")
    mine = factories.make_meeting("本人参加的会", status="held", chair=chair, opinions_open=True)
    other = factories.make_meeting("无关的会", status="scheduled", chair=chair)
    factories.make_invitation(mine, me, role="speaker")
    factories.make_invitation(mine, official, role="responder")
    factories.make_invitation(mine, other_speaker, role="speaker")
    # Invitation routes act on a guest without opinions or a speaking turn (those stay).
    invitation = factories.make_invitation(mine, guest, role="attendee")
    agenda_item = factories.make_agenda_item(mine, kind="briefing")
    from office.services import get_settings  # documents print the office's issuing body

    get_settings().issuing_body = "政协测试区委员会"
    factories.make_user(SEC, role=SEC)
    factories.make_user(CHAIR, role=CHAIR)
    member = factories.make_user(MEMBER, role=MEMBER, participant=me)
    # User admin routes act on an account nobody signs in with during the check.
    target_user = factories.make_user("target", role=CHAIR)
    department_user = factories.make_user(DEPT, role=DEPT, department=my_dept)
    return {
        "me": me.id,
        "other_person": other_person.id,
        "my_dept": my_dept.id,
        "other_dept": other_dept.id,
        "mine": mine.id,
        "other": other.id,
        "invitation": invitation.id,
        "agenda_item": agenda_item.id,
        "target_user": target_user.id,
        **_build_workflow(mine, me, other_speaker, my_dept, other_dept, member, department_user),
        **_build_notifications(member, target_user),
    }


def _build_workflow(mine, me, other_speaker, my_dept, other_dept, member, department_user):
    """Issue 4's records in meeting `mine`, made through the services as the app makes them.

    `my_opinion` (by `me`, two suggestions) is assigned to `my_dept`, which submitted a
    written reply carrying `my_commitment`. `other_opinion` (a citizen's) was assigned to
    `my_dept`, then reassigned to `other_dept`, whose reply is still a draft carrying
    `other_commitment`. The speakers list
    has `other_speaker` speaking and `me` waiting; one consensus point links `my_opinion`.
    """
    my_opinion = opinions.submit_opinion(
        mine,
        None,
        {"title": "本人的意见", "suggestions": ["建议一", "建议二"]},
        by_user=member,
    )
    other_opinion = opinions.submit_opinion(
        mine, other_speaker, {"title": "他人的意见", "channel": "oral"}
    )
    # Not yet assigned: the member may still change it (an assigned one is frozen).
    my_open_opinion = opinions.submit_opinion(
        mine, None, {"title": "本人未交办的意见", "suggestions": ["建议甲"]}, by_user=member
    )
    point = consensus.add_consensus_point(mine, "共识一", [my_opinion.id])
    speakers.fill_from_invitations(mine)
    slots = {slot.participant_id: slot for slot in speakers.list_slots(mine)}
    speakers.start_speech(slots[other_speaker.id])

    reply_data = {"category": "A", "channel": "written", "contact_method": "phone", "text": "答复"}
    [my_assignment] = assignments.assign(my_opinion, [my_dept], "single")
    my_reply = replies.save_reply(my_assignment, reply_data, department_user, None)
    my_commitment = commitments.add_commitment(my_reply, "本部门的承诺", date(2030, 6, 30))
    replies.submit_reply(my_reply, department_user)
    # `other_opinion` was first given to `my_dept`: that withdrawn assignment grants nothing.
    [withdrawn] = assignments.assign(other_opinion, [my_dept], "single")
    other_assignment = assignments.reassign(withdrawn, other_dept)
    other_draft = replies.save_reply(other_assignment, reply_data, None, None)
    other_commitment = commitments.add_commitment(other_draft, "他部门的承诺", date(2030, 6, 30))
    db.session.commit()
    return {
        "my_opinion": my_opinion.id,
        "suggestion": my_opinion.suggestions[0].id,
        "my_open_opinion": my_open_opinion.id,
        "open_suggestion": my_open_opinion.suggestions[0].id,
        "other_opinion": other_opinion.id,
        "point": point.id,
        "my_slot": slots[me.id].id,
        "speaking_slot": slots[other_speaker.id].id,
        "my_assignment": my_assignment.id,
        "my_reply": my_reply.id,
        "my_commitment": my_commitment.id,
        "other_assignment": other_assignment.id,
        "withdrawn_assignment": withdrawn.id,
        "other_draft": other_draft.id,
        "other_commitment": other_commitment.id,
    }


def _build_notifications(member, someone_else) -> dict[str, int]:
    [my_note] = notices.notify_users([member], "给本人的提醒")
    notices.notify_users([someone_else], "给他人的提醒")
    db.session.commit()
    return {"my_note": my_note.id}


def fresh_world() -> dict[str, int]:
    """Empty every table (as the `app` fixture does after a test) and build the world again."""
    factories.empty_tables()
    return build_world()


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    missing = endpoints - set(MATRIX)
    assert not missing, f"decide who may use these routes (add rows): {sorted(missing)}"
    assert not set(MATRIX) - endpoints, "rows for routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_role_as_decided(client, auth, endpoint):
    method, url_template, expected = MATRIX[endpoint]
    ids = build_world()
    answers = {}
    # The secretariat goes last: its allowed POSTs (delete, deactivate) change the world.
    # Any other role's allowed POST (a member deleting a suggestion, a chair starting a
    # speech) changed it too: the next role then gets a world built afresh.
    for role in [ANON, CHAIR, MEMBER, DEPT, SEC]:
        url = url_template.format(**ids)
        if role != ANON:
            assert auth.login(role).status_code == 302
        answers[role] = client.open(url, method=method, data={}).status_code
        if role != ANON:
            auth.logout()
        if method == "POST" and answers[role] < 400 and role not in (ANON, SEC):
            ids = fresh_world()
    assert answers == expected, f"{method} {url_template.format(**ids)}"


ROUTES_WITH_IDS = sorted(endpoint for endpoint, (_m, url, _e) in MATRIX.items() if "{" in url)


@pytest.mark.parametrize("endpoint", ROUTES_WITH_IDS)
def test_ids_beyond_the_integer_range_are_404_not_500(client, auth, endpoint):
    """Ids in URLs reach INTEGER columns; PostgreSQL errors on larger numbers."""
    method, url_template, _expected = MATRIX[endpoint]
    build_world()
    auth.login(SEC)
    huge = 99_999_999_999
    url = url_template.format_map(_AllIds(huge))
    assert client.open(url, method=method, data={}).status_code == 404, url


class _AllIds(dict):
    def __init__(self, value: int):
        super().__init__()
        self.value = value

    def __missing__(self, key: str) -> int:
        return self.value


def test_page_numbers_beyond_any_offset_are_not_500(client, auth):
    """?page= reaches OFFSET; a page far beyond the last must not be a database error."""
    ids = build_world()
    auth.login(SEC)
    answers = {}
    for endpoint, (method, url_template, expected) in sorted(MATRIX.items()):
        if method != "GET":
            continue
        url = url_template.format(**ids)
        url += ("&" if "?" in url else "?") + "page=99999999999999999999"
        try:
            status = client.get(url).status_code
        except Exception as error:  # the test client re-raises what would be a 500
            status = f"{type(error).__name__}"
        if status != expected[SEC]:
            answers[endpoint] = status
    assert not answers, answers
