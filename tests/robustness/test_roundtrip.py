"""Stored text comes back exactly: 𠮷, emoji with skin tones and ZWJ sequences, CJK
extension B, combining marks, right-to-left text, tabs and newlines — through the services
(byte for byte) and through the pages (HTML-escaped, never interpreted).

The app's own normalisation is part of the contract and applied to the expectation: titles
are one line (runs of white space become one space), texts are trimmed at both ends.
"""

from datetime import date

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select

from accounts.models import User
from extensions import db
from meetings.models import Meeting
from opinions import consensus
from opinions import services as opinions
from opinions.models import Opinion
from participants.models import Participant
from participants.services import ParticipantInput, create_participant
from responses import assignments, commitments, replies
from responses.models import Commitment, Reply
from tests import factories
from tests.robustness.inputs import TRICKY_TEXTS

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    database=None,
    # No coverage-traced explanation of a failure: tracing a megabyte's parsing takes minutes.
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Printable text of every script: no surrogates, controls or unassigned code points (the
# input guard refuses controls with a message; see test_guards.py).
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=120
)
MULTILINE = st.lists(ANY_TEXT, min_size=1, max_size=4).map("\n\t".join)


def one_line(text: str) -> str:
    return " ".join(text.split())


def as_stored(text: str) -> str:
    return text.strip()


def reload(model, id_):
    db.session.expire_all()  # read from the database again, not from memory
    return db.session.get(model, id_)


def test_opinions_suggestions_replies_commitments_participants_round_trip(world):
    meeting = db.session.get(Meeting, world["mine"])
    member = db.session.scalar(select(User).where(User.username == "member"))
    department = factories.make_department("往返测试局")
    for n, text in enumerate(TRICKY_TEXTS):
        title, body = one_line(text)[:200], as_stored(text)
        lines = [as_stored(line) for line in text.splitlines() if line.strip()]
        opinion = opinions.submit_opinion(
            meeting, None, {"title": title, "body": body, "suggestions": lines}, by_user=member
        )
        [assignment] = assignments.assign(opinion, [department], "single")
        data = {"category": "A", "channel": "written", "contact_method": "phone", "text": text}
        reply = replies.save_reply(assignment, data, None, None)
        commitment = commitments.add_commitment(reply, text, date(2030, 6, 30))
        person = create_participant(
            ParticipantInput(name=f"𠮷田喆{n}", kind="member", affiliation=title, notes=text)
        )
        point = consensus.add_consensus_point(meeting, text)
        db.session.commit()
        ids = (opinion.id, reply.id, commitment.id, person.id, point.id)

        stored = reload(Opinion, ids[0])
        assert (stored.title, stored.body) == (title, body)
        assert [s.text for s in sorted(stored.suggestions, key=lambda s: s.position)] == lines
        assert reload(Reply, ids[1]).text == body
        assert reload(Commitment, ids[2]).text == body
        stored_person = reload(Participant, ids[3])
        assert (stored_person.name, stored_person.affiliation) == (f"𠮷田喆{n}", title)
        assert stored_person.notes == body
        assert reload(consensus.ConsensusPoint, ids[4]).text == body


def test_tricky_text_round_trips_through_the_form_and_the_page(world, clients):
    member = clients["member"]
    for text in TRICKY_TEXTS:
        title = one_line(text)[:200]
        answer = member.post(
            f"/meetings/{world['mine']}/opinions/new",
            data={"title": title, "body": text, "suggestions": text},
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
        page = member.get(answer.headers["Location"]).get_data(as_text=True)
        assert str(escape(title)) in page
        for line in text.splitlines():
            if line.strip():
                assert str(escape(line.strip())) in page
        assert "<script>alert(1)</script>" not in page  # escaped, never markup
        db.session.expire_all()
        stored = db.session.scalars(select(Opinion).where(Opinion.title == title)).one()
        assert stored.body == as_stored(text)


@PROPERTY
@given(title=ANY_TEXT, body=MULTILINE)
def test_any_printable_text_round_trips_through_the_service(world, title, body):
    meeting = db.session.get(Meeting, world["mine"])
    if not one_line(title):
        title = "空白标题" + title
    opinion = _submit_as_secretariat(meeting, world, title, body)
    db.session.commit()
    stored = reload(Opinion, opinion.id)
    assert stored.title == one_line(title)
    assert stored.body == as_stored(body)
    assert [s.text for s in stored.suggestions] == [
        line.strip() for line in body.splitlines() if line.strip()
    ]


def _submit_as_secretariat(meeting, world, title: str, body: str) -> Opinion:
    speaker = db.session.get(Participant, world["me"])
    return opinions.submit_opinion(
        meeting, speaker, {"title": title, "body": body, "suggestions": body.splitlines()}
    )


@settings(PROPERTY, max_examples=8)
@given(title=ANY_TEXT, body=MULTILINE)
def test_any_printable_text_round_trips_through_the_page(world, clients, title, body):
    if not one_line(title):
        title = "空白标题" + title
    answer = clients["member"].post(
        f"/meetings/{world['mine']}/opinions/new", data={"title": title, "body": body}
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    page = clients["member"].get(answer.headers["Location"]).get_data(as_text=True)
    assert str(escape(one_line(title))) in page
