"""Dates before 2000 or after 2100 are refused with a message, in every form (issue 12)."""

from datetime import date, datetime

import pytest
import wtforms
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from common.dates import DateField, DateTimeLocalField, _Plausible, is_plausible
from extensions import db
from meetings.models import Meeting

REFUSED = "请输入2000年至2100年之间的日期"
DATE_KINDS = (wtforms.DateField, wtforms.DateTimeField, wtforms.DateTimeLocalField)

MEETING = {
    "title": "优化社区养老服务协商会",
    "kind": "topical",
    "starts_at": "2030-06-18T09:00",
    "ends_at": "2030-06-18T11:30",
    "venue": "区政协二楼会议室",
    "organiser_committee": "",
    "description": "",
    "issue_number": "",
}


def all_form_classes(app) -> list[type]:
    """Every form class the app defines (create_app imported every feature's forms)."""
    found, todo = [], [wtforms.Form]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if not sub.__module__.startswith(("wtforms", "flask_wtf", "tests")):
                found.append(sub)
    return found


def date_fields(form_class) -> list[tuple[str, type]]:
    fields = []
    for name in dir(form_class):
        value = getattr(form_class, name, None)
        if isinstance(value, wtforms.fields.core.UnboundField) and issubclass(
            value.field_class, DATE_KINDS
        ):
            fields.append((name, value.field_class))
    return fields


def test_every_date_field_of_every_form_checks_the_range(app):
    forms = all_form_classes(app)
    checked = [(f, name, kind) for f in forms for name, kind in date_fields(f)]
    assert len(checked) >= 8, checked  # meetings, speech import, audit, assignments, replies
    unchecked = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form, name, kind in checked
        if not issubclass(kind, _Plausible)
    ]
    assert unchecked == [], "import DateField/DateTimeLocalField from common.dates"


class Probe(wtforms.Form):
    day = DateField(validators=[wtforms.validators.Optional()])
    moment = DateTimeLocalField(format="%Y-%m-%dT%H:%M", validators=[wtforms.validators.Optional()])


@pytest.mark.parametrize(
    "day, moment, ok",
    [
        ("2000-01-01", "2100-12-31T23:59", True),
        ("", "", True),
        ("1999-12-31", "", False),
        ("", "2101-01-01T00:00", False),
        ("0202-05-20", "", False),
    ],
)
def test_the_range_and_empty_optional_fields(app, day, moment, ok):
    with app.test_request_context():
        form = Probe(MultiDict({"day": day, "moment": moment}))
        assert form.validate() is ok
        if not ok:
            errors = form.errors.get("day", []) + form.errors.get("moment", [])
            assert errors == [REFUSED + "。"]


def test_a_badly_typed_date_keeps_its_own_message(app):
    with app.test_request_context():
        form = Probe(MultiDict({"day": "20266-01-01"}))
        assert not form.validate()
        assert len(form.errors["day"]) == 1 and REFUSED not in form.errors["day"][0]


def test_is_plausible():
    assert is_plausible(date(2026, 12, 3)) and is_plausible(None)
    assert not is_plausible(datetime(1970, 1, 1)) and not is_plausible(date(2101, 1, 1))


def test_a_meeting_in_1999_is_refused_and_not_written(logged_in):
    response = logged_in.post(
        "/meetings/new",
        data={**MEETING, "starts_at": "1999-06-18T09:00", "ends_at": "1999-06-18T11:30"},
    )
    assert response.status_code == 422
    assert REFUSED in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Meeting.id))) == 0
    assert logged_in.post("/meetings/new", data=MEETING).status_code == 302


def test_the_audit_filter_refuses_a_year_past_2100(logged_in):
    response = logged_in.get("/audit/?date_from=2101-01-01")
    assert response.status_code == 422
    assert REFUSED in response.get_data(as_text=True)
