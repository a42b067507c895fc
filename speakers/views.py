"""Speakers list routes: the management page, its actions, the hall's screen and its feed."""

from collections.abc import Callable

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from accounts.policy import require
from common.errors import RuleViolation
from common.views import move, perform, person_label, refuse
from extensions import db
from meetings import services
from meetings.models import Meeting
from participants.models import Participant
from speakers import screen
from speakers import services as speakers
from speakers.blueprint import bp
from speakers.forms import AddSpeakerForm, SpeakerSlotForm
from speakers.models import SpeakerSlot


def load_meeting(meeting_id: int, *actions: str) -> Meeting:
    """The meeting, if it exists and the user may do every one of `actions` to it.

    Asking "meeting.view" first makes a meeting the user may not see a 404; a meeting they
    see but whose list they do not run is a 403.
    """
    meeting = services.get_meeting_or_404(meeting_id)
    for action in actions:
        require(current_user, action, meeting)
    return meeting


def speakers_meeting_or_404(meeting_id: int) -> Meeting:
    return load_meeting(meeting_id, "meeting.view", "speakers.manage")


def fill_add_choices(form: AddSpeakerForm, meeting: Meeting, slots: list[SpeakerSlot]) -> None:
    invited, others = speakers.candidates(meeting, slots)
    choices: dict[str, list[tuple[object, str]]] = {}
    if invited:
        choices[_("Invited to this meeting")] = [(p.id, person_label(p)) for p in invited]
    if others:
        choices[_("Not invited yet (will be invited as a speaker)")] = [
            (p.id, person_label(p)) for p in others
        ]
    form.participant_id.choices = {"": [("", _("— choose —"))], **choices}


def render_speakers(
    meeting: Meeting, status: int = 200, add_form: AddSpeakerForm | None = None
) -> ResponseReturnValue:
    """The management page; a failed add form is passed back in to show its errors."""
    slots = speakers.list_slots(meeting)
    add_form = add_form or AddSpeakerForm(formdata=None)
    fill_add_choices(add_form, meeting, slots)
    summary, total_actual, total_limit = screen.duration_summary(slots)
    now = services.current_time()
    return (
        render_template(
            "speakers/manage.html",
            meeting=meeting,
            slots=slots,
            current=speakers.current_slot(slots),
            waiting=speakers.waiting_slots(slots),
            is_open=speakers.is_open(meeting),
            now=now,
            state=screen.screen_state(meeting, now, slots=slots),
            add_form=add_form,
            default_minutes=speakers.default_time_limit_seconds() // 60,
            summary=summary,
            total_actual=total_actual,
            total_limit=total_limit,
            mmss=screen.format_duration,
        ),
        status,
    )


def back_to(meeting_id: int) -> ResponseReturnValue:
    return redirect(url_for("speakers.speakers_list", meeting_id=meeting_id))


def change_list(
    meeting: Meeting, step: Callable[[], object], success: str | None = None
) -> ResponseReturnValue:
    """One change to the list: the step, one commit, `success` flashed, back to the list;
    a refused step shows the list again with why."""
    return perform(
        step,
        refused=lambda status: render_speakers(meeting, status),
        done=lambda _result: back_to(meeting.id),
        success=success,
    )


def concurrent_change(meeting: Meeting) -> ResponseReturnValue:
    error = RuleViolation(
        _("Someone else changed the speakers list at the same moment. Please check and try again."),
        409,
    )
    refuse(error)
    return render_speakers(meeting, error.status)


@bp.get("/<id:meeting_id>/speakers")
def speakers_list(meeting_id: int) -> ResponseReturnValue:
    return render_speakers(speakers_meeting_or_404(meeting_id))


@bp.post("/<id:meeting_id>/speakers/fill")
def fill_speakers(meeting_id: int) -> ResponseReturnValue:
    meeting = speakers_meeting_or_404(meeting_id)
    try:
        result = speakers.fill_from_invitations(meeting)
        db.session.commit()
    except IntegrityError:
        return concurrent_change(meeting)
    except RuleViolation as error:
        refuse(error)
        return render_speakers(meeting, error.status)
    message = _(
        "%(added)s speakers added, %(already)s already on the list.",
        added=result.added,
        already=result.already,
    )
    if result.not_coming:
        message += " " + _(
            "%(n)s left out: declined or excused.",
            n=result.not_coming,
        )
    flash(message, "success" if result.added else "info")
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/speakers/add")
def add_speaker(meeting_id: int) -> ResponseReturnValue:
    meeting = speakers_meeting_or_404(meeting_id)
    form = AddSpeakerForm()
    fill_add_choices(form, meeting, speakers.list_slots(meeting))
    if not form.validate_on_submit():
        return render_speakers(meeting, 422, add_form=form)
    participant = db.session.get(Participant, form.participant_id.data)
    if participant is None:  # removed from the directory since the page was drawn
        abort(404)
    try:
        speakers.add_speaker(
            meeting,
            participant,
            topic=form.topic.data,
            minutes=form.minutes.data,
            speak_next=bool(form.speak_next.data),
        )
        db.session.commit()
    except IntegrityError:
        return concurrent_change(meeting)
    except RuleViolation as error:
        refuse(error)
        return render_speakers(meeting, error.status, add_form=form)
    flash(_("%(name)s added to the speakers list.", name=participant.name), "success")
    return back_to(meeting_id)


@bp.post("/<id:meeting_id>/speakers/next")
def start_next_speaker(meeting_id: int) -> ResponseReturnValue:
    meeting = speakers_meeting_or_404(meeting_id)

    def announced(slot: SpeakerSlot) -> ResponseReturnValue:
        flash(_("%(name)s has the floor.", name=slot.participant.name), "success")
        return back_to(meeting_id)

    return perform(
        lambda: speakers.start_next(meeting),
        refused=lambda status: render_speakers(meeting, status),
        done=announced,
    )


@bp.post("/<id:meeting_id>/speakers/<id:slot_id>")
def update_speaker(meeting_id: int, slot_id: int) -> ResponseReturnValue:
    meeting = speakers_meeting_or_404(meeting_id)
    slot = speakers.get_slot_or_404(meeting, slot_id)
    form = SpeakerSlotForm()
    name = slot.participant.name
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"{name}: {error}", "danger")
        return render_speakers(meeting, 422)
    return change_list(
        meeting,
        lambda: speakers.update_slot(slot, form.topic.data or "", form.minutes.data),
        _("Speaking slot of %(name)s saved.", name=name),
    )


@bp.post("/<id:meeting_id>/speakers/<id:slot_id>/move")
def move_speaker(meeting_id: int, slot_id: int) -> ResponseReturnValue:
    meeting = speakers_meeting_or_404(meeting_id)
    slot = speakers.get_slot_or_404(meeting, slot_id)
    return move(
        lambda direction: speakers.move_slot(slot, direction),
        refused=lambda status: render_speakers(meeting, status),
        done=lambda: back_to(meeting_id),
        unclear=_("Choose whether to move the speaker up or down."),
        at_end=_("The speaker is already at that end of the waiting list."),
    )


# A slot's one-click steps, as data: (URL end, endpoint, service step, what the user is told).
SLOT_STEPS: tuple[tuple[str, str, Callable[[SpeakerSlot], object], LazyString], ...] = (
    (
        "delete",
        "remove_speaker",
        speakers.remove_slot,
        _l("%(name)s removed from the speakers list."),
    ),
    ("start", "start_speech", speakers.start_speech, _l("%(name)s has the floor.")),
    ("stop", "stop_speech", speakers.stop_speech, _l("The speech of %(name)s has ended.")),
    ("spoken", "mark_spoken", speakers.mark_spoken, _l("%(name)s is marked as having spoken.")),
    ("skip", "skip_speaker", speakers.skip_speaker, _l("%(name)s was skipped.")),
)


def slot_step_view(
    step: Callable[[SpeakerSlot], object], message: LazyString
) -> Callable[[int, int], ResponseReturnValue]:
    """The view of one slot step; `message` names the speaker as %(name)s."""

    def view(meeting_id: int, slot_id: int) -> ResponseReturnValue:
        meeting = speakers_meeting_or_404(meeting_id)
        slot = speakers.get_slot_or_404(meeting, slot_id)
        told = str(message) % {"name": slot.participant.name}
        return change_list(meeting, lambda: step(slot), told)

    return view


for _path, _endpoint, _step, _message in SLOT_STEPS:
    bp.add_url_rule(
        f"/<id:meeting_id>/speakers/<id:slot_id>/{_path}",
        _endpoint,
        slot_step_view(_step, _message),
        methods=["POST"],
    )


# ---------------------------------------------------------------- the hall's screen


@bp.get("/<id:meeting_id>/screen")
def speakers_screen(meeting_id: int) -> ResponseReturnValue:
    meeting = load_meeting(meeting_id, "meeting.view")
    return render_template(
        "speakers/screen.html", meeting=meeting, state=screen.screen_state(meeting)
    )


@bp.get("/<id:meeting_id>/speakers/state")
def speakers_state(meeting_id: int) -> ResponseReturnValue:
    meeting = load_meeting(meeting_id, "meeting.view")
    response = jsonify(screen.screen_state(meeting))
    response.headers["Cache-Control"] = "no-store"
    return response
