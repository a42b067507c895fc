"""Group invitations and bulk attendance over HTTP: messages, status codes, no half writes."""

import re

import pytest

from audit.models import AuditEvent
from extensions import db
from meetings.models import Attendance, InvitationRole, MeetingStatus
from tests.meetings.invitations.conftest import invitations_of, text


@pytest.fixture
def base(roster):
    return f"/meetings/{roster.meeting_id}"


def test_invitations_page_offers_the_three_groups(logged_in, roster, base):
    page = text(logged_in.get(f"{base}/invitations"))
    assert "粘贴名单" in page and "各承办单位" in page and "按条件批量邀请" in page
    # The department list: active departments, ticked when someone answers for them.
    health, labour = roster.departments["卫健局"].id, roster.departments["人社局"].id
    assert re.search(rf'name="departments" value="{health}" id="departments-\d+" checked', page)
    assert re.search(rf'name="departments" value="{labour}" id="departments-\d+">', page)
    assert "云溪区旧局" not in page
    assert "名录中无人" in page  # 人社局 has nobody
    assert "卫生健康部门" in page  # aliases are searchable terms
    assert "js/checklist.js" in page


def test_pasted_names_are_invited_with_one_role(logged_in, roster, base):
    response = logged_in.post(
        f"{base}/invitations/names",
        data={"names": "王喆、张若溪\n沈昇，王喆", "role": "speaker"},
        follow_redirects=True,
    )
    assert "新邀请 3 人，0 人此前已邀请" in text(response)
    rows = invitations_of(roster.meeting_id)
    for name in ("王喆", "张若溪", "沈昇"):
        assert rows[roster.people[name].id].role == InvitationRole.SPEAKER


def test_a_repeat_skips_everyone_already_invited(logged_in, roster, base):
    data = {"names": "王喆 张若溪 林振声"}
    logged_in.post(f"{base}/invitations/names", data=data)
    response = logged_in.post(f"{base}/invitations/names", data=data, follow_redirects=True)
    assert "新邀请 0 人，3 人此前已邀请" in text(response)
    assert len(invitations_of(roster.meeting_id)) == 3


def test_unknown_names_are_reported_and_nothing_is_written(logged_in, roster, base):
    response = logged_in.post(f"{base}/invitations/names", data={"names": "王喆、王哲、陈旧"})
    assert response.status_code == 422
    page = text(response)
    assert "未找到：</strong> 王哲" in page and "已停用：</strong> 陈旧" in page
    assert len(invitations_of(roster.meeting_id)) == 1
    # The user decides: invite the others and leave the unknown names out.
    response = logged_in.post(
        f"{base}/invitations/names",
        data={"names": "王喆、王哲、陈旧", "skip_missing": "y"},
        follow_redirects=True,
    )
    page = text(response)
    assert "新邀请 1 人" in page and "未邀请（未找到）：王哲、陈旧" in page
    assert roster.people["王喆"].id in invitations_of(roster.meeting_id)


def test_a_shared_name_asks_which_one_then_invites_the_pick(logged_in, roster, base):
    response = logged_in.post(f"{base}/invitations/names", data={"names": "王喆 李堃"})
    assert response.status_code == 422
    page = text(response)
    assert "有多人名为“李堃”" in page
    assert "云溪智联科技" in page and "云溪市儿童医院" in page
    assert len(invitations_of(roster.meeting_id)) == 1
    second = roster.people["李堃-2"]
    response = logged_in.post(
        f"{base}/invitations/names", data={"names": "王喆 李堃", "pick-1": str(second.id)}
    )
    assert response.status_code == 302
    rows = invitations_of(roster.meeting_id)
    assert second.id in rows and roster.people["李堃-1"].id not in rows


def test_a_shared_name_can_be_left_out(logged_in, roster, base):
    response = logged_in.post(
        f"{base}/invitations/names",
        data={"names": "王喆 李堃", "pick-1": "skip:李堃"},
        follow_redirects=True,
    )
    assert "按要求未邀请：李堃" in text(response)
    rows = invitations_of(roster.meeting_id)
    assert roster.people["王喆"].id in rows
    assert not {roster.people["李堃-1"].id, roster.people["李堃-2"].id} & set(rows)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"names": " 、、 "},
        {"names": "王喆", "role": "chair"},
        {"names": "王喆", "role": "alien"},
        {"names": "王喆" * 10001},
        {"names": "、".join(f"人{i}" for i in range(600))},
    ],
)
def test_bad_name_lists_are_422_and_write_nothing(logged_in, roster, base, data):
    response = logged_in.post(f"{base}/invitations/names", data=data)
    assert response.status_code == 422
    assert "invalid-feedback" in text(response)
    assert len(invitations_of(roster.meeting_id)) == 1


@pytest.mark.parametrize("pick", ["99999999999999999999", "abc", "", "skip:别人"])
def test_a_bad_pick_asks_again(logged_in, roster, base, pick):
    response = logged_in.post(
        f"{base}/invitations/names", data={"names": "王喆 李堃", "pick-1": pick}
    )
    assert response.status_code == 422
    assert "有多人名为“李堃”" in text(response)
    assert len(invitations_of(roster.meeting_id)) == 1


def test_every_department_invites_each_responder_once(logged_in, roster, base):
    ids = [str(roster.departments[n].id) for n in ("卫健局", "教育局", "人社局")]
    response = logged_in.post(
        f"{base}/invitations/departments", data={"departments": ids}, follow_redirects=True
    )
    page = text(response)
    assert "新邀请 2 人，0 人此前已邀请" in page
    assert "名录中无人代表以下单位：云溪区人力资源和社会保障局" in page
    rows = invitations_of(roster.meeting_id)
    assert rows[roster.people["黄立群"].id].role == InvitationRole.RESPONDER
    assert rows[roster.people["陈珺"].id].role == InvitationRole.RESPONDER
    response = logged_in.post(
        f"{base}/invitations/departments", data={"departments": ids}, follow_redirects=True
    )
    assert "新邀请 0 人，2 人此前已邀请" in text(response)
    assert len(invitations_of(roster.meeting_id)) == 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"departments": "abc"},
        {"departments": "99999999999"},
        {"departments": "old"},
        {"departments": "health", "role": "chair"},
    ],
)
def test_bad_department_choices_are_422(logged_in, roster, base, data):
    names = {"old": "旧局", "health": "卫健局"}
    if data.get("departments") in names:
        data = {**data, "departments": str(roster.departments[names[data["departments"]]].id)}
    response = logged_in.post(f"{base}/invitations/departments", data=data)
    assert response.status_code == 422
    assert len(invitations_of(roster.meeting_id)) == 1


def test_group_routes_refuse_a_closed_meeting(logged_in, roster, base):
    from meetings.models import Meeting

    db.session.get(Meeting, roster.meeting_id).status = MeetingStatus.CLOSED
    db.session.commit()
    assert logged_in.post(f"{base}/invitations/names", data={"names": "王喆"}).status_code == 409
    health = str(roster.departments["卫健局"].id)
    response = logged_in.post(f"{base}/invitations/departments", data={"departments": health})
    assert response.status_code == 409
    assert len(invitations_of(roster.meeting_id)) == 1


# ---------------------------------------------------------------- bulk attendance


@pytest.fixture
def invited(logged_in, roster, base):
    logged_in.post(f"{base}/invitations/names", data={"names": "王喆 张若溪 沈昇 许𠮷安"})
    return {i.participant.name: i.id for i in invitations_of(roster.meeting_id).values()}


def attendance_of(roster) -> dict[str, Attendance]:
    return {i.participant.name: i.attendance for i in invitations_of(roster.meeting_id).values()}


def test_attendance_page_lists_every_invitee_with_a_checkbox(logged_in, roster, base, invited):
    page = text(logged_in.get(f"{base}/attendance"))
    for name, invitation_id in invited.items():
        assert name in page and f'name="selected" value="{invitation_id}"' in page
    assert 'value="all_present"' in page and "全部出席" in page


def test_everyone_present_then_exceptions_over_http(logged_in, roster, base, invited):
    response = logged_in.post(
        f"{base}/attendance", data={"action": "all_present"}, follow_redirects=True
    )
    assert "已记录出席情况：5 人有变更" in text(response)
    response = logged_in.post(
        f"{base}/attendance",
        data={
            "action": "absent",
            "selected": [invited["沈昇"], invited["许𠮷安"]],
            "reason": "参加市里培训",
        },
    )
    assert response.status_code == 302
    logged_in.post(f"{base}/attendance", data={"action": "declined", "selected": invited["王喆"]})
    states = attendance_of(roster)
    assert states["沈昇"] == states["许𠮷安"] == Attendance.ABSENT
    assert states["王喆"] == Attendance.DECLINED
    assert states["林振声"] == states["张若溪"] == Attendance.PRESENT
    page = text(logged_in.get(f"{base}/attendance"))
    assert "参加市里培训" in page


def test_bulk_attendance_is_audited_with_the_user(logged_in, roster, base, invited):
    logged_in.post(f"{base}/attendance", data={"action": "all_present"})
    events = list(
        db.session.scalars(
            db.select(AuditEvent).where(
                AuditEvent.table_name == "invitation", AuditEvent.action == "update"
            )
        )
    )
    assert len(events) == 5
    assert all(e.actor_name and e.changes["attendance"][1] == "present" for e in events)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "invited", "selected": "NAME"},
        {"action": "present"},  # nobody ticked
        {"action": "absent", "selected": "NAME"},  # no reason
        {"action": "absent", "selected": "NAME", "reason": "长" * 201},
        {"action": "present", "selected": "abc"},
        {"action": "present", "selected": "99999999999999"},
    ],
)
def test_bad_attendance_input_is_4xx_and_changes_nothing(logged_in, roster, base, invited, data):
    if data.get("selected") == "NAME":
        data = {**data, "selected": str(invited["王喆"])}
    response = logged_in.post(f"{base}/attendance", data=data)
    assert response.status_code in (409, 422)
    assert "alert-danger" in text(response)
    assert set(attendance_of(roster).values()) == {Attendance.INVITED}


def test_another_meetings_invitation_cannot_be_marked(logged_in, roster, base, invited):
    from tests import factories

    other = factories.make_meeting(status="held")
    stranger = factories.make_invitation(other, roster.people["王喆"])
    db.session.commit()
    response = logged_in.post(
        f"{base}/attendance", data={"action": "present", "selected": [stranger.id]}
    )
    assert response.status_code == 409
    db.session.expire_all()
    assert stranger.attendance == Attendance.INVITED
