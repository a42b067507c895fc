"""The permission policy, predicate by predicate, for every role."""

from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound

from accounts import policy
from accounts.models import Role
from accounts.policy import RULES, can, require, scope
from extensions import db
from meetings.models import Meeting
from tests import factories

ROLES = ["secretariat", "chair", "member", "department"]


@pytest.fixture
def world(app):
    """Two members, two departments, meetings in various relations to them."""
    member_a = factories.make_participant("委员A", kind="member")
    member_b = factories.make_participant("委员B", kind="member")
    dept_x = factories.make_department("X局")
    dept_y = factories.make_department("Y局")
    official_x = factories.make_participant("X局长", kind="official", department=dept_x)
    invited = factories.make_meeting("A受邀", status="scheduled")
    factories.make_invitation(invited, member_a)
    factories.make_invitation(invited, official_x, role="responder")
    other = factories.make_meeting("无关会议", status="scheduled")
    factories.make_invitation(other, member_b)
    draft = factories.make_meeting("草稿", status="draft")
    factories.make_invitation(draft, member_a)
    factories.make_invitation(draft, official_x)
    presenting = factories.make_meeting("Y局通报", status="held")
    factories.make_agenda_item(presenting, department=dept_y, kind="briefing")
    users = {
        "secretariat": factories.make_user(role="secretariat"),
        "chair": factories.make_user(role="chair"),
        "member": factories.make_user(role="member", participant=member_a),
        "member_b": factories.make_user(role="member", participant=member_b),
        "department": factories.make_user(role="department", department=dept_x),
        "department_y": factories.make_user(role="department", department=dept_y),
    }
    db.session.commit()
    return SimpleNamespace(
        users=users,
        member_a=member_a,
        member_b=member_b,
        dept_x=dept_x,
        dept_y=dept_y,
        invited=invited,
        other=other,
        draft=draft,
        presenting=presenting,
    )


def allowed(world, action, obj=None):
    return {role for role, user in world.users.items() if can(user, action, obj)}


def test_every_rule_names_known_roles_and_callables():
    for action, row in RULES.items():
        assert "." in action
        for role, rule in row.items():
            assert role.value in ROLES and callable(rule)


def test_unknown_action_is_a_programming_error(world):
    with pytest.raises(KeyError):
        can(world.users["secretariat"], "meeting.fly")


def test_anonymous_and_inactive_users_may_do_nothing(world):
    anonymous = AnonymousUserMixin()
    inactive = world.users["secretariat"]
    inactive.active = False
    for action in RULES:
        assert not can(anonymous, action)
        assert not can(inactive, action)
        assert not can(None, action)


@pytest.mark.parametrize(
    "action, roles",
    [
        ("user.manage", {"secretariat"}),
        ("audit.view", {"secretariat", "chair"}),
        ("meeting.manage", {"secretariat"}),
        ("participant.list", {"secretariat", "chair"}),
        ("participant.manage", {"secretariat"}),
        ("department.list", {"secretariat", "chair"}),
        ("department.manage", {"secretariat"}),
        ("consensus.edit", {"secretariat", "chair"}),
        ("report.finalise", {"secretariat", "chair"}),
        ("report.generate", {"secretariat"}),
        ("assignment.manage", {"secretariat"}),
        ("account.password", set(ROLES) | {"member_b", "department_y"}),
        ("meeting.list", set(ROLES) | {"member_b", "department_y"}),
    ],
)
def test_role_level_rules(world, action, roles):
    assert allowed(world, action) == roles


def test_meeting_view_members_see_only_announced_meetings_they_are_invited_to(world):
    assert allowed(world, "meeting.view", world.invited) == {
        "secretariat",
        "chair",
        "member",
        "department",
    }
    assert allowed(world, "meeting.view", world.other) == {"secretariat", "chair", "member_b"}
    assert allowed(world, "meeting.view", world.draft) == {"secretariat", "chair"}
    assert allowed(world, "meeting.view", world.presenting) == {
        "secretariat",
        "chair",
        "department_y",
    }


def test_meeting_scope_matches_meeting_view(world):
    meetings = db.session.scalars(select(Meeting)).all()
    for user in world.users.values():
        listed = set(db.session.scalars(select(Meeting.id).where(scope(user, "meeting.view"))))
        assert listed == {m.id for m in meetings if can(user, "meeting.view", m)}, user
    assert not db.session.scalars(
        select(Meeting.id).where(scope(AnonymousUserMixin(), "meeting.view"))
    ).all()


def test_participant_and_department_records(world):
    assert allowed(world, "participant.view", world.member_a) == {"secretariat", "chair", "member"}
    assert allowed(world, "department.view", world.dept_x) == {"secretariat", "chair", "department"}
    assert allowed(world, "department.view", world.dept_y) == {
        "secretariat",
        "chair",
        "department_y",
    }


# --- rules for records of later issues, against stand-ins --------------------------------


def opinion(world, author: str, meeting=None, departments=()):
    user = world.users[author]
    return SimpleNamespace(
        meeting=meeting or world.invited,
        submitted_by_id=user.id,
        speaker_id=user.participant_id,
        assignments=[SimpleNamespace(department_id=d.id) for d in departments],
    )


def test_member_edits_own_opinion_only_while_the_window_is_open(world):
    mine = opinion(world, "member")
    theirs = opinion(world, "member_b", meeting=world.other)
    world.invited.opinions_open = True
    assert allowed(world, "opinion.edit", mine) == {"secretariat", "member"}
    assert not can(world.users["member"], "opinion.edit", theirs)
    world.invited.opinions_open = False
    assert allowed(world, "opinion.edit", mine) == {"secretariat"}


def test_opinion_by_speaker_link_counts_as_own(world):
    spoken = SimpleNamespace(
        meeting=world.invited, submitted_by_id=None, speaker_id=world.member_a.id, assignments=[]
    )
    world.invited.opinions_open = True
    assert can(world.users["member"], "opinion.edit", spoken)


def test_member_submits_opinions_only_to_open_meetings_they_are_invited_to(world):
    world.invited.opinions_open = True
    world.other.opinions_open = True
    assert allowed(world, "opinion.create", world.invited) == {"secretariat", "member"}
    assert allowed(world, "opinion.create", world.other) == {"secretariat", "member_b"}
    world.invited.opinions_open = False
    assert allowed(world, "opinion.create", world.invited) == {"secretariat"}


def test_opinion_view_for_departments_follows_assignments(world):
    assigned = opinion(world, "member", departments=[world.dept_x])
    assert allowed(world, "opinion.view", assigned) == {
        "secretariat",
        "chair",
        "member",
        "department",
    }
    unassigned = opinion(world, "member_b", meeting=world.other)
    assert allowed(world, "opinion.view", unassigned) == {"secretariat", "chair", "member_b"}


def reply(world, department, status, author="member"):
    assignment = SimpleNamespace(
        department_id=department.id, opinion=opinion(world, author, departments=[department])
    )
    return SimpleNamespace(assignment=assignment, status=status)


def test_departments_never_see_another_departments_reply_or_assignment(world):
    draft_x = reply(world, world.dept_x, "draft")
    assert allowed(world, "reply.view", draft_x) == {"secretariat", "chair", "department"}
    assert allowed(world, "reply.edit", draft_x) == {"secretariat", "department"}
    assert allowed(world, "assignment.view", draft_x.assignment) == {
        "secretariat",
        "chair",
        "member",
        "department",
    }
    with pytest.raises(NotFound):
        require(world.users["department_y"], "reply.view", draft_x)
    with pytest.raises(NotFound):  # existence is private: not 403
        require(world.users["department_y"], "reply.edit", draft_x)
    with pytest.raises(NotFound):
        require(world.users["department_y"], "assignment.view", draft_x.assignment)


def test_submitted_reply_is_frozen_for_the_department_and_visible_to_the_member(world):
    submitted = reply(world, world.dept_x, "submitted")
    assert allowed(world, "reply.edit", submitted) == {"secretariat"}
    with pytest.raises(Forbidden):  # they can see it, so 403
        require(world.users["department"], "reply.edit", submitted)
    assert allowed(world, "reply.view", submitted) == {
        "secretariat",
        "chair",
        "member",
        "department",
    }
    assert allowed(world, "reply.rate", submitted) == {"member"}
    assert allowed(world, "reply.rate", reply(world, world.dept_x, "draft")) == set()
    assert not can(world.users["member_b"], "reply.rate", submitted)


def test_commitments_belong_to_their_department(world):
    commitment = SimpleNamespace(department_id=world.dept_x.id)
    assert allowed(world, "commitment.edit", commitment) == {"secretariat", "department"}


def test_members_read_only_finalised_reports(world):
    draft, final = SimpleNamespace(finalised_at=None), SimpleNamespace(finalised_at="2030-06-01")
    assert allowed(world, "report.view", draft) == {"secretariat", "chair"}
    assert allowed(world, "report.view", final) == {"secretariat", "chair", "member", "member_b"}


def test_require_answers_403_or_404(world):
    member = world.users["member"]
    require(member, "meeting.view", world.invited)  # allowed: no exception
    with pytest.raises(NotFound):
        require(member, "meeting.view", world.other)
    with pytest.raises(Forbidden):
        require(member, "meeting.manage", world.invited)  # sees it, may not manage
    with pytest.raises(NotFound):
        require(member, "meeting.manage", world.other)
    with pytest.raises(Forbidden):
        require(member, "user.manage")
    with pytest.raises(Forbidden):  # a role with no rule at all gets 403, not 404
        require(member, "department.view", world.dept_x)


def test_view_action_for():
    assert policy.view_action_for("reply.edit") == "reply.view"
    assert policy.view_action_for("user.manage") is None


def test_refusing_to_create_an_opinion_asks_about_the_meeting_not_an_opinion(app):
    """require() on a meeting for opinion.create: 403 if the member sees it, else 404."""
    from werkzeug.exceptions import Forbidden, NotFound

    from accounts.policy import require

    me = factories.make_participant(kind="member")
    member = factories.make_user("opinion-member", role="member", participant=me)
    invited = factories.make_meeting(status="held", opinions_open=False)
    factories.make_invitation(invited, me, role="speaker")
    elsewhere = factories.make_meeting(status="held", opinions_open=True)
    with pytest.raises(Forbidden):
        require(member, "opinion.create", invited)
    with pytest.raises(NotFound):
        require(member, "opinion.create", elsewhere)


def test_a_member_never_reads_a_co_handlers_input_to_the_lead():
    member = SimpleNamespace(
        id=7, role=Role.MEMBER, participant_id=70, department_id=None, is_authenticated=True
    )
    opinion = SimpleNamespace(submitted_by_id=7, speaker_id=70, meeting=None)
    assignment = SimpleNamespace(department_id=1, opinion=opinion)
    reply = SimpleNamespace(status="submitted", purpose="reply", assignment=assignment)
    co_input = SimpleNamespace(status="submitted", purpose="input", assignment=assignment)
    assert can(member, "reply.view", reply)
    assert not can(member, "reply.view", co_input)


def test_a_member_cannot_change_an_opinion_once_it_is_assigned():
    member = SimpleNamespace(
        id=7, role=Role.MEMBER, participant_id=70, department_id=None, is_authenticated=True
    )
    meeting = SimpleNamespace(opinions_open=True)
    fresh = SimpleNamespace(submitted_by_id=7, speaker_id=70, meeting=meeting, assignments=[])
    assigned = SimpleNamespace(
        submitted_by_id=7,
        speaker_id=70,
        meeting=meeting,
        assignments=[SimpleNamespace(status="assigned")],
    )
    withdrawn_only = SimpleNamespace(
        submitted_by_id=7,
        speaker_id=70,
        meeting=meeting,
        assignments=[SimpleNamespace(status="withdrawn")],
    )
    assert can(member, "opinion.edit", fresh)
    assert not can(member, "opinion.edit", assigned)
    assert can(member, "opinion.edit", withdrawn_only)


def test_the_chair_may_close_a_meeting_but_not_otherwise_manage_it():
    chair = SimpleNamespace(id=3, role=Role.CHAIR, is_authenticated=True)
    meeting = SimpleNamespace(id=1)
    assert can(chair, "meeting.close", meeting)
    assert not can(chair, "meeting.manage", meeting)
