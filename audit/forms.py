"""The audit trail's filter form (GET, so no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from audit.labels import table_label
from audit.models import AuditAction
from common.dates import DateField  # refuses years before 2000 or after 2100


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    table = SelectField(_l("Record type"), choices=[], default="")
    actor = SelectField(_l("Who"), choices=[], default="")
    action = SelectField(_l("Action"), choices=[], default="")
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    record = IntegerField(
        _l("Record id"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )

    def set_choices(self, tables: list[str], actors: list[tuple[int, str]]) -> None:
        everything = ("", _l("All"))
        named = sorted((table_label(t), t) for t in tables)
        self.table.choices = [everything, *((t, label) for label, t in named)]
        system = ("system", _l("System (no signed-in user)"))
        self.actor.choices = [everything, system, *((str(i), name) for i, name in actors)]
        self.action.choices = [everything, *AuditAction.choices()]
