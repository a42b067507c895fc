"""The calendar file: RFC 5545, parsed back with icalendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from extensions import db
from meetings import agenda, ics, services
from meetings.models import AgendaKind, MeetingStatus
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def full_meeting(app, meeting):
    presenter = factories.make_participant("陈喆", kind="official")
    with app.test_request_context():
        agenda.add_agenda_item(
            meeting,
            {"kind": AgendaKind.BRIEFING, "presenter_id": presenter.id, "planned_minutes": 15},
        )
        agenda.add_agenda_item(meeting, {"kind": AgendaKind.SUMMARY, "title": "主席总结共识"})
    meeting.organiser_committee = "教文卫委"
    meeting.description = "围绕三岁以下婴幼儿照护服务体系建设，听取各方意见建议。" * 3
    db.session.commit()
    return meeting


def download(client, meeting_id):
    return client.get(f"/meetings/{meeting_id}/calendar.ics")


def test_round_trip(logged_in, full_meeting):
    response = download(logged_in, full_meeting.id)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert f"meeting-{full_meeting.id}-20300520.ics" in response.headers["Content-Disposition"]

    calendar = Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0"
    assert "XieShangTong" in str(calendar["PRODID"])
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Shanghai"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "完善婴幼儿照护服务协商会"
    assert str(event["LOCATION"]) == "区政协三楼会议室"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["UID"]) == f"meeting-{full_meeting.id}@xieshangtong.invalid"
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert int(event["SEQUENCE"]) >= 0
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == "Asia/Shanghai"
    assert start.dt == datetime(2030, 5, 20, 14, 30, tzinfo=SHANGHAI)
    assert end.dt == datetime(2030, 5, 20, 17, 0, tzinfo=SHANGHAI)
    assert start.dt.utcoffset().total_seconds() == 8 * 3600
    description = str(event["DESCRIPTION"])
    assert "王主席" in description
    assert "陈喆" in description
    assert "主席总结共识" in description
    assert "教文卫委" in description


def test_crlf_and_folding_at_75_octets(logged_in, full_meeting):
    raw = download(logged_in, full_meeting.id).data
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long Chinese text was folded
    for line in lines:  # folding never splits a UTF-8 character
        line.decode("utf-8")


def test_uid_is_stable_and_status_follows_the_meeting(logged_in, full_meeting):
    first = Calendar.from_ical(download(logged_in, full_meeting.id).data)
    meeting = db.session.get(type(full_meeting), full_meeting.id)
    meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    second = Calendar.from_ical(download(logged_in, full_meeting.id).data)
    [a], [b] = first.walk("VEVENT"), second.walk("VEVENT")
    assert a["UID"] == b["UID"]
    assert str(b["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(
    ("status", "expected"),
    [(s, "CONFIRMED") for s in ("scheduled", "held", "closed", "archived")]
    + [("draft", "TENTATIVE"), ("cancelled", "CANCELLED")],
)
def test_status_mapping(app, status, expected):
    meeting = factories.make_meeting(status=status, venue="")
    with app.test_request_context():
        calendar = Calendar.from_ical(ics.meeting_calendar(meeting))
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == expected
    assert "LOCATION" not in event


def test_sequence_grows_when_the_meeting_changes(app, meeting):
    meeting.created_at = datetime(2030, 1, 1, 9, 0)
    meeting.updated_at = datetime(2030, 1, 1, 9, 0)
    assert ics.meeting_sequence(meeting) == 0
    meeting.updated_at = datetime(2030, 1, 2, 9, 0)
    assert ics.meeting_sequence(meeting) > 0


def test_unknown_meeting_is_a_404(logged_in):
    assert download(logged_in, 987654).status_code == 404
    assert services.READ_ONLY_STATUSES
