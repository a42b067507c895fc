"""The settings form: what the office prints and the default reply deadline."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange


class OfficeSettingsForm(FlaskForm):
    issuing_body = StringField(
        _l("Issuing body"),
        validators=[DataRequired(message=_l("The issuing body is required.")), Length(max=100)],
        description=_l("As printed on the documents' header, e.g. 政协XX区委员会."),
    )
    report_addressee = StringField(
        _l("Consensus report addressee (报送)"),
        validators=[Length(max=200)],
        description=_l("e.g. 中共XX区委、XX区人民政府"),
    )
    copy_to = TextAreaField(
        _l("Copied to (抄送)"),
        validators=[Length(max=1000)],
        description=_l("The 抄送 line of the 版记; leave empty when the document is not copied."),
    )
    printed_by = StringField(
        _l("Printed and issued by (印发机关)"),
        validators=[Length(max=100)],
        description=_l("e.g. 政协XX区委员会办公室; the 版记 prints it with the date of issue."),
    )
    reply_working_days = IntegerField(
        _l("Default reply deadline (working days)"),
        validators=[
            DataRequired(message=_l("Enter a number of working days.")),
            NumberRange(min=1, max=250, message=_l("Between 1 and 250 working days.")),
        ],
    )
    minutes_next_number = IntegerField(
        _l("Next minutes issue number (第N期)"),
        validators=[NumberRange(min=1, max=9999, message=_l("Between 1 and 9999."))],
    )
    consensus_next_number = IntegerField(
        _l("Next consensus report issue number (第N期)"),
        validators=[NumberRange(min=1, max=9999, message=_l("Between 1 and 9999."))],
    )
