"""Meeting pages over HTTP: list, create, edit, detail, status changes."""

from datetime import datetime

import pytest

from extensions import db
from meetings import invitations
from meetings.models import Attendance, InvitationRole, Meeting, MeetingStatus
from tests import factories
from tests.meetings.conftest import AFTER
from tests.querycount import queries_for as count_statements

FORM = {
    "title": "优化社区养老服务协商会",
    "kind": "topical",
    "starts_at": "2030-06-18T09:00",
    "ends_at": "2030-06-18T11:30",
    "venue": "区政协二楼会议室",
    "organiser_committee": "社会和法制委",
    "description": "",
    "issue_number": "2",
}


def text(response) -> str:
    return response.get_data(as_text=True)


def fresh(meeting_id: int) -> Meeting:
    db.session.expire_all()
    return db.session.get(Meeting, meeting_id)


# ---------------------------------------------------------------- list


def test_list_in_chinese_with_tabs_filters_and_counts(logged_in, meeting, clock):
    factories.make_meeting("去年的协商会", starts_at=datetime(2029, 3, 1, 9, 0))
    db.session.commit()
    page = text(logged_in.get("/meetings/"))
    assert "会议" in page and "即将召开" in page
    assert "完善婴幼儿照护服务协商会" in page
    assert "去年的协商会" not in page
    assert "请你来协商" in page and "草稿" in page
    past = text(logged_in.get("/meetings/?tab=past"))
    assert "去年的协商会" in past and "完善婴幼儿照护服务协商会" not in past


def test_list_filters(logged_in, meeting, clock):
    factories.make_meeting("已排期的会", starts_at=datetime(2031, 3, 1, 9), status="scheduled")
    db.session.commit()
    page = text(logged_in.get("/meetings/?status=scheduled"))
    assert "已排期的会" in page and "完善婴幼儿照护服务协商会" not in page
    page = text(logged_in.get("/meetings/?year=2030"))
    assert "已排期的会" not in page and "完善婴幼儿照护服务协商会" in page
    # Nonsense filters are ignored rather than failing.
    assert logged_in.get("/meetings/?status=bogus&year=x&page=0").status_code == 200


def test_list_paginates(app, logged_in, clock):
    app.config["PAGE_SIZE"] = 2
    try:
        for n in range(3):
            factories.make_meeting(f"分页会议{n}", starts_at=datetime(2030, 7, 1 + n, 9))
        db.session.commit()
        first = text(logged_in.get("/meetings/"))
        second = text(logged_in.get("/meetings/?page=2"))
    finally:
        app.config["PAGE_SIZE"] = 50
    assert "分页会议0" in first and "分页会议2" not in first
    assert "分页会议2" in second and "page=2" in first


# ---------------------------------------------------------------- create / edit


def test_new_form_offers_chairs_and_committees(logged_in, chair):
    factories.make_participant("家长甲", kind="citizen")
    db.session.commit()
    page = text(logged_in.get("/meetings/new"))
    assert "新建会议" in page
    assert page.index("王主席") < page.index("家长甲")
    assert '<option value="教文卫委">' in page
    assert 'type="datetime-local"' in page


def test_create_meeting_with_chair(logged_in, chair):
    response = logged_in.post("/meetings/new", data={**FORM, "chair_id": str(chair.id)})
    assert response.status_code == 302
    meeting = db.session.scalars(db.select(Meeting)).one()
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.title == "优化社区养老服务协商会"
    assert meeting.starts_at == datetime(2030, 6, 18, 9, 0)
    assert meeting.opinions_open is False
    assert [(i.participant_id, i.role) for i in meeting.invitations] == [
        (chair.id, InvitationRole.CHAIR)
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "请填写会议议题"),
        ({"ends_at": "2030-06-18T08:00"}, "结束时间必须晚于开始时间"),
        ({"starts_at": "not a date"}, None),
        ({"issue_number": "-3"}, "请填写正整数"),
        ({"kind": "party"}, None),
        ({"chair_id": "999999"}, None),
    ],
)
def test_create_meeting_bad_input_is_422_and_saves_nothing(logged_in, change, message):
    response = logged_in.post("/meetings/new", data={**FORM, **change})
    assert response.status_code == 422
    assert "请修改标出的字段" in text(response)
    if message:
        assert message in text(response)
    assert db.session.scalars(db.select(Meeting)).all() == []


def test_edit_meeting(logged_in, meeting):
    page = text(logged_in.get(f"/meetings/{meeting.id}/edit"))
    assert "完善婴幼儿照护服务协商会" in page and "2030-05-20T14:30" in page
    response = logged_in.post(
        f"/meetings/{meeting.id}/edit",
        data={**FORM, "title": "改过的议题", "chair_id": str(meeting.chair_id)},
    )
    assert response.status_code == 302
    assert fresh(meeting.id).title == "改过的议题"


def test_edit_bad_input_is_422_and_keeps_the_record(logged_in, meeting):
    response = logged_in.post(
        f"/meetings/{meeting.id}/edit", data={**FORM, "ends_at": "2030-06-18T09:00"}
    )
    assert response.status_code == 422
    assert fresh(meeting.id).title == "完善婴幼儿照护服务协商会"


def test_edit_of_a_closed_meeting_is_refused(logged_in, meeting):
    meeting.status = MeetingStatus.CLOSED
    db.session.commit()
    response = logged_in.get(f"/meetings/{meeting.id}/edit")
    assert response.status_code == 302
    response = logged_in.post(f"/meetings/{meeting.id}/edit", data=FORM)
    assert response.status_code == 409
    assert "不能再修改" in text(response)
    assert fresh(meeting.id).venue == "区政协三楼会议室"


@pytest.mark.parametrize("url", ["/meetings/4242", "/meetings/4242/edit"])
def test_unknown_meeting_is_a_404(logged_in, url):
    assert logged_in.get(url).status_code == 404


# ---------------------------------------------------------------- detail


def test_detail_shows_everything_grouped(logged_in, meeting):
    leader = factories.make_participant("陈副区长", kind="official", affiliation="区人民政府")
    parent = factories.make_participant("周女士", kind="citizen", affiliation="西湖街道")
    factories.make_invitation(meeting, leader, role=InvitationRole.LEADER)
    factories.make_invitation(
        meeting, parent, role=InvitationRole.SPEAKER, attendance=Attendance.ABSENT, note="孩子生病"
    )
    factories.make_agenda_item(
        meeting, kind="briefing", title="区卫健局通报情况", planned_minutes=15
    )
    meeting.issue_number = 4
    db.session.commit()
    page = text(logged_in.get(f"/meetings/{meeting.id}"))
    for expected in (
        "主持人",
        "出席领导",
        "发言人",
        "陈副区长",
        "请假",
        "区卫健局通报情况",
        "第 4 期",
        "calendar.ics",
        "排期",
        "取消",
    ):
        assert expected in page, expected
    assert page.index("王主席") < page.index("陈副区长") < page.index("周女士")
    assert "标记为已召开" not in page  # only the allowed next statuses
    # Kind, affiliation and note of each invitation: on the invitations page.
    listing = text(logged_in.get(f"/meetings/{meeting.id}/invitations"))
    for expected in ("区人民政府", "群众代表", "请假", "孩子生病"):
        assert expected in listing, expected
    assert listing.index("王主席") < listing.index("陈副区长") < listing.index("周女士")


def add_people_and_items(meeting, how_many: int) -> None:
    for _ in range(how_many):
        person = factories.make_participant()
        factories.make_invitation(meeting, person)
        factories.make_agenda_item(
            meeting, presenter=person, department=factories.make_department()
        )
    db.session.commit()


def test_detail_loads_in_a_fixed_number_of_queries(app, logged_in, meeting):
    url = f"/meetings/{meeting.id}"
    add_people_and_items(meeting, 2)
    few = count_statements(logged_in, url)
    add_people_and_items(meeting, 10)
    many = count_statements(logged_in, url)
    assert few == many  # no query per invitation or agenda item
    # user, conditional-GET state, meeting + 2 selectins, the invitation summary, the agenda's
    # departments, opinions and consensus: a bound that does not grow with the data
    assert many <= 13
    assert count_statements(logged_in, "/meetings/") <= 8


# ---------------------------------------------------------------- status


def test_schedule_then_hold(logged_in, meeting, clock):
    url = f"/meetings/{meeting.id}/status"
    response = logged_in.post(url, data={"status": "scheduled"})
    assert response.status_code == 302
    assert fresh(meeting.id).status == MeetingStatus.SCHEDULED
    response = logged_in.post(url, data={"status": "held"})
    assert response.status_code == 409
    assert "开始" in text(response)
    clock.at = AFTER
    assert logged_in.post(url, data={"status": "held"}).status_code == 302
    assert fresh(meeting.id).status == MeetingStatus.HELD


def test_wrong_transition_is_a_409_naming_both_statuses(logged_in, meeting):
    response = logged_in.post(f"/meetings/{meeting.id}/status", data={"status": "archived"})
    assert response.status_code == 409
    assert "草稿" in text(response) and "已归档" in text(response)
    assert fresh(meeting.id).status == MeetingStatus.DRAFT


def test_scheduling_without_venue_is_refused(logged_in, meeting):
    meeting.venue = ""
    db.session.commit()
    response = logged_in.post(f"/meetings/{meeting.id}/status", data={"status": "scheduled"})
    assert response.status_code == 409
    assert "会议地点" in text(response)


def test_bad_status_value_is_422(logged_in, meeting):
    response = logged_in.post(f"/meetings/{meeting.id}/status", data={"status": "party"})
    assert response.status_code == 422
    assert logged_in.post(f"/meetings/{meeting.id}/status").status_code == 422


def test_status_of_unknown_meeting_is_404(logged_in):
    assert logged_in.post("/meetings/999/status", data={"status": "held"}).status_code == 404


def test_status_change_needs_post(logged_in, meeting):
    assert logged_in.get(f"/meetings/{meeting.id}/status").status_code == 405


def test_english_ui(logged_in, meeting):
    logged_in.get("/lang/en")
    page = text(logged_in.get(f"/meetings/{meeting.id}"))
    assert "Invitations" in page and "Agenda" in page
    assert invitations.ROLE_ORDER


def test_meeting_with_a_deactivated_chair_can_still_be_edited(logged_in, meeting, chair):
    chair.active = False
    db.session.commit()
    response = logged_in.post(
        f"/meetings/{meeting.id}/edit", data={**FORM, "chair_id": str(chair.id)}
    )
    assert response.status_code == 302
    assert fresh(meeting.id).chair_id == chair.id


def test_absurd_year_is_ignored(logged_in, meeting, clock):
    for year in ("99999", "0", "-1"):
        response = logged_in.get(f"/meetings/?year={year}")
        assert response.status_code == 200
        assert "完善婴幼儿照护服务协商会" in text(response)
