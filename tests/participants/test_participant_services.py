"""Participant rules, tested without HTTP."""

from datetime import datetime

import pytest

from common.errors import RuleViolation
from extensions import db
from participants import services
from participants.forms import valid_email, valid_phone
from participants.models import Participant, ParticipantKind
from participants.services import ParticipantFilters, ParticipantInput
from tests import factories

pytestmark = pytest.mark.usefixtures("request_context")

RARE_NAMES = ["王喆", "李堃", "陈珺", "赵昇", "吉𠮷"]


def data(name: str = "张三", kind: str = "member", **fields) -> ParticipantInput:
    return ParticipantInput(name=name, kind=kind, **fields)


@pytest.mark.parametrize("name", RARE_NAMES)
def test_rare_characters_survive_a_round_trip(app, name):
    participant = services.create_participant(data(name, affiliation="区政协"))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Participant, participant.id).name == name


def test_create_trims_and_stores_every_field(app):
    department = factories.make_department("区财政局")
    participant = services.create_participant(
        data(
            "  刘洋 ",
            kind="official",
            affiliation=" 区财政局 ",
            title="副局长",
            committee="经济委",
            phone="010-65123456",
            email="liu@example.gov.cn",
            department_id=department.id,
            notes="负责预算",
        )
    )
    assert participant.name == "刘洋"
    assert participant.affiliation == "区财政局"
    assert participant.kind == ParticipantKind.OFFICIAL
    assert participant.department is department
    assert participant.active


@pytest.mark.parametrize("name", ["", "   "])
def test_name_is_required(app, name):
    with pytest.raises(RuleViolation) as error:
        services.create_participant(data(name))
    assert error.value.field_name == "name"


def test_name_longer_than_64_characters_is_refused(app):
    with pytest.raises(RuleViolation):
        services.create_participant(data("名" * 65))
    assert services.create_participant(data("名" * 64)).id


def test_unknown_kind_is_refused(app):
    with pytest.raises(RuleViolation) as error:
        services.create_participant(data(kind="alien"))
    assert error.value.field_name == "kind"


@pytest.mark.parametrize("kind", ["citizen", "agency", "official", "expert"])
def test_sector_is_for_members_only(app, kind):
    with pytest.raises(RuleViolation) as error:
        services.create_participant(data(kind=kind, sector="经济界"))
    assert error.value.field_name == "sector"
    assert "界别" in error.value.message
    assert db.session.query(Participant).count() == 0


def test_member_may_have_a_sector(app):
    assert services.create_participant(data(sector="经济界")).sector == "经济界"


def test_changing_a_member_with_sector_to_citizen_is_refused(app):
    member = services.create_participant(data(sector="教育界"))
    with pytest.raises(RuleViolation):
        services.update_participant(member, data(member.name, kind="citizen", sector="教育界"))


def test_unknown_department_is_refused(app):
    with pytest.raises(RuleViolation) as error:
        services.create_participant(data(kind="official", department_id=9999))
    assert error.value.field_name == "department_id"


def test_same_name_and_affiliation_is_a_duplicate(app):
    services.create_participant(data("王芳", affiliation="阳光幼儿园"))
    with pytest.raises(RuleViolation) as error:
        services.create_participant(data(" 王芳", kind="agency", affiliation="阳光幼儿园 "))
    assert error.value.status == 409
    assert "王芳" in error.value.message and "阳光幼儿园" in error.value.message
    # Namesakes elsewhere are different people.
    assert services.create_participant(data("王芳", affiliation="启明幼儿园")).id


def test_update_keeps_own_name_and_refuses_becoming_a_duplicate(app):
    first = services.create_participant(data("王芳", affiliation="甲单位"))
    second = services.create_participant(data("王芳", affiliation="乙单位"))
    services.update_participant(first, data("王芳", affiliation="甲单位", title="园长"))
    assert first.title == "园长"
    with pytest.raises(RuleViolation):
        services.update_participant(second, data("王芳", affiliation="甲单位"))


def test_deactivate_and_reactivate(app):
    participant = factories.make_participant()
    services.set_participant_active(participant, False)
    assert not participant.active
    services.set_participant_active(participant, True)
    assert participant.active


def test_delete_an_unreferenced_participant(app):
    participant = factories.make_participant()
    services.delete_participant(participant)
    db.session.commit()
    assert db.session.query(Participant).count() == 0


@pytest.mark.parametrize("reference", ["invitation", "chair", "presenter"])
def test_delete_is_refused_for_someone_a_meeting_refers_to(app, reference):
    participant = factories.make_participant("孙堃")
    if reference == "invitation":
        factories.make_invitation(factories.make_meeting(), participant)
    elif reference == "chair":
        factories.make_meeting(chair=participant)
    else:
        factories.make_agenda_item(factories.make_meeting(), presenter=participant)
    db.session.commit()
    with pytest.raises(RuleViolation) as error:
        services.delete_participant(participant)
    assert error.value.status == 409
    assert "孙堃" in error.value.message
    db.session.rollback()
    assert db.session.get(Participant, participant.id) is not None


def test_invitations_are_listed_newest_meeting_first(app):
    participant = factories.make_participant()
    old = factories.make_meeting("旧会", starts_at=datetime(2024, 3, 1, 9))
    new = factories.make_meeting("新会", starts_at=datetime(2026, 3, 1, 9))
    factories.make_invitation(old, participant)
    factories.make_invitation(new, participant, role="speaker")
    titles = [i.meeting.title for i in services.participant_invitations(participant)]
    assert titles == ["新会", "旧会"]


def fill_directory():
    factories.make_participant("甲委员", sector="经济界", committee="经济委", title="总经理")
    factories.make_participant("乙委员", sector="教育界", committee="教文卫委")
    factories.make_participant("丙家长", kind="citizen", phone="13812345678")
    factories.make_participant("丁园长", kind="agency", affiliation="阳光100%幼儿园")
    factories.make_participant("戊退休", active=False)


def names(filters: ParticipantFilters, page: int = 1, per_page: int = 50) -> list[str]:
    return [p.name for p in services.search_participants(filters, page, per_page).items]


def test_search_filters(app):
    fill_directory()
    assert len(names(ParticipantFilters())) == 4  # active by default
    assert names(ParticipantFilters(status="inactive")) == ["戊退休"]
    assert len(names(ParticipantFilters(status="all"))) == 5
    assert names(ParticipantFilters(kind=ParticipantKind.CITIZEN)) == ["丙家长"]
    assert names(ParticipantFilters(sector="教育界")) == ["乙委员"]
    assert names(ParticipantFilters(committee="经济委")) == ["甲委员"]
    assert names(ParticipantFilters(q="总经理")) == ["甲委员"]  # title
    assert names(ParticipantFilters(q="138123")) == ["丙家长"]  # phone
    assert names(ParticipantFilters(q="100%")) == ["丁园长"]  # affiliation, % taken literally
    assert names(ParticipantFilters(q="%")) == ["丁园长"]
    assert names(ParticipantFilters(q="家长")) == ["丙家长"]  # name


def test_filters_from_query_string_ignore_nonsense(app):
    filters = ParticipantFilters.from_args({"kind": "alien", "status": "gone", "q": "  王 "})
    assert filters.kind is None and filters.status == "active" and filters.q == "王"
    assert ParticipantFilters.from_args({"kind": "expert"}).kind == ParticipantKind.EXPERT


def test_pagination_and_counts(app):
    fill_directory()
    first = services.search_participants(ParticipantFilters(), 1, 3)
    assert first.total == 4 and len(first.items) == 3 and first.pages == 2
    assert len(services.search_participants(ParticipantFilters(), 2, 3).items) == 1
    counts = services.count_by_kind(ParticipantFilters())
    assert counts[ParticipantKind.MEMBER] == 2
    assert counts[ParticipantKind.EXPERT] == 0
    assert services.count_by_kind(ParticipantFilters(status="all"))[ParticipantKind.MEMBER] == 3


def test_sector_and_committee_lookups(app):
    fill_directory()
    assert services.list_sectors() == sorted(["经济界", "教育界"])
    assert services.list_committees() == sorted(["经济委", "教文卫委"])


def test_department_choices_hide_inactive_unless_already_chosen(app):
    active = factories.make_department("区教育局")
    retired = factories.make_department("区旧局", active=False)
    assert services.department_choices() == [(active.id, "区教育局")]
    assert {d for d, _ in services.department_choices(retired.id)} == {active.id, retired.id}


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "010-65123456",
        "(0571)88886666",
        "+86 138 1234 5678",
        "0571-88886666转801",
        "12345",
        "010-65123456 ext. 12",
    ],
)
def test_sane_phone_numbers_pass(phone):
    assert valid_phone(phone)


@pytest.mark.parametrize("phone", ["abc", "1234", "138-1234-567a", "((010)123456", "转801", "+"])
def test_nonsense_phone_numbers_fail(phone):
    assert not valid_phone(phone)


@pytest.mark.parametrize("email", ["a@b.cn", "li.ming+x@edu.example.gov.cn"])
def test_valid_emails(email):
    assert valid_email(email)


@pytest.mark.parametrize("email", ["a@", "@b.cn", "a b@c.cn", "a@b", "a@@b.cn", "a..b@c.cn"])
def test_invalid_emails(email):
    assert not valid_email(email)


def test_huge_department_id_is_refused_not_an_overflow(app):
    with pytest.raises(RuleViolation):
        services.create_participant(data(kind="official", department_id=10**20))


def test_namesakes_without_affiliation_are_told_to_add_one(app):
    services.create_participant(data("王芳", kind="citizen"))
    with pytest.raises(RuleViolation) as error:
        services.create_participant(data("王芳", kind="citizen"))
    assert "请填写单位" in error.value.message


def test_delete_is_refused_for_someone_with_a_user_account(app):
    from accounts.models import User

    if not hasattr(User, "participant_id"):
        pytest.skip("user accounts are not linked to participants yet")
    participant = factories.make_participant("郑委员")
    factories.make_user("zheng", role="member", participant_id=participant.id)
    db.session.commit()
    assert services.other_references(participant) == 1
    with pytest.raises(RuleViolation) as error:
        services.delete_participant(participant)
    assert error.value.status == 409 and "郑委员" in error.value.message


def test_a_member_with_an_account_stays_a_member(app):
    member = services.create_participant(data("冯委员", sector="经济界"))
    factories.make_user("feng", role="member", participant=member)
    with pytest.raises(RuleViolation) as error:
        services.update_participant(member, data("冯委员", kind="expert"))
    assert error.value.field_name == "kind"
    services.update_participant(member, data("冯委员", title="研究员"))
    assert member.title == "研究员"
