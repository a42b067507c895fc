"""A held meeting as a clerk issues its documents: the office's settings, two speeches
steps, what was said in each step, a written opinion, a department's reply with a
commitment, attendees of every kind. Built through the services the pages use."""

import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from extensions import db
from meetings.models import Meeting
from office import services as office
from opinions import consensus
from opinions import services as opinions
from responses import assignments, commitments, replies
from tests import factories

ISSUING_BODY = "政协青山县委员会"
ADDRESSEE = "中共青山县委、青山县人民政府"
COPY_TO = "县委办公室，县人大常委会办公室\n县政府办公室"
PRINTED_BY = "政协青山县委员会办公室"
MEETING_DAY = datetime(2026, 3, 29, 9, 0)
BRIEFING = "全县现有托育机构四十二家，普惠托位占比达到六成。"
STATEMENT = ["要把托育服务纳入民生实事项目。", "各部门要抓好落实，按期回应群众关切。"]
SUMMARY = "这次协商会开得很好，大家建言务实。"
COMMITMENT = "年底前每个乡镇建成一所普惠托育点"


@dataclass
class Issued:
    meeting_id: int
    steps: dict[str, int]  # agenda item ids by short name
    opinions: dict[str, int]  # opinion ids by speaker


def configure_office(**values) -> None:
    settings = office.get_settings()
    settings.issuing_body = values.get("issuing_body", ISSUING_BODY)
    settings.report_addressee = values.get("report_addressee", ADDRESSEE)
    settings.copy_to = values.get("copy_to", COPY_TO)
    settings.printed_by = values.get("printed_by", PRINTED_BY)
    db.session.flush()


def _person(name, kind, affiliation, title=""):
    return factories.make_participant(name, kind=kind, affiliation=affiliation, title=title)


def _speak(meeting, person, step, title, suggestions, channel="oral"):
    opinion = opinions.submit_opinion(
        meeting,
        person,
        {
            "title": title,
            "body": f"{title}的问题。",
            "channel": channel,
            "suggestions": suggestions,
        },
    )
    opinion.agenda_item_id = step.id if step is not None else None
    return opinion


@pytest.fixture
def issued(app) -> Issued:
    configure_office()
    chair = _person("林振声", "member", "政协青山县委员会", "主席")
    leader = _person("周启航", "official", "青山县人民政府", "副县长")
    agency = _person("刘芳华", "agency", "青山县阳光托育中心", "主任")
    parent = _person("马骁", "citizen", "溪岸社区", "家长代表")
    member = _person("王喆", "member", "青山县妇幼保健院", "副院长")
    late = _person("李堃", "member", "青山县实验幼儿园", "园长")
    writer = _person("许𠮷安", "member", "青山县第一中学", "教师")
    absent = _person("高明远", "member", "共青团青山县委", "副书记")
    official = _person("赵楠", "official", "青山县卫生健康局", "局长")
    meeting = factories.make_meeting(
        "普惠托育服务体系建设",
        status="held",
        chair=chair,
        starts_at=MEETING_DAY,
        opinions_open=True,
    )
    for person, role, attendance in (
        (chair, "chair", "present"),
        (leader, "leader", "present"),
        (agency, "speaker", "present"),
        (parent, "speaker", "present"),
        (member, "speaker", "present"),
        (late, "speaker", "present"),
        (writer, "speaker", "present"),
        (absent, "speaker", "absent"),
        (official, "responder", "present"),
    ):
        factories.make_invitation(meeting, person, role=role, attendance=attendance)
    steps = {
        "briefing": factories.make_agenda_item(
            meeting, kind="briefing", title="县卫健局通报托育服务情况", presenter=official,
            text=BRIEFING,
        ),
        "agencies": factories.make_agenda_item(
            meeting, kind="speeches", title="机构代表、家长代表交流发言"
        ),
        "members": factories.make_agenda_item(meeting, kind="speeches", title="政协委员协商发言"),
        "responses": factories.make_agenda_item(meeting, kind="responses", title="相关部门回应"),
        "statement": factories.make_agenda_item(
            meeting, kind="statement", title="副县长周启航讲话", presenter=leader,
            text="\n".join(STATEMENT),
        ),
        "summary": factories.make_agenda_item(
            meeting, kind="summary", title="县政协主席林振声总结", presenter=chair, text=SUMMARY
        ),
    }  # fmt: skip
    made = {
        "王喆": _speak(meeting, member, steps["members"], "推进医育结合", ["签约卫生服务中心"]),
        "刘芳华": _speak(meeting, agency, steps["agencies"], "降低托育运营成本", ["补贴托位"]),
        "马骁": _speak(meeting, parent, steps["agencies"], "延长托育服务时间", ["开设晚托"]),
        "李堃": _speak(meeting, late, None, "托幼一体化", ["幼儿园开设托班"]),
        "许𠮷安": _speak(meeting, writer, None, "培养托育人才", ["开设专业"], "written"),
    }
    department = factories.make_department("青山县卫生健康局", short_name="县卫健局")
    (assignment,) = assignments.assign(made["王喆"], [department], "single")
    reply = replies.save_reply(
        assignment,
        {"category": "A", "channel": "oral", "contact_method": "in_person", "text": "全力推进。"},
        None,
        None,
    )
    commitments.add_commitment(reply, COMMITMENT, date(2027, 12, 31))
    replies.submit_reply(reply, None)
    consensus.add_consensus_point(meeting, "扩大普惠托育服务供给。", [made["王喆"].id])
    factories.make_user("secretariat", role="secretariat")
    factories.make_user("chair", role="chair")
    db.session.commit()
    return Issued(
        meeting.id,
        {name: item.id for name, item in steps.items()},
        {name: opinion.id for name, opinion in made.items()},
    )


def meeting_of(issued: Issued) -> Meeting:
    return db.session.get(Meeting, issued.meeting_id)


def pdftotext(path: Path, layout: bool = True) -> str:
    """The PDF's text with all whitespace removed."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return ["".join(page.split()) for page in out.stdout.split("\f") if page.strip()]


def in_order(text: str, items: list[str]) -> list[str]:
    """The items missing from `text` or found out of order (empty when all is well)."""
    problems, at = [], 0
    for item in items:
        found = text.find("".join(item.split()), at)
        if found < 0:
            problems.append(item)
        else:
            at = found
    return problems
