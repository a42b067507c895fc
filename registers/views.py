"""Register pages and their exports (blueprint `registers`).

    GET /opinions/                          意见建议登记表 (filters, pages)
    GET /opinions/export.<csv|xlsx>         the same filtered list, every page of it
    GET /replies/                           答复登记表
    GET /replies/export.<csv|xlsx>

Policy "register.view" (every role); the rows are narrowed per role in registers.queries.
Filter values that make no sense are ignored.
"""

from io import BytesIO

from flask import Blueprint, current_app, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import permission_required
from committees.services import readable_committee_choices
from common import clock
from common.pagination import page_number
from extensions import db
from opinions.models import OpinionChannel
from participants.models import ParticipantKind
from registers import columns, exports, flat, queries
from registers.queries import RegisterFilters
from responses.models import HandlingMode, ReplyStatus
from responses.replies import allowed_categories

bp = Blueprint("registers", __name__)

FORMAT = "<any(csv, xlsx):fmt>"


def filter_context(filters: RegisterFilters) -> dict:
    meetings = queries.meeting_choices(current_user)
    return {
        "filters": filters,
        "export_args": filters.as_args(),
        "meetings": meetings,
        "years": sorted({m.starts_at.year for m in meetings}, reverse=True),
        "departments": queries.department_choices(current_user),
        "kinds": list(ParticipantKind),
        "statuses": queries.STATUS_CHOICES,
        "categories": allowed_categories(),
        "modes": list(HandlingMode),
        "reply_statuses": list(ReplyStatus),
        "channels": list(OpinionChannel),
        "committees": readable_committee_choices(),
    }


def download(data: bytes, fmt: str, name: str):
    mimetype = exports.CSV_MIMETYPE if fmt == "csv" else exports.XLSX_MIMETYPE
    response = send_file(
        BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"{name}-{clock.today():%Y%m%d}.{fmt}",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def write(fmt: str, cols: list, entries, title: str) -> bytes:
    if fmt == "csv":
        return exports.to_csv(cols, entries)
    return exports.to_xlsx(cols, entries, title)


def register_export(fmt: str, register_columns: list, iter_entries, title: str):
    """The filtered register, every page of it, as a CSV or XLSX download."""
    entries = iter_entries(current_user, RegisterFilters.from_args(request.args))
    return download(write(fmt, register_columns, entries, title), fmt, title)


def register_page(template: str, query, entries_of, **context):
    """One page of a register: the filtered query paginated, its rows made entries."""
    filters = RegisterFilters.from_args(request.args)
    pagination = db.paginate(
        query(current_user, filters),
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        template,
        pagination=pagination,
        entries=entries_of(list(pagination.items)),
        **context,
        **filter_context(filters),
    )


@bp.get("/opinions/")
@permission_required("register.view")
def opinions():
    return register_page(
        "registers/opinions.html",
        queries.opinions_query,
        lambda rows: queries.opinion_entries(current_user, rows),
        columns=columns.OPINION_COLUMNS,
        is_overdue=columns.is_overdue,
    )


@bp.get(f"/opinions/export.{FORMAT}")
@permission_required("register.view")
def export_opinions(fmt: str):
    return register_export(
        fmt, columns.OPINION_COLUMNS, flat.iter_opinion_entries, _("Opinions register")
    )


@bp.get("/replies/")
@permission_required("register.view")
def replies():
    return register_page(
        "registers/replies.html",
        queries.replies_query,
        queries.reply_entries,
        columns=[c for c in columns.REPLY_COLUMNS if c.key != "text"],
    )


@bp.get(f"/replies/export.{FORMAT}")
@permission_required("register.view")
def export_replies(fmt: str):
    return register_export(
        fmt, columns.REPLY_COLUMNS, flat.iter_reply_entries, _("Replies register")
    )
