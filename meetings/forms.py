"""Forms for meetings, invitations and the agenda (choices are filled in by the views)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from common.converters import MAX_ID
from common.dates import DateTimeLocalField  # refuses years before 2000 or after 2100
from common.forms import optional_int
from meetings.models import AgendaKind, Attendance, InvitationRole, MeetingKind, MeetingStatus
from participants.models import ParticipantKind

DATETIME_FORMAT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class MeetingForm(FlaskForm):
    title = StringField(
        _l("Topic"),
        validators=[DataRequired(_l("Please enter the meeting's topic.")), Length(max=200)],
    )
    kind = SelectField(
        _l("Kind of meeting"), choices=MeetingKind.choices, default=MeetingKind.INVITE_TO_CONSULT
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Please enter when the meeting starts."))],
    )
    ends_at = DateTimeLocalField(
        _l("Ends"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Please enter when the meeting ends."))],
    )
    venue = StringField(_l("Venue"), validators=[Length(max=200)])
    organiser_committee = StringField(_l("Organising committee"), validators=[Length(max=64)])
    chair_id = SelectField(_l("Chair"), coerce=optional_int, choices=[], validate_choice=True)
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    issue_number = IntegerField(
        _l("Issue number (第N期)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=9999, message=_l("Please enter a positive whole number.")),
        ],
    )
    opinions_open = BooleanField(_l("Opinion window open (members may submit opinions)"))

    def validate_ends_at(self, field) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(str(_l("The meeting must end after it starts.")))

    def meeting_data(self) -> dict:
        return {
            "title": self.title.data,
            "kind": MeetingKind(self.kind.data),
            "starts_at": self.starts_at.data,
            "ends_at": self.ends_at.data,
            "venue": self.venue.data or "",
            "organiser_committee": self.organiser_committee.data or "",
            "description": self.description.data or "",
            "issue_number": self.issue_number.data,
            "opinions_open": bool(self.opinions_open.data),
            "chair_id": self.chair_id.data,
        }


class StatusForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=MeetingStatus.choices,
        validators=[DataRequired(_l("Choose a status."))],
    )


def role_choices(with_default: bool = False) -> list[tuple[str, str]]:
    choices = [(r.value, r.label) for r in InvitationRole]
    if with_default:
        choices.insert(0, ("", _l("Usual role for each person's kind")))
    return choices


class BulkInviteForm(FlaskForm):
    """Invite everyone matching kind and/or sector and/or committee."""

    kind = SelectField(
        _l("Kind"),
        choices=lambda: [("", _l("Any kind"))] + ParticipantKind.choices(),
        validators=[Optional()],
    )
    sector = SelectField(_l("Sector (界别)"), choices=[], validators=[Optional()])
    committee = SelectField(_l("Committee (专委会)"), choices=[], validators=[Optional()])
    role = SelectField(
        _l("Role"),
        choices=lambda: [c for c in role_choices(True) if c[0] != InvitationRole.CHAIR],
        validators=[Optional()],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not (self.kind.data or self.sector.data or self.committee.data):
            self.kind.errors.append(_l("Choose at least one of kind, sector or committee."))
            return False
        return ok


class InviteForm(FlaskForm):
    """Invite one person, picked by id (the invitations page finds people by name)."""

    participant_id = IntegerField(
        _l("Person"),
        widget=HiddenInput(),
        validators=[
            InputRequired(_l("Choose a person.")),
            NumberRange(min=1, max=MAX_ID, message=_l("Choose a person.")),
        ],
    )
    role = SelectField(_l("Role"), choices=lambda: role_choices(True), validators=[Optional()])


class InvitationForm(FlaskForm):
    """One row of the invitation table: role, attendance and a note."""

    role = SelectField(_l("Role"), choices=lambda: role_choices(False))
    attendance = SelectField(_l("Attendance"), choices=Attendance.choices)
    note = StringField(_l("Note"), validators=[Length(max=200)])


def group_role_choices() -> list[tuple[str, str]]:
    """A group's role: any but chair (the meeting's chair field decides that one)."""
    return [c for c in role_choices(True) if c[0] != InvitationRole.CHAIR]


class NamesInviteForm(FlaskForm):
    """Invite a pasted list of names (newlines, 、，, spaces); one role for all of them."""

    names = TextAreaField(
        _l("Names"),
        validators=[DataRequired(_l("Paste at least one name.")), Length(max=20000)],
    )
    role = SelectField(_l("Role"), choices=group_role_choices, validators=[Optional()])
    skip_missing = BooleanField(_l("Invite the others; leave out the names not found"))


class DepartmentsInviteForm(FlaskForm):
    """Invite the person who answers for each ticked department (choices: the view)."""

    departments = SelectMultipleField(
        _l("Departments"),
        coerce=int,
        choices=[],
        validators=[DataRequired(_l("Choose at least one department."))],
    )
    role = SelectField(
        _l("Role"),
        choices=lambda: [c for c in role_choices(False) if c[0] != InvitationRole.CHAIR],
        default=InvitationRole.RESPONDER.value,
    )


# The buttons of the attendance form: everyone present, or the ticked people's new status.
ATTENDANCE_ACTIONS = ("all_present", "present", "absent", "declined")


class AttendanceForm(FlaskForm):
    """Mark attendance for many invitees at once (the ticked ids are checked by the service)."""

    action = HiddenField(
        validators=[
            AnyOf(ATTENDANCE_ACTIONS, message=_l("Choose what to mark.")),
        ]
    )
    selected = SelectMultipleField(coerce=int, validate_choice=False)
    reason = StringField(_l("Reason for the excused absence (请假)"), validators=[Length(max=200)])


class AgendaItemForm(FlaskForm):
    kind = SelectField(_l("Kind of item"), choices=AgendaKind.choices)
    title = StringField(_l("Title"), validators=[Length(max=200)])
    presenter_id = SelectField(_l("Presenter"), coerce=optional_int, choices=[])
    department_id = SelectField(_l("Department"), coerce=optional_int, choices=[])
    planned_minutes = IntegerField(
        _l("Planned minutes"),
        validators=[
            Optional(),
            NumberRange(min=1, max=600, message=_l("Planned minutes must be between 1 and 600.")),
        ],
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])
    text = TextAreaField(
        _l("What was said"),
        validators=[Length(max=50000)],
        description=_l(
            "The briefing, the report, the leader's statement or the chair's summary as the "
            "minutes should print it under this step's heading."
        ),
    )

    def item_data(self) -> dict:
        return {
            "kind": AgendaKind(self.kind.data),
            "title": self.title.data or "",
            "presenter_id": self.presenter_id.data,
            "department_id": self.department_id.data,
            "planned_minutes": self.planned_minutes.data,
            "notes": self.notes.data or "",
            "text": self.text.data or "",
        }
