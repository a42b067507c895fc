"""Phones, over HTTP: the favicon is served to anyone, the inbox carries its card layout,
and a member's meeting page opens with "submit an opinion"."""

import re

import pytest

from extensions import db
from tests import factories
from tests.phones import world


@pytest.fixture
def ids(app):
    return world.build()


def sign_in(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


def test_favicon_needs_no_account(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data


def test_every_page_names_the_icon(client, ids):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_inbox_rows_are_cards_with_labelled_cells(client, ids):
    sign_in(client, "weijian")
    page = client.get("/inbox/").get_data(as_text=True)
    assert 'class="table table-hover table-cards" id="inbox-table"' in page
    assert page.count('class="card-title-cell"') == len(world.TITLES)
    for label in ("发言人", "会议", "办理方式", "办理时限", "状态"):
        assert f'data-label="{label}"' in page
    css = client.get("/static/css/app.css").get_data(as_text=True)
    assert re.search(r"@media \(max-width: 575\.98px\) \{\s*\.table-cards thead", css)


def test_member_meeting_page_opens_with_submit(client, ids):
    sign_in(client, "wangzhe")
    page = client.get(f"/meetings/{ids['meeting']}").get_data(as_text=True)
    top = page.index('id="member-submit-top"')
    assert top < page.index('id="invitations"')  # before everything but the title
    assert f'href="/meetings/{ids["meeting"]}/opinions/new">提交意见建议</a>' in page[top:]


def test_no_top_submit_when_the_window_is_closed_or_for_staff(client, ids):
    from meetings.models import Meeting

    sign_in(client, "mishu")
    page = client.get(f"/meetings/{ids['meeting']}").get_data(as_text=True)
    assert 'id="member-submit-top"' not in page
    client.post("/logout")
    db.session.get(Meeting, ids["meeting"]).opinions_open = False
    db.session.commit()
    sign_in(client, "wangzhe")
    page = client.get(f"/meetings/{ids['meeting']}").get_data(as_text=True)
    assert 'id="member-submit-top"' not in page
