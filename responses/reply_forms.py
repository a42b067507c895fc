"""Forms for replies, commitments, progress updates and ratings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from responses import replies
from responses.models import RatingValue, ReplyChannel, ReplyPurpose


class ReplyForm(FlaskForm):
    category = SelectField(_l("Reply category"), choices=[])
    channel = SelectField(
        _l("Reply channel"), choices=ReplyChannel.choices, default=ReplyChannel.WRITTEN
    )
    contact_method = SelectField(_l("How the department met the member"), choices=[])
    text = TextAreaField(_l("Reply text"), validators=[Length(max=20000)], render_kw={"rows": 10})
    # The draft version this form was based on ("" when there was no saved draft yet).
    version = HiddenField()
    purpose = ReplyPurpose.REPLY
    action = StringField(default="save")  # set by the button pressed: save or submit

    def setup(self, purpose: ReplyPurpose, keep_category=None) -> None:
        """Fill the choices: the office's categories (plus one a saved draft already has)."""
        categories = replies.allowed_categories()
        if keep_category is not None and keep_category not in categories:
            categories.append(keep_category)
        self.category.choices = [("", _l("— choose —"))] + [(c.value, c.label) for c in categories]
        self.contact_method.choices = [("", _l("— choose —"))] + [
            (code, label) for code, label in replies.CONTACT_METHODS.items()
        ]
        self.purpose = purpose
        if purpose == ReplyPurpose.INPUT:
            # A co-handler's input is text only: category, channel and contact are the lead's.
            del self.category
            del self.channel
            del self.contact_method
            self.text.label.text = _l("Input for the lead department")

    def wants_submit(self) -> bool:
        return self.action.data == "submit"

    def based_on_version(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None

    def validate_version(self, field) -> None:
        value = (field.data or "").strip()
        if value and not value.isdigit():
            raise ValidationError(str(_l("The form is out of date; reload the page.")))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
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

    def reply_data(self) -> dict:
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

    def __init__(self, *args, **kwargs):
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

    def validate_comment(self, field) -> None:
        if self.value.data == RatingValue.UNSATISFIED and not (field.data or "").strip():
            raise ValidationError(str(_l("Please say why you are not satisfied.")))
