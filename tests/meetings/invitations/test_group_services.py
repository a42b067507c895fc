"""Group invitations in the service layer: pasted names, every department, sectors."""

import pytest

from common.errors import RuleViolation
from extensions import db
from meetings import invitation_groups, invitations
from meetings.invitation_groups import resolve_names, split_names
from meetings.models import Attendance, InvitationRole, MeetingStatus
from tests import factories
from tests.meetings.invitations.conftest import invitations_of


def meeting_of(roster):
    from meetings.models import Meeting

    return db.session.get(Meeting, roster.meeting_id)


@pytest.mark.parametrize(
    "text",
    [
        "王喆\n张若溪\n沈昇",
        "王喆、张若溪、沈昇",
        "王喆，张若溪，沈昇",
        "王喆 张若溪　沈昇",  # an ASCII and a full-width space
        " 王喆,张若溪;沈昇；王喆\r\n\n",
    ],
)
def test_pasted_lists_split_on_every_usual_separator(text):
    assert split_names(text) == ["王喆", "张若溪", "沈昇"]


def test_names_resolve_to_people_in_the_order_pasted(roster):
    found = resolve_names("沈昇、王喆、许𠮷安")
    assert [p.id for p in found.people] == [roster.people[n].id for n in ("沈昇", "王喆", "许𠮷安")]
    assert found.settled and not found.missing and not found.homonyms


def test_unknown_and_inactive_names_are_reported_not_guessed(roster):
    found = resolve_names("王喆、王哲、陈旧")
    assert [p.name for p in found.people] == ["王喆"]
    assert found.missing == ["王哲"]
    assert found.inactive == ["陈旧"]
    assert found.settled  # nothing to choose between: the user decides on the missing ones


def test_a_shared_name_asks_which_one(roster):
    found = resolve_names("王喆、李堃")
    assert not found.settled
    [shared] = found.ambiguous
    assert shared.name == "李堃"
    assert {p.id for p in shared.people} == {
        roster.people["李堃-1"].id,
        roster.people["李堃-2"].id,
    }
    assert [p.name for p in found.people] == ["王喆"]


def test_a_shared_name_is_settled_by_a_pick_or_a_skip(roster):
    second = roster.people["李堃-2"]
    picked = resolve_names("王喆、李堃", picks={second.id})
    assert picked.settled and [p.id for p in picked.people][-1] == second.id
    skipped = resolve_names("王喆、李堃", skips={"李堃"})
    assert skipped.settled and skipped.skipped == ["李堃"]
    assert [p.name for p in skipped.people] == ["王喆"]
    # A pick of somebody who does not carry the name settles nothing.
    assert not resolve_names("李堃", picks={roster.people["王喆"].id}).settled


@pytest.mark.parametrize("text", ["", " 、，\n", "、".join(f"人{i}" for i in range(501))])
def test_empty_or_huge_lists_are_refused(roster, text):
    with pytest.raises(RuleViolation):
        resolve_names(text)


def test_inviting_people_skips_those_already_invited_and_gives_one_role(roster):
    meeting = meeting_of(roster)
    people = [roster.people[n] for n in ("王喆", "张若溪")]
    first = invitation_groups.invite_people(meeting, people, InvitationRole.SPEAKER)
    db.session.commit()
    assert first.invited == ["王喆", "张若溪"] and first.already == 0
    again = invitation_groups.invite_people(
        meeting, [*people, roster.people["沈昇"], roster.chair], InvitationRole.ATTENDEE
    )
    db.session.commit()
    assert again.invited == ["沈昇"] and again.already == 3  # chair invited by set_chair
    rows = invitations_of(roster.meeting_id)
    assert len(rows) == 4  # never a second invitation
    assert rows[roster.people["王喆"].id].role == InvitationRole.SPEAKER  # left as it was
    assert rows[roster.people["沈昇"].id].role == InvitationRole.ATTENDEE
    assert rows[roster.people["沈昇"].id].attendance == Attendance.INVITED


def test_a_group_cannot_be_given_the_chair_role(roster):
    with pytest.raises(RuleViolation):
        invitation_groups.invite_people(
            meeting_of(roster), [roster.people["王喆"]], InvitationRole.CHAIR
        )


def test_closed_meeting_refuses_group_invitations(roster):
    meeting = meeting_of(roster)
    meeting.status = MeetingStatus.CLOSED
    db.session.commit()
    with pytest.raises(RuleViolation):
        invitation_groups.invite_people(meeting, [roster.people["王喆"]])
    with pytest.raises(RuleViolation):
        invitation_groups.invite_departments(meeting, [roster.departments["卫健局"].id])


def test_each_department_brings_its_responder(roster):
    responders = {
        r.department.short_name: r.person for r in invitation_groups.department_responders()
    }
    assert "旧局" not in responders  # inactive departments are not offered
    assert responders["区卫健局"] == roster.people["黄立群"]
    assert responders["区教育局"] == roster.people["陈珺"]  # the named contact person
    assert responders["区人社局"] is None


def test_inviting_every_department(roster):
    meeting = meeting_of(roster)
    ids = [roster.departments[n].id for n in ("卫健局", "教育局", "人社局")]
    result = invitation_groups.invite_departments(meeting, ids)
    db.session.commit()
    assert sorted(result.invited) == sorted(["黄立群", "陈珺"])
    assert result.without_person == ["云溪区人力资源和社会保障局"]
    rows = invitations_of(roster.meeting_id)
    assert rows[roster.people["黄立群"].id].role == InvitationRole.RESPONDER
    assert roster.people["刘副局长"].id not in rows  # one person per department
    again = invitation_groups.invite_departments(meeting, ids)
    assert again.invited == [] and again.already == 2
    assert len(invitations_of(roster.meeting_id)) == 3


def test_a_department_whose_deputy_is_invited_counts_as_invited(roster):
    meeting = meeting_of(roster)
    invitations.invite(meeting, roster.people["刘副局长"], InvitationRole.RESPONDER)
    result = invitation_groups.invite_departments(meeting, [roster.departments["教育局"].id])
    assert result.invited == [] and result.already == 1


@pytest.mark.parametrize("which", [[], ["旧局"], ["missing"]])
def test_departments_must_be_chosen_from_the_active_list(roster, which):
    ids = [roster.departments[n].id if n in roster.departments else 10**6 for n in which]
    with pytest.raises(RuleViolation):
        invitation_groups.invite_departments(meeting_of(roster), ids)
    assert len(invitations_of(roster.meeting_id)) == 1


def test_sector_and_committee_groups(roster):
    meeting = meeting_of(roster)
    by_sector = invitation_groups.bulk_invite(meeting, sector="教育界")
    assert (by_sector.invited, by_sector.already) == (2, 0)  # 陈旧 is inactive
    by_committee = invitation_groups.bulk_invite(meeting, committee="教科卫体委员会")
    assert (by_committee.invited, by_committee.already) == (1, 2)
    rows = invitations_of(roster.meeting_id)
    assert {roster.people[n].id for n in ("王喆", "张若溪", "沈昇")} <= set(rows)
    assert roster.people["许𠮷安"].id not in rows


def test_the_chair_in_a_group_keeps_the_chair_role(app):
    chair = factories.make_participant("甲主任", sector="农业界")
    member = factories.make_participant("乙委员", sector="农业界")
    meeting = factories.make_meeting(status="scheduled", chair=chair)  # not yet invited
    result = invitation_groups.bulk_invite(meeting, sector="农业界", role=InvitationRole.ATTENDEE)
    assert result.invited == 2
    rows = invitations_of(meeting.id)
    assert rows[chair.id].role == InvitationRole.CHAIR
    assert rows[member.id].role == InvitationRole.ATTENDEE
