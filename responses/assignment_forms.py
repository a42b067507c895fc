"""Forms for assigning (交办), reassigning, returning and reminding; choices come from views."""

from typing import Any, TypedDict

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from common.dates import DateField  # refuses years before 2000 or after 2100
from common.forms import optional_int
from participants.models import Department
from responses.models import HandlingMode


def reply_due_field() -> Any:
    """The reply's due date, as every assigning form asks it (empty: the standard deadline)."""
    return DateField(
        _l("Reply due (leave empty for the standard working-day deadline)"),
        validators=[Optional()],
    )


class AssignForm(FlaskForm):
    mode = SelectField(
        _l("Handling mode"), choices=HandlingMode.choices, default=HandlingMode.SINGLE.value
    )
    departments = SelectMultipleField(
        _l("Handling departments"),
        coerce=int,
        validators=[DataRequired(_l("Choose at least one department for the assignment."))],
    )
    lead = SelectField(_l("Lead department (joint handling)"), coerce=optional_int)
    due_date = reply_due_field()
    note = TextAreaField(_l("Note to the departments"), validators=[Length(max=2000)])


class ReassignForm(FlaskForm):
    department = SelectField(
        _l("New handling department"),
        coerce=optional_int,
        validators=[DataRequired(_l("Choose the department that takes over."))],
    )
    due_date = reply_due_field()
    note = TextAreaField(_l("Reason for reassigning"), validators=[Length(max=2000)])


class ReturnForm(FlaskForm):
    reason = TextAreaField(
        _l("Why this opinion is not for your department"),
        validators=[
            DataRequired(_l("Say why the assignment is not for your department.")),
            Length(max=2000),
        ],
    )


class BulkAssignForm(FlaskForm):
    """The shared part of the bulk form; per-opinion rows are parsed by `parse_bulk_rows`."""

    due_date = reply_due_field()
    common_mode = SelectField(
        _l("Handling mode for the selected opinions"),
        choices=lambda: [("", "—")] + HandlingMode.choices(),  # labels in the request's language
        validators=[Optional()],
    )
    common_departments = SelectMultipleField(
        _l("Departments for the selected opinions"), coerce=int, validators=[Optional()]
    )
    common_lead = SelectField(
        _l("Lead department for the selected opinions"),
        coerce=optional_int,
        validators=[Optional()],
    )


class RemindForm(FlaskForm):
    assignment_id = IntegerField(validators=[Optional()])
    commitment_id = IntegerField(validators=[Optional()])
    department_id = IntegerField(validators=[Optional()])


class BulkRow(TypedDict):
    """One opinion's row of the bulk form, as services.AssignmentPlan takes it."""

    mode: HandlingMode
    departments: list[Department]
    lead: Department | None


def _ints(values: list[str]) -> list[int] | None:
    try:
        return [int(v) for v in values if v != ""]
    except ValueError:
        return None


def parse_bulk_rows(
    data: MultiDict[str, str], opinion_ids: list[int], departments: dict[int, Department]
) -> tuple[dict[int, BulkRow], dict[int, str]]:
    """Read each opinion's row (`mode-<id>`, `departments-<id>`, `lead-<id>`) or, for the
    ticked opinions (`selected`), the common choice. Rows left empty are skipped.

    Returns {opinion_id: {"mode", "departments", "lead"}} and per-row input errors.
    """
    selected = set(_ints(data.getlist("selected")) or [])
    rows: dict[int, BulkRow] = {}
    errors: dict[int, str] = {}
    for opinion_id in opinion_ids:
        if opinion_id in selected:
            mode = data.get("common_mode", "")
            dept_ids = _ints(data.getlist("common_departments"))
            lead_raw = data.get("common_lead", "")
        else:
            mode = data.get(f"mode-{opinion_id}", "")
            dept_ids = _ints(data.getlist(f"departments-{opinion_id}"))
            lead_raw = data.get(f"lead-{opinion_id}", "")
        if dept_ids == [] and opinion_id not in selected and not lead_raw:
            continue  # nothing chosen for this opinion: leave it for later
        lead_ids = _ints([lead_raw]) if lead_raw else []
        if dept_ids is None or lead_ids is None:
            errors[opinion_id] = _("Choose departments from the list.")
            continue
        if any(i not in departments for i in dept_ids + lead_ids):
            errors[opinion_id] = _("Choose departments from the list.")
            continue
        if mode not in {m.value for m in HandlingMode}:
            errors[opinion_id] = _("Choose a handling mode.")
            continue
        rows[opinion_id] = {
            "mode": HandlingMode(mode),
            "departments": [departments[i] for i in dept_ids],
            "lead": departments[lead_ids[0]] if lead_ids else None,
        }
    return rows, errors


def fill_department_choices(form: FlaskForm, departments: list[Department]) -> None:
    choices = [(d.id, d.name) for d in departments]
    for name in ("departments", "common_departments"):
        if name in form:
            form[name].choices = choices
    for name in ("lead", "common_lead", "department"):
        if name in form:
            form[name].choices = [("", "—")] + choices
