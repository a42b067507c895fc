"""Forms for replies, commitments, progress updates and ratings."""

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from common.dates import DateField  # refuses years before 2000 or after 2100
from common.forms import optional_int
from participants.models import Department
from responses import replies
from responses.models import (
    Commitment,
    RatingValue,
    ReplyCategory,
    ReplyChannel,
    ReplyPurpose,
)
from responses.reply_commitments import MAX_ROWS, CommitmentRow

EMPTY_ROWS = 2  # blank commitment rows the reply form offers; "add rows" gives more


def department_choices(departments: Sequence[Department]) -> list[tuple[int, str]]:
    """(id, name) of the given departments, each once, by name."""
    unique = {d.id: d for d in departments}
    return [(d.id, d.name) for d in sorted(unique.values(), key=lambda d: d.name)]


class CommitmentRowForm(Form):
    """One commitment on the reply form; a row left entirely blank is ignored (or, for a
    saved commitment of the draft, removed)."""

    id = HiddenField()
    text = TextAreaField(_l("Commitment"), validators=[Length(max=2000)], render_kw={"rows": 2})
    department = SelectField(
        _l("Responsible department"), coerce=optional_int, validate_choice=False
    )
    due_date = DateField(_l("Commitment due date"), validators=[Optional()])

    def validate_id(self, field: Any) -> None:
        if (field.data or "").strip() and not field.data.strip().isdigit():
            raise ValidationError(str(_l("The form is out of date; reload the page.")))

    def row(self) -> CommitmentRow:
        raw_id = (self.id.data or "").strip()
        return CommitmentRow(
            text=(self.text.data or "").strip(),
            due_date=self.due_date.data,
            department_id=self.department.data,
            id=int(raw_id) if raw_id.isdigit() else None,
        )

    def validate(self, extra_validators: Any = None) -> bool:
        ok: bool = super().validate(extra_validators)
        if not ok or self.row().blank:
            return ok
        if not (self.text.data or "").strip():
            self.text.errors.append(_l("Please describe what the department commits to."))
            ok = False
        if self.due_date.data is None:
            self.due_date.errors.append(_l("Please give the commitment's due date."))
            ok = False
        return ok


class ReplyForm(FlaskForm):
    category = SelectField(_l("Reply category"), choices=[])
    channel = SelectField(
        _l("Reply channel"), choices=ReplyChannel.choices, default=ReplyChannel.WRITTEN
    )
    contact_method = SelectField(_l("How the department met the member"), choices=[])
    text = TextAreaField(_l("Reply text"), validators=[Length(max=20000)], render_kw={"rows": 10})
    commitments = FieldList(FormField(CommitmentRowForm), max_entries=MAX_ROWS + EMPTY_ROWS)
    # The draft version this form was based on ("" when there was no saved draft yet).
    version = HiddenField()
    purpose = ReplyPurpose.REPLY
    action = StringField(default="save")  # set by the button pressed: save, submit or more

    def setup(
        self,
        purpose: ReplyPurpose,
        keep_category: ReplyCategory | None = None,
        departments: Sequence[Department] = (),
        default_department_id: int | None = None,
    ) -> None:
        """Fill the choices: the office's categories (plus one a saved draft already has),
        the departments a commitment may name (the replying one preselected on new rows)."""
        categories = replies.allowed_categories()
        if keep_category is not None and keep_category not in categories:
            categories.append(keep_category)
        self.category.choices = [("", _l("— choose —"))] + [(c.value, c.label) for c in categories]
        self.contact_method.choices = [("", _l("— choose —"))] + [
            (code, label) for code, label in replies.CONTACT_METHODS.items()
        ]
        self.purpose = purpose
        if purpose == ReplyPurpose.INPUT:
            # A co-handler's input is text only: category, channel and contact are the lead's,
            # and so are the commitments.
            del self.category
            del self.channel
            del self.contact_method
            del self.commitments
            self.text.label.text = _l("Input for the lead department")
            return
        self.department_choices = department_choices(departments)
        self.default_department_id = default_department_id
        for entry in self.commitments:
            entry.form.department.choices = self.department_choices

    def show_commitments(self, saved: Sequence[Commitment], extra: int = EMPTY_ROWS) -> None:
        """Rows for a fresh page: the draft's saved commitments, then `extra` blank ones."""
        if self.purpose == ReplyPurpose.INPUT:
            return
        while len(self.commitments):
            self.commitments.pop_entry()
        for commitment in saved:
            self.commitments.append_entry(
                {
                    "id": str(commitment.id),
                    "text": commitment.text,
                    "department": commitment.department_id,
                    "due_date": commitment.due_date,
                }
            )
        self.add_rows(extra)

    def add_rows(self, extra: int = EMPTY_ROWS) -> None:
        """Blank rows (the "add rows" button re-renders with more; no JavaScript needed)."""
        if self.purpose == ReplyPurpose.INPUT:
            return
        for _n in range(min(extra, self.commitments.max_entries - len(self.commitments))):
            self.commitments.append_entry({"department": self.default_department_id})
        for entry in self.commitments:
            entry.form.department.choices = self.department_choices

    def wants_submit(self) -> bool:
        return bool(self.action.data == "submit")

    def wants_more_rows(self) -> bool:
        return bool(self.action.data == "more")

    def commitment_rows(self) -> list[CommitmentRow]:
        if self.purpose == ReplyPurpose.INPUT:
            return []
        return [entry.form.row() for entry in self.commitments]

    def based_on_version(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None

    def validate_version(self, field: Any) -> None:
        value = (field.data or "").strip()
        if value and not value.isdigit():
            raise ValidationError(str(_l("The form is out of date; reload the page.")))

    def validate(self, extra_validators: Any = None) -> bool:
        ok: bool = super().validate(extra_validators)
        if not self.wants_submit():
            return ok
        # Drafts may be incomplete; a submitted reply may not.
        if not (self.text.data or "").strip():
            self.text.errors.append(_l("Please write the reply before submitting."))
            ok = False
        if self.purpose == ReplyPurpose.REPLY:
            if not self.category.data:
                self.category.errors.append(_l("Please choose a reply category."))
                ok = False
            if not self.contact_method.data:
                self.contact_method.errors.append(
                    _l("Please say how the department met the member.")
                )
                ok = False
        return ok

    def reply_data(self) -> dict[str, Any]:
        if self.purpose == ReplyPurpose.INPUT:
            return {"text": self.text.data or ""}
        return {
            "category": self.category.data or None,
            "channel": self.channel.data,
            "contact_method": self.contact_method.data or "",
            "text": self.text.data or "",
        }


class CommitmentForm(FlaskForm):
    """Shown next to the reply form: prefixed so the two "text" fields keep apart."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "commitment")
        super().__init__(*args, **kwargs)

    text = TextAreaField(
        _l("Commitment"),
        validators=[
            DataRequired(_l("Please describe what the department commits to.")),
            Length(max=2000),
        ],
    )
    due_date = DateField(
        _l("Commitment due date"),
        validators=[InputRequired(_l("Please give the commitment's due date."))],
    )
    # The replying department when left empty; the service checks the choice.
    department = SelectField(
        _l("Responsible department"), coerce=optional_int, validate_choice=False
    )


class ProgressForm(FlaskForm):
    on_date = DateField(
        _l("Progress date"), validators=[InputRequired(_l("Please give the date."))]
    )
    note = TextAreaField(
        _l("Progress note"),
        validators=[DataRequired(_l("Please describe the progress.")), Length(max=2000)],
    )
    percent = IntegerField(
        _l("Percent complete"),
        validators=[
            InputRequired(_l("Please give a percentage.")),
            NumberRange(min=0, max=100, message=_l("The percentage must be between 0 and 100.")),
        ],
    )


class RatingForm(FlaskForm):
    value = RadioField(
        _l("Your rating"),
        choices=RatingValue.choices,
        validators=[InputRequired(_l("Please choose a rating."))],
    )
    comment = TextAreaField(_l("Rating comment"), validators=[Length(max=2000)])

    def validate_comment(self, field: Any) -> None:
        if self.value.data == RatingValue.UNSATISFIED and not (field.data or "").strip():
            raise ValidationError(str(_l("Please say why you are not satisfied.")))
