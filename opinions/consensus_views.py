"""Consensus routes (on the opinions blueprint): the chair's points, add/edit/delete/move."""

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from common import idempotency
from common.errors import RuleViolation
from common.views import move, perform, refuse
from extensions import db
from meetings.loaders import meeting_or_404
from meetings.models import Meeting
from meetings.views import render_detail
from opinions import consensus
from opinions import services as opinions
from opinions.blueprint import bp
from opinions.forms import ConsensusForm
from opinions.loaders import consensus_meeting
from opinions.models import ConsensusPoint


def back_to_consensus(meeting_id: int) -> WerkzeugResponse:
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id) + "#consensus")


def opinion_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return [(o.id, f"{o.speaker.name}：{o.title}") for o in opinions.opinions_for_meeting(meeting)]


def render_point_form(
    form: ConsensusForm, meeting: Meeting, point: ConsensusPoint | None = None, status: int = 200
) -> ResponseReturnValue:
    page = render_template("opinions/consensus_form.html", form=form, meeting=meeting, point=point)
    return page, status


@bp.post("/<id:meeting_id>/consensus")
def add_consensus_point(meeting_id: int) -> ResponseReturnValue:
    meeting = consensus_meeting(meeting_id)
    form = ConsensusForm()
    form.opinion_ids.choices = opinion_choices(meeting)
    if not form.validate_on_submit():
        return render_point_form(form, meeting, status=422)
    if (again := idempotency.claim()) is not None:
        return again  # the same point sent twice is recorded once
    try:
        consensus.add_consensus_point(
            meeting, form.text.data, form.opinion_ids.data, by_user=current_user
        )
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status)
    answer = back_to_consensus(meeting_id)
    idempotency.answered(answer.location)
    db.session.commit()
    flash(_("Consensus point recorded."), "success")
    return answer


@bp.route("/<id:meeting_id>/consensus/<id:point_id>/edit", methods=["GET", "POST"])
def edit_consensus_point(meeting_id: int, point_id: int) -> ResponseReturnValue:
    meeting = consensus_meeting(meeting_id)
    point = consensus.get_point_or_404(meeting, point_id)
    form = ConsensusForm(obj=point)
    form.opinion_ids.choices = opinion_choices(meeting)
    if not form.is_submitted():
        form.opinion_ids.data = [o.id for o in point.opinions]
    if form.validate_on_submit():
        try:
            consensus.update_consensus_point(
                point, form.text.data, form.opinion_ids.data, by_user=current_user
            )
        except RuleViolation as error:
            refuse(error)
            meeting = meeting_or_404(meeting_id, "meeting.view")
            return render_point_form(form, meeting, point, error.status)
        db.session.commit()
        flash(_("Consensus point saved."), "success")
        return back_to_consensus(meeting_id)
    return render_point_form(form, meeting, point, 422 if form.is_submitted() else 200)


@bp.post("/<id:meeting_id>/consensus/<id:point_id>/delete")
def delete_consensus_point(meeting_id: int, point_id: int) -> ResponseReturnValue:
    meeting = consensus_meeting(meeting_id)
    point = consensus.get_point_or_404(meeting, point_id)
    return perform(
        lambda: consensus.delete_consensus_point(point, by_user=current_user),
        refused=lambda status: render_detail(meeting_id, status),
        done=lambda _result: back_to_consensus(meeting_id),
        success=_("Consensus point removed."),
    )


@bp.post("/<id:meeting_id>/consensus/<id:point_id>/move")
def move_consensus_point(meeting_id: int, point_id: int) -> ResponseReturnValue:
    point = consensus.get_point_or_404(consensus_meeting(meeting_id), point_id)
    return move(
        lambda direction: consensus.move_consensus_point(point, direction, by_user=current_user),
        refused=lambda status: render_detail(meeting_id, status),
        done=lambda: back_to_consensus(meeting_id),
        unclear=_("Choose whether to move the point up or down."),
        at_end=_("The point is already at that end of the list."),
    )
