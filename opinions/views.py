"""Opinion routes (on the opinions blueprint): submit, view, edit, delete, order, suggestions."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from accounts.models import Role
from accounts.policy import can
from common import idempotency
from common.errors import RuleViolation
from common.views import move, perform, person_label, refuse
from extensions import db
from meetings import services
from meetings.loaders import meeting_or_404
from meetings.models import Meeting
from meetings.views import render_detail
from opinions import services as opinions
from opinions import suggestions
from opinions.blueprint import bp
from opinions.forms import AddSuggestionsForm, OpinionForm, SuggestionForm
from opinions.loaders import load_opinion, load_suggestion
from opinions.models import Opinion
from opinions.steps import step_choices
from participants.models import Participant


@bp.app_template_global()
def suggestion_marker(n: int) -> str:
    """一是 / 二是 … when the page speaks Chinese, 1. / 2. … otherwise."""
    locale = get_locale()
    return suggestions.suggestion_marker(n, locale is None or locale.language == "zh")


def back_to_meeting(meeting_id: int) -> WerkzeugResponse:
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id) + "#opinions")


def opinion_url(opinion: Opinion, endpoint: str = "opinions.opinion_detail", **extra: Any) -> str:
    return url_for(endpoint, meeting_id=opinion.meeting_id, opinion_id=opinion.id, **extra)


def is_secretariat() -> bool:
    return current_user.role is Role.SECRETARIAT


def fill_speakers(form: OpinionForm, meeting: Meeting, current: Participant | None = None) -> None:
    if "speaker_id" in form:
        people = opinions.speaker_candidates(meeting, current)
        form.speaker_id.choices = [("", _("— choose —"))] + [
            (p.id, person_label(p)) for p in people
        ]
    if "agenda_item_id" in form:
        form.agenda_item_id.choices = step_choices(meeting)


def chosen_speaker(form: OpinionForm) -> Participant | None:
    if "speaker_id" not in form or form.speaker_id.data is None:
        return None
    from participants.models import Participant

    return db.session.get(Participant, form.speaker_id.data)


# ---------------------------------------------------------------- create


def render_opinion_form(
    form: OpinionForm,
    meeting: Meeting,
    opinion: Opinion | None = None,
    status: int = 200,
    **extra: Any,
) -> ResponseReturnValue:
    page = render_template(
        "opinions/form.html", form=form, meeting=meeting, opinion=opinion, **extra
    )
    return page, status


@bp.route("/<id:meeting_id>/opinions/new", methods=["GET", "POST"])
def new_opinion(meeting_id: int) -> ResponseReturnValue:
    meeting = meeting_or_404(meeting_id, "meeting.view")
    if not can(current_user, "opinion.create", meeting):
        if current_user.role is Role.MEMBER:
            abort(403, _("The opinion window of this meeting is closed."))
        abort(403)
    if meeting.status in services.READ_ONLY_STATUSES:
        flash(
            _(
                "This meeting is %(status)s and can no longer be changed.",
                status=meeting.status.label,
            ),
            "warning",
        )
        return back_to_meeting(meeting_id)
    form = OpinionForm()
    if not is_secretariat():
        form.for_member()
    fill_speakers(form, meeting)
    if form.validate_on_submit():
        if (again := idempotency.claim()) is not None:
            return again  # the same form sent twice: one opinion
        try:
            opinion = opinions.submit_opinion(
                meeting, chosen_speaker(form), form.opinion_data(), by_user=current_user
            )
        except RuleViolation as error:
            refuse(error)
            return render_opinion_form(form, meeting, status=error.status)
        url = idempotency.answered(opinion_url(opinion))
        db.session.commit()
        flash(_("Opinion saved."), "success")
        return redirect(url)
    return render_opinion_form(form, meeting, status=422 if form.is_submitted() else 200)


# ---------------------------------------------------------------- read


@bp.get("/<id:meeting_id>/opinions/<id:opinion_id>")
def opinion_detail(meeting_id: int, opinion_id: int) -> ResponseReturnValue:
    load_opinion(meeting_id, opinion_id, "opinion.view")
    return render_opinion_detail(opinion_id)


def render_opinion_detail(opinion_id: int, status: int = 200) -> ResponseReturnValue:
    opinion = opinions.load_opinion_for_detail(opinion_id)
    page = render_template(
        "opinions/detail.html",
        opinion=opinion,
        meeting=opinion.meeting,
        may_edit=can(current_user, "opinion.edit", opinion)
        and opinion.meeting.status not in services.READ_ONLY_STATUSES,
        may_see_meeting=can(current_user, "meeting.view", opinion.meeting),
    )
    return page, status


@bp.get("/opinions/mine")
def my_opinions() -> ResponseReturnValue:
    rows = opinions.opinions_of_user(current_user)
    return render_template(
        "opinions/mine.html",
        opinions=rows,
        read_only_statuses=services.READ_ONLY_STATUSES,
    )


# ---------------------------------------------------------------- edit


def render_edit(
    opinion: Opinion,
    status: int = 200,
    form: OpinionForm | None = None,
    add_form: AddSuggestionsForm | None = None,
    failed: tuple[int, SuggestionForm] | None = None,
) -> ResponseReturnValue:
    """The edit page; `failed` is (suggestion_id, form) for a suggestion that did not save."""
    if form is None:
        form = OpinionForm(formdata=None, obj=opinion)
        form.themes.data = ", ".join(t.name for t in opinion.themes)
        if "channel" in form:
            form.channel.data = opinion.channel.value
        if "agenda_item_id" in form:
            form.agenda_item_id.data = opinion.agenda_item_id
    if not is_secretariat() and "speaker_id" in form:
        form.for_member()
    fill_speakers(form, opinion.meeting, opinion.speaker)
    return render_opinion_form(
        form,
        opinion.meeting,
        opinion,
        status,
        add_form=add_form or AddSuggestionsForm(formdata=None),
        failed=failed,
    )


def editable_opinion(meeting_id: int, opinion_id: int) -> tuple[Opinion, WerkzeugResponse | None]:
    opinion = load_opinion(meeting_id, opinion_id, "opinion.edit")
    if request.method == "GET" and opinion.meeting.status in services.READ_ONLY_STATUSES:
        flash(
            _(
                "This meeting is %(status)s and can no longer be changed.",
                status=opinion.meeting.status.label,
            ),
            "warning",
        )
        return opinion, redirect(opinion_url(opinion))
    return opinion, None


@bp.route("/<id:meeting_id>/opinions/<id:opinion_id>/edit", methods=["GET", "POST"])
def edit_opinion(meeting_id: int, opinion_id: int) -> ResponseReturnValue:
    opinion, redirected = editable_opinion(meeting_id, opinion_id)
    if redirected:
        return redirected
    if request.method == "GET":
        return render_edit(opinion)
    form = OpinionForm()
    if not is_secretariat():
        form.for_member()
    fill_speakers(form, opinion.meeting, opinion.speaker)
    if not form.validate_on_submit():
        return render_edit(opinion, 422, form=form)
    try:
        opinions.update_opinion(
            opinion,
            form.opinion_data(with_suggestions=False),
            by_user=current_user,
            speaker=chosen_speaker(form),
        )
    except RuleViolation as error:
        refuse(error)
        opinion = opinions.load_opinion_for_detail(opinion_id)
        return render_edit(opinion, error.status, form=form)
    db.session.commit()
    flash(_("Opinion saved."), "success")
    return redirect(opinion_url(opinion))


@bp.post("/<id:meeting_id>/opinions/<id:opinion_id>/delete")
def delete_opinion(meeting_id: int, opinion_id: int) -> ResponseReturnValue:
    opinion = load_opinion(meeting_id, opinion_id, "opinion.edit")
    return perform(
        lambda: opinions.delete_opinion(opinion, by_user=current_user),
        refused=lambda status: render_opinion_detail(opinion_id, status),
        done=lambda _result: back_to_meeting(meeting_id),
        success=_("Opinion deleted."),
    )


@bp.post("/<id:meeting_id>/opinions/<id:opinion_id>/move")
def move_opinion(meeting_id: int, opinion_id: int) -> ResponseReturnValue:
    meeting_or_404(meeting_id)  # the speaking order is the secretariat's
    opinion = load_opinion(meeting_id, opinion_id, "opinion.view")
    return move(
        lambda direction: opinions.move_opinion(opinion, direction),
        refused=lambda status: render_detail(meeting_id, status),
        done=lambda: back_to_meeting(meeting_id),
        unclear=_("Choose whether to move the opinion up or down."),
        at_end=_("The opinion is already at that end of its group."),
    )


# ---------------------------------------------------------------- suggestions


def back_to_edit(opinion: Opinion) -> WerkzeugResponse:
    return redirect(opinion_url(opinion, "opinions.edit_opinion") + "#suggestions")


@bp.post("/<id:meeting_id>/opinions/<id:opinion_id>/suggestions")
def add_suggestions(meeting_id: int, opinion_id: int) -> ResponseReturnValue:
    opinion = load_opinion(meeting_id, opinion_id, "opinion.edit")
    form = AddSuggestionsForm()
    if not form.validate_on_submit():
        return render_edit(opinion, 422, add_form=form)
    if (again := idempotency.claim()) is not None:
        return again  # the same lines sent twice are added once
    try:
        suggestions.add_suggestions(opinion, form.texts.data, by_user=current_user)
    except RuleViolation as error:
        refuse(error)
        return render_edit(
            opinions.load_opinion_for_detail(opinion_id), error.status, add_form=form
        )
    answer = back_to_edit(opinion)
    idempotency.answered(answer.location)
    db.session.commit()
    flash(_("Suggestions added."), "success")
    return answer


@bp.post("/<id:meeting_id>/opinions/<id:opinion_id>/suggestions/<id:suggestion_id>")
def update_suggestion(meeting_id: int, opinion_id: int, suggestion_id: int) -> ResponseReturnValue:
    opinion, suggestion = load_suggestion(meeting_id, opinion_id, suggestion_id)
    form = SuggestionForm()
    if not form.validate_on_submit():
        return render_edit(opinion, 422, failed=(suggestion.id, form))
    try:
        suggestions.update_suggestion(suggestion, form.text.data, by_user=current_user)
    except RuleViolation as error:
        refuse(error)
        opinion = opinions.load_opinion_for_detail(opinion_id)
        return render_edit(opinion, error.status, failed=(suggestion_id, form))
    db.session.commit()
    flash(_("Suggestion saved."), "success")
    return back_to_edit(opinion)


@bp.post("/<id:meeting_id>/opinions/<id:opinion_id>/suggestions/<id:suggestion_id>/delete")
def delete_suggestion(meeting_id: int, opinion_id: int, suggestion_id: int) -> ResponseReturnValue:
    opinion, suggestion = load_suggestion(meeting_id, opinion_id, suggestion_id)
    return perform(
        lambda: suggestions.delete_suggestion(suggestion, by_user=current_user),
        refused=lambda status: render_edit(opinions.load_opinion_for_detail(opinion_id), status),
        done=lambda _result: back_to_edit(opinion),
        success=_("Suggestion removed."),
    )


@bp.post("/<id:meeting_id>/opinions/<id:opinion_id>/suggestions/<id:suggestion_id>/move")
def move_suggestion(meeting_id: int, opinion_id: int, suggestion_id: int) -> ResponseReturnValue:
    opinion, suggestion = load_suggestion(meeting_id, opinion_id, suggestion_id)
    return move(
        lambda direction: suggestions.move_suggestion(suggestion, direction, by_user=current_user),
        refused=lambda status: render_edit(opinions.load_opinion_for_detail(opinion_id), status),
        done=lambda: back_to_edit(opinion),
        unclear=_("Choose whether to move the suggestion up or down."),
    )
