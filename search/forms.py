"""The search form (GET, so no CSRF token): the words and the filters.

The filters are checked against sets (one lookup per field, not one coercion per offered
option) and their <option> lists are written here in one pass (`options_html`), not by
WTForms' widget, which builds and coerces every option through several calls: on ten
years of data that was a fifth of the page's time. The meeting filter offers the meetings
of the chosen year, or those since the start of last year when no year is chosen (grouped
by year); any meeting the user may see is still accepted (`SearchForm.check`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, SelectField, StringField
from wtforms.validators import Length, Optional

from committees.services import readable_committee_choices
from common.converters import MAX_ID
from common.enums import LabelledEnum
from participants.models import ParticipantKind
from responses.models import AssignmentStatus, ReplyCategory
from search.query import MAX_QUERY, SearchFilters

RECENT_YEARS = 2  # without a chosen year, the meeting filter lists this year and last

# WTForms' own message for a value outside the choices, translated by WTForms' catalog.
INVALID_CHOICE = "Not a valid choice."

# (locale, enum) -> [("", "All"), (value, label), ...]: translated once per process.
_LABELLED: dict[tuple[str, type], list[tuple[str, str]]] = {}


def _int_or_blank(value):
    return int(value) if value not in (None, "") and str(value).isdecimal() else value or None


@dataclass(frozen=True)
class MeetingChoice:
    id: int
    title: str
    starts_at: datetime


@dataclass(frozen=True)
class FilterBox:
    """One filter as the template draws it: the field (name, label, errors) and its options."""

    field: Field
    options: Markup


def recent_years(years: Sequence[int], this_year: int) -> list[int]:
    """The years whose meetings the filter lists when no year is chosen: this year, last
    year and any later (planned) ones, or else the newest year there is."""
    recent = [y for y in years if y > this_year - RECENT_YEARS]
    return recent or list(years[:1])


def _labelled(enum_cls: type[LabelledEnum]) -> list[tuple[str, str]]:
    """ "All" and the enum's choices in the current language (labels are fixed per deploy)."""
    key = (str(get_locale()), enum_cls)
    choices = _LABELLED.get(key)
    if choices is None:
        choices = _LABELLED[key] = [("", str(_l("All"))), *enum_cls.choices()]
    return choices


def options_html(
    choices: Iterable[tuple[Any, str]], selected: Any, groups: Sequence[tuple[str, list]] = ()
) -> Markup:
    """<option>s for `choices` then one <optgroup> per (label, choices) in `groups`;
    the option whose value equals `selected` is marked selected."""
    parts = []

    def add(options: Iterable[tuple[Any, str]]) -> None:
        for value, label in options:
            mark = " selected" if value == selected else ""
            parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')

    add(choices)
    for label, options in groups:
        parts.append(f'<optgroup label="{escape(label)}">')
        add(options)
        parts.append("</optgroup>")
    return Markup("".join(parts))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search for"), validators=[Optional(), Length(max=MAX_QUERY)])
    meeting = SelectField(_l("Search in meeting"), coerce=_int_or_blank, validate_choice=False)
    year = SelectField(_l("Search in year"), coerce=_int_or_blank, validate_choice=False)
    department = SelectField(_l("Handling department"), coerce=_int_or_blank, validate_choice=False)
    speaker_kind = SelectField(_l("Speaker kind"), default="", validate_choice=False)
    category = SelectField(_l("Reply category"), default="", validate_choice=False)
    status = SelectField(_l("Handling status"), default="", validate_choice=False)
    # A city's staff only: one of the committees they read.
    committee = SelectField(_l("CPPCC committee"), coerce=_int_or_blank, validate_choice=False)

    def chosen_meeting_id(self) -> int | None:
        """The requested meeting id if it can be one (to look it up), else None."""
        value = self.meeting.data
        return value if isinstance(value, int) and 0 < value <= MAX_ID else None

    def chosen_year(self, years: Sequence[int]) -> int | None:
        value = self.year.data
        return value if value in years else None

    def check(
        self, years: Sequence[int], meeting_ids: set[int], departments: Sequence[tuple[int, str]]
    ) -> bool:
        """Validate the words and every filter against what the user may choose.

        `meeting_ids` holds the offered meetings plus the requested one if the user may
        see it; a value outside the allowed set is "Not a valid choice." like WTForms'."""
        valid = self.validate()
        allowed: dict[Any, set[Any]] = {
            self.meeting: set(meeting_ids),
            self.year: set(years),
            self.department: {d[0] for d in departments},
            self.speaker_kind: {k.value for k in ParticipantKind},
            self.category: {c.value for c in ReplyCategory},
            self.status: {s.value for s in AssignmentStatus},
            self.committee: {c.id for c in readable_committee_choices()},
        }
        for field, values in allowed.items():
            if field.data not in (None, "") and field.data not in values:
                field.errors = [*field.errors, field.gettext(INVALID_CHOICE)]
                valid = False
        return valid

    def boxes(
        self,
        meetings: Sequence[MeetingChoice],
        years: Sequence[int],
        departments: Sequence[tuple[int, str]],
    ) -> list[FilterBox]:
        """Every filter with its options, meetings grouped by year (newest first)."""
        everything = [("", str(_l("All")))]
        by_year: dict[int, list] = {}
        for m in meetings:
            by_year.setdefault(m.starts_at.year, []).append((m.id, m.title))
        groups = [(str(year), options) for year, options in by_year.items()]
        years_choices = [*everything, *((y, str(y)) for y in years)]
        return [
            FilterBox(self.meeting, options_html(everything, self.meeting.data, groups)),
            FilterBox(self.year, options_html(years_choices, self.year.data)),
            FilterBox(
                self.department, options_html([*everything, *departments], self.department.data)
            ),
            FilterBox(
                self.speaker_kind,
                options_html(_labelled(ParticipantKind), self.speaker_kind.data),
            ),
            FilterBox(self.category, options_html(_labelled(ReplyCategory), self.category.data)),
            FilterBox(self.status, options_html(_labelled(AssignmentStatus), self.status.data)),
            *self._committee_box(everything),
        ]

    def _committee_box(self, everything: list[tuple[Any, str]]) -> list[FilterBox]:
        committees = [(c.id, c.short_name) for c in readable_committee_choices()]
        if not committees:
            return []
        return [
            FilterBox(self.committee, options_html([*everything, *committees], self.committee.data))
        ]

    def filters(self) -> SearchFilters:
        """The chosen filters (call after check())."""
        return SearchFilters(
            meeting_id=self.meeting.data or None,
            year=self.year.data or None,
            department_id=self.department.data or None,
            speaker_kind=ParticipantKind(self.speaker_kind.data)
            if self.speaker_kind.data
            else None,
            category=ReplyCategory(self.category.data) if self.category.data else None,
            status=AssignmentStatus(self.status.data) if self.status.data else None,
            committee_id=self.committee.data or None,
        )
