"""Issue 11's story in Chromium: an office enters a real meeting and prints its minutes.

The secretariat fills in the office's settings; gives the meeting two speech steps and a
leader's statement with its text; records an agency representative's and a member's speech
(each proposed into its own step); assigns the member's opinion and records the
department's oral B reply at the meeting with a commitment. The minutes PDF (read back with
pdftotext) shows the office's own name and 版记, each speech under its step, the leader's
text and the commitment; the draft is marked 草稿, the finalised version is not.
"""

import subprocess
from datetime import timedelta

from sqlalchemy import select

from common.models import now
from extensions import db
from meetings.models import InvitationRole, Meeting, MeetingStatus
from opinions.models import Opinion
from responses.models import Assignment, AssignmentStatus, Commitment
from tests import factories
from tests.browser.conftest import sign_in

OFFICE = "政协青川区委员会"
ADDRESSEE = "中共青川区委、青川区人民政府"
COPY_TO = "区委办公室，区政府办公室"
PRINTED_BY = "政协青川区委员会办公室"
MEETING = "推进婴幼儿照护服务协商会"
FIRST_STEP = "机构代表、家长代表交流发言"
SECOND_STEP = "政协委员协商发言"
STATEMENT = "副区长讲话"
STATEMENT_TEXT = "区政府明年将新增普惠托位五百个，每个街道建成一处托育服务点。"
AGENCY_TITLE = "关于稳定托育机构运营的建议"
MEMBER_TITLE = "关于建强托育人才队伍的建议"
REPLY = "我局将会同人社部门开展托育从业人员专项培训。"
COMMITMENT = "明年六月底前完成全区托育从业人员轮训"


def pdf_text(page, url: str, tmp_path, name: str) -> str:
    response = page.request.get(url)
    assert response.status == 200, url
    assert response.headers["content-type"].startswith("application/pdf")
    path = tmp_path / name
    path.write_bytes(response.body())
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeezed(text: str) -> str:
    """pdftotext breaks lines and pads with spaces: compare the characters only."""
    return "".join(text.split())


def due_cn(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def add_step(page, kind: str, title: str) -> None:
    form = page.locator("form[action$='/agenda']")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=title]").fill(title)
    form.locator("button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()


def record_speech(page, base: str, meeting_id: int, speaker_id: int, title: str) -> None:
    page.goto(f"{base}/meetings/{meeting_id}/opinions/new")
    page.select_option("select[name=speaker_id]", str(speaker_id))
    page.select_option("select[name=channel]", "oral")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=suggestions]", "一是加强培训\n二是落实补贴")
    page.click("main form button[type=submit]:has-text('保存')")
    page.locator(".alert-success").first.wait_for()


def test_settings_steps_oral_reply_commitment_minutes(live_app, live_server, page, tmp_path):
    base = live_server
    page.on("dialog", lambda dialog: dialog.accept())
    with live_app.app_context():
        health = factories.make_department("青川区卫生健康局")
        chair = factories.make_participant("郑主席", kind="member", title="主席")
        leader = factories.make_participant("冯副区长", kind="official", title="副区长")
        agency = factories.make_participant(
            "蒋园长", kind="agency", affiliation="青川区阳光托育中心"
        )
        member = factories.make_participant("韩委员", kind="member", affiliation="青川区一中")
        held = now() - timedelta(days=1)
        meeting = factories.make_meeting(
            MEETING,
            status=MeetingStatus.SCHEDULED.value,
            chair=chair,
            starts_at=held,
            ends_at=held + timedelta(hours=3),
        )
        factories.make_invitation(meeting, chair, role=InvitationRole.CHAIR)
        factories.make_invitation(meeting, leader, role=InvitationRole.LEADER)
        factories.make_invitation(meeting, agency, role=InvitationRole.SPEAKER)
        factories.make_invitation(meeting, member, role=InvitationRole.SPEAKER)
        factories.make_user("mishu", role="secretariat")
        db.session.commit()
        meeting_id, agency_id, member_id = meeting.id, agency.id, member.id
        health_id = health.id
        due = (now().date() + timedelta(days=180)).isoformat()

    sign_in(page, base, "mishu")

    # The office's settings: its own name, addressee and 版记, before anything prints.
    page.goto(f"{base}/meetings/{meeting_id}/minutes.pdf")
    assert "发文机关" in page.inner_text("main")  # refused with a message, not a fake name
    page.goto(f"{base}/settings/")
    page.fill("input[name=issuing_body]", OFFICE)
    page.fill("input[name=report_addressee]", ADDRESSEE)
    page.fill("textarea[name=copy_to]", COPY_TO)
    page.fill("input[name=printed_by]", PRINTED_BY)
    page.click("main button[type=submit]")
    page.locator(".alert-success", has_text="设置已保存").wait_for()

    # Two speech steps and the leader's statement, with what the leader said.
    page.goto(f"{base}/meetings/{meeting_id}")
    add_step(page, "speeches", FIRST_STEP)
    add_step(page, "speeches", SECOND_STEP)
    add_step(page, "statement", STATEMENT)
    page.locator("tr", has_text=STATEMENT).locator("a:has-text('编辑')").click()
    page.fill("textarea[name=text]", STATEMENT_TEXT)
    page.click("main form button[type=submit]:has-text('保存')")
    page.locator(".alert-success").first.wait_for()

    # Speeches: each is proposed into the step that names its speaker's kind.
    record_speech(page, base, meeting_id, agency_id, AGENCY_TITLE)
    record_speech(page, base, meeting_id, member_id, MEMBER_TITLE)
    with live_app.app_context():
        placed = {o.title: o.agenda_item.title for o in db.session.scalars(select(Opinion)).all()}
        assert placed == {AGENCY_TITLE: FIRST_STEP, MEMBER_TITLE: SECOND_STEP}
        opinion_id = db.session.scalar(select(Opinion.id).where(Opinion.title == MEMBER_TITLE))

    # The meeting is held; the member's opinion goes to the health department.
    page.goto(f"{base}/meetings/{meeting_id}")
    page.locator("form[action$='/status']:has(input[name=status][value=held]) button").click()
    page.locator(".alert-success").first.wait_for()
    page.goto(f"{base}/opinions/{opinion_id}/assign")
    page.select_option("select[name=mode]", "single")
    page.check(f"input[name=departments][value='{health_id}']")
    page.click("main form button[type=submit]:has-text('交办')")
    page.locator(".alert-success").first.wait_for()
    with live_app.app_context():
        assignment_id = db.session.scalar(
            select(Assignment.id).where(Assignment.opinion_id == opinion_id)
        )

    # The department answered orally at the meeting (B) and promised something: the
    # secretariat records both on the reply form, in one save.
    page.goto(f"{base}/inbox/{assignment_id}")
    page.select_option("select[name=category]", "B")
    page.select_option("select[name=channel]", "oral")
    page.select_option("select[name=contact_method]", index=1)
    page.fill("textarea[name=text]", REPLY)
    page.fill("[name='commitments-0-text']", COMMITMENT)
    page.fill("[name='commitments-0-due_date']", due)
    page.click("button[name=action][value=submit]")
    page.locator(".alert-success").first.wait_for()
    with live_app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        # An open commitment keeps the item in follow-up: it is not closed.
        assert assignment.status is not AssignmentStatus.DONE
        promise = db.session.scalar(select(Commitment))
        assert promise.text == COMMITMENT and promise.department_id == health_id

    # The draft minutes: the office's name, each speech under its step, the leader's text,
    # the commitment, the 版记 — and 草稿 on it.
    draft = pdf_text(page, f"{base}/meetings/{meeting_id}/minutes.pdf", tmp_path, "draft.pdf")
    flat = squeezed(draft)
    assert OFFICE in flat
    assert "草稿" in flat
    order = [FIRST_STEP, AGENCY_TITLE, SECOND_STEP, MEMBER_TITLE]
    positions = [flat.index(squeezed(piece)) for piece in order]
    assert positions == sorted(positions), positions
    statement_at = flat.index(STATEMENT)
    assert flat.index(squeezed(STATEMENT_TEXT)) > statement_at
    # The commitments table wraps its cells: the promise's opening and its due date.
    assert COMMITMENT[:12] in flat and due_cn(due) in flat
    assert PRINTED_BY in flat and "印发" in flat and "抄送" in flat

    # Finalised: the same document, without the draft mark.
    page.goto(f"{base}/meetings/{meeting_id}")
    page.locator("form[action$='/minutes/finalise'] button").click()
    page.locator(".alert-success").first.wait_for()
    final = pdf_text(page, f"{base}/meetings/{meeting_id}/minutes/v1.pdf", tmp_path, "final.pdf")
    final_flat = squeezed(final)
    assert OFFICE in final_flat and COMMITMENT[:12] in final_flat
    assert "草稿" not in final_flat
    with live_app.app_context():
        assert db.session.get(Meeting, meeting_id).issue_number == 1  # the first of its kind
