"""The demo's earlier chapter: a consultation held in June, handled and closed by autumn.

It gives the dashboard, the registers and the members' records a finished cycle to show
beside the November meeting that is still being handled. Invented wording throughout.
"""

from datetime import date, datetime
from typing import Any

MEETING: dict[str, Any] = {
    "title": "守护“舌尖上的安全”：校园食品安全共治",
    "kind": "invite_to_consult",
    "starts_at": datetime(2026, 6, 18, 14, 30),
    "ends_at": datetime(2026, 6, 18, 17, 0),
    "venue": "区政协四楼协商议事厅",
    "organiser_committee": "社会法制委员会",
    "chair": "方婉清",
    "issue_number": 2,
    "status": "held",  # closed by the loader once its consensus is recorded
    "opinions_open": False,
    "description": (
        "围绕中小学、幼儿园食堂管理、校外供餐监管和家长参与监督，"
        "请家长代表、学校和政协委员与相关部门面对面协商。"
    ),
}

INVITATIONS = [
    ("方婉清", "chair", "present", ""),
    ("李堃", "speaker", "present", ""),
    ("郑书宁", "attendee", "present", ""),
    ("张若溪", "speaker", "present", ""),
    ("王喆", "speaker", "present", ""),
    ("邓凯", "speaker", "present", ""),
    ("丁雪梅", "speaker", "present", ""),
    ("陈珺", "responder", "present", ""),
    ("孙雅琴", "responder", "present", ""),
    ("黄立群", "responder", "present", ""),
]

ASSIGNED_ON = date(2026, 6, 19)

# speaker, channel, title, problem, suggestions, themes
OPINIONS = [
    (
        "李堃",
        "oral",
        "推行校园食堂“明厨亮灶”全覆盖",
        "部分学校食堂后厨监控未接入监管平台，家长看不到、监管部门查不及时。",
        [
            "年内实现全区中小学、幼儿园食堂“明厨亮灶”视频接入监管平台",
            "向家长开放食堂视频的定时查看渠道",
        ],
        ["校园食品安全"],
    ),
    (
        "张若溪",
        "oral",
        "建立家长陪餐和膳食委员会制度",
        "家长对学校餐食的意见缺少固定反映渠道，问题往往在网络上发酵后才被重视。",
        [
            "各校成立有家长代表参加的膳食委员会，每学期公开评议",
            "推行家长代表轮流陪餐并记录意见",
        ],
        ["校园食品安全", "家校共育"],
    ),
    (
        "王喆",
        "written",
        "加强学生营养膳食指导",
        "学校食谱搭配重口味、轻营养的情况仍然存在，儿童超重和营养不均衡比例上升。",
        [
            "由妇幼保健机构为学校提供营养食谱指导",
            "每学期开展一次学生营养状况监测并向家长反馈",
        ],
        ["校园食品安全", "儿童健康"],
    ),
    (
        "邓凯",
        "oral",
        "规范校外供餐企业准入和退出",
        "校外配餐企业数量多、规模小，个别企业多次抽检不合格仍在供餐。",
        [
            "建立校外供餐企业准入评估和黑名单退出机制",
            "抽检结果每季度向学校和家长公开",
        ],
        ["校园食品安全"],
    ),
]

# Same shape as workflow_data.HANDLING; commitments all came due and most are done.
HANDLING: dict[str, Any] = {
    "李堃": {
        "mode": "split",
        "departments": ["区教育局", "区市场监管局"],
        "replies": [
            (
                "区教育局",
                "written",
                "A",
                "座谈",
                "已将“明厨亮灶”列入年度民生实事，全区学校食堂视频于九月底前全部接入；"
                "家长可在每周开放日通过学校公众号查看后厨实时画面。",
                [
                    (
                        "全区学校食堂视频接入监管平台",
                        date(2026, 9, 30),
                        "done",
                        [
                            (date(2026, 8, 15), 60, "完成中小学接入"),
                            (date(2026, 9, 26), 100, "幼儿园全部接入"),
                        ],
                    )
                ],
                ("satisfied", "落实有力，家长反响很好。"),
            ),
            (
                "区市场监管局",
                "written",
                "A",
                "电话",
                "已将学校食堂视频纳入“互联网+明厨亮灶”监管平台，发现问题当日推送整改。",
                [],
                ("basically", "平台预警后的整改结果也应向家长公开。"),
            ),
        ],
    },
    "张若溪": {
        "mode": "single",
        "departments": ["区教育局"],
        "replies": [
            (
                "区教育局",
                "written",
                "B",
                "面谈",
                "已印发学校膳食委员会工作指引，秋季学期起试点家长陪餐，明年春季全面推开。",
                [
                    (
                        "印发学校膳食委员会工作指引",
                        date(2026, 8, 31),
                        "done",
                        [(date(2026, 8, 28), 100, "指引已印发")],
                    ),
                    (
                        "全区学校推行家长陪餐制度",
                        date(2027, 3, 31),
                        "in_progress",
                        [(date(2026, 10, 30), 50, "12所学校试点")],
                    ),
                ],
                None,
            ),
        ],
    },
    "王喆": {
        "mode": "joint",
        "departments": ["区卫健局", "区教育局"],
        "inputs": [("区教育局", "教育部门将组织学校食堂负责人参加营养配餐培训。")],
        "replies": [
            (
                "区卫健局",
                "written",
                "A",
                "书信",
                "区妇幼保健院已为全区学校编制四季营养食谱，并于秋季学期完成首轮学生营养监测。",
                [
                    (
                        "编制学校四季营养食谱",
                        date(2026, 9, 15),
                        "done",
                        [(date(2026, 9, 10), 100, "食谱已发放各校")],
                    )
                ],
                ("satisfied", "食谱很实用。"),
            ),
        ],
    },
    "邓凯": {
        "mode": "single",
        "departments": ["区市场监管局"],
        "replies": [
            (
                "区市场监管局",
                "written",
                "B",
                "座谈",
                "正在制定校外供餐企业准入评估办法，抽检结果已按季度在局网站公开。",
                [
                    (
                        "出台校外供餐企业准入评估办法",
                        date(2026, 10, 31),
                        "in_progress",
                        [(date(2026, 10, 20), 70, "完成征求意见")],
                    )
                ],
                None,
            ),
        ],
    },
}

CONSENSUS = [
    ("以“明厨亮灶”和家长参与为抓手，让校园餐看得见、管得住、吃得好。", ["李堃", "张若溪"]),
    ("严格校外供餐企业准入退出，抽检结果及时公开。", ["邓凯"]),
]

# When things happened, so the dashboard's months and on-time rates tell the real story:
# speaker -> (opinion recorded, reply submitted, rating given)
HAPPENED = {
    "李堃": (
        datetime(2026, 6, 18, 15, 0),
        datetime(2026, 7, 10, 10, 0),
        datetime(2026, 7, 14, 9, 0),
    ),
    "张若溪": (datetime(2026, 6, 18, 15, 20), datetime(2026, 7, 15, 16, 0), None),
    "王喆": (
        datetime(2026, 6, 17, 18, 0),
        datetime(2026, 7, 28, 9, 30),
        datetime(2026, 8, 3, 10, 0),
    ),
    "邓凯": (datetime(2026, 6, 18, 15, 40), datetime(2026, 7, 22, 14, 0), None),
}
CLOSED_AT = datetime(2026, 10, 15, 10, 0)
