"""Routes of assignment, board and notifications: happy paths, bad input, bad ids, roles."""

from datetime import date

import pytest
from sqlalchemy import select

from extensions import db
from responses.assignments import assign, reassign
from responses.models import Assignment, AssignmentStatus, Notification
from tests.responses.assign.conftest import TODAY, forget_notifications

PAST = date(2026, 1, 5)


def login(client, auth, name):
    assert auth.login(name).status_code == 302
    return client


@pytest.fixture
def today(clock):
    clock.set(TODAY)
    return TODAY


def assigned(world, department=None, mode="single", **kwargs):
    [a] = assign(
        world.opinion("关于托育人才培养的建议"),
        [department or world.health],
        mode,
        today=PAST,
        **kwargs,
    )
    db.session.commit()
    return a


# ---------------------------------------------------------------- assign one opinion


def test_assign_form_and_submit(world, client, auth, today):
    opinion = world.opinion("关于托育补贴的建议")
    db.session.commit()
    login(client, auth, "secretariat")
    assert client.get(f"/opinions/{opinion.id}/assign").status_code == 200
    response = client.post(
        f"/opinions/{opinion.id}/assign",
        data={
            "mode": "joint",
            "departments": [world.education.id],
            "lead": world.health.id,
            "note": "请会同办理",
        },
    )
    assert response.status_code == 302
    opinion_url = f"/meetings/{world.meeting.id}/opinions/{opinion.id}"
    assert response.location.endswith(f"{opinion_url}#assignments-{opinion.id}")
    detail = client.get(opinion_url).get_data(as_text=True)  # the opinion page includes us
    assert f'id="assignments-{opinion.id}"' in detail and "请会同办理" in detail
    made = db.session.scalars(select(Assignment)).all()
    assert {(a.department_id, a.role.value) for a in made} == {
        (world.health.id, "lead"),
        (world.education.id, "co"),
    }
    page = client.get(f"/opinions/{opinion.id}/assignments").get_data(as_text=True)
    assert "区卫健局" in page and "区教育局" in page and "请会同办理" in page


def test_assign_bad_input_is_422_and_saves_nothing(world, client, auth, today):
    opinion = world.opinion()
    db.session.commit()
    login(client, auth, "secretariat")
    assert client.post(f"/opinions/{opinion.id}/assign", data={"mode": "single"}).status_code == 422
    response = client.post(
        f"/opinions/{opinion.id}/assign", data={"mode": "split", "departments": [world.health.id]}
    )
    assert response.status_code == 422
    response = client.post(
        f"/opinions/{opinion.id}/assign",
        data={"mode": "single", "departments": [world.closed.id]},  # not among the choices
    )
    assert response.status_code == 422
    assert db.session.scalars(select(Assignment)).all() == []


def test_assign_already_assigned_is_409(world, client, auth, today):
    a = assigned(world)
    login(client, auth, "secretariat")
    response = client.post(
        f"/opinions/{a.opinion_id}/assign",
        data={"mode": "single", "departments": [world.education.id]},
    )
    assert response.status_code == 409


def test_assign_routes_by_role(world, client, auth, today):
    opinion = world.opinion()
    db.session.commit()
    login(client, auth, "secretariat")
    assert client.get("/opinions/999999/assign").status_code == 404
    assert client.get("/opinions/99999999999999/assign").status_code == 404
    auth.logout()
    login(client, auth, "chair")
    assert client.get(f"/opinions/{opinion.id}/assign").status_code == 403
    auth.logout()
    login(client, auth, "health")  # the opinion is not theirs: its existence is private
    assert client.get(f"/opinions/{opinion.id}/assign").status_code == 404
    assert client.get(f"/opinions/{opinion.id}/assignments").status_code == 404


# ---------------------------------------------------------------- bulk


def test_bulk_page_and_all_or_nothing(world, client, auth, today):
    one, two, three = world.opinion("一"), world.opinion("二"), world.opinion("三")
    db.session.commit()
    login(client, auth, "secretariat")
    url = f"/meetings/{world.meeting.id}/assign"
    page = client.get(url)
    assert page.status_code == 200 and "二" in page.get_data(as_text=True)
    bad = client.post(
        url,
        data={
            f"mode-{one.id}": "single",
            f"departments-{one.id}": [world.health.id],
            f"mode-{two.id}": "split",
            f"departments-{two.id}": [world.health.id],  # split with one: refused
        },
    )
    assert bad.status_code == 422
    assert "table-danger" in bad.get_data(as_text=True)
    assert db.session.scalars(select(Assignment)).all() == []
    good = client.post(
        url,
        data={
            f"mode-{one.id}": "single",
            f"departments-{one.id}": [world.health.id],
            f"mode-{two.id}": "split",
            f"departments-{two.id}": [world.health.id, world.education.id],
        },
    )
    assert good.status_code == 302
    assert len(db.session.scalars(select(Assignment)).all()) == 3
    remaining = client.get(url).get_data(as_text=True)
    assert f'name="mode-{three.id}"' in remaining and f'name="mode-{one.id}"' not in remaining


def test_bulk_common_choice_for_ticked_opinions(world, client, auth, today):
    one, two = world.opinion("一"), world.opinion("二")
    db.session.commit()
    login(client, auth, "secretariat")
    response = client.post(
        f"/meetings/{world.meeting.id}/assign",
        data={
            "selected": [one.id, two.id],
            "common_mode": "joint",
            "common_departments": [world.education.id],
            "common_lead": world.health.id,
            "due_date": "2026-06-30",
        },
    )
    assert response.status_code == 302
    made = db.session.scalars(select(Assignment)).all()
    assert len(made) == 4 and {a.due_date for a in made} == {date(2026, 6, 30)}


def test_bulk_bad_input(world, client, auth, today):
    one = world.opinion("一")
    db.session.commit()
    login(client, auth, "secretariat")
    url = f"/meetings/{world.meeting.id}/assign"
    assert client.post(url, data={}).status_code == 422  # nothing chosen
    response = client.post(url, data={f"mode-{one.id}": "x", f"departments-{one.id}": "abc"})
    assert response.status_code == 422
    response = client.post(url, data={f"mode-{one.id}": "single", f"departments-{one.id}": 999})
    assert response.status_code == 422
    assert client.post(url, data={"due_date": "not a date"}).status_code == 422
    assert client.get("/meetings/999999/assign").status_code == 404
    auth.logout()
    login(client, auth, "chair")
    assert client.get(url).status_code == 403


# ---------------------------------------------------------------- one assignment


def test_assignment_detail_is_private_to_its_department(world, client, auth, today):
    mine = assigned(world)
    theirs = assigned(world, world.education)
    login(client, auth, "health")
    page = client.get(f"/assignments/{mine.id}")
    assert page.status_code == 200 and "逾期 28 天" in page.get_data(as_text=True)
    assert client.get(f"/assignments/{theirs.id}").status_code == 404  # guessing ids
    assert client.get(f"/opinions/{theirs.opinion_id}/assignments").status_code == 404
    assert client.get("/assignments/424242").status_code == 404
    auth.logout()
    login(client, auth, "member")  # not the member's opinion
    assert client.get(f"/assignments/{mine.id}").status_code == 404


def test_member_sees_the_handling_of_own_opinion_without_internal_notes(world, client, auth, today):
    member = world.users["member"]
    [a] = assign(
        world.opinion("关于托育的建议", speaker=member.participant),
        [world.health],
        "single",
        note="内部说明：请重点办理",
        today=PAST,
    )
    db.session.commit()
    login(client, auth, "member")
    page = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "区卫健局" in page and "内部说明" not in page
    opinion_page = client.get(f"/opinions/{a.opinion_id}/assignments")
    assert opinion_page.status_code == 200 and "内部说明" not in opinion_page.get_data(as_text=True)


def test_withdrawn_assignment_no_longer_grants_access(world, client, auth, today):
    old = assigned(world)
    reassign(old, world.education, today=TODAY)
    db.session.commit()
    login(client, auth, "health")
    assert client.get(f"/assignments/{old.id}").status_code == 404
    assert client.get(f"/opinions/{old.opinion_id}/assignments").status_code == 404
    auth.logout()
    login(client, auth, "education")
    page = client.get(f"/opinions/{old.opinion_id}/assignments").get_data(as_text=True)
    assert "区教育局" in page and "区卫健局" not in page.split("<main")[1].split("由")[0]


def test_department_sees_the_meeting_of_its_assignment(world, client, auth, today):
    login(client, auth, "education")
    assert client.get(f"/meetings/{world.meeting.id}").status_code == 404
    assigned(world, world.education)
    assert client.get(f"/meetings/{world.meeting.id}").status_code == 200


def test_reassign_route(world, client, auth, today):
    a = assigned(world)
    login(client, auth, "secretariat")
    url = f"/assignments/{a.id}/reassign"
    assert client.get(url).status_code == 200
    assert client.post(url, data={}).status_code == 422
    assert client.post(url, data={"department": world.health.id}).status_code == 422  # same
    response = client.post(url, data={"department": world.education.id, "note": "职责调整"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, a.id).status == AssignmentStatus.WITHDRAWN
    page = client.get(f"/opinions/{a.opinion_id}/assignments").get_data(as_text=True)
    assert "区教育局" in page and "区卫健局" in page and "职责调整" in page  # history kept
    assert client.post(url, data={"department": world.finance.id}).status_code == 409
    assert client.get("/assignments/999999/reassign").status_code == 404
    auth.logout()
    login(client, auth, "health")
    b = assigned(world)
    assert client.get(f"/assignments/{b.id}/reassign").status_code == 403


def test_return_route(world, client, auth, today):
    a = assigned(world)
    theirs = assigned(world, world.education)
    login(client, auth, "health")
    url = f"/assignments/{a.id}/return"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"reason": "  "}).status_code == 422
    assert client.post(f"/assignments/{theirs.id}/return", data={"reason": "x"}).status_code == 404
    response = client.post(url, data={"reason": "属于教育局职责"})
    assert response.status_code == 302
    assert client.post(url, data={"reason": "again"}).status_code == 409
    db.session.expire_all()
    assert db.session.get(Assignment, a.id).status == AssignmentStatus.RETURNED
    auth.logout()
    login(client, auth, "secretariat")
    assert client.get(url).status_code == 403
    notifications = client.get("/notifications/").get_data(as_text=True)
    assert "属于教育局职责" in notifications
    assert '<span class="badge bg-warning text-dark">1</span>' in client.get("/board/").get_data(
        as_text=True
    )


# ---------------------------------------------------------------- board and reminders


def test_board_by_role(world, client, auth, today):
    for name, status in [("secretariat", 200), ("chair", 200), ("member", 403), ("health", 403)]:
        login(client, auth, name)
        assert client.get("/board/").status_code == status, name
        auth.logout()


def test_chair_sees_the_board_without_reminder_buttons(world, client, auth, today):
    a = assigned(world)
    a.due_date = date(2026, 2, 1)
    db.session.commit()
    login(client, auth, "chair")
    html = client.get("/board/").get_data(as_text=True)
    assert "区卫健局" in html and "/board/remind" not in html
    assert client.post("/board/remind", data={"assignment_id": a.id}).status_code == 403


def test_remind_from_the_board(world, client, auth, today):
    a = assigned(world)
    a.due_date = date(2026, 2, 1)
    fresh = assigned(world, world.education, due_date=TODAY)
    forget_notifications()
    db.session.commit()
    login(client, auth, "secretariat")
    assert "/board/remind" in client.get("/board/").get_data(as_text=True)
    response = client.post(
        f"/board/remind?meeting={world.meeting.id}", data={"assignment_id": a.id}
    )
    assert response.status_code == 302 and f"meeting={world.meeting.id}" in response.location
    assert len(db.session.scalars(select(Notification)).all()) == 2
    assert client.post("/board/remind", data={"assignment_id": fresh.id}).status_code == 409
    assert client.post("/board/remind", data={}).status_code == 422
    assert client.post("/board/remind", data={"assignment_id": "x"}).status_code == 422
    assert client.post("/board/remind", data={"assignment_id": 999999}).status_code == 404
    assert client.post("/board/remind", data={"commitment_id": 999999}).status_code == 404
    assert client.post("/board/remind", data={"assignment_id": 99999999999}).status_code == 404
    assert client.post("/board/remind", data={"department_id": 99999999999}).status_code == 404
    response = client.post("/board/remind", data={"department_id": world.health.id})
    assert response.status_code == 302
    assert client.post("/board/remind", data={"department_id": world.finance.id}).status_code == 409
    auth.logout()
    login(client, auth, "health")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "关于托育人才培养的建议" in page
    assert '<span class="badge bg-warning text-dark">2</span>' in page
    assert client.post("/board/remind", data={"assignment_id": a.id}).status_code == 403


# ---------------------------------------------------------------- notifications


def test_notifications_are_private_and_can_be_marked_read(world, client, auth, today):
    health, education = world.users["health"], world.users["education"]
    db.session.add_all(
        [
            Notification(user_id=health.id, message="甲消息", link="/board/"),
            Notification(user_id=health.id, message="乙消息", link="//evil.example"),
            Notification(user_id=education.id, message="丙消息"),
        ]
    )
    db.session.commit()
    mine, second, theirs = db.session.scalars(select(Notification).order_by(Notification.id))
    login(client, auth, "health")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "甲消息" in page and "丙消息" not in page
    assert 'href="//evil.example"' not in page
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    assert client.post("/notifications/999999/read").status_code == 404
    assert client.post("/notifications/99999999999/read").status_code == 404
    assert client.post(f"/notifications/{mine.id}/read").status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, mine.id).read_at is not None
    assert db.session.get(Notification, theirs.id).read_at is None
    assert client.post("/notifications/read-all").status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, second.id).read_at is not None
    assert db.session.get(Notification, theirs.id).read_at is None
    assert client.get("/notifications/?page=99").status_code == 200
    auth.logout()
    assert client.get("/notifications/").status_code == 302
