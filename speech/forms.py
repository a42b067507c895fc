"""Forms for importing a speech: the source (paste or upload) and the review of the proposal.

The review form's repeated fields (one textarea per suggestion, one checkbox per department)
are read with `getlist` by `ReviewLists`, since their number changes in the browser. A page
of several proposals gives one review form per opinion, each with its prefix ("o1-", "o2-"
…; none when there is one opinion, so the single form keeps its plain field names).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from common.dates import DateField  # refuses years before 2000 or after 2100
from common.forms import optional_int
from opinions.forms import OpinionFields
from opinions.services import MAX_SUGGESTIONS
from participants.models import Department
from responses.models import HandlingMode
from speech.services import MAX_TEXT, UPLOAD_TYPES
from speech.splitter import strip_controls

MAX_SUGGESTION = 5000
MAX_KEPT = 200  # removed furniture lines the user may bring back at once


def review_prefixes(count: int) -> list[str]:
    """The field prefixes of `count` review forms on one page."""
    return [""] if count <= 1 else [f"o{n}-" for n in range(1, count + 1)]


def kept_lines(form: MultiDict[str, str]) -> list[str]:
    """The removed lines the user ticked to bring back (bounded, controls dropped)."""
    lines = [strip_controls(line).strip() for line in form.getlist("keep")[:MAX_KEPT]]
    return [line for line in lines if line]


class SpeechSourceForm(FlaskForm):
    """Paste the speech or upload it; one of the two."""

    text = TextAreaField(
        _l("Speech text"), validators=[Optional(), Length(max=MAX_TEXT)], render_kw={"rows": 14}
    )
    document = FileField(
        _l("Or upload the speech (.docx or .txt)"),
        validators=[
            FileAllowed(UPLOAD_TYPES, _l("Upload a Word file (.docx) or a text file (.txt)."))
        ],
    )

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.text.data or "").strip() and not self.document.data:
            self.text.errors.append(_("Paste the speech or choose a file."))
            return False
        return True


class SpeechReviewForm(OpinionFields):
    """The proposed opinion as the user corrects it before saving."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body.render_kw = {"rows": 6}  # a whole speech's problem part, not a line

    mode = SelectField(
        _l("Handling mode"), choices=HandlingMode.choices, default=HandlingMode.SINGLE.value
    )
    lead = SelectField(_l("Lead department (joint handling)"), coerce=optional_int, choices=[])
    due_date = DateField(
        _l("Reply due (leave empty for the standard working-day deadline)"),
        validators=[Optional()],
    )


@dataclass
class ReviewLists:
    """The suggestions and departments of a submitted review form, with their errors."""

    suggestions: list[str] = field(default_factory=list)
    department_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def parse(
        cls, form: MultiDict[str, str], departments: dict[int, Department], prefix: str = ""
    ) -> "ReviewLists":
        lists = cls()
        texts = [strip_controls(t).strip() for t in form.getlist(prefix + "suggestion")]
        lists.suggestions = [t for t in texts if t]
        if any(len(t) > MAX_SUGGESTION for t in lists.suggestions):
            lists.errors.append(
                _("A suggestion may have at most %(n)s characters.", n=MAX_SUGGESTION)
            )
        if len(lists.suggestions) > MAX_SUGGESTIONS:
            lists.errors.append(
                _("An opinion may have at most %(n)s suggestions.", n=MAX_SUGGESTIONS)
            )
        for raw in form.getlist(prefix + "department_id"):
            try:
                department_id = int(raw)
            except ValueError:
                department_id = None
            if department_id not in departments:
                lists.errors.append(_("Choose departments from the list."))
                break
            if department_id not in lists.department_ids:
                lists.department_ids.append(department_id)
        return lists
