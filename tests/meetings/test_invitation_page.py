"""The invitations page (GET /meetings/<id>/invitations), its person picker and who sees it."""

import pytest

from extensions import db
from meetings import invitation_lists
from meetings.models import Attendance, InvitationRole, MeetingStatus
from tests import factories


def text(response) -> str:
    return response.get_data(as_text=True)


def sign_in(client, username):
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def crowd(app, meeting):
    """Invited: the chair plus 60 members, 3 excused, one speaker; 3 people not invited."""
    for n in range(60):
        person = factories.make_participant(f"张{n:02d}", affiliation="第一中学" if n < 5 else "")
        attendance = Attendance.ABSENT if n < 3 else Attendance.INVITED
        factories.make_invitation(meeting, person, attendance=attendance)
    speaker = factories.make_participant("周女士", kind="citizen", affiliation="西湖街道")
    factories.make_invitation(meeting, speaker, role=InvitationRole.SPEAKER, note="孩子生病")
    outside = [
        factories.make_participant("张三丰", affiliation="武当山"),
        factories.make_participant("李张氏", kind="citizen", affiliation="西湖街道"),
        factories.make_participant("张退休", active=False),
    ]
    db.session.commit()
    return outside


def test_page_lists_one_page_with_counts_and_editable_rows(logged_in, meeting, crowd):
    response = logged_in.get(f"/meetings/{meeting.id}/invitations")
    assert response.status_code == 200
    page = text(response)
    assert "邀请名单" in page and "(62)" in page
    assert page.count('name="attendance" form="inv-') == 50  # PAGE_SIZE rows, one form each
    assert page.index("王主席") < page.index("周女士") < page.index("张00")
    assert "请假: <strong>3</strong>" in page
    assert "孩子生病" in page and "西湖街道" in page
    second = text(logged_in.get(f"/meetings/{meeting.id}/invitations?page=2"))
    assert second.count('name="attendance" form="inv-') == 12 and "张59" in second


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("role=speaker", ["周女士"], ["张00", "王主席"]),
        ("attendance=absent", ["张00", "张02"], ["张03", "周女士"]),
        ("q=张5", ["张50", "张59"], ["张49", "周女士"]),
        ("q=第一中学", ["张04"], ["张05"]),
        ("role=speaker&attendance=absent", [], ["周女士", "张00"]),
    ],
)
def test_filters(logged_in, meeting, crowd, query, shown, hidden):
    page = text(logged_in.get(f"/meetings/{meeting.id}/invitations?{query}"))
    rows = page[page.index("<tbody>") :] if "<tbody>" in page else ""
    for name in shown:
        assert name in rows, name
    for name in hidden:
        assert f"<td>{name}" not in rows, name
    if not shown:
        assert "没有符合条件的邀请" in page


@pytest.mark.parametrize(
    "query", ["role=king", "attendance=maybe", "page=abc", "page=99999999999999999999", "q=%25"]
)
def test_odd_filters_never_fail(logged_in, meeting, crowd, query):
    assert logged_in.get(f"/meetings/{meeting.id}/invitations?{query}").status_code == 200


def test_changes_return_to_the_filtered_list(logged_in, meeting, crowd):
    db.session.expire_all()
    invitation = next(i for i in meeting.invitations if i.participant.name == "张01")
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations/{invitation.id}",
        data={
            "role": "attendee",
            "attendance": "confirmed",
            "note": "",
            "back": "attendance=absent&page=1&evil=1&q=张",
        },
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"/meetings/{meeting.id}/invitations?")
    assert "attendance=absent" in location and "evil" not in location and "page" not in location


def test_candidates_json(logged_in, meeting, crowd):
    response = logged_in.get(f"/meetings/{meeting.id}/invitations/candidates?q=张")
    assert response.status_code == 200
    found = response.get_json()
    # Not the invited 张00..张59, not the inactive one; names that start with 张 first.
    assert [p["name"] for p in found] == ["张三丰", "李张氏"]
    assert found[0] == {
        "id": crowd[0].id,
        "name": "张三丰",
        "kind": "member",
        "kind_label": "政协委员",
        "affiliation": "武当山",
    }
    by_affiliation = logged_in.get(f"/meetings/{meeting.id}/invitations/candidates?q=西湖")
    assert [p["name"] for p in by_affiliation.get_json()] == ["李张氏"]
    for query in ("", "q=", "q=%25", "q=_", "q=" + "张" * 500):
        response = logged_in.get(f"/meetings/{meeting.id}/invitations/candidates?{query}")
        assert response.status_code == 200 and response.get_json() == [], query


def test_candidates_are_at_most_twenty(app, logged_in, meeting):
    for n in range(30):
        factories.make_participant(f"钱{n:02d}")
    db.session.commit()
    found = logged_in.get(f"/meetings/{meeting.id}/invitations/candidates?q=钱").get_json()
    assert len(found) == invitation_lists.MAX_CANDIDATES == 20


def test_search_without_javascript_offers_invite_buttons(logged_in, meeting, crowd):
    page = text(logged_in.get(f"/meetings/{meeting.id}/invitations?who=张三&invite_role=speaker"))
    assert "张三丰" in page and "武当山" in page
    assert f'name="participant_id" value="{crowd[0].id}"' in page
    assert 'name="role" value="speaker"' in page
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations",
        data={"participant_id": str(crowd[0].id), "role": "speaker"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert any(i.participant.name == "张三丰" for i in meeting.invitations)
    nobody = text(logged_in.get(f"/meetings/{meeting.id}/invitations?who=无此人"))
    assert "没有找到尚未邀请的人员" in nobody


def test_invite_error_is_shown_on_the_page(logged_in, meeting, crowd):
    response = logged_in.post(
        f"/meetings/{meeting.id}/invitations", data={"participant_id": str(crowd[2].id)}
    )
    assert response.status_code == 422
    assert "请从名录中选择一位在册人员" in text(response)


def test_unknown_meeting_is_404(logged_in):
    assert logged_in.get("/meetings/99999/invitations").status_code == 404
    assert logged_in.get("/meetings/99999/invitations/candidates?q=a").status_code == 404
    assert logged_in.get("/meetings/99999999999999/invitations").status_code == 404


@pytest.fixture
def people(app, meeting):
    member = factories.make_participant("受邀委员")
    factories.make_invitation(meeting, member)
    meeting.status = MeetingStatus.SCHEDULED
    other = factories.make_meeting("别的协商会", status="scheduled")
    department = factories.make_department()
    factories.make_user("weiyuan", role="member", participant=member)
    factories.make_user("zhuxi", role="chair")
    factories.make_user("buju", role="department", department=department)
    db.session.commit()
    return meeting, other


def test_chair_reads_the_list_without_forms(client, people):
    meeting, _other = people
    sign_in(client, "zhuxi")
    response = client.get(f"/meetings/{meeting.id}/invitations")
    assert response.status_code == 200
    page = text(response)
    assert "受邀委员" in page and 'name="attendance" form=' not in page
    assert "按条件批量邀请" not in page and "invitations.js" not in page
    assert client.get(f"/meetings/{meeting.id}/invitations/candidates?q=受").status_code == 403
    detail = text(client.get(f"/meetings/{meeting.id}"))
    assert f"/meetings/{meeting.id}/invitations" in detail


@pytest.mark.parametrize("username", ["weiyuan", "buju"])
def test_members_and_departments_may_not(client, people, username):
    meeting, other = people
    sign_in(client, username)
    mine = client.get(f"/meetings/{meeting.id}/invitations").status_code
    assert mine == (403 if username == "weiyuan" else 404)
    assert client.get(f"/meetings/{other.id}/invitations").status_code == 404
    candidates = client.get(f"/meetings/{meeting.id}/invitations/candidates?q=受").status_code
    assert candidates == (403 if username == "weiyuan" else 404)
    detail = text(client.get(f"/meetings/{meeting.id}")) if username == "weiyuan" else ""
    assert f"/meetings/{meeting.id}/invitations" not in detail


def test_anonymous_is_sent_to_login(client, meeting):
    for url in (
        f"/meetings/{meeting.id}/invitations",
        f"/meetings/{meeting.id}/invitations/candidates",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_meeting_page_shows_a_read_only_summary(logged_in, meeting, crowd):
    page = text(logged_in.get(f"/meetings/{meeting.id}"))
    assert "管理邀请" in page and f'href="/meetings/{meeting.id}/invitations"' in page
    assert "请假: <strong>3</strong>" in page
    assert "张00、张01" in page and page.index("王主席") < page.index("周女士") < page.index("张00")
    assert 'name="attendance" form=' not in page and "按条件批量邀请" not in page
    assert 'name="participant_id"' not in page
    # The agenda form offers the invited people as presenters, not the whole directory.
    assert "张三丰" not in page and ">张00 · 政协委员" in page


def test_unchanged_list_is_304_until_a_change(logged_in, meeting, crowd):
    url = f"/meetings/{meeting.id}/invitations?attendance=absent"
    logged_in.get(url)  # the first visit after sign-in starts the session's CSRF token
    etag = logged_in.get(url).headers["ETag"]
    assert logged_in.get(url, headers={"If-None-Match": etag}).status_code == 304
    logged_in.post(
        f"/meetings/{meeting.id}/invitations",
        data={"participant_id": str(crowd[0].id)},
    )
    logged_in.get(url)  # shows the flashed message (never a 304 while one waits)
    response = logged_in.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_statements_do_not_grow_with_the_invitations(logged_in, meeting):
    from tests.querycount import queries_for

    urls = [
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/invitations",
        f"/meetings/{meeting.id}/invitations?who=委员",
        f"/meetings/{meeting.id}/invitations/candidates?q=委员",
    ]

    def invite(how_many: int) -> None:
        for _ in range(how_many):
            factories.make_invitation(meeting, factories.make_participant())
            factories.make_participant()  # and one more in the directory
        db.session.commit()

    invite(3)
    few = [queries_for(logged_in, url) for url in urls]
    invite(30)
    many = [queries_for(logged_in, url) for url in urls]
    assert few == many
    assert many[1] <= 12 and many[3] <= 6, many


def test_failed_agenda_form_keeps_a_presenter_who_is_not_invited(logged_in, meeting, crowd):
    outsider = crowd[0]
    response = logged_in.post(
        f"/meetings/{meeting.id}/agenda",
        data={
            "kind": "other",
            "title": "交流",
            "presenter_id": str(outsider.id),
            "planned_minutes": "0",
        },
    )
    assert response.status_code == 422
    assert f'<option value="{outsider.id}" selected>张三丰' in text(response)
