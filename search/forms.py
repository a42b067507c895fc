"""The search form (GET, so no CSRF token): the words and the filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from participants.models import ParticipantKind
from responses.models import AssignmentStatus, ReplyCategory
from search.query import MAX_QUERY, SearchFilters


def _int_or_blank(value):
    return int(value) if value not in (None, "") and str(value).isdecimal() else value or None


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search for"), validators=[Optional(), Length(max=MAX_QUERY)])
    meeting = SelectField(_l("Search in meeting"), choices=[], coerce=_int_or_blank)
    year = SelectField(_l("Search in year"), choices=[], coerce=_int_or_blank)
    department = SelectField(_l("Handling department"), choices=[], coerce=_int_or_blank)
    speaker_kind = SelectField(_l("Speaker kind"), choices=[], default="")
    category = SelectField(_l("Reply category"), choices=[], default="")
    status = SelectField(_l("Handling status"), choices=[], default="")

    def set_choices(self, meetings, years: list[int], departments) -> None:
        everything = ("", _l("All"))
        self.meeting.choices = [everything, *((m.id, m.title) for m in meetings)]
        self.year.choices = [everything, *((y, str(y)) for y in years)]
        self.department.choices = [everything, *((d.id, d.name) for d in departments)]
        self.speaker_kind.choices = [everything, *ParticipantKind.choices()]
        self.category.choices = [everything, *ReplyCategory.choices()]
        self.status.choices = [everything, *AssignmentStatus.choices()]

    def filters(self) -> SearchFilters:
        """The chosen filters (call after validate())."""
        return SearchFilters(
            meeting_id=self.meeting.data or None,
            year=self.year.data or None,
            department_id=self.department.data or None,
            speaker_kind=ParticipantKind(self.speaker_kind.data)
            if self.speaker_kind.data
            else None,
            category=ReplyCategory(self.category.data) if self.category.data else None,
            status=AssignmentStatus(self.status.data) if self.status.data else None,
        )
