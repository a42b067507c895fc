"""flask --app app demo: load the demo story. Running it again changes nothing."""

from datetime import date, datetime, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from accounts.models import Role, User
from accounts.services import create_user
from audit.services import acting_as
from committees.current import working_in
from committees.models import Committee
from committees.services import create_committee, find_committee
from common import clock
from common.uploads import configured_limits
from demo import data, earlier_data, people_demo
from demo.earlier import load_earlier_story
from demo.wangshan import load_wangshan
from demo.workflow import load_workflow
from extensions import db
from meetings.models import (
    AgendaItem,
    AgendaKind,
    Attendance,
    Invitation,
    InvitationRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from office.services import mark_demo
from opinions.models import Opinion
from opinions.steps import place
from participants.models import Department, Participant, ParticipantKind
from speech import services as speech_services


def ensure_departments() -> dict[str, Department]:
    by_short_name = {}
    for name, short_name, aliases in data.DEPARTMENTS:
        department = db.session.scalar(select(Department).where(Department.name == name))
        if department is None:
            department = Department(name=name, short_name=short_name)
            department.aliases = [aliases]
            db.session.add(department)
        by_short_name[short_name] = department
    db.session.flush()
    return by_short_name


def ensure_people(departments: dict[str, Department]) -> dict[str, Participant]:
    people = {}
    for name, kind, affiliation, title, sector, committee, department in data.PEOPLE:
        person = db.session.scalar(
            select(Participant).where(
                Participant.name == name, Participant.affiliation == affiliation
            )
        )
        if person is None:
            person = Participant(
                name=name,
                kind=ParticipantKind(kind),
                affiliation=affiliation,
                title=title,
                sector=sector,
                committee=committee,
                department=departments.get(department) if department else None,
            )
            db.session.add(person)
        people[name] = person
    db.session.flush()
    return people


def ensure_meeting(spec: dict, starts_at: datetime, ends_at: datetime, people) -> Meeting:
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == spec["title"]))
    if meeting is None:
        meeting = Meeting(
            title=spec["title"],
            kind=MeetingKind(spec["kind"]),
            starts_at=starts_at,
            ends_at=ends_at,
            venue=spec["venue"],
            organiser_committee=spec["organiser_committee"],
            chair=people[spec["chair"]],
            description=spec["description"],
            status=MeetingStatus(spec["status"]),
            opinions_open=spec.get("opinions_open", False),
            issue_number=spec.get("issue_number"),
        )
        db.session.add(meeting)
        db.session.flush()
    return meeting


def ensure_invitations(meeting: Meeting, rows, people) -> None:
    invited = {inv.participant_id for inv in meeting.invitations}
    for name, role, attendance, note in rows:
        person = people[name]
        if person.id not in invited:
            meeting.invitations.append(
                Invitation(
                    participant=person,
                    role=InvitationRole(role),
                    attendance=Attendance(attendance),
                    note=note,
                )
            )
    db.session.flush()


def ensure_agenda(meeting: Meeting, people, departments) -> None:
    if meeting.agenda_items:
        return  # the office may have edited the agenda; never overwrite it
    for position, (kind, title, presenter, department, minutes) in enumerate(data.AGENDA, 1):
        meeting.agenda_items.append(
            AgendaItem(
                position=position,
                kind=AgendaKind(kind),
                title=title,
                presenter=people.get(presenter) if presenter else None,
                department=departments.get(department) if department else None,
                planned_minutes=minutes,
                text=data.AGENDA_TEXTS.get(kind, ""),
            )
        )
    db.session.flush()


def place_speeches(meeting: Meeting) -> None:
    """Each oral opinion in the speeches step its speaker spoke in, as the form proposes."""
    for opinion in db.session.scalars(
        select(Opinion).where(Opinion.meeting_id == meeting.id, Opinion.agenda_item_id.is_(None))
    ):
        place(opinion, None, propose=True)
    db.session.flush()


def ensure_users(people, departments) -> None:
    """One account per role, linked to the person or department whose view it shows."""
    for username, role, display_name, person, department in data.USERS:
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            create_user(
                username,
                data.DEMO_PASSWORD,
                Role(role),
                display_name,
                participant=people[person] if person else None,
                department=departments[department] if department else None,
            )
    db.session.flush()


def ensure_committees() -> dict[str, Committee]:
    """The city, the demo's district and a second district, each with its office."""
    found: dict[str, Committee] = {}
    for name, short_name, level, parent in data.COMMITTEES:
        committee = find_committee(short_name)
        if committee is None:
            committee = create_committee(name, short_name, level, found.get(parent or ""))
        found[short_name] = committee
    for username, role, display_name, short_name in data.OTHER_COMMITTEE_USERS:
        committee = found[short_name]
        with working_in(committee.id):
            mark_demo()
            if db.session.scalar(select(User.id).where(User.username == username)) is None:
                create_user(
                    username,
                    data.DEMO_PASSWORD,
                    Role(role),
                    display_name,
                    committee_id=committee.id,
                )
    db.session.flush()
    return found


def load_demo(today: date | None = None) -> Meeting:
    """Create whatever of the demo story is missing; return the main meeting."""
    committees = ensure_committees()
    with working_in(committees[data.MAIN_COMMITTEE].id):
        meeting = _load_district_story(today or clock.today())
    with working_in(committees[data.SECOND_COMMITTEE].id):
        load_wangshan()  # after 云溪区's story, which keeps the first ids (/meetings/1)
    return meeting


def _load_district_story(today: date) -> Meeting:
    """云溪区's meetings, people and accounts (the story the demo tells first)."""
    mark_demo(**data.OFFICE)
    departments = ensure_departments()
    people = ensure_people(departments)
    spec = data.MEETING
    meeting = ensure_meeting(spec, spec["starts_at"], spec["ends_at"], people)
    people_demo.invite_and_mark_attendance(meeting, data.INVITATIONS, people)  # in bulk
    ensure_invitations(meeting, data.INVITATIONS, people)
    ensure_agenda(meeting, people, departments)
    ensure_users(people, departments)
    # June's consultation first: its story was finished before November's began.
    earlier = earlier_data.MEETING
    earlier_meeting = ensure_meeting(earlier, earlier["starts_at"], earlier["ends_at"], people)
    ensure_invitations(earlier_meeting, earlier_data.INVITATIONS, people)
    load_earlier_story(earlier_meeting, people, departments)
    load_workflow(meeting, people, departments)
    place_speeches(meeting)

    upcoming = data.UPCOMING_MEETING
    starts_at = datetime.combine(
        today + timedelta(days=upcoming["days_ahead"]),
        datetime.min.time().replace(hour=upcoming["hour"], minute=upcoming["minute"]),
    )
    next_meeting = ensure_meeting(
        upcoming, starts_at, starts_at + timedelta(hours=upcoming["hours"]), people
    )
    ensure_invitations(next_meeting, data.UPCOMING_INVITATIONS, people)
    load_sample_speech(next_meeting, list(departments.values()), list(people.values()))
    return meeting


TRUSTED_SECONDS = 120.0  # the demo's own sample file is read without a time budget
SAMPLES = Path(__file__).resolve().parent / "samples"


def load_sample_speech(meeting: Meeting, departments, people) -> None:
    """A written speech sent in before the next meeting, brought in by the speech import
    exactly as the secretariat would (demo/samples/speech.docx); not yet assigned."""
    if db.session.scalar(select(Opinion.id).where(Opinion.meeting_id == meeting.id).limit(1)):
        return
    # Our own file: no time budget, so a loaded machine cannot stop the demo half-way.
    trusted = configured_limits().with_(seconds=TRUSTED_SECONDS)
    data = (SAMPLES / "speech.docx").read_bytes()
    text = speech_services.read_upload("speech.docx", data, trusted)
    proposal, _mentioned = speech_services.propose(text, departments)
    speaker = speech_services.guess_speaker(text, people)
    speech_services.save_imported_opinion(
        meeting,
        speech_services.ImportedOpinion(
            speaker=speaker,
            title=proposal.title,
            body=speech_services.without_byline(proposal.problem, speaker),
            channel="written",
            themes="加装电梯",
            suggestions=proposal.suggestions,
        ),
    )


@click.command("demo", help="Load the demo meeting (safe to run again).")
@with_appcontext
def demo_command() -> None:
    with acting_as("demo"):
        meeting = load_demo()
        db.session.commit()
    click.echo(f"Demo loaded: “{meeting.title}” (meeting {meeting.id}).")
    click.echo(f"Demo accounts (password for all: {data.DEMO_PASSWORD}):")
    for username, role, display_name, _person, _department in data.USERS:
        click.echo(f"  {username:<10} {role:<12} {display_name}")
    for username, role, display_name, committee in data.OTHER_COMMITTEE_USERS:
        click.echo(f"  {username:<10} {role:<12} {display_name}（{committee}）")
    click.echo(f"Demo meeting: /meetings/{meeting.id}")
