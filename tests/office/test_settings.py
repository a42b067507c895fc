"""The office's settings page: what the documents print comes from the database, audited."""

from datetime import date

from sqlalchemy import select

from audit.models import AuditEvent
from extensions import db
from office import services
from office.models import OfficeSettings
from responses.workdays import add_working_days, default_due_date
from tests import factories

FORM = {
    "issuing_body": "政协青川区委员会",
    "report_addressee": "中共青川区委、青川区人民政府",
    "copy_to": "区委办公室，区政府办公室",
    "printed_by": "政协青川区委员会办公室",
    "reply_working_days": "15",
    "minutes_next_number": "7",
    "consensus_next_number": "3",
}


def test_a_new_instance_has_no_office_name(app):
    """No fictional default: until the secretariat fills it in, documents refuse to print."""
    assert services.find_settings() is None
    try:
        services.issuing_body()
    except services.OfficeNotConfigured as refused:
        assert "发文机关" in str(refused.message)
    else:
        raise AssertionError("an empty issuing body must refuse")


def test_the_secretariat_saves_the_settings_and_the_trail_records_them(logged_in):
    page = logged_in.get("/settings/")
    assert page.status_code == 200
    assert "尚未填写发文机关" in page.get_data(as_text=True)

    response = logged_in.post("/settings/", data=FORM)
    assert response.status_code == 302

    settings = db.session.scalars(select(OfficeSettings)).one()
    assert settings.issuing_body == "政协青川区委员会"
    assert settings.report_addressee == "中共青川区委、青川区人民政府"
    assert settings.copy_to == "区委办公室，区政府办公室"
    assert settings.printed_by == "政协青川区委员会办公室"
    assert settings.reply_working_days == 15
    assert services.issuing_body() == "政协青川区委员会"
    assert services.next_number("minutes") == 7
    assert services.next_number("consensus") == 3

    changed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.table_name == "office_settings")
    ).all()
    assert any(
        e.changes.get("issuing_body", [None, None])[1] == "政协青川区委员会" for e in changed
    )
    assert db.session.scalars(
        select(AuditEvent).where(AuditEvent.table_name == "document_sequence")
    ).all()


def test_the_issuing_body_is_required_and_numbers_are_checked(logged_in):
    response = logged_in.post(
        "/settings/", data={**FORM, "issuing_body": " ", "minutes_next_number": "0"}
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "请填写发文机关" in text
    assert "应为1至9999" in text
    assert services.find_settings().issuing_body == ""  # nothing half-written


def test_only_the_secretariat_may_open_the_settings(app, client, auth):
    for role in ("chair", "member", "department"):
        factories.make_user(role, role=role)
    db.session.commit()
    for role in ("chair", "member", "department"):
        auth.login(role)
        assert client.get("/settings/").status_code == 403
        assert client.post("/settings/", data=FORM).status_code == 403
        auth.logout()
    assert services.find_settings() is None


def test_the_default_reply_deadline_comes_from_the_settings(logged_in):
    start = date(2026, 3, 2)
    before = default_due_date(start)
    logged_in.post("/settings/", data={**FORM, "reply_working_days": "5"})
    assert default_due_date(start) == add_working_days(start, 5) != before


def test_issue_numbers_are_taken_in_turn(app):
    services.set_next_number("minutes", 4)
    assert [services.take_number("minutes") for _ in range(3)] == [4, 5, 6]
    assert services.next_number("minutes") == 7
    assert services.take_number("consensus") == 1  # each kind has its own sequence


def test_a_demo_instance_says_so_in_a_banner(logged_in):
    services.forget_demo_flag()
    assert "演示实例" not in logged_in.get("/settings/").get_data(as_text=True)
    services.mark_demo(issuing_body="政协演示区委员会")
    db.session.commit()
    page = logged_in.get("/settings/").get_data(as_text=True)
    assert "演示实例" in page
    assert "政协演示区委员会" in page  # the demo's own name, shown as a setting
    services.forget_demo_flag()
    assert services.is_demo_instance()  # read again from the database
