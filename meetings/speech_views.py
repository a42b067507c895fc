"""Importing a written speech as a proposed opinion.

    GET/POST /meetings/<id>/opinions/import       paste or upload -> the review form
    POST     /meetings/<id>/opinions/import/save  the reviewed opinion -> saved and assigned

Stateless between the steps: the review form carries every field itself (nothing is kept on
the server between the two requests). Saving creates the opinion, its suggestions and the
assignment in one transaction, or nothing.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import require
from common.errors import RuleViolation
from extensions import db
from meetings import opinions, services
from meetings import speech_services as speech
from meetings.models import Meeting
from meetings.speech import strip_controls
from meetings.speech_forms import ReviewLists, SpeechReviewForm, SpeechSourceForm
from meetings.views import person_label
from participants.models import Department
from responses.assignments import CLOSED_MEETING_STATUSES, active_departments

bp = Blueprint("speech_import", __name__)


def import_meeting(meeting_id: int) -> Meeting:
    """The meeting, if the user may import opinions into it (404 where it is private)."""
    meeting = services.get_meeting_or_404(meeting_id)
    require(current_user, "opinion.import", meeting)
    return meeting


def read_only_redirect(meeting: Meeting):
    flash(
        _("This meeting is %(status)s and can no longer be changed.", status=meeting.status.label),
        "warning",
    )
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id) + "#opinions")


def fill_choices(form: SpeechReviewForm, meeting: Meeting, departments: list[Department]) -> None:
    people = opinions.speaker_candidates(meeting)
    form.speaker_id.choices = [("", _("— choose —"))] + [(p.id, person_label(p)) for p in people]
    form.lead.choices = [("", "—")] + [(d.id, d.name) for d in departments]


def render_source(meeting: Meeting, form: SpeechSourceForm, status: int = 200):
    return render_template("meetings/speech_source.html", meeting=meeting, form=form), status


def render_review(
    meeting: Meeting,
    form: SpeechReviewForm,
    suggestions: list[str],
    departments: list[Department],
    chosen: list[int],
    status: int = 200,
    errors: list[str] | None = None,
):
    # Departments the speech mentions (or the user ticked) first, then the others.
    by_id = {d.id: d for d in departments}
    ordered = [by_id[i] for i in chosen if i in by_id]
    ordered += [d for d in departments if d.id not in chosen]
    page = render_template(
        "meetings/speech_review.html",
        meeting=meeting,
        form=form,
        suggestions=suggestions,
        departments=ordered,
        chosen=set(chosen),
        may_assign=meeting.status not in CLOSED_MEETING_STATUSES,
        list_errors=errors or [],
    )
    return page, status


@bp.route("/meetings/<int:meeting_id>/opinions/import", methods=["GET", "POST"])
def import_speech(meeting_id: int):
    meeting = import_meeting(meeting_id)
    if meeting.status in services.READ_ONLY_STATUSES:
        return read_only_redirect(meeting)
    form = SpeechSourceForm()
    if not form.validate_on_submit():
        return render_source(meeting, form, 422 if form.is_submitted() else 200)
    text = form.text.data or ""
    upload = form.document.data
    if upload:
        try:
            text = speech.read_upload(upload.filename or "", upload.read(speech.MAX_UPLOAD + 1))
        except RuleViolation as error:
            form.document.errors.append(error.message)
            return render_source(meeting, form, 422)
    departments = active_departments()
    proposal, mentioned = speech.propose(text, departments)
    review = SpeechReviewForm(formdata=None)
    fill_choices(review, meeting, departments)
    review.title.data = proposal.title[:200]
    review.mode.data = speech.default_mode(mentioned).value
    speaker = speech.guess_speaker(text, opinions.speaker_candidates(meeting))
    review.body.data = speech.without_byline(proposal.problem, speaker)
    review.speaker_id.data = speaker.id if speaker is not None else None
    suggestions = proposal.suggestions or [""]
    return render_review(meeting, review, suggestions, departments, [d.id for d in mentioned])


@bp.post("/meetings/<int:meeting_id>/opinions/import/save")
def save_speech(meeting_id: int):
    meeting = import_meeting(meeting_id)
    if meeting.status in services.READ_ONLY_STATUSES:
        return read_only_redirect(meeting)
    departments = active_departments()
    by_id = {d.id: d for d in departments}
    form = SpeechReviewForm()
    fill_choices(form, meeting, departments)
    lists = ReviewLists.parse(request.form, by_id)
    valid = form.validate_on_submit()
    if form.lead.data is not None and form.lead.data not in by_id:
        lists.errors.append(_("Choose departments from the list."))

    def again(status: int, errors: list[str]):
        return render_review(
            meeting, form, lists.suggestions or [""], departments, lists.department_ids,
            status, errors,
        )  # fmt: skip

    if not valid or lists.errors:
        return again(422, lists.errors)
    data = speech.ImportedOpinion(
        speaker=db.session.get(opinions.Participant, form.speaker_id.data),
        title=strip_controls(form.title.data),
        body=strip_controls(form.body.data or ""),
        channel=form.channel.data,
        themes=strip_controls(form.themes.data or ""),
        suggestions=lists.suggestions,
        departments=[by_id[i] for i in lists.department_ids],
        mode=form.mode.data if lists.department_ids else None,
        lead=by_id.get(form.lead.data) if lists.department_ids else None,
        due_date=form.due_date.data,
    )
    try:
        opinion, created = speech.save_imported_opinion(meeting, data, by_user=current_user)
    except RuleViolation as error:
        db.session.rollback()
        return again(error.status, [error.message])
    db.session.commit()
    if created:
        flash(_("Opinion imported and assigned to %(n)s department(s).", n=len(created)), "success")
    else:
        flash(_("Opinion imported."), "success")
    return redirect(
        url_for("meetings.opinion_detail", meeting_id=meeting.id, opinion_id=opinion.id)
    )
