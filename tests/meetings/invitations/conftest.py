"""A directory to invite groups from: sectors, committees, departments, shared names."""

from dataclasses import dataclass

import pytest

from extensions import db
from meetings import services
from meetings.models import Invitation
from participants.models import Department, Participant
from tests import factories


@dataclass
class Roster:
    meeting_id: int
    chair: Participant
    people: dict[str, Participant]  # by a unique key (homonyms: 李堃-1, 李堃-2)
    departments: dict[str, Department]  # by short name


@pytest.fixture
def roster(app) -> Roster:
    """A held meeting (presence may be recorded) chaired by 林振声, and a directory of:
    members in sectors and committees, two people called 李堃, an inactive 陈旧, and
    departments: 卫健局 (one official), 教育局 (two officials, the contact person second),
    人社局 (nobody), 旧局 (inactive, with an official)."""
    health = factories.make_department("云溪区卫生健康局", short_name="区卫健局")
    health.aliases = ["卫健局, 卫生健康部门"]
    education = factories.make_department(
        "云溪区教育局", short_name="区教育局", contact_person="陈珺"
    )
    labour = factories.make_department("云溪区人力资源和社会保障局", short_name="区人社局")
    old = factories.make_department("云溪区旧局", short_name="旧局", active=False)
    people = {
        "林振声": factories.make_participant("林振声", sector="中国共产党"),
        "王喆": factories.make_participant("王喆", sector="医药卫生界", committee="教科卫体委员会"),
        "张若溪": factories.make_participant("张若溪", sector="教育界", committee="教科卫体委员会"),
        "沈昇": factories.make_participant("沈昇", sector="教育界", committee="教科卫体委员会"),
        "许𠮷安": factories.make_participant(
            "许𠮷安", sector="社会福利界", committee="社会法制委员会"
        ),
        "李堃-1": factories.make_participant("李堃", sector="经济界", affiliation="云溪智联科技"),
        "李堃-2": factories.make_participant("李堃", kind="expert", affiliation="云溪市儿童医院"),
        "陈旧": factories.make_participant("陈旧", sector="教育界", active=False),
        "黄立群": factories.make_participant("黄立群", kind="official", department=health),
        "刘副局长": factories.make_participant("刘副局长", kind="official", department=education),
        "陈珺": factories.make_participant("陈珺", kind="official", department=education),
        "旧局长": factories.make_participant("旧局长", kind="official", department=old),
    }
    meeting = factories.make_meeting("普惠托育协商会", status="held")
    services.set_chair(meeting, people["林振声"])
    db.session.commit()
    return Roster(
        meeting.id,
        people["林振声"],
        people,
        {"卫健局": health, "教育局": education, "人社局": labour, "旧局": old},
    )


def invitations_of(meeting_id: int) -> dict[int, Invitation]:
    """The meeting's invitations by participant id, freshly read."""
    db.session.expire_all()
    rows = db.session.scalars(db.select(Invitation).where(Invitation.meeting_id == meeting_id))
    return {i.participant_id: i for i in rows}


def text(response) -> str:
    return response.get_data(as_text=True)
