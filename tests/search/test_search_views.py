"""GET /search/: the form, results with highlighted snippets and links, bad filters, roles."""

import pytest

from tests import factories


@pytest.fixture
def as_user(client, auth):
    def sign_in(username):
        auth.logout()
        assert auth.login(username).status_code == 302
        return client

    return sign_in


def test_empty_form(world, as_user):
    response = as_user("s-sec").get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.text and "<mark>" not in response.text


def test_results_are_highlighted_escaped_and_linked(world, as_user, app):
    from extensions import db
    from tests.factories import make_opinion

    make_opinion(
        world.meetings.new,
        world.opinions.li.speaker,
        "<b>托育</b>标签",
        body="<script>托育</script>",
    )
    db.session.commit()
    response = as_user("s-sec").get("/search/", query_string={"q": "托育"})
    assert response.status_code == 200
    html = response.text
    assert "<mark>托育</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    w = world
    assert f"/meetings/{w.meetings.old.id}/opinions/{w.opinions.wang.id}" in html
    assert f"/replies/{w.replies.a.id}" in html
    assert f"/commitments/{w.commitments.a.id}" in html
    assert f"/meetings/{w.meetings.old.id}#consensus" in html


def test_filters_by_query_string(world, as_user):
    client = as_user("s-sec")
    response = client.get(
        "/search/",
        query_string={
            "q": "托育",
            "meeting": world.meetings.new.id,
            "year": 2030,
            "department": world.dept_b.id,
            "speaker_kind": "member",
            "category": "B",
            "status": "assigned",
        },
    )
    assert response.status_code == 200
    assert f"/replies/{world.replies.b.id}" in response.text
    assert f'/replies/{world.replies.a.id}"' not in response.text


@pytest.mark.parametrize(
    "args",
    [
        {"meeting": "abc"},
        {"meeting": "99999999999999999999"},
        {"meeting": "0"},
        {"meeting": "-1"},
        {"meeting": "²"},
        {"year": "٢٠٣٠x"},
        {"year": "1900"},
        {"year": "2030x"},
        {"department": "2147483648"},
        {"speaker_kind": "alien"},
        {"category": "Z"},
        {"status": "lost"},
        {"q": "托" * 101},
    ],
)
def test_bad_filters_are_422_with_a_message(world, as_user, args):
    response = as_user("s-sec").get("/search/", query_string={"q": "托育", **args})
    assert response.status_code == 422
    assert "invalid-feedback" in response.text


def test_foreign_meeting_is_not_a_choice_for_a_member(world, as_user):
    response = as_user("s-li").get(
        "/search/", query_string={"q": "托育", "meeting": world.meetings.old.id}
    )
    assert response.status_code == 422
    assert world.meetings.old.title not in response.text
    assert world.meetings.new.title in response.text


def test_department_cannot_filter_by_another_department(world, as_user):
    response = as_user("s-dept-a").get(
        "/search/", query_string={"q": "托育", "department": world.dept_b.id}
    )
    assert response.status_code == 422


def test_out_of_range_page_shows_the_last_page(world, as_user):
    for page in ("0", "-5", "abc", "999999999999"):
        response = as_user("s-sec").get("/search/", query_string={"q": "托育", "page": page})
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("username", "sees", "never"),
    [
        ("s-chair", ["/replies/{a}", "/replies/{b}", "/commitments/{ca}"], []),
        (
            "s-dept-a",
            ["/replies/{a}", "/commitments/{ca}"],
            ['/replies/{b}"', '/commitments/{cb}"'],
        ),
        (
            "s-dept-b",
            ["/replies/{b}", "/commitments/{cb}"],
            ['/replies/{a}"', '/commitments/{ca}"'],
        ),
        ("s-wang", ["/replies/{a}"], ['/replies/{b}"', "/commitments/"]),
        ("s-li", ["/replies/{b}"], ['/replies/{a}"', "/commitments/"]),
    ],
)
def test_each_role_sees_its_own(world, as_user, username, sees, never):
    ids = {
        "a": world.replies.a.id,
        "b": world.replies.b.id,
        "ca": world.commitments.a.id,
        "cb": world.commitments.b.id,
    }
    response = as_user(username).get("/search/", query_string={"q": "托育"})
    assert response.status_code == 200
    for link in sees:
        assert link.format(**ids) in response.text
    for link in never:
        assert link.format(**ids) not in response.text


def test_anonymous_is_sent_to_sign_in(client, app):
    response = client.get("/search/?q=托育")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_member_without_participant_finds_nothing(world, client, auth, app):
    from extensions import db

    factories.make_user("s-nobody", role="member")
    db.session.commit()
    auth.login("s-nobody")
    response = client.get("/search/", query_string={"q": "托育"})
    assert response.status_code == 200 and "<mark>" not in response.text


def test_control_characters_in_the_query_are_no_error(world, as_user):
    response = as_user("s-sec").get("/search/", query_string={"q": "托育\x00"})
    assert response.status_code in (200, 422)


def test_page_speaks_chinese(world, as_user):
    response = as_user("s-sec").get("/search/", query_string={"q": "托育"})
    assert "所属会议" in response.text and "共 14 条结果" in response.text
