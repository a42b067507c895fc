"""Every route of the inbox blueprint x every role (and anonymous) -> expected status.

The objects belong to department X and member A; "_other" rows use department Y's records,
which X must not even learn exist (404). A new route without a row fails the suite.
"""

import pytest

from extensions import db
from responses.models import Commitment, Reply, ReplyStatus
from tests.factories import make_assignment, make_opinion
from tests.responses.reply.conftest import TODAY

ANON, SEC, CHAIR, A, B, X, Y = (
    "anon",
    "secretariat",
    "chair",
    "member_a",
    "member_b",
    "dept_x",
    "dept_y",
)
ROLES = [ANON, SEC, CHAIR, A, B, X, Y]


def row(anon=302, sec=200, chair=200, a=403, b=403, x=200, y=404):
    return {ANON: anon, SEC: sec, CHAIR: chair, A: a, B: b, X: x, Y: y}


# endpoint -> (method, url, {role: status}); {a} assignment, {r} reply, {c} commitment of X.
MATRIX = {
    "inbox.inbox": ("GET", "/inbox/", row(y=200)),
    "inbox.assignment_page": ("GET", "/inbox/{a}", row(b=404)),
    # An empty POST: the form comes back (422) for those who may write; the chair may not.
    "inbox.save_reply": ("POST", "/inbox/{a}/reply", row(sec=409, chair=403, b=404, x=409)),
    "inbox.reply_page": ("GET", "/replies/{r}", row(a=200, b=404)),
    "inbox.rate_reply": (
        "POST",
        "/replies/{r}/rating",
        row(sec=403, chair=403, a=422, b=404, x=403),
    ),
    "inbox.replies_to_rate": (
        "GET",
        "/replies/to-rate",
        row(sec=403, chair=403, a=200, b=200, x=403, y=403),
    ),
    "inbox.add_commitment": (
        "POST",
        "/replies/{r}/commitments",
        row(sec=422, chair=403, a=403, b=404, x=422),
    ),
    # Only the secretariat reopens a closed assignment (an empty reason: the form again).
    "inbox.reopen_assignment": (
        "POST",
        "/inbox/{a}/reopen",
        row(sec=422, chair=403, a=403, b=404, x=403),
    ),
    "inbox.list_commitments": ("GET", "/commitments/", row(y=200)),
    "inbox.commitment_page": ("GET", "/commitments/{c}", row()),
    "inbox.edit_commitment": ("POST", "/commitments/{c}/edit", row(sec=422, chair=403, x=422)),
    "inbox.post_progress": ("POST", "/commitments/{c}/progress", row(sec=422, chair=403, x=422)),
    "inbox.mark_commitment_done": ("POST", "/commitments/{c}/done", row(sec=302, chair=403, x=302)),
    "inbox.delete_commitment": ("POST", "/commitments/{c}/delete", row(sec=409, chair=403, x=409)),
}


def test_every_route_has_a_row(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("inbox.")}
    assert endpoints == set(MATRIX)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_route_answers_as_decided(client, auth, world, endpoint, role):
    # X's reply is submitted (so member A may read it); its commitment can be tracked.
    department_x = world.dept_x.id
    reply = Reply(
        assignment=world.assignment,
        text="已答复",
        category="A",
        contact_method="phone",
        status=ReplyStatus.SUBMITTED,
    )
    db.session.add(reply)
    commitment = Commitment(reply=reply, department_id=department_x, text="承诺", due_date=TODAY)
    db.session.add(commitment)
    world.assignment.status = "replied"
    # Y has work of its own, so its inbox is not empty.
    make_assignment(make_opinion(world.meeting, world.member_b), world.dept_y)
    db.session.commit()
    if role != ANON:
        assert auth.login(role).status_code == 302
    method, url, expected = MATRIX[endpoint]
    url = url.format(a=world.assignment.id, r=reply.id, c=commitment.id)
    response = client.open(url, method=method, data={})
    assert response.status_code == expected[role], (endpoint, role)
