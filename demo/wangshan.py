"""望山区, the demo's second district: its own departments, people and one meeting.

Everything is fictional and 望山区's own (its 区教育局 is not 云溪区's); neither district sees
the other's records, the city 云溪市 reads both. Loaded
through the services the pages use, inside working_in(望山区); running it again adds
nothing.
"""

from datetime import date, datetime

from sqlalchemy import select

from accounts.models import User
from extensions import db
from meetings.models import (
    Attendance,
    Invitation,
    InvitationRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from office.services import mark_demo
from opinions import services as opinions
from participants.models import Department, Participant, ParticipantKind
from responses import assignments, replies

TITLE = "推进城乡供水一体化，让群众喝上放心水"
OFFICE = {
    "issuing_body": "政协望山区委员会",
    "report_addressee": "中共望山区委、望山区人民政府",
    "printed_by": "政协望山区委员会办公室",
}
DEPARTMENTS = [("望山区水利局", "区水利局"), ("望山区教育局", "区教育局")]
PEOPLE = [
    ("邵明川", "member", "望山区政协", "主席"),
    ("岑雨桐", "member", "望山区第二中学", "副校长"),
    ("盛家豪", "member", "望山区供水有限公司", "工程师"),
    ("管秀英", "citizen", "望山区清泉村", "村民代表"),
]
OPINIONS = [
    ("盛家豪", "关于加快农村供水管网改造的建议", ["分年度完成老旧管网更换", "建立管网漏损监测"]),
    ("管秀英", "关于保障山区村组用水的建议", ["增设应急送水点", "公布停水通知渠道"]),
    ("岑雨桐", "关于校园饮水安全的建议", ["定期检测校园直饮水", "检测结果向家长公开"]),
]
REPLY = "我局已将农村供水管网改造列入明年计划，分两年完成老旧管网更换。"


def load_wangshan() -> Meeting | None:
    """望山区's story (the caller works in 望山区); its meeting, or None if already there."""
    mark_demo(**OFFICE)
    if db.session.scalar(select(Meeting.id).where(Meeting.title == TITLE)) is not None:
        return None
    departments = {}
    for name, short_name in DEPARTMENTS:
        department = Department(name=name, short_name=short_name)
        db.session.add(department)
        departments[name] = department
    people = {}
    for name, kind, affiliation, title in PEOPLE:
        person = Participant(
            name=name, kind=ParticipantKind(kind), affiliation=affiliation, title=title
        )
        db.session.add(person)
        people[name] = person
    db.session.flush()
    meeting = Meeting(
        title=TITLE,
        kind=MeetingKind.INVITE_TO_CONSULT,
        starts_at=datetime(2026, 10, 15, 9, 0),
        ends_at=datetime(2026, 10, 15, 11, 30),
        venue="望山区政协二楼会议室",
        chair=people["邵明川"],
        status=MeetingStatus.HELD,
    )
    db.session.add(meeting)
    db.session.flush()
    roles = [("邵明川", InvitationRole.CHAIR)] + [
        (name, InvitationRole.SPEAKER) for name in ("岑雨桐", "盛家豪", "管秀英")
    ]
    for name, role in roles:
        meeting.invitations.append(
            Invitation(participant=people[name], role=role, attendance=Attendance.PRESENT)
        )
    db.session.flush()
    made = []
    for speaker, title, suggestions in OPINIONS:
        made.append(
            opinions.submit_opinion(
                meeting,
                people[speaker],
                {"title": title, "channel": "oral", "suggestions": suggestions, "body": ""},
            )
        )
    water = departments["望山区水利局"]
    assignment = assignments.assign(made[0], [water], "single", today=date(2026, 10, 16))[0]
    secretariat = db.session.scalar(select(User).where(User.username == "wangshan-mishu"))
    reply = replies.save_reply(
        assignment,
        {"category": "B", "channel": "written", "contact_method": "in_person", "text": REPLY},
        secretariat,
        None,
    )
    replies.submit_reply(reply, secretariat)
    db.session.flush()
    return meeting
