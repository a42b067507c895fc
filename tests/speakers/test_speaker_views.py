"""Speakers list routes over HTTP, signed in as the secretariat."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from meetings.models import Invitation, InvitationRole, MeetingStatus
from speakers import services as speakers
from speakers.models import SpeakerSlot, SpeakerStatus
from tests import factories
from tests.querycount import queries_for


def text(response) -> str:
    return response.get_data(as_text=True)


def slots_of(meeting) -> list[SpeakerSlot]:
    db.session.expire_all()
    return speakers.list_slots(meeting)


def url(meeting, tail: str = "") -> str:
    return f"/meetings/{meeting.id}/speakers{tail}"


def test_page_lists_speakers_and_offers_the_actions(logged_in, meeting, filled):
    page = text(logged_in.get(url(meeting)))
    for name in ("李堃", "许𠮷安", "赵珺"):
        assert name in page
    assert page.index("李堃") < page.index("许𠮷安") < page.index("王喆")
    assert "从邀请名单生成" in page and "现场增加发言人" in page
    assert f"/meetings/{meeting.id}/screen" in page
    assert "data-countdown" not in page
    # On the spot: the invited chair may be called; everyone listed already is not offered.
    offered = page[page.index('name="participant_id"') :]
    offered = offered[: offered.index("</select>")]
    assert '<optgroup label="已邀请参会">' in offered and "林主席" in offered
    assert "李堃" not in offered and '<optgroup label="">' not in offered


def test_empty_list_invites_to_fill_it(logged_in, meeting):
    page = text(logged_in.get(url(meeting)))
    assert "发言名单还是空的" in page


def test_fill_from_invitations(logged_in, meeting, people):
    response = logged_in.post(url(meeting, "/fill"))
    assert response.status_code == 302
    assert len(slots_of(meeting)) == 6
    again = logged_in.post(url(meeting, "/fill"), follow_redirects=True)
    assert "新增发言人 0 人" in text(again) and "6 人已在名单中" in text(again)
    assert len(slots_of(meeting)) == 6


def test_start_shows_the_countdown_then_stop_records_the_time(logged_in, meeting, filled, clock):
    first = filled[0]
    assert logged_in.post(url(meeting, f"/{first.id}/start")).status_code == 302
    page = text(logged_in.get(url(meeting)))
    assert "data-countdown" in page and f'data-started-at="{clock.at.isoformat()}"' in page
    assert 'data-limit="300"' in page and "正在发言" in page
    clock.advance(minutes=5, seconds=30)
    assert logged_in.post(url(meeting, f"/{first.id}/stop")).status_code == 302
    slot = slots_of(meeting)[0]
    assert slot.status == SpeakerStatus.SPOKEN and slot.duration_seconds == 330
    summary = text(logged_in.get(url(meeting)))
    assert "发言用时" in summary and "05:30" in summary and "+00:30" in summary


def test_next_speaker_button(logged_in, meeting, filled, clock):
    assert logged_in.post(url(meeting, "/next")).status_code == 302
    assert logged_in.post(url(meeting, "/next")).status_code == 302
    slots = slots_of(meeting)
    assert [s.status for s in slots[:3]] == [
        SpeakerStatus.SPOKEN,
        SpeakerStatus.SPEAKING,
        SpeakerStatus.WAITING,
    ]


def test_skip_mark_spoken_remove_move(logged_in, meeting, filled, clock):
    a, b, c, d = (s.id for s in filled[:4])
    assert logged_in.post(url(meeting, f"/{a}/skip")).status_code == 302
    assert logged_in.post(url(meeting, f"/{b}/spoken")).status_code == 302
    assert logged_in.post(url(meeting, f"/{c}/delete")).status_code == 302
    assert logged_in.post(url(meeting, f"/{d}/move"), data={"direction": "up"}).status_code == 302
    slots = {s.id: s for s in slots_of(meeting)}
    assert slots[a].status == SpeakerStatus.SKIPPED
    assert slots[b].status == SpeakerStatus.SPOKEN
    assert c not in slots
    waiting = [s.id for s in slots_of(meeting) if s.status == SpeakerStatus.WAITING]
    assert waiting[0] == d


def test_update_topic_and_time(logged_in, meeting, filled):
    slot = filled[0]
    response = logged_in.post(
        url(meeting, f"/{slot.id}"), data={"topic": "托育用地", "minutes": "7"}
    )
    assert response.status_code == 302
    slot = slots_of(meeting)[0]
    assert (slot.topic, slot.time_limit_seconds) == ("托育用地", 420)


@pytest.mark.parametrize("minutes", ["", "0", "121", "abc"])
def test_update_with_bad_minutes_is_422_and_changes_nothing(logged_in, meeting, filled, minutes):
    slot = filled[0]
    response = logged_in.post(url(meeting, f"/{slot.id}"), data={"topic": "x", "minutes": minutes})
    assert response.status_code == 422
    assert "李堃" in text(response)
    assert slots_of(meeting)[0].time_limit_seconds == 300


def test_move_with_a_bad_direction_is_422(logged_in, meeting, filled):
    response = logged_in.post(url(meeting, f"/{filled[1].id}/move"), data={"direction": "left"})
    assert response.status_code == 422


def test_add_on_the_spot_invites_the_person(logged_in, meeting, filled):
    walk_in = factories.make_participant("临时发言人", kind="citizen")
    db.session.commit()
    response = logged_in.post(
        url(meeting, "/add"),
        data={"participant_id": str(walk_in.id), "topic": "社区托育点", "minutes": "3"},
    )
    assert response.status_code == 302
    slot = slots_of(meeting)[-1]
    assert (slot.participant_id, slot.topic, slot.time_limit_seconds) == (
        walk_in.id,
        "社区托育点",
        180,
    )
    role = db.session.scalar(
        select(Invitation.role).where(
            Invitation.meeting_id == meeting.id, Invitation.participant_id == walk_in.id
        )
    )
    assert role == InvitationRole.SPEAKER


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"participant_id": ""},
        {"participant_id": "abc"},
        {"participant_id": "999999"},  # not a choice
        {"participant_id": "{walk_in}", "minutes": "0"},
        {"participant_id": "{walk_in}", "topic": "长" * 201},
    ],
)
def test_add_with_bad_input_is_422_with_messages(logged_in, meeting, filled, data):
    walk_in = factories.make_participant("临时发言人", kind="citizen")
    db.session.commit()
    data = {k: v.format(walk_in=walk_in.id) for k, v in data.items()}
    response = logged_in.post(url(meeting, "/add"), data=data)
    assert response.status_code == 422
    assert "请修改标出的字段" in text(response)
    assert len(slots_of(meeting)) == 6
    assert (
        db.session.scalar(select(Invitation.id).where(Invitation.participant_id == walk_in.id))
        is None
    )


def test_someone_already_listed_cannot_be_chosen_again(logged_in, meeting, filled):
    listed = filled[0].participant_id
    response = logged_in.post(url(meeting, "/add"), data={"participant_id": str(listed)})
    assert response.status_code == 422


def test_rule_violations_are_shown_with_409(logged_in, meeting, filled, clock):
    first = filled[0]
    response = logged_in.post(url(meeting, f"/{first.id}/stop"))
    assert response.status_code == 409 and "没有在发言" in text(response)
    logged_in.post(url(meeting, f"/{first.id}/start"))
    response = logged_in.post(url(meeting, f"/{first.id}/delete"))
    assert response.status_code == 409
    assert len(slots_of(meeting)) == 6


@pytest.mark.parametrize("status", ["draft", "closed", "cancelled"])
def test_writes_on_a_meeting_not_under_way_are_refused(logged_in, meeting, filled, status):
    meeting.status = MeetingStatus(status)
    db.session.commit()
    page = text(logged_in.get(url(meeting)))
    assert "现场增加发言人" not in page and "开始发言" not in page
    for tail, data in (
        ("/fill", None),
        ("/next", None),
        (f"/{filled[0].id}/start", None),
        (f"/{filled[0].id}", {"topic": "x", "minutes": "3"}),
    ):
        response = logged_in.post(url(meeting, tail), data=data)
        assert response.status_code == 409, tail
    assert {s.status for s in slots_of(meeting)} == {SpeakerStatus.WAITING}


def test_bad_and_foreign_ids_are_404(logged_in, meeting, filled):
    other = factories.make_meeting("别的协商会", status="scheduled")
    stranger = factories.make_participant("别的会发言人", kind="member")
    factories.make_invitation(other, stranger, role=InvitationRole.SPEAKER)
    db.session.commit()
    foreign = speakers.fill_from_invitations(other)
    assert foreign.added == 1
    db.session.commit()
    foreign_slot = speakers.list_slots(other)[0]
    for tail in ("", "/start", "/stop", "/skip", "/spoken", "/delete", "/move"):
        response = logged_in.post(
            url(meeting, f"/{foreign_slot.id}{tail}"), data={"direction": "up"}
        )
        assert response.status_code == 404, tail
        response = logged_in.post(url(meeting, f"/99999999999{tail}"), data={"direction": "up"})
        assert response.status_code == 404, tail
    for path in (
        "/meetings/424242/speakers",
        "/meetings/424242/screen",
        "/meetings/424242/speakers/state",
    ):
        assert logged_in.get(path).status_code == 404
    assert logged_in.post("/meetings/424242/speakers/fill").status_code == 404
    for path in ("/speakers", "/screen", "/speakers/state"):
        assert logged_in.get(f"/meetings/99999999999{path}").status_code == 404
    assert logged_in.post("/meetings/99999999999/speakers/next").status_code == 404
    assert speakers.list_slots(other)[0].status == SpeakerStatus.WAITING


def test_state_json(logged_in, meeting, filled, clock):
    started = clock.at
    logged_in.post(url(meeting, f"/{filled[1].id}/start"))
    clock.advance(seconds=95)
    response = logged_in.get(url(meeting, "/state"))
    assert response.status_code == 200 and response.is_json
    assert response.headers["Cache-Control"] == "no-store"
    state = response.get_json()
    assert state["now"] == (started + timedelta(seconds=95)).isoformat()
    current = state["current"]
    assert (current["name"], current["affiliation"], current["topic"]) == (
        "周敏",
        "社区服务中心",
        "社区服务中心",
    )
    assert current["started_at"] == started.isoformat() and current["time_limit_seconds"] == 300
    assert current["kind"] == "机构代表"
    assert [p["name"] for p in state["next"]] == ["李堃", "许𠮷安", "王喆"]
    assert state["meeting"]["title"] == "完善婴幼儿照护服务协商会"


def test_screen_page_is_bare_and_shows_the_current_speaker(logged_in, meeting, filled, clock):
    logged_in.post(url(meeting, f"/{filled[0].id}/start"))
    page = text(logged_in.get(f"/meetings/{meeting.id}/screen"))
    assert "完善婴幼儿照护服务协商会" in page and "李堃" in page and "阳光托育园" in page
    assert "navbar" not in page and "退出登录" not in page
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page and "/static/js/speakers.js" in page
    assert f"/meetings/{meeting.id}/speakers/state" in page
    assert "http://" not in page.replace("http://localhost", "")  # nothing from outside


def test_page_runs_a_bounded_number_of_queries(app, logged_in, meeting, people):
    def count_queries(path: str) -> int:
        return queries_for(logged_in, path)

    logged_in.post(url(meeting, "/fill"))
    few = count_queries(url(meeting)), count_queries(url(meeting, "/state"))
    for n in range(30):
        person = factories.make_participant(f"代表{n}", kind="agency")
        factories.make_invitation(meeting, person, role=InvitationRole.SPEAKER)
    db.session.commit()
    logged_in.post(url(meeting, "/fill"))
    assert len(slots_of(meeting)) == 36
    many = count_queries(url(meeting)), count_queries(url(meeting, "/state"))
    assert many == few
