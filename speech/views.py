"""Importing a written speech (or a page of several proposals) as proposed opinions.

    GET/POST /meetings/<id>/opinions/import       paste or upload -> the review form
    POST     /meetings/<id>/opinions/import/save  the reviewed opinions -> saved and assigned

Stateless between the steps: the review form carries every field itself, and the source text
(so the user can bring back a line removed as page furniture and have it proposed again).
Saving creates every opinion, its suggestions and its assignments in one transaction, or
nothing.
"""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import require
from common import idempotency
from common.errors import RuleViolation
from common.views import person_label
from extensions import db
from meetings import services
from meetings.models import Meeting
from opinions import services as opinions
from participants.models import Department
from responses.assignments import CLOSED_MEETING_STATUSES, active_departments
from speech import services as speech
from speech.blueprint import bp
from speech.forms import (
    ReviewLists,
    SpeechReviewForm,
    SpeechSourceForm,
    kept_lines,
    review_prefixes,
)
from speech.review import ReviewEntry, describe
from speech.services import ProposedOpinion
from speech.splitter import prepare, strip_controls
from speech.text import strip_furniture


def import_meeting(meeting_id: int) -> Meeting:
    """The meeting, if the user may import opinions into it (404 where it is private)."""
    meeting = services.get_meeting_or_404(meeting_id)
    require(current_user, "opinion.import", meeting)
    return meeting


def read_only_redirect(meeting: Meeting) -> ResponseReturnValue:
    flash(
        _("This meeting is %(status)s and can no longer be changed.", status=meeting.status.label),
        "warning",
    )
    return redirect(url_for("meetings.meeting_detail", meeting_id=meeting.id) + "#opinions")


def review_form(
    meeting: Meeting, departments: list[Department], prefix: str, **kwargs: Any
) -> SpeechReviewForm:
    form = SpeechReviewForm(prefix=prefix, **kwargs)
    people = opinions.speaker_candidates(meeting)
    form.speaker_id.choices = [("", _("— choose —"))] + [(p.id, person_label(p)) for p in people]
    form.lead.choices = [("", "—")] + [(d.id, d.name) for d in departments]
    return form


def render_source(
    meeting: Meeting, form: SpeechSourceForm, status: int = 200
) -> ResponseReturnValue:
    return render_template("speech/source.html", meeting=meeting, form=form), status


def render_review(
    meeting: Meeting,
    entries: list[ReviewEntry],
    departments: list[Department],
    source: str,
    keep: list[str],
    status: int = 200,
    errors: list[str] | None = None,
) -> ResponseReturnValue:
    removed = strip_furniture(prepare(source), keep)[1] if source else []
    for entry in entries:
        describe(entry, departments)
    page = render_template(
        "speech/review.html",
        meeting=meeting,
        entries=entries,
        several=len(entries) > 1,
        source=source,
        removed=removed,
        kept=keep,
        may_assign=meeting.status not in CLOSED_MEETING_STATUSES,
        list_errors=errors or [],
    )
    return page, status


@bp.route("/meetings/<id:meeting_id>/opinions/import", methods=["GET", "POST"])
def import_speech(meeting_id: int) -> ResponseReturnValue:
    meeting = import_meeting(meeting_id)
    if meeting.status in services.READ_ONLY_STATUSES:
        return read_only_redirect(meeting)
    form = SpeechSourceForm()
    if not form.validate_on_submit():
        return render_source(meeting, form, 422 if form.is_submitted() else 200)
    text = strip_controls(form.text.data or "")
    upload = form.document.data
    if upload:
        try:
            text = speech.read_upload(upload.filename or "", upload.read(speech.MAX_UPLOAD + 1))
        except RuleViolation as error:
            form.document.errors.append(error.message)
            return render_source(meeting, form, 422)
    departments = active_departments()
    keep = kept_lines(request.form)
    people = opinions.speaker_candidates(meeting)
    page = speech.propose_page(text, departments, people, keep)
    proposed: list[ProposedOpinion | None] = list(page.opinions) or [None]
    entries = []
    for prefix, found in zip(review_prefixes(len(proposed)), proposed, strict=True):
        review = review_form(meeting, departments, prefix, formdata=None)
        entry = ReviewEntry(review, prefix)
        if found is not None:
            entry.fill(found)
        entries.append(entry)
    if page.left_out:
        flash(
            _(
                "Only the first %(n)s proposals are shown; %(m)s more follow in the text. "
                "Import them separately.",
                n=len(page.opinions),
                m=page.left_out,
            ),
            "warning",
        )
    return render_review(meeting, entries, departments, text, keep)


@bp.post("/meetings/<id:meeting_id>/opinions/import/save")
def save_speech(meeting_id: int) -> ResponseReturnValue:
    meeting = import_meeting(meeting_id)
    if meeting.status in services.READ_ONLY_STATUSES:
        return read_only_redirect(meeting)
    try:
        count = int(request.form.get("opinions") or 1)
    except ValueError:
        abort(422)
    if not 1 <= count <= speech.MAX_OPINIONS:
        abort(422)
    departments = active_departments()
    by_id = {d.id: d for d in departments}
    prefixes = review_prefixes(count)
    entries: list[ReviewEntry] = []
    for prefix in prefixes:
        form = review_form(meeting, departments, prefix)
        lists = ReviewLists.parse(request.form, by_id, prefix)
        entry = ReviewEntry.from_lists(form, prefix, lists)
        entry.included = len(prefixes) == 1 or bool(request.form.get(prefix + "include"))
        if entry.included:
            valid = form.validate_on_submit()
            if form.lead.data is not None and form.lead.data not in by_id:
                entry.errors.append(_("Choose departments from the list."))
            entry.valid = valid and not entry.errors
        entries.append(entry)
    chosen = [e for e in entries if e.included]
    source = strip_controls(request.form.get("text") or "")[: speech.MAX_TEXT]
    keep = kept_lines(request.form)

    def again(status: int, errors: list[str]) -> ResponseReturnValue:
        return render_review(meeting, entries, departments, source, keep, status, errors)

    if not chosen:
        return again(422, [_("Tick at least one opinion to save.")])
    if not all(e.valid for e in chosen):
        return again(422, [])
    if (replay := idempotency.claim()) is not None:
        return replay  # saved by the first click: not imported twice
    try:
        saved = speech.save_imported_opinions(
            meeting, [e.imported(by_id) for e in chosen], by_user=current_user
        )
    except RuleViolation as error:
        db.session.rollback()
        return again(error.status, [error.message])
    if len(saved) > 1:
        url = url_for("meetings.meeting_detail", meeting_id=meeting.id) + "#opinions"
    else:
        url = url_for("opinions.opinion_detail", meeting_id=meeting.id, opinion_id=saved[0][0].id)
    idempotency.answered(url)
    db.session.commit()
    assigned = sum(len(created) for _opinion, created in saved)
    if len(saved) > 1:
        flash(
            _("%(n)s opinions imported, %(m)s assignment(s) made.", n=len(saved), m=assigned),
            "success",
        )
    elif assigned:
        flash(_("Opinion imported and assigned to %(n)s department(s).", n=assigned), "success")
    else:
        flash(_("Opinion imported."), "success")
    return redirect(url)
