"""Tell people what waits for them: a member is asked to rate a written reply, a department
hears of a new assignment, in-app and by e-mail (to a real SMTP server the test starts);
e-mail leaves only after the write commits, and a mail failure never fails the request."""

import socket
import threading
import time

from sqlalchemy import select

from extensions import db
from responses import assignments, mailer, replies
from responses.models import Assignment, Notification

WRITTEN_A = {"category": "A", "channel": "written", "contact_method": "phone", "text": "已解决。"}


def notes_for(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def reply_and_submit(world, data=WRITTEN_A):
    [assignment] = assignments.assign(world.opinion, [world.health], "single")
    db.session.commit()
    reply = replies.save_reply(assignment, data, world.health_user, None)
    replies.submit_reply(reply, world.health_user)
    db.session.commit()
    return reply


def test_written_reply_asks_the_member_to_rate_it_in_app(client, auth, world, mail_to):
    mail_to(None)
    reply = reply_and_submit(world)
    [note] = notes_for(world.member_user)
    assert note.link == f"/replies/{reply.id}"
    assert "关于增加普惠托位的建议" in note.message and "测评" in note.message
    assert "区卫健局" in note.message
    assert note.read_at is None
    auth.login("member")
    page = client.get("/notifications/").get_data(as_text=True)
    assert f'href="{note.link}"' in page
    reply_page = client.get(note.link)
    assert reply_page.status_code == 200
    assert f'action="/replies/{reply.id}/rating"' in reply_page.get_data(as_text=True)


def test_oral_reply_and_co_handler_input_ask_for_no_rating(world, mail_to):
    mail_to(None)
    reply_and_submit(world, {**WRITTEN_A, "channel": "oral"})
    assert notes_for(world.member_user) == []


def test_emails_reach_the_department_and_the_member_in_chinese(client, auth, world, smtp):
    reply = reply_and_submit(world)
    to_department, to_member = smtp.messages()
    assert smtp.envelopes[0].rcpt_tos == ["weijian@example.gov.cn"]
    assert to_department["Subject"] == "【协商通】新交办事项：关于增加普惠托位的建议"
    body = to_department.get_body().get_content()
    assert "区卫健局：" in body and "推进普惠托育服务体系建设" in body and "单办" in body
    assert f"/inbox/{reply.assignment_id}" in body
    assert smtp.envelopes[1].rcpt_tos == ["wangzhe@example.org"]
    assert to_member["Subject"] == "【协商通】答复待您测评：关于增加普惠托位的建议"
    body = to_member.get_body().get_content()
    assert "王喆" in body and f"/replies/{reply.id}" in body


def test_the_assignment_email_goes_out_when_the_page_commits(client, auth, world, smtp):
    auth.login("secretariat")
    response = client.post(
        f"/opinions/{world.opinion.id}/assign",
        data={"mode": "single", "departments": [world.health.id]},
    )
    assert response.status_code == 302
    [message] = smtp.messages()
    body = message.get_body().get_content()
    assignment = db.session.scalar(select(Assignment))
    # The link is absolute: the department opens it from its mail program.
    assert f"http://localhost/inbox/{assignment.id}" in body


def test_a_rolled_back_write_sends_nothing(world, smtp):
    assignments.assign(world.opinion, [world.health], "single")
    assert len(mailer.queued()) == 1
    db.session.rollback()
    assert mailer.queued() == []
    world.health.phone = "0571-1234"  # a later, unrelated commit sends nothing either
    db.session.commit()
    assert smtp.envelopes == []
    assert db.session.scalar(select(Assignment)) is None


def test_a_refused_mail_does_not_fail_the_request(client, auth, world, smtp, caplog):
    smtp.refuse = True
    auth.login("secretariat")
    response = client.post(
        f"/opinions/{world.opinion.id}/assign",
        data={"mode": "single", "departments": [world.health.id]},
    )
    assert response.status_code == 302
    assert smtp.envelopes == []
    assert "e-mail to weijian@example.gov.cn failed" in caplog.text
    db.session.expire_all()
    assert db.session.scalar(select(Assignment)) is not None
    [note] = notes_for(world.health_user)  # the in-app notice stands
    assert "关于增加普惠托位的建议" in note.message


def test_an_unreachable_mail_server_does_not_fail_the_request(client, auth, world, mail_to):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    mail_to(dead_port)  # nothing listens there
    auth.login("secretariat")
    response = client.post(
        f"/opinions/{world.opinion.id}/assign",
        data={"mode": "single", "departments": [world.health.id]},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Assignment)) is not None


def test_a_mail_server_that_hangs_costs_the_timeout_not_the_request(world, mail_to):
    """A server that accepts the connection and never answers: MAIL_TIMEOUT bounds it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    try:
        mail_to(listener.getsockname()[1], MAIL_TIMEOUT=1)
        started = time.monotonic()
        ok = mailer.send_now(mailer.PendingMail("a@example.org", "主题", "正文"))
        assert ok is False
        assert time.monotonic() - started < 5
    finally:
        for connection, _address in accepted:
            connection.close()
        listener.close()


def test_each_role_lands_where_its_work_is(client, auth, world, mail_to):
    mail_to(None)
    landing = {}
    for username in ("secretariat", "health", "member"):
        auth.login(username)
        landing[username] = client.get("/").headers["Location"]
        auth.logout()
    assert landing == {
        "secretariat": "/meetings/",
        "health": "/inbox/",
        "member": "/meetings/",  # nothing to rate yet: their meetings
    }
    reply_and_submit(world)
    auth.login("member")
    assert client.get("/").headers["Location"] == "/replies/to-rate"
    page = client.get("/replies/to-rate").get_data(as_text=True)
    assert "关于增加普惠托位的建议" in page


def test_rating_the_reply_marks_its_notice_read(client, auth, world, mail_to):
    mail_to(None)
    reply = reply_and_submit(world)
    auth.login("member")
    response = client.post(f"/replies/{reply.id}/rating", data={"value": "satisfied"})
    assert response.status_code == 302
    db.session.expire_all()
    [note] = notes_for(world.member_user)
    assert note.read_at is not None
    assert client.get("/").headers["Location"] == "/meetings/"  # nothing left to rate
