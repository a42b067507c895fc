"""Importing participants from CSV/XLSX: upload, preview, confirm (thin handlers).

    GET  /participants/import                   upload form
    POST /participants/import                   read and check the file, show the preview
    POST /participants/import/confirm           write every row (all or nothing)
    GET  /participants/import/template.<csv|xlsx>  an empty list with the expected headers

No state is kept between the steps (several app processes serve the site): the preview
carries the checked rows in a signed hidden field, and the confirm step checks them again.
"""

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from accounts.policy import permission_required
from common.errors import RuleViolation
from extensions import db
from participants import imports
from participants.import_forms import ImportConfirmForm, ImportUploadForm

bp = Blueprint("participant_import", __name__, url_prefix="/participants/import")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_upload(form: ImportUploadForm, status: int = 200):
    return render_template(
        "participants/import_upload.html",
        form=form,
        max_rows=imports.MAX_ROWS,
        kind_choices=imports.kind_choices(),
    ), status


def render_preview(rows: list[imports.ImportRow], table: imports.Table | None, status: int):
    errors = sum(1 for row in rows if not row.ok)
    confirm = ImportConfirmForm()
    if not errors and rows:
        confirm.payload.data = imports.sign_rows(rows)
    return render_template(
        "participants/import_preview.html",
        rows=rows,
        table=table,
        error_count=errors,
        confirm=confirm,
        header_labels=imports.HEADER_LABELS,
        columns=[name for name in imports.FIELDS if any(name in row.values for row in rows)],
    ), status


@bp.route("", methods=["GET", "POST"])
@permission_required("participant.import")
def upload():
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return render_upload(form, 422 if form.is_submitted() else 200)
    upload_file = form.file.data
    data = upload_file.stream.read(imports.MAX_UPLOAD_BYTES + 1)
    try:
        table = imports.read_table(upload_file.filename or "", data)
        rows = imports.check_table(table)
    except RuleViolation as error:
        form.file.errors = [error.message]
        return render_upload(form, error.status)
    return render_preview(rows, table, 422 if any(not row.ok for row in rows) else 200)


@bp.post("/confirm")
@permission_required("participant.import")
def confirm():
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("The preview is no longer valid. Upload the file again."), "danger")
        return render_upload(ImportUploadForm(formdata=None), 400)
    try:
        rows = imports.check_rows(imports.unsign_rows(form.payload.data), has_kind_column=True)
    except RuleViolation as error:
        flash(error.message, "danger")
        return render_upload(ImportUploadForm(formdata=None), error.status)
    try:
        created = imports.import_rows(rows)
    except RuleViolation as error:
        db.session.rollback()
        flash(error.message, "danger")
        # Something changed since the preview (e.g. someone added one of these people).
        return render_preview(rows, None, error.status)
    db.session.commit()
    flash(_("%(n)d participants imported.", n=len(created)), "success")
    return redirect(url_for("participants.list_participants", status="all"))


@bp.get("/template.<any(csv, xlsx):fmt>")
@permission_required("participant.import")
def template(fmt: str):
    if fmt == "csv":
        data, mimetype = imports.template_csv(), "text/csv; charset=utf-8"
    else:
        data, mimetype = imports.template_xlsx(), XLSX_MIMETYPE
    return send_file(
        BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=f"人员名单模板.{fmt}"
    )
