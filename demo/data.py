"""The demo story: a fictional district CPPCC consults on childcare for under-3s.

Every person, organisation and sentence here is invented. Names deliberately include
rare characters (喆 堃 珺 昇 𠮷) because real rosters have them and every page and
document must print them.
"""

from datetime import datetime
from typing import Any

DISTRICT = "云溪区"
CPPCC = "政协云溪区委员会"

# The install: the city's CPPCC above the demo's district and a second district.
# (full name, short name, level, parent's short name)
COMMITTEES = [
    ("政协云溪市委员会", "云溪市", "city", None),
    (CPPCC, "云溪区", "district", "云溪市"),
    ("政协望山区委员会", "望山区", "district", "云溪市"),
]
MAIN_COMMITTEE = "云溪区"
SECOND_COMMITTEE = "望山区"
# Accounts of the other committees: username, role, display name, committee (short name).
OTHER_COMMITTEE_USERS = [
    ("shi-mishu", "secretariat", "市政协秘书处 韩清", "云溪市"),
    ("wangshan-mishu", "secretariat", "望山区政协秘书处 乔立", "望山区"),
]

DEMO_PASSWORD = "xst-demo-2026"

# One account per role: username, role, display name, linked person or department (short name)
USERS = [
    ("mishu", "secretariat", "秘书处 周敏", None, None),
    ("zhuxi", "chair", "林振声（区政协主席）", None, None),
    ("wangzhe", "member", "王喆委员", "王喆", None),
    ("likun", "member", "李堃委员", "李堃", None),
    ("weijian", "department", "区卫健局 联络员", None, "区卫健局"),
    ("jiaoyu", "department", "区教育局 联络员", None, "区教育局"),
]

# name, short name, aliases
DEPARTMENTS = [
    ("云溪区卫生健康局", "区卫健局", "卫健局, 区卫生健康委, 卫生健康部门"),
    ("云溪区教育局", "区教育局", "教育局, 教育部门"),
    ("云溪区财政局", "区财政局", "财政局, 财政部门"),
    ("云溪区住房和城乡建设局", "区住建局", "住建局, 住房城乡建设部门"),
    ("云溪区市场监督管理局", "区市场监管局", "市场监管局, 市监局"),
    ("云溪区妇女联合会", "区妇联", "妇联"),
    ("云溪区人力资源和社会保障局", "区人社局", "人社局, 人力社保局"),
]

# Each person: name, kind, affiliation, title, sector, committee, department (short name)
PEOPLE = [
    # CPPCC leadership and the committee that did the research
    ("林振声", "member", "政协云溪区委员会", "主席", "中国共产党", "", None),
    ("方婉清", "member", "政协云溪区委员会", "副主席", "中国民主同盟", "", None),
    ("沈昇", "member", "政协云溪区委员会教科卫体委员会", "主任", "教育界", "教科卫体委员会", None),
    # Government leader and department officials
    ("周启航", "official", "云溪区人民政府", "副区长", "", "", None),
    ("黄立群", "official", "云溪区卫生健康局", "局长", "", "", "区卫健局"),
    ("陈珺", "official", "云溪区教育局", "副局长", "", "", "区教育局"),
    ("吴海峰", "official", "云溪区财政局", "副局长", "", "", "区财政局"),
    ("赵楠", "official", "云溪区住房和城乡建设局", "副局长", "", "", "区住建局"),
    ("孙雅琴", "official", "云溪区市场监督管理局", "副局长", "", "", "区市场监管局"),
    ("何丽萍", "official", "云溪区妇女联合会", "主席", "", "", "区妇联"),
    # CPPCC members who speak or attend
    ("王喆", "member", "云溪区妇幼保健院", "副院长", "医药卫生界", "教科卫体委员会", None),
    ("李堃", "member", "云溪智联科技有限公司", "董事长", "经济界", "经济委员会", None),
    ("张若溪", "member", "云溪区第二实验幼儿园", "园长", "教育界", "教科卫体委员会", None),
    (
        "许𠮷安",
        "member",
        "云溪区社会福利中心",
        "主任",
        "社会福利和社会保障界",
        "社会法制委员会",
        None,
    ),
    ("郑书宁", "member", "云溪律师事务所", "合伙人", "无党派人士", "社会法制委员会", None),
    ("高明远", "member", "共青团云溪区委", "副书记", "共青团和青联", "教科卫体委员会", None),
    # Citizen (parent) representatives
    ("杨晓雯", "citizen", "云溪软件园某科技公司", "职员（两个孩子的母亲）", "", "", None),
    ("邓凯", "citizen", "云溪区第三人民医院", "护士（双职工家庭父亲）", "", "", None),
    # Agency representatives
    ("刘芳华", "agency", "云溪区启航托育中心", "园长", "", "", None),
    ("马骁", "agency", "星河产业园嵌入式托育点", "负责人", "", "", None),
    ("丁雪梅", "agency", "云溪实验幼儿园（托幼一体）", "园长", "", "", None),
    ("韩文静", "agency", "溪岸街道溪岸社区", "党委书记", "", "", None),
    # Expert
    ("罗建平", "expert", "云溪市儿童医院儿童保健科", "主任医师", "", "", None),
]

MEETING: dict[str, Any] = {
    "title": "加快发展普惠托育服务，让“幼有所育”更可及",
    "kind": "invite_to_consult",
    "starts_at": datetime(2026, 11, 12, 14, 30),
    "ends_at": datetime(2026, 11, 12, 17, 30),
    "venue": "区政协四楼协商议事厅",
    "organiser_committee": "教科卫体委员会",
    "chair": "林振声",
    "issue_number": 3,
    "status": "held",
    "opinions_open": True,
    "description": (
        "围绕3岁以下婴幼儿照护服务供给不足、普惠托位少、收费偏高、托育人才短缺等问题，"
        "邀请托育机构、家长代表、政协委员与相关部门面对面协商，推动形成务实可行的改进举措。"
    ),
}

# name, role, attendance, note
INVITATIONS = [
    ("林振声", "chair", "present", ""),
    ("周启航", "leader", "present", ""),
    ("方婉清", "leader", "present", ""),
    ("沈昇", "speaker", "present", ""),
    ("刘芳华", "speaker", "present", ""),
    ("马骁", "speaker", "present", ""),
    ("丁雪梅", "speaker", "present", ""),
    ("韩文静", "speaker", "present", ""),
    ("杨晓雯", "speaker", "present", ""),
    ("邓凯", "speaker", "present", ""),
    ("王喆", "speaker", "present", ""),
    ("李堃", "speaker", "present", ""),
    ("张若溪", "speaker", "present", ""),
    ("许𠮷安", "speaker", "present", ""),
    ("郑书宁", "attendee", "present", ""),
    ("高明远", "attendee", "absent", "参加市青联集中培训"),
    ("黄立群", "responder", "present", ""),
    ("陈珺", "responder", "present", ""),
    ("吴海峰", "responder", "present", ""),
    ("赵楠", "responder", "present", ""),
    ("孙雅琴", "responder", "present", ""),
    ("何丽萍", "responder", "present", ""),
    ("罗建平", "attendee", "present", ""),
]

# kind, title, presenter, department (short name), planned minutes
AGENDA = [
    ("briefing", "区卫健局通报全区婴幼儿照护服务发展情况", "黄立群", "区卫健局", 15),
    ("report", "教科卫体委员会作专题调研报告", "沈昇", None, 15),
    ("speeches", "机构代表、家长代表交流发言", None, None, 35),
    ("speeches", "政协委员协商发言", None, None, 40),
    ("responses", "相关部门现场回应", None, None, 35),
    ("statement", "副区长周启航讲话", "周启航", None, 20),
    ("summary", "区政协主席林振声总结", "林振声", None, 10),
]

# What was said in the steps the secretariat records as text (invented for the demo).
AGENDA_TEXTS = {
    "briefing": (
        "截至今年10月，全区共有备案托育机构41家，提供托位2360个，每千人口托位数3.1个。"
        "街道普惠托育点已覆盖9个街道中的6个，社区嵌入式托育试点3处。"
        "当前的主要困难是普惠托位供给不足、托育从业人员流动性大、"
        "部分机构场地租金负担较重。"
    ),
    "report": (
        "教科卫体委员会历时四个月，走访托育机构18家、社区12个，"
        "问卷调查家庭1260户。调研发现，超过六成家庭有入托意愿，"
        "但“送不起、不放心、离家远”的问题较为突出。报告提出扩大普惠供给、"
        "建强人才队伍、完善综合监管、推动医育结合四方面建议。"
    ),
    "statement": (
        "区政府将把婴幼儿照护服务纳入民生实事项目，明年新增普惠托位500个，"
        "每个街道至少建成1处普惠托育服务点；区卫健局牵头会同财政、住建、"
        "市场监管等部门，三个月内出台托育机构运营补贴和场地支持办法；"
        "对今天委员和代表们提出的意见建议，逐条交办、限时答复、跟踪落实。"
    ),
    "summary": (
        "今天的协商会开得很有成效。大家围绕普惠托育供给、人才队伍、"
        "安全监管和医育结合建言献策，形成了三点共识。区政协将把协商成果"
        "报送区委、区政府，并会同各承办单位跟踪办理，确保件件有着落、事事有回音。"
    ),
}

# The office's own settings in the demo (a fictional office; a real instance sets its own).
OFFICE = {
    "issuing_body": CPPCC,
    "report_addressee": "中共云溪区委、云溪区人民政府",
    "copy_to": "区委办公室，区人大常委会办公室，区政府办公室，区政协各专门委员会",
    "printed_by": "政协云溪区委员会办公室",
}


# A second, upcoming meeting so the list's "upcoming" tab tells the next chapter.
UPCOMING_MEETING: dict[str, Any] = {
    "title": "老旧小区加装电梯：破解“最后一公里”难题",
    "kind": "invite_to_consult",
    "days_ahead": 24,
    "hour": 9,
    "minute": 30,
    "hours": 3,
    "venue": "溪岸街道社区议事中心",
    "organiser_committee": "社会法制委员会",
    "chair": "方婉清",
    "status": "scheduled",
    "description": "聚焦加装电梯中的意见协调、资金分摊和审批流程，听取居民和相关部门意见。",
}

UPCOMING_INVITATIONS = [
    ("方婉清", "chair", "confirmed", ""),
    ("赵楠", "responder", "invited", ""),
    ("郑书宁", "speaker", "confirmed", ""),
    ("许𠮷安", "speaker", "invited", ""),
]
