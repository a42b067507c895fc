"""Agenda routes over HTTP."""

import pytest

from extensions import db
from meetings.models import AgendaItem, MeetingStatus
from tests import factories


def text(response) -> str:
    return response.get_data(as_text=True)


def agenda_of(meeting_id: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    rows = db.session.scalars(
        db.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position)
    )
    return [(i.position, i.title) for i in rows]


@pytest.fixture
def items(app, meeting):
    made = [
        factories.make_agenda_item(meeting, position=n, title=title, planned_minutes=30)
        for n, title in enumerate(["情况通报", "调研报告", "协商发言"], start=1)
    ]
    db.session.commit()
    return made


def test_add_item(logged_in, meeting):
    presenter = factories.make_participant("陈局长", kind="official")
    department = factories.make_department("区卫生健康局")
    db.session.commit()
    response = logged_in.post(
        f"/meetings/{meeting.id}/agenda",
        data={
            "kind": "briefing",
            "title": "",
            "presenter_id": str(presenter.id),
            "department_id": str(department.id),
            "planned_minutes": "20",
            "notes": "附书面材料",
        },
    )
    assert response.status_code == 302
    assert agenda_of(meeting.id) == [(1, "情况通报")]
    page = text(logged_in.get(f"/meetings/{meeting.id}"))
    assert "陈局长" in page and "区卫生健康局" in page
    assert "议程计划 20 分钟，会议时长 150 分钟" in page


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "party"},
        {"kind": "other", "planned_minutes": "0"},
        {"kind": "other", "planned_minutes": "601"},
        {"kind": "other", "planned_minutes": "lots"},
        {"kind": "other", "presenter_id": "999999"},
    ],
)
def test_add_item_bad_input_is_422(logged_in, meeting, data):
    response = logged_in.post(f"/meetings/{meeting.id}/agenda", data=data)
    assert response.status_code == 422
    assert "请修改标出的字段" in text(response)
    assert agenda_of(meeting.id) == []


def test_overlong_agenda_is_flagged(logged_in, meeting, items):
    factories.make_agenda_item(meeting, position=4, title="长发言", planned_minutes=90)
    db.session.commit()
    assert "议程时长超出会议时长" in text(logged_in.get(f"/meetings/{meeting.id}"))


def test_edit_item(logged_in, meeting, items):
    url = f"/meetings/{meeting.id}/agenda/{items[1].id}/edit"
    assert "调研报告" in text(logged_in.get(url))
    response = logged_in.post(
        url, data={"kind": "report", "title": "教文卫委调研报告", "planned_minutes": "25"}
    )
    assert response.status_code == 302
    assert agenda_of(meeting.id)[1] == (2, "教文卫委调研报告")


def test_edit_item_bad_input_is_422(logged_in, meeting, items):
    url = f"/meetings/{meeting.id}/agenda/{items[1].id}/edit"
    response = logged_in.post(url, data={"kind": "report", "planned_minutes": "9999"})
    assert response.status_code == 422
    assert "计划时长须在 1 至 600 分钟之间" in text(response)


def test_delete_item_renumbers(logged_in, meeting, items):
    response = logged_in.post(f"/meetings/{meeting.id}/agenda/{items[0].id}/delete")
    assert response.status_code == 302
    assert agenda_of(meeting.id) == [(1, "调研报告"), (2, "协商发言")]


def test_move_up_and_down(logged_in, meeting, items):
    url = f"/meetings/{meeting.id}/agenda/{items[2].id}/move"
    assert logged_in.post(url, data={"direction": "up"}).status_code == 302
    assert "上移" in text(logged_in.get(f"/meetings/{meeting.id}"))
    assert agenda_of(meeting.id) == [(1, "情况通报"), (2, "协商发言"), (3, "调研报告")]
    url = f"/meetings/{meeting.id}/agenda/{items[0].id}/move"
    logged_in.post(url, data={"direction": "down"})
    assert agenda_of(meeting.id) == [(1, "协商发言"), (2, "情况通报"), (3, "调研报告")]


def test_move_past_the_end_is_harmless(logged_in, meeting, items):
    url = f"/meetings/{meeting.id}/agenda/{items[0].id}/move"
    response = logged_in.post(url, data={"direction": "up"}, follow_redirects=True)
    assert "该议程已在最前或最后" in text(response)
    assert agenda_of(meeting.id)[0] == (1, "情况通报")


@pytest.mark.parametrize("data", [{}, {"direction": "left"}])
def test_move_bad_direction_is_422(logged_in, meeting, items, data):
    url = f"/meetings/{meeting.id}/agenda/{items[0].id}/move"
    assert logged_in.post(url, data=data).status_code == 422


def test_foreign_or_unknown_item_is_404(logged_in, meeting, items):
    other = factories.make_meeting()
    foreign = factories.make_agenda_item(other, title="别的会")
    db.session.commit()
    base = f"/meetings/{meeting.id}/agenda"
    assert logged_in.get(f"{base}/{foreign.id}/edit").status_code == 404
    assert logged_in.post(f"{base}/{foreign.id}/delete").status_code == 404
    assert logged_in.post(f"{base}/{foreign.id}/move", data={"direction": "up"}).status_code == 404
    assert logged_in.get(f"{base}/99999/edit").status_code == 404
    assert logged_in.post("/meetings/99999/agenda", data={"kind": "other"}).status_code == 404
    assert agenda_of(other.id) == [(1, "别的会")]


def test_archived_meeting_agenda_is_frozen(logged_in, meeting, items):
    meeting.status = MeetingStatus.ARCHIVED
    db.session.commit()
    response = logged_in.post(f"/meetings/{meeting.id}/agenda/{items[0].id}/delete")
    assert response.status_code == 409
    assert len(agenda_of(meeting.id)) == 3
    page = text(logged_in.get(f"/meetings/{meeting.id}"))
    assert "添加议程" not in page


def test_item_with_a_deactivated_presenter_can_still_be_edited(logged_in, meeting):
    presenter = factories.make_participant("离任局长", kind="official")
    department = factories.make_department("撤并的局")
    item = factories.make_agenda_item(meeting, presenter=presenter, department=department)
    presenter.active = False
    department.active = False
    db.session.commit()
    url = f"/meetings/{meeting.id}/agenda/{item.id}/edit"
    assert "离任局长" in text(logged_in.get(url))
    response = logged_in.post(
        url,
        data={
            "kind": "briefing",
            "title": "情况通报",
            "presenter_id": str(presenter.id),
            "department_id": str(department.id),
        },
    )
    assert response.status_code == 302
