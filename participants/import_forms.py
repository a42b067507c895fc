"""Forms of the participant import: the upload, and the confirmation carrying the preview."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("Participant list (CSV or XLSX)"),
        validators=[FileRequired(message=_l("Choose a CSV or XLSX file to upload."))],
        description=_l(
            "Columns: 姓名, 类别, 界别, 单位, 职务, 专委会, 电话. At most 2 MB; "
            "CSV in UTF-8 or GBK (as Excel saves it)."
        ),
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )


class ImportConfirmForm(FlaskForm):
    """The checked rows travel signed in `payload`; the server checks them again."""

    payload = HiddenField(validators=[DataRequired()])
