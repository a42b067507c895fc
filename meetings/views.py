"""Meeting pages: list, create/edit, detail, status changes and the calendar file.

Routes on the meetings blueprint (meetings/blueprint.py); so are the agenda's and the
invitations' (agenda_views.py, invitation_views.py, invitation_group_views.py).
"""

from flask import (
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms.widgets import Select, html_params

from accounts.policy import can, permission_required, require, scope
from common import conditional
from common.converters import is_id
from common.errors import RuleViolation
from common.pagination import page_number
from common.views import person_label, refuse
from extensions import db
from meetings import agenda, hooks, ics, invitation_lists, services
from meetings.blueprint import bp
from meetings.forms import (
    AgendaItemForm,
    BulkInviteForm,
    MeetingForm,
    StatusForm,
)
from meetings.loaders import meeting_or_404
from meetings.models import MeetingStatus
from participants.models import Participant, ParticipantKind
from participants.services import list_committees, list_sectors

# How the button for moving a meeting to each status looks.
STATUS_BUTTON_CLASS = {
    MeetingStatus.DRAFT: "btn-outline-secondary",
    MeetingStatus.SCHEDULED: "btn-primary",
    MeetingStatus.HELD: "btn-success",
    MeetingStatus.CLOSED: "btn-dark",
    MeetingStatus.ARCHIVED: "btn-outline-dark",
    MeetingStatus.CANCELLED: "btn-outline-danger",
}


def status_action_label(status: MeetingStatus) -> str:
    labels = {
        MeetingStatus.DRAFT: _("Back to draft"),
        MeetingStatus.SCHEDULED: _("Schedule"),
        MeetingStatus.HELD: _("Mark as held"),
        MeetingStatus.CLOSED: _("Mark as closed"),
        MeetingStatus.ARCHIVED: _("Archive"),
        MeetingStatus.CANCELLED: _("Cancel meeting"),
    }
    return labels[status]


# ---------------------------------------------------------------- choices


def fill_meeting_choices(form: MeetingForm, meeting=None) -> None:
    people = services.chair_candidates()
    # A chair deactivated since stays selectable, or the meeting could not be saved at all.
    if meeting is not None and meeting.chair is not None and meeting.chair not in people:
        people.insert(0, meeting.chair)
    form.chair_id.choices = [("", _("— none yet —"))] + [(p.id, person_label(p)) for p in people]


class LongSelect(Select):
    """WTForms' select with the options written in one pass (same HTML, for long lists)."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        if field.flags.required and "required" not in kwargs:
            kwargs["required"] = True
        values = [str(value) for value, _label in field.choices]
        # One escape call for all the texts (a separator no text or value can hold).
        escaped = str(escape("\0".join(values + [str(label) for _v, label in field.choices])))
        texts = escaped.split("\0")
        if len(texts) != 2 * len(values):  # a text held the separator after all
            texts = [str(escape(text)) for text in values + [label for _v, label in field.choices]]
        options = []
        for n, (value, _label) in enumerate(field.choices):
            try:
                selected = " selected" if field.coerce(value) == field.data else ""
            except (TypeError, ValueError):
                selected = ""
            options.append(
                f'<option value="{texts[n]}"{selected}>{texts[len(values) + n]}</option>'
            )
        params = html_params(name=field.name, **kwargs)
        return Markup(f"<select {params}>{''.join(options)}</select>")


def fill_bulk_choices(bulk_form: BulkInviteForm) -> None:
    bulk_form.sector.choices = [("", _("Any sector"))] + [(s, s) for s in list_sectors()]
    bulk_form.committee.choices = [("", _("Any committee"))] + [(c, c) for c in list_committees()]


def fill_page_agenda_choices(agenda_form: AgendaItemForm, invited: list[tuple]) -> None:
    """The meeting page's agenda form offers the invited people as presenters.

    `invited` holds (id, name, kind, affiliation) rows (invitation_lists.attendance_summary).
    The whole directory (thousands) would make the page heavy and the list unusable; anyone
    active may still be chosen on the item's own edit page. A presenter sent back with a
    failed form stays selectable.
    """
    kinds = {kind: kind.label for kind in ParticipantKind}
    people = sorted(
        (
            (
                pid,
                f"{name} · {kinds[kind]} · {affiliation}"
                if affiliation
                else f"{name} · {kinds[kind]}",
            )
            for pid, name, kind, affiliation in invited
        ),
        key=lambda choice: choice[1],
    )
    chosen = agenda_form.presenter_id.data
    if chosen and is_id(chosen) and chosen not in {pid for pid, _label in people}:
        person = db.session.get(Participant, chosen)
        if person is not None:
            people = [(person.id, person_label(person)), *people]
    fill_agenda_choices(agenda_form, people)
    agenda_form.presenter_id.widget = LongSelect()


def fill_agenda_choices(form: AgendaItemForm, people: list | None = None, item=None) -> None:
    if people is None:
        people = [(p.id, person_label(p)) for p in services.active_participants()]
    departments = [(d.id, d.name) for d in agenda.active_departments()]
    # Keep an item's presenter or department selectable after they were deactivated.
    if item is not None:
        if item.presenter and item.presenter_id not in {value for value, _label in people}:
            people = [(item.presenter_id, person_label(item.presenter)), *people]
        if item.department and item.department_id not in {value for value, _label in departments}:
            departments = [(item.department_id, item.department.name), *departments]
    form.presenter_id.choices = [("", _("— none —"))] + people
    form.department_id.choices = [("", _("— none —"))] + departments


# ---------------------------------------------------------------- pages


MEETING_TABS = ("upcoming", "open", "past")


@bp.get("/")
@permission_required("meeting.list")
def list_meetings():
    tab = request.args.get("tab", "upcoming")
    if tab not in MEETING_TABS:
        tab = "upcoming"
    try:
        status = MeetingStatus(request.args.get("status", ""))
    except ValueError:
        status = None
    year = request.args.get("year", type=int)
    if year is not None and not 1900 <= year <= 2999:
        year = None  # a year nobody holds meetings in: show everything rather than fail
    page = page_number()
    if unchanged := conditional.not_modified():
        return unchanged
    pagination = services.list_meetings_page(
        tab, status, year, max(page, 1), visible=scope(current_user, "meeting.view")
    )
    page_html = render_template(
        "meetings/list.html",
        pagination=pagination,
        tab=tab,
        status=status,
        year=year,
        years=services.meeting_years(),
        statuses=list(MeetingStatus),
        can_manage=can(current_user, "meeting.manage"),
    )
    return conditional.tagged(make_response(page_html))


def render_meeting_form(form: MeetingForm, meeting=None, status: int = 200):
    return (
        render_template(
            "meetings/form.html", form=form, meeting=meeting, committees=list_committees()
        ),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required("meeting.manage")
def new_meeting():
    form = MeetingForm()
    fill_meeting_choices(form)
    if form.validate_on_submit():
        try:
            meeting = services.create_meeting(form.meeting_data())
        except RuleViolation as error:
            refuse(error)
            return render_meeting_form(form, status=error.status)
        db.session.commit()
        flash(_("Meeting created."), "success")
        return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return render_meeting_form(form, status=422 if form.is_submitted() else 200)


@bp.route("/<id:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    if request.method == "GET" and meeting.status in services.READ_ONLY_STATUSES:
        flash(
            _(
                "This meeting is %(status)s and can no longer be changed.",
                status=meeting.status.label,
            ),
            "warning",
        )
        return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    form = MeetingForm(obj=meeting)
    fill_meeting_choices(form, meeting)
    if form.validate_on_submit():
        try:
            services.update_meeting(meeting, form.meeting_data())
        except RuleViolation as error:
            refuse(error)
            return render_meeting_form(form, meeting, error.status)
        db.session.commit()
        flash(_("Meeting saved."), "success")
        return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id))
    return render_meeting_form(form, meeting, 422 if form.is_submitted() else 200)


def render_detail(
    meeting_id: int,
    status: int = 200,
    agenda_form: AgendaItemForm | None = None,
) -> tuple[str, int]:
    """The meeting page; a failed agenda form is passed back in to show its errors.

    Invitations show as a read-only summary (one query); they are managed on their own page.
    """
    meeting = services.load_meeting_for_detail(meeting_id, invitations=False)
    require(current_user, "meeting.view", meeting)
    can_manage = can(current_user, "meeting.manage", meeting)
    locked = meeting.status in services.READ_ONLY_STATUSES
    agenda_form = agenda_form or AgendaItemForm(formdata=None)
    read_only = locked or not can_manage
    summary = invitation_lists.attendance_summary(meeting.id)
    if not read_only:  # the agenda form shows to managers only
        fill_page_agenda_choices(agenda_form, summary.people)
    return (
        render_template(
            "meetings/detail.html",
            meeting=meeting,
            locked=locked,
            read_only=read_only,
            next_statuses=[
                (s, status_action_label(s), STATUS_BUTTON_CLASS[s])
                for s in meeting.allowed_next_statuses
                if can(current_user, services.status_permission(s), meeting)
            ],
            summary=summary,
            may_see_invitations=can(current_user, "participant.list"),
            planned_total=agenda.planned_minutes_total(meeting),
            meeting_length=agenda.meeting_minutes(meeting),
            agenda_form=agenda_form,
            **hooks.page_sections(meeting),
        ),
        status,
    )


@bp.get("/<id:meeting_id>")
def meeting_detail(meeting_id: int):
    if request.if_none_match:  # a browser revalidating its copy: access first, then maybe 304
        meeting_or_404(meeting_id, "meeting.view")
        if unchanged := conditional.not_modified():
            return unchanged
    else:
        conditional.remember_etag()
    return conditional.tagged(make_response(render_detail(meeting_id)))


@bp.post("/<id:meeting_id>/status")
def change_meeting_status(meeting_id: int):
    meeting = meeting_or_404(meeting_id, "meeting.view")
    if not (
        can(current_user, "meeting.manage", meeting) or can(current_user, "meeting.close", meeting)
    ):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose a valid status."), "danger")
        return render_detail(meeting_id, 422)
    wanted = MeetingStatus(form.status.data)
    require(current_user, services.status_permission(wanted), meeting)
    try:
        services.change_status(meeting, wanted)
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status)
    db.session.commit()
    flash(_("The meeting is now %(status)s.", status=wanted.label), "success")
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id))


@bp.get("/<id:meeting_id>/calendar.ics")
def meeting_calendar(meeting_id: int):
    meeting = services.load_meeting_for_detail(meeting_id)
    require(current_user, "meeting.view", meeting)
    response = Response(ics.meeting_calendar(meeting), mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ics.calendar_filename(meeting)}"'
    )
    return response
