"""flask user create with --participant / --department, by name or id."""

from sqlalchemy import select

from accounts.models import Role, User
from extensions import db
from tests import factories

PW = "cli-password-1"


def user_named(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def create(runner, *args):
    return runner.invoke(args=["user", "create", *args, "--password", PW])


def test_member_by_name_and_department_by_id(app, runner):
    member = factories.make_participant("王委员", kind="member")
    department = factories.make_department("区教育局", short_name="教育局")
    db.session.commit()
    result = create(runner, "wang", "--role", "member", "--participant", "王委员")
    assert result.exit_code == 0, result.output
    assert user_named("wang").participant_id == member.id
    result = create(runner, "edu", "--role", "department", "--department", str(department.id))
    assert result.exit_code == 0, result.output
    assert user_named("edu").department_id == department.id
    result = create(runner, "edu2", "--role", "department", "--department", "教育局")
    assert result.exit_code == 0, result.output
    assert user_named("edu2").role is Role.DEPARTMENT


def test_member_by_id(app, runner):
    member = factories.make_participant("李委员", kind="member")
    db.session.commit()
    result = create(runner, "li", "--role", "member", "--participant", str(member.id))
    assert result.exit_code == 0, result.output
    assert user_named("li").participant_id == member.id


def test_ambiguous_name_is_refused(app, runner):
    first = factories.make_participant("张伟", kind="member")
    second = factories.make_participant("张伟", kind="member")
    db.session.commit()
    result = create(runner, "zhang", "--role", "member", "--participant", "张伟")
    assert result.exit_code != 0
    assert str(first.id) in result.output and str(second.id) in result.output
    assert user_named("zhang") is None


def test_missing_link_and_unknown_names_are_refused(app, runner):
    result = create(runner, "m", "--role", "member")
    assert result.exit_code != 0 and "CPPCC member" not in result.output  # message in Chinese
    assert "委员" in result.output
    result = create(runner, "d", "--role", "department", "--department", "不存在的局")
    assert result.exit_code != 0 and "不存在的局" in result.output
    for missing_id in ("9999", "99999999999999999999"):
        result = create(runner, "d", "--role", "department", "--department", missing_id)
        assert result.exit_code == 1 and missing_id in result.output
    assert user_named("m") is None and user_named("d") is None


def test_cli_writes_are_audited_as_cli(app, runner):
    from audit.models import AuditEvent

    result = create(runner, "plain", "--role", "secretariat")
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.table_name == "app_user"))
    assert event.actor_name == "cli" and event.changes["password_hash"] == [None, "******"]
