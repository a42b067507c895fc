"""Invitation routes: bulk invite, invite one person, update a row, remove."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from common.errors import RuleViolation
from extensions import db
from meetings import invitations
from meetings.forms import AgendaItemForm, BulkInviteForm, InvitationForm, InviteForm
from meetings.models import Attendance, InvitationRole
from meetings.views import bp, fill_detail_choices, meeting_or_404, refuse, render_detail
from participants.models import Participant, ParticipantKind


def concurrent_change() -> RuleViolation:
    """Two people inviting the same person at once: the unique constraint decides."""
    return RuleViolation(
        _("Someone else changed the invitations at the same moment. Please check and try again."),
        409,
    )


def back_to(meeting_id: int):
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting_id) + "#invitations")


def _fill(form) -> None:
    """Choices for one detail-page form, before it validates (the others are throwaway)."""
    bulk = form if isinstance(form, BulkInviteForm) else BulkInviteForm(formdata=None)
    invite = form if isinstance(form, InviteForm) else InviteForm(formdata=None)
    fill_detail_choices(bulk, invite, AgendaItemForm(formdata=None))


def conflict(meeting_id: int, **forms):
    error = concurrent_change()
    refuse(error)
    return render_detail(meeting_id, error.status, **forms)


@bp.post("/<int:meeting_id>/invitations/bulk")
def bulk_invite(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = BulkInviteForm()
    _fill(form)
    if not form.validate_on_submit():
        return render_detail(meeting_id, 422, bulk_form=form)
    try:
        result = invitations.bulk_invite(
            meeting,
            # Optional() lets a blank-looking " " past the choice check: blank means "any".
            kind=ParticipantKind(form.kind.data) if (form.kind.data or "").strip() else None,
            sector=(form.sector.data or "").strip() or None,
            committee=(form.committee.data or "").strip() or None,
            role=InvitationRole(form.role.data) if (form.role.data or "").strip() else None,
        )
        db.session.commit()
    except IntegrityError:
        return conflict(meeting_id, bulk_form=form)
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status, bulk_form=form)
    flash(
        _(
            "%(invited)s invited, %(already)s already invited.",
            invited=result.invited,
            already=result.already,
        ),
        "success" if result.invited else "info",
    )
    return back_to(meeting_id)


@bp.post("/<int:meeting_id>/invitations")
def add_invitation(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = InviteForm()
    _fill(form)
    if not form.validate_on_submit():
        return render_detail(meeting_id, 422, invite_form=form)
    participant = db.session.get(Participant, form.participant_id.data)
    try:
        invitations.invite(
            meeting,
            participant,
            role=InvitationRole(form.role.data) if form.role.data else None,
        )
        db.session.commit()
    except IntegrityError:
        return conflict(meeting_id, invite_form=form)
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status, invite_form=form)
    flash(_("%(name)s invited.", name=participant.name), "success")
    return back_to(meeting_id)


@bp.post("/<int:meeting_id>/invitations/<int:invitation_id>")
def update_invitation(meeting_id: int, invitation_id: int):
    meeting = meeting_or_404(meeting_id)
    invitation = invitations.get_invitation_or_404(meeting, invitation_id)
    form = InvitationForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"{invitation.participant.name}: {error}", "danger")
        return render_detail(meeting_id, 422)
    name = invitation.participant.name
    try:
        invitations.update_invitation(
            invitation,
            role=InvitationRole(form.role.data),
            attendance=Attendance(form.attendance.data),
            note=form.note.data or "",
        )
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status)
    db.session.commit()
    flash(_("Invitation of %(name)s saved.", name=name), "success")
    return back_to(meeting_id)


@bp.post("/<int:meeting_id>/invitations/<int:invitation_id>/delete")
def delete_invitation(meeting_id: int, invitation_id: int):
    meeting = meeting_or_404(meeting_id)
    invitation = invitations.get_invitation_or_404(meeting, invitation_id)
    name = invitation.participant.name
    try:
        invitations.remove_invitation(invitation)
    except RuleViolation as error:
        refuse(error)
        return render_detail(meeting_id, error.status)
    db.session.commit()
    flash(_("%(name)s is no longer invited.", name=name), "success")
    return back_to(meeting_id)
