"""Forms for opinions, their suggestions and consensus points (choices filled by the views)."""

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, html_params

from common.forms import optional_int
from opinions.models import OpinionChannel


class OpinionFields(FlaskForm):
    """What every form that records an opinion asks: speaker, channel, title, problem, themes."""

    speaker_id = SelectField(
        _l("Speaker of the opinion"),
        coerce=optional_int,
        choices=[],
        validators=[DataRequired(_l("Choose the speaker of the opinion."))],
    )
    channel = SelectField(
        _l("How the opinion was given"),
        choices=OpinionChannel.choices,
        default=OpinionChannel.ORAL.value,
    )
    title = StringField(
        _l("Opinion title"),
        validators=[DataRequired(_l("Please enter the opinion's title.")), Length(max=200)],
    )
    body = TextAreaField(_l("Problem statement"), validators=[Optional(), Length(max=20000)])
    themes = StringField(
        _l("Themes (separated by commas)"), validators=[Optional(), Length(max=400)]
    )


class OpinionForm(OpinionFields):
    """Title, problem statement, themes; the secretariat also chooses speaker, channel and
    the agenda step the speech was made in."""

    agenda_item_id = SelectField(
        _l("Agenda step"),
        coerce=optional_int,
        choices=[],
        validators=[Optional()],
        description=_l("The minutes print an oral opinion under this step."),
    )
    suggestions = TextAreaField(
        _l("Suggestions (one per line)"), validators=[Optional(), Length(max=20000)]
    )

    def for_member(self) -> None:
        """A member writes for themself, in writing: no speaker, channel or step to choose."""
        del self.speaker_id
        del self.channel
        del self.agenda_item_id

    def opinion_data(self, with_suggestions: bool = True) -> dict[str, Any]:
        data = {"title": self.title.data, "body": self.body.data, "themes": self.themes.data}
        if "channel" in self:
            data["channel"] = self.channel.data
        if "agenda_item_id" in self:
            data["agenda_item_id"] = self.agenda_item_id.data
        if with_suggestions:
            data["suggestions"] = self.suggestions.data or ""
        return data


class SuggestionForm(FlaskForm):
    text = TextAreaField(
        _l("Suggestion text"),
        validators=[DataRequired(_l("Enter the text of the suggestion.")), Length(max=5000)],
    )


class AddSuggestionsForm(FlaskForm):
    texts = TextAreaField(
        _l("New suggestions (one per line)"),
        validators=[DataRequired(_l("Enter the text of the suggestion.")), Length(max=20000)],
    )


class CheckboxList:
    """The HTML of WTForms' ListWidget(prefix_label=False) over CheckboxInput options, written
    in one pass: the meeting page lists every opinion of the meeting, and WTForms renders each
    option as a field of its own (a tenth of the page's time for 60 opinions)."""

    def __call__(self, field: SelectMultipleField, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        name, prefix = escape(field.name), escape(field.id)
        html = [f"<ul {html_params(**kwargs)}>"]
        for i, choice in enumerate(field.iter_choices()):
            checked = "checked " if choice.selected else ""
            extra = f" {html_params(**choice.render_kw)}" if choice.render_kw else ""
            label = escape(choice.label if choice.label is not None else choice.value)
            html.append(
                f'<li><input {checked}id="{prefix}-{i}" name="{name}" type="checkbox" '
                f'value="{escape(choice.value)}"{extra}> '
                f'<label for="{prefix}-{i}">{label}</label></li>'
            )
        html.append("</ul>")
        return Markup("".join(html))


class ConsensusForm(FlaskForm):
    text = TextAreaField(
        _l("Consensus point"),
        validators=[
            DataRequired(_l("Enter the text of the consensus point.")),
            Length(max=5000),
        ],
    )
    opinion_ids = SelectMultipleField(
        _l("Opinions behind this point"),
        coerce=int,
        choices=[],
        option_widget=CheckboxInput(),
        widget=CheckboxList(),
    )
