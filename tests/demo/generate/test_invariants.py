"""The generated history obeys the rules the services enforce, so every page works on it."""

from collections import defaultdict

from sqlalchemy import func, select, text

from demo.generate import BENCH_PASSWORD, benchmark_meeting_id
from extensions import db
from meetings.models import Invitation, Meeting
from opinions.models import Opinion
from participants.models import Participant
from responses.models import (
    Assignment,
    Commitment,
    ProgressUpdate,
    Rating,
    Reply,
)
from tests.demo.generate.conftest import TODAY


def rows(model):
    return list(db.session.scalars(select(model)))


def test_counts_match_the_database(generated):
    _app, counts = generated
    for name, model in (
        ("meetings", Meeting),
        ("opinions", Opinion),
        ("assignments", Assignment),
        ("replies", Reply),
        ("ratings", Rating),
        ("commitments", Commitment),
    ):
        assert db.session.scalar(select(func.count()).select_from(model)) == counts[name]
    assert counts["meetings"] >= 6 and counts["opinions"] >= 60 and counts["ratings"] > 0
    assert counts["departments"] == 40


def test_foreign_keys_hold(generated):
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    # PostgreSQL enforced them on insert; both: ids of the sequences continue after the data
    assert db.session.scalar(select(func.max(Opinion.id))) == db.session.scalar(
        select(func.count(Opinion.id))
    )


def test_meeting_statuses_fit_their_dates_and_contents(generated):
    opinions_by_meeting = defaultdict(int)
    for opinion in rows(Opinion):
        opinions_by_meeting[opinion.meeting_id] += 1
    statuses = set()
    for meeting in rows(Meeting):
        statuses.add(meeting.status.value)
        past = meeting.starts_at.date() <= TODAY
        if meeting.status.value in ("held", "closed", "archived"):
            assert past and meeting.issue_number
        if meeting.status.value in ("scheduled", "draft"):
            assert not past
        if meeting.status.value in ("draft", "cancelled"):
            assert opinions_by_meeting[meeting.id] == 0
    assert {"held", "closed", "archived", "scheduled"} <= statuses
    assert sum(1 for m in rows(Meeting) if m.opinions_open) == 1


def test_speakers_are_invited(generated):
    invited = {(i.meeting_id, i.participant_id) for i in rows(Invitation)}
    assert all((o.meeting_id, o.speaker_id) in invited for o in rows(Opinion))


def test_assignment_statuses_follow_the_replies_and_ratings(generated):
    replies = defaultdict(list)
    for reply in rows(Reply):
        replies[reply.assignment_id].append(reply)
    ratings = {r.reply_id: r for r in rows(Rating)}
    commitments = defaultdict(list)
    for commitment in rows(Commitment):
        commitments[commitment.reply_id].append(commitment)
    assignments = rows(Assignment)
    replaced = {a.replaces_id for a in assignments if a.replaces_id}
    seen = set()
    for a in assignments:
        seen.add((a.mode.value, a.role.value, a.status.value))
        mine = replies[a.id]
        submitted = sorted(
            (r for r in mine if r.status.value == "submitted"), key=lambda r: r.round
        )
        assert all(r.submitted_at is not None for r in submitted)
        assert all(r.submitted_at is None for r in mine if r.status.value == "draft")
        if a.role.value == "co":
            assert all(r.purpose.value == "input" for r in mine)
            assert a.status.value == ("replied" if submitted else "assigned")
            continue
        assert all(r.purpose.value == "reply" for r in mine)
        for r in submitted:
            assert r.category is not None and r.contact_method
        if a.status.value == "withdrawn":
            assert a.id in replaced and not mine and a.return_reason
            continue
        if a.status.value == "assigned":
            assert not submitted
            continue
        assert submitted, a.id
        last = submitted[-1]
        if a.status.value == "reopened":
            assert ratings[last.id].value.value == "unsatisfied" and last.round == 1
            continue
        rating = ratings.get(last.id)
        stands = last.channel.value == "oral" or (
            rating is not None and (rating.value.value != "unsatisfied" or last.round >= 2)
        )
        open_left = [c for r in submitted for c in commitments[r.id] if c.status.value != "done"]
        assert a.status.value == ("done" if stands and not open_left else "replied"), a.id
    assert {
        ("single", "lead", "done"),
        ("joint", "co", "replied"),
        ("split", "lead", "done"),
    } <= seen


def test_ratings_are_the_members_own_on_submitted_written_replies(generated):
    for rating in rows(Rating):
        reply = rating.reply
        assert reply.status.value == "submitted" and reply.channel.value == "written"
        assert reply.purpose.value == "reply"
        assert rating.participant_id == reply.assignment.opinion.speaker_id
        assert db.session.get(Participant, rating.participant_id).kind.value == "member"
        if rating.value.value == "unsatisfied":
            assert rating.comment


def test_commitments_and_progress(generated):
    for commitment in rows(Commitment):
        assert commitment.department_id == commitment.reply.assignment.department_id
        assert (commitment.status.value == "done") == (commitment.done_at is not None)
        percents = [u.percent for u in commitment.updates]
        assert percents == sorted(percents)
        if commitment.status.value == "done":
            assert percents[-1] == 100
        if commitment.status.value == "in_progress":
            assert percents and percents[-1] < 100
    assert all(u.on_date <= TODAY for u in rows(ProgressUpdate))
    overdue = [c for c in rows(Commitment) if c.status.value != "done" and c.due_date < TODAY]
    assert overdue


def test_benchmark_meeting_has_sixty_opinions(generated):
    meeting = db.session.get(Meeting, benchmark_meeting_id())
    assert meeting.status.value == "held" and not meeting.opinions_open
    count = db.session.scalar(
        select(func.count(Opinion.id)).where(Opinion.meeting_id == meeting.id)
    )
    assert count == 60
    newest = db.session.scalar(select(func.max(Meeting.starts_at)))
    assert meeting.starts_at.year >= newest.year - 1


def test_accounts_sign_in_and_pages_work(generated, gen_client):
    from accounts.models import User

    bench_meeting = benchmark_meeting_id()
    opinion_id = db.session.scalar(select(Opinion.id).where(Opinion.meeting_id == bench_meeting))
    assignment = db.session.scalar(select(Assignment).where(Assignment.status == "done"))
    member = db.session.scalar(select(User).where(User.username == "bench-member-1"))
    invited = db.session.scalar(
        select(Invitation.id).where(
            Invitation.meeting_id == bench_meeting,
            Invitation.participant_id == member.participant_id,
        )
    )
    assert invited
    dept_user = f"bench-dept-{assignment.department_id}"
    pages = {
        "bench-secretariat": [
            "/meetings/",
            f"/meetings/{bench_meeting}",
            f"/meetings/{bench_meeting}/opinions/{opinion_id}",
            f"/assignments/{assignment.id}",
            "/board/",
            "/commitments/",
            "/participants/",
            "/departments/",
        ],
        "bench-chair": ["/meetings/", f"/meetings/{bench_meeting}"],
        "bench-member-1": ["/meetings/", f"/meetings/{bench_meeting}", "/replies/to-rate"],
        dept_user: ["/inbox/", f"/inbox/{assignment.id}", "/commitments/"],
    }
    for username, urls in pages.items():
        response = gen_client.post(
            "/login", data={"username": username, "password": BENCH_PASSWORD}
        )
        assert response.status_code == 302, username
        for url in urls:
            assert gen_client.get(url).status_code == 200, (username, url)
        gen_client.post("/logout")
