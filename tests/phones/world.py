"""A small, realistic world for the phone and people browser tests, made through the services:
a held meeting with its opinion window open, long opinion titles assigned to the health
bureau, a member invited, and departments with aliases and their officials."""

from extensions import db
from meetings import services
from opinions import services as opinions
from responses import assignments
from tests import factories

TITLES = [
    "关于加快发展普惠托育服务、扩大托位供给的建议",
    "关于建立托育从业人员培训和职业资格认证体系的建议",
    "关于在新建住宅小区按标准配建托育服务设施的建议",
]
UNASSIGNED = "关于完善家庭托育点登记备案和日常监管的建议"
# name, short name, aliases, official (None: nobody in the directory)
DEPARTMENTS = [
    ("云溪区卫生健康局", "区卫健局", "卫健局, 卫生健康部门", "黄立群"),
    ("云溪区教育局", "区教育局", "教育局", "陈珺"),
    ("云溪区财政局", "区财政局", "财政局", "吴海峰"),
    ("云溪区住房和城乡建设局", "区住建局", "住建局", "赵楠"),
    ("云溪区市场监督管理局", "区市场监管局", "市场监管局, 市监局", "孙雅琴"),
    ("云溪区妇女联合会", "区妇联", "妇联", "何丽萍"),
    ("云溪区人力资源和社会保障局", "区人社局", "人社局", None),
]
MEMBERS = [("王喆", "医药卫生界"), ("李堃", "经济界"), ("张若溪", "教育界"), ("沈昇", "教育界")]


def build() -> dict[str, int]:
    """Returns the ids: `meeting` (held, window open), `upcoming` (scheduled), `health`."""
    departments, officials = {}, {}
    for name, short_name, aliases, official in DEPARTMENTS:
        department = factories.make_department(name, short_name=short_name)
        department.aliases = [aliases]
        departments[short_name] = department
        if official:
            officials[short_name] = factories.make_participant(
                official, kind="official", department=department
            )
    members = {
        name: factories.make_participant(name, sector=sector, committee="教科卫体委员会")
        for name, sector in MEMBERS
    }
    chair = factories.make_participant("林振声")
    meeting = factories.make_meeting(
        "加快发展普惠托育服务，让“幼有所育”更可及", status="held", opinions_open=True
    )
    services.set_chair(meeting, chair)
    upcoming = factories.make_meeting("老旧小区加装电梯协商会", status="scheduled")
    services.set_chair(upcoming, chair)
    factories.make_invitation(upcoming, officials["区住建局"], role="responder")
    member = members["王喆"]
    factories.make_invitation(meeting, member, role="speaker")
    factories.make_invitation(meeting, officials["区卫健局"], role="responder")
    factories.make_user("mishu", role="secretariat")
    factories.make_user("wangzhe", role="member", participant=member)
    factories.make_user("weijian", role="department", department=departments["区卫健局"])
    for n, title in enumerate([*TITLES, UNASSIGNED]):
        opinion = opinions.submit_opinion(
            meeting, member, {"title": title, "suggestions": [f"建议{n}"], "channel": "oral"}
        )
        if title != UNASSIGNED:  # that one is left for the bulk assignment page
            assignments.assign(opinion, [departments["区卫健局"]], "single")
    db.session.commit()
    return {"meeting": meeting.id, "upcoming": upcoming.id}
