"""The speakers list's rules, without HTTP (speakers/services.py)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from common.errors import RuleViolation
from extensions import db
from meetings.models import Attendance, Invitation, InvitationRole, MeetingStatus
from opinions.models import Opinion, OpinionChannel
from speakers import screen as speaker_screen
from speakers import services as speakers
from speakers.models import SpeakerSlot, SpeakerStatus
from tests import factories
from tests.speakers.conftest import invite_speaker

pytestmark = pytest.mark.usefixtures("request_ctx")


def names(slots) -> list[str]:
    return [s.participant.name for s in slots]


def fresh(meeting) -> list[SpeakerSlot]:
    db.session.expire_all()
    return speakers.list_slots(meeting)


def status_of(slot) -> SpeakerStatus:
    db.session.refresh(slot)
    return slot.status


# ---------------------------------------------------------------- filling the list


def test_fill_follows_the_speaking_order_of_the_meeting(meeting, people):
    result = speakers.fill_from_invitations(meeting)
    slots = fresh(meeting)
    # Agencies, citizens, members, then officials and experts; within a kind, as invited.
    assert names(slots) == ["李堃", "周敏", "许𠮷安", "王喆", "陈昇", "赵珺"]
    assert [s.position for s in slots] == [1, 2, 3, 4, 5, 6]
    assert {s.status for s in slots} == {SpeakerStatus.WAITING}
    assert (result.added, result.already, result.not_coming) == (6, 0, 0)


def test_fill_takes_only_speakers_who_are_coming(meeting, people):
    invite_speaker(meeting, "列席委员", "member", role=InvitationRole.ATTENDEE)
    invite_speaker(meeting, "请假家长", "citizen", attendance=Attendance.ABSENT)
    invite_speaker(meeting, "谢绝代表", "agency", attendance=Attendance.DECLINED)
    invite_speaker(meeting, "到场家长", "citizen", attendance=Attendance.PRESENT)
    result = speakers.fill_from_invitations(meeting)
    listed = names(fresh(meeting))
    assert "到场家长" in listed and "林主席" not in listed
    assert not {"列席委员", "请假家长", "谢绝代表"} & set(listed)
    assert (result.added, result.not_coming) == (7, 2)


def test_fill_twice_adds_nobody_twice_and_appends_newcomers(meeting, people, clock):
    speakers.fill_from_invitations(meeting)
    speakers.start_speech(fresh(meeting)[0])
    again = speakers.fill_from_invitations(meeting)
    assert (again.added, again.already) == (0, 6)
    invite_speaker(meeting, "后邀代表", "agency")
    third = speakers.fill_from_invitations(meeting)
    slots = fresh(meeting)
    assert (third.added, third.already) == (1, 6)
    # A latecomer goes to the end, whatever their kind: the list already running stays.
    assert names(slots)[-1] == "后邀代表" and len(slots) == 7
    assert [s.position for s in slots] == list(range(1, 8))
    assert slots[0].status == SpeakerStatus.SPEAKING


def test_fill_topic_is_the_first_opinion_title_else_the_affiliation(meeting, people):
    for position, title in ((2, "第二条意见"), (1, "普惠托育服务供给不足")):
        db.session.add(
            Opinion(
                meeting_id=meeting.id,
                speaker_id=people["citizen"].id,
                title=title,
                channel=OpinionChannel.ORAL,
                position=position,
            )
        )
    other = factories.make_meeting("别的会", status="scheduled")
    db.session.add(
        Opinion(
            meeting_id=other.id,
            speaker_id=people["agency"].id,
            title="别的会上的意见",
            channel=OpinionChannel.WRITTEN,
        )
    )
    speakers.fill_from_invitations(meeting)
    topics = {s.participant.name: s.topic for s in fresh(meeting)}
    assert topics["许𠮷安"] == "普惠托育服务供给不足"
    assert topics["李堃"] == "阳光托育园"


def test_fill_uses_the_configured_speaking_time(app, meeting, people, monkeypatch):
    assert {s.time_limit_seconds for s in speakers_after_fill(meeting)} == {300}
    db.session.execute(SpeakerSlot.__table__.delete())
    monkeypatch.setitem(app.config, "SPEECH_MINUTES_DEFAULT", 8)
    assert {s.time_limit_seconds for s in speakers_after_fill(meeting)} == {480}


def speakers_after_fill(meeting) -> list[SpeakerSlot]:
    speakers.fill_from_invitations(meeting)
    return fresh(meeting)


@pytest.mark.parametrize("status", ["draft", "closed", "archived", "cancelled"])
def test_the_list_is_refused_outside_scheduled_and_held_meetings(meeting, people, status):
    speakers.fill_from_invitations(meeting)
    slot = fresh(meeting)[0]
    meeting.status = MeetingStatus(status)
    db.session.flush()
    attempts = [
        lambda: speakers.fill_from_invitations(meeting),
        lambda: speakers.add_speaker(meeting, factories.make_participant()),
        lambda: speakers.start_speech(slot),
        lambda: speakers.start_next(meeting),
        lambda: speakers.skip_speaker(slot),
        lambda: speakers.mark_spoken(slot),
        lambda: speakers.move_slot(slot, "down"),
        lambda: speakers.remove_slot(slot),
        lambda: speakers.update_slot(slot, "新题目", 3),
    ]
    for attempt in attempts:
        with pytest.raises(RuleViolation) as error:
            attempt()
        assert error.value.status == 409
    assert status_of(slot) == SpeakerStatus.WAITING


def test_a_held_meeting_runs_its_list(meeting, people, clock):
    meeting.status = MeetingStatus.HELD
    speakers.fill_from_invitations(meeting)
    assert speakers.start_next(meeting).participant.name == "李堃"


# ---------------------------------------------------------------- the speeches


def test_one_speaker_at_a_time_and_durations_from_the_clock(meeting, filled, clock):
    first, second = filled[0], filled[1]
    start = clock.at
    speakers.start_speech(first)
    assert first.started_at == start and first.status == SpeakerStatus.SPEAKING
    clock.advance(minutes=4, seconds=12)
    speakers.start_speech(second)
    # Starting the next speech ended the first one, timed to the second.
    assert first.status == SpeakerStatus.SPOKEN
    assert first.ended_at == start + timedelta(minutes=4, seconds=12)
    assert first.duration_seconds == 252
    assert second.status == SpeakerStatus.SPEAKING and second.started_at == first.ended_at
    clock.advance(minutes=6, seconds=1)
    speakers.stop_speech(second)
    assert second.status == SpeakerStatus.SPOKEN and second.duration_seconds == 361
    db.session.commit()
    speaking = db.session.scalar(
        select(func.count(SpeakerSlot.id)).where(SpeakerSlot.status == SpeakerStatus.SPEAKING)
    )
    assert speaking == 0


def test_only_one_speaks_even_if_the_data_said_otherwise(meeting, filled, clock):
    # Two speeches running (say, written by an older version): starting a third ends both.
    filled[0].status = filled[1].status = SpeakerStatus.SPEAKING
    filled[0].started_at = filled[1].started_at = clock.at
    db.session.commit()
    clock.advance(seconds=30)
    speakers.start_speech(filled[2])
    slots = fresh(meeting)
    assert [s.status for s in slots[:3]] == [
        SpeakerStatus.SPOKEN,
        SpeakerStatus.SPOKEN,
        SpeakerStatus.SPEAKING,
    ]
    assert slots[0].duration_seconds == slots[1].duration_seconds == 30


def test_start_refuses_who_speaks_or_has_spoken_but_recalls_a_skipped_one(meeting, filled, clock):
    first, second = filled[0], filled[1]
    speakers.start_speech(first)
    with pytest.raises(RuleViolation) as error:
        speakers.start_speech(first)
    assert error.value.status == 409
    speakers.stop_speech(first)
    with pytest.raises(RuleViolation):
        speakers.start_speech(first)
    speakers.skip_speaker(second)
    assert second.status == SpeakerStatus.SKIPPED
    speakers.start_speech(second)
    assert second.status == SpeakerStatus.SPEAKING


def test_stop_needs_a_running_speech(meeting, filled, clock):
    with pytest.raises(RuleViolation) as error:
        speakers.stop_speech(filled[0])
    assert error.value.status == 409
    assert speakers.stop_current(meeting) is None


def test_start_next_takes_the_first_waiting_speaker(meeting, filled, clock):
    speakers.skip_speaker(filled[0])
    assert speakers.start_next(meeting) is filled[1]
    clock.advance(minutes=1)
    assert speakers.start_next(meeting) is filled[2]
    assert filled[1].status == SpeakerStatus.SPOKEN and filled[1].duration_seconds == 60
    for slot in filled[3:]:
        speakers.skip_speaker(slot)
    with pytest.raises(RuleViolation) as error:
        speakers.start_next(meeting)
    assert error.value.status == 409
    assert filled[2].status == SpeakerStatus.SPEAKING  # the refusal changed nothing


def test_mark_spoken_times_a_running_speech_and_marks_an_untimed_one(meeting, filled, clock):
    speakers.start_speech(filled[0])
    clock.advance(seconds=75)
    speakers.mark_spoken(filled[0])
    assert filled[0].status == SpeakerStatus.SPOKEN and filled[0].duration_seconds == 75
    speakers.mark_spoken(filled[1])
    assert filled[1].status == SpeakerStatus.SPOKEN and filled[1].duration_seconds is None
    with pytest.raises(RuleViolation):
        speakers.mark_spoken(filled[1])


def test_skip_only_a_waiting_speaker(meeting, filled, clock):
    speakers.start_speech(filled[0])
    with pytest.raises(RuleViolation) as error:
        speakers.skip_speaker(filled[0])
    assert error.value.status == 409
    speakers.skip_speaker(filled[1])
    with pytest.raises(RuleViolation):
        speakers.skip_speaker(filled[1])


def test_stop_current_ends_a_running_speech_whatever_the_status(meeting, filled, clock):
    speakers.start_speech(filled[0])
    meeting.status = MeetingStatus.CLOSED
    clock.advance(seconds=10)
    assert speakers.stop_current(meeting) is filled[0]
    assert filled[0].duration_seconds == 10


# ---------------------------------------------------------------- reorder, remove, edit


def test_move_swaps_with_the_neighbouring_waiting_speaker(meeting, filled, clock):
    a, b, c = filled[0], filled[1], filled[2]
    assert speakers.move_slot(c, "up") is True
    assert names(fresh(meeting))[:3] == [a.participant.name, c.participant.name, b.participant.name]
    assert speakers.move_slot(fresh(meeting)[0], "up") is False
    assert speakers.move_slot(fresh(meeting)[-1], "down") is False
    # Speakers who are done stay where they spoke; waiting ones move past them.
    speakers.start_speech(a)
    with pytest.raises(RuleViolation) as error:
        speakers.move_slot(a, "down")
    assert error.value.status == 409
    assert speakers.move_slot(c, "up") is False  # the first of those waiting
    with pytest.raises(RuleViolation) as error:
        speakers.move_slot(c, "sideways")
    assert error.value.status == 422
    assert [s.position for s in fresh(meeting)] == list(range(1, 7))


def test_remove_takes_a_waiting_speaker_off_and_keeps_the_invitation(meeting, filled, clock):
    removed = filled[1]
    person_id = removed.participant_id
    speakers.remove_slot(removed)
    slots = fresh(meeting)
    assert person_id not in {s.participant_id for s in slots}
    assert [s.position for s in slots] == list(range(1, 6))
    assert db.session.scalar(select(Invitation.id).where(Invitation.participant_id == person_id))
    speakers.start_speech(slots[0])
    with pytest.raises(RuleViolation):
        speakers.remove_slot(slots[0])


def test_update_sets_topic_and_minutes_within_bounds(meeting, filled, clock):
    slot = filled[0]
    speakers.update_slot(slot, "  托育机构用地  ", 8)
    assert (slot.topic, slot.time_limit_seconds) == ("托育机构用地", 480)
    for minutes in (0, -3, 121):
        with pytest.raises(RuleViolation) as error:
            speakers.update_slot(slot, "x", minutes)
        assert error.value.status == 422
    assert slot.time_limit_seconds == 480
    # The running speech may get more time.
    speakers.start_speech(slot)
    speakers.update_slot(slot, "托育机构用地", 10)
    assert slot.time_limit_seconds == 600


# ---------------------------------------------------------------- on the spot


def test_add_on_the_spot_invites_someone_not_invited(meeting, filled, clock):
    walk_in = factories.make_participant("临时发言人", kind="citizen", affiliation="社区居民")
    slot = speakers.add_speaker(meeting, walk_in, minutes=3)
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.meeting_id == meeting.id, Invitation.participant_id == walk_in.id
        )
    )
    assert invitation.role == InvitationRole.SPEAKER
    assert (slot.topic, slot.time_limit_seconds, slot.position) == ("社区居民", 180, 7)
    assert names(fresh(meeting))[-1] == "临时发言人"


def test_add_on_the_spot_makes_an_attendee_a_speaker_but_keeps_other_roles(meeting, people, clock):
    attendee = invite_speaker(meeting, "列席委员", "member", role=InvitationRole.ATTENDEE)
    responder = invite_speaker(meeting, "卫健局长", "official", role=InvitationRole.RESPONDER)
    speakers.add_speaker(meeting, attendee, topic="补充发言")
    speakers.add_speaker(meeting, responder)
    roles = dict(
        db.session.execute(
            select(Invitation.participant_id, Invitation.role).where(
                Invitation.meeting_id == meeting.id
            )
        ).all()
    )
    assert roles[attendee.id] == InvitationRole.SPEAKER
    assert roles[responder.id] == InvitationRole.RESPONDER
    assert fresh(meeting)[0].topic == "补充发言"


def test_add_on_the_spot_can_speak_next(meeting, filled, clock):
    speakers.start_speech(filled[0])
    walk_in = factories.make_participant("插话委员", kind="member")
    speakers.add_speaker(meeting, walk_in, speak_next=True)
    assert names(fresh(meeting))[:3] == ["李堃", "插话委员", "周敏"]
    assert speakers.start_next(meeting).participant.name == "插话委员"


def test_add_on_the_spot_refuses_twice_inactive_people_and_bad_times(meeting, filled, clock):
    listed = filled[0].participant
    with pytest.raises(RuleViolation) as error:
        speakers.add_speaker(meeting, listed)
    assert error.value.status == 409
    gone = factories.make_participant("已停用", kind="member", active=False)
    with pytest.raises(RuleViolation):
        speakers.add_speaker(meeting, gone)
    with pytest.raises(RuleViolation):
        speakers.add_speaker(meeting, factories.make_participant(), minutes=0)
    db.session.rollback()
    assert len(fresh(meeting)) == 6


# ---------------------------------------------------------------- what the screen and summary read


def test_screen_state_carries_what_the_countdown_needs(meeting, filled, clock):
    empty = speaker_screen.screen_state(meeting)
    assert empty["current"] is None and [p["name"] for p in empty["next"]] == [
        "李堃",
        "周敏",
        "许𠮷安",
    ]
    started = clock.at
    speakers.update_slot(filled[1], "托育补贴", 7)
    speakers.start_speech(filled[1])
    clock.advance(seconds=42)
    state = speaker_screen.screen_state(meeting)
    assert state["now"] == (started + timedelta(seconds=42)).isoformat()
    assert state["current"] == {
        "id": filled[1].id,
        "name": "周敏",
        "affiliation": "社区服务中心",
        "title": "",
        "kind": state["current"]["kind"],
        "topic": "托育补贴",
        "time_limit_seconds": 420,
        "started_at": started.isoformat(),
    }
    assert [p["name"] for p in state["next"]] == ["李堃", "许𠮷安", "王喆"]
    assert state["meeting"] == {
        "id": meeting.id,
        "title": "完善婴幼儿照护服务协商会",
        "status": "scheduled",
        "open": True,
    }
    assert (state["spoken"], state["total"]) == (0, 6)


def test_summary_compares_actual_time_with_the_limit(meeting, filled, clock):
    speakers.start_speech(filled[0])
    clock.advance(minutes=6)
    speakers.start_speech(filled[1])
    clock.advance(minutes=4)
    speakers.stop_speech(filled[1])
    speakers.mark_spoken(filled[2])
    rows, actual, limit = speaker_screen.duration_summary(fresh(meeting))
    assert [(r.slot.participant.name, r.over_seconds) for r in rows] == [
        ("李堃", 60),
        ("周敏", -60),
        ("许𠮷安", None),
    ]
    assert (actual, limit) == (600, 600)


def test_format_duration():
    assert speaker_screen.format_duration(None) == ""
    assert speaker_screen.format_duration(0) == "00:00"
    assert speaker_screen.format_duration(305) == "05:05"
    assert speaker_screen.format_duration(-65) == "-01:05"
    assert speaker_screen.format_duration(3600) == "60:00"


def test_closing_the_meeting_stops_a_running_speech(app):
    from meetings import services as meeting_services
    from opinions.models import ConsensusPoint

    meeting = factories.make_meeting(status="held")
    speaker = factories.make_participant(kind="agency")
    factories.make_invitation(meeting, speaker, role="speaker")
    speakers.fill_from_invitations(meeting)
    slot = speakers.list_slots(meeting)[0]
    speakers.start_speech(slot)
    db.session.add(ConsensusPoint(meeting=meeting, position=1, text="共识"))
    db.session.flush()
    meeting_services.change_status(meeting, MeetingStatus.CLOSED)
    assert slot.status != SpeakerStatus.SPEAKING
    assert slot.ended_at is not None
