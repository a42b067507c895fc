"""The demo story, continued: what was said at the meeting and what came of it.

Invented wording throughout. Each opinion names its speaker; `handling` says how the
secretariat assigned it and what the departments answered, so every state of the
workflow appears once: unassigned, assigned, overdue, replied orally and in writing,
each reply category, a co-handled (会办) and a split (分办) opinion, commitments open,
overdue and done, ratings satisfied and unsatisfied (which reopens for a second reply).
"""

from datetime import date
from typing import Any

# speaker, channel, title, problem, suggestions, themes
OPINIONS = [
    (
        "刘芳华",
        "oral",
        "建立普惠托育机构运营补贴长效机制",
        "普惠托育机构收费受限，房租和人工成本却逐年上涨，不少机构处于保本边缘，"
        "一旦补贴中断就难以为继。",
        [
            "建立普惠托位运营补贴动态调整机制，按实际收托人数按月拨付",
            "对社区嵌入式托育点减免或优惠场地租金",
            "托育机构用水、用电、用气执行居民生活类价格",
        ],
        ["普惠托育", "财政支持"],
    ),
    (
        "马骁",
        "oral",
        "支持用人单位在产业园区办托",
        "园区年轻职工集中，家门口、单位旁的托育需求旺盛，但企业办托面临建设投入大、"
        "备案标准不清等顾虑。",
        [
            "对园区企业自办或联办托育点给予一次性建设补助",
            "编制用人单位办托备案指引，明确消防、卫生评价等标准",
        ],
        ["用人单位办托"],
    ),
    (
        "杨晓雯",
        "oral",
        "让双职工家庭选得到、付得起",
        "双职工家庭普遍反映托育机构信息不透明，收费标准和服务质量难以比较，"
        "临时有事时找不到计时托服务。",
        [
            "在区政务平台统一公示托育机构收费标准、师资和评价信息",
            "鼓励机构提供临时托、计时托等灵活服务",
        ],
        ["收费监管", "普惠托育"],
    ),
    (
        "邓凯",
        "oral",
        "关注倒班家庭的照护难题",
        "医护、交通等行业倒班家庭多，常规托育时间与工作时间错位，老人帮带压力大。",
        [
            "选择两到三个街道试点延时托育服务",
            "依托社区妇女儿童之家开展科学育儿指导",
        ],
        ["家庭支持"],
    ),
    (
        "王喆",
        "oral",
        "推进医育结合，守护婴幼儿健康",
        "托育机构普遍缺少专业医疗支撑，保育人员对常见病识别、意外伤害处置的能力不足。",
        [
            "建立托育机构与属地社区卫生服务中心签约机制，定期上门指导",
            "将保育人员纳入基层卫生健康培训体系，每年至少轮训一次",
            "在区妇幼保健院开设婴幼儿养育照护指导门诊",
        ],
        ["医育结合"],
    ),
    (
        "李堃",
        "oral",
        "补齐托育从业人员短板",
        "托育行业待遇偏低、流动性大，持证保育师缺口明显，机构招人难、留人更难。",
        [
            "将保育师列入区紧缺职业目录，落实职业技能培训补贴",
            "支持区职业学校开设婴幼儿托育服务与管理专业",
            "研究制定托育从业人员薪酬指导标准",
        ],
        ["人才队伍"],
    ),
    (
        "张若溪",
        "oral",
        "有序推进托幼一体化",
        "部分幼儿园学位出现富余，具备开设托班的条件，但在师资配备和收费政策上缺少依据。",
        [
            "支持有条件的公办幼儿园开设2至3岁托班",
            "统筹幼儿园富余师资和场地，明确托班收费和师资配比标准",
        ],
        ["托幼一体"],
    ),
    (
        "许𠮷安",
        "written",
        "减轻困难家庭婴幼儿入托负担",
        "低保和低收入家庭对托育服务有需求，但难以承担费用，现有救助政策尚未覆盖托育。",
        [
            "对低保、低收入家庭婴幼儿入托给予费用减免",
            "将托育费用纳入临时救助的支出型困难认定范围",
        ],
        ["家庭支持", "财政支持"],
    ),
]

# Handling per opinion (by speaker). mode: single / split / joint; departments by short
# name (joint: the first leads). Each reply: department, channel, category, contact,
# text, commitments [(text, due, status, progress [(date, percent, note)], optional
# responsible department when not the replying one)], rating (member speakers only):
# (value, comment). "recorded_at_meeting": the secretariat typed the oral reply in the hall.
HANDLING: dict[str, Any] = {
    "刘芳华": {
        "mode": "joint",
        "departments": ["区卫健局", "区财政局"],
        "inputs": [
            ("区财政局", "财政部门将把普惠托位运营补贴列入2027年预算，并配合制定补助标准。")
        ],
        "replies": [
            (
                "区卫健局",
                "written",
                "B",
                "座谈",
                "会同区财政局研究形成普惠托位运营补贴实施细则（征求意见稿），"
                "拟按实际收托人数分档补助；场地租金减免需与街道逐一协商，已列入明年工作计划。",
                [
                    (
                        "出台普惠托位运营补贴实施细则",
                        date(2027, 3, 31),
                        "in_progress",
                        [(date(2026, 11, 20), 40, "完成征求意见稿，正在征求街道和机构意见")],
                    ),
                    # The lead promises for its co-handler, who answers for it.
                    (
                        "将普惠托位运营补贴列入2027年区级财政预算",
                        date(2027, 1, 31),
                        "open",
                        [],
                        "区财政局",
                    ),
                ],
                None,
            )
        ],
    },
    "马骁": {
        "mode": "single",
        "departments": ["区卫健局"],
        # An oral B reply the secretariat recorded at the meeting, promises included.
        "recorded_at_meeting": True,
        "replies": [
            (
                "区卫健局",
                "oral",
                "B",
                "",
                "会上表示支持园区企业办托，办托备案指引已列入年底前工作计划，"
                "并同步开展托育机构安全排查。",
                [
                    ("编制用人单位办托备案指引", date(2026, 12, 31), "open", []),
                    (
                        "完成全区托育机构消防安全排查",
                        date(2026, 11, 15),
                        "in_progress",
                        [(date(2026, 11, 10), 60, "已排查27家，余下机构本周内完成")],
                    ),
                ],
                None,
            )
        ],
    },
    "杨晓雯": {"mode": "single", "departments": ["区市场监管局"], "due": date(2026, 11, 20)},
    "邓凯": {
        "mode": "single",
        "departments": ["区妇联"],
        "replies": [
            (
                "区妇联",
                "oral",
                "C",
                "",
                "延时托育涉及人员和安全保障，现阶段先通过妇女儿童之家开展育儿指导，"
                "延时托育试点留作今后研究参考。",
                [],
                None,
            )
        ],
    },
    "王喆": {
        "mode": "single",
        "departments": ["区卫健局"],
        "replies": [
            (
                "区卫健局",
                "written",
                "A",
                "面谈",
                "已推动全区托育机构与属地社区卫生服务中心签约，每月上门指导一次；"
                "保育人员培训纳入明年基层卫生培训计划；养育照护门诊于12月开诊。",
                [
                    (
                        "全区托育机构与社区卫生服务中心完成签约",
                        date(2026, 11, 30),
                        "done",
                        [(date(2026, 11, 18), 100, "12家托育机构全部完成签约")],
                    )
                ],
                ("satisfied", "答复具体，落实迅速。"),
            )
        ],
    },
    "李堃": {
        "mode": "split",
        "departments": ["区人社局", "区教育局"],
        "replies": [
            (
                "区人社局",
                "written",
                "A",
                "电话",
                "保育师已列入我区2027年紧缺职业目录，参训人员可按规定享受职业技能培训补贴。",
                [],
                ("basically", "希望尽快公布补贴申领办法。"),
            ),
            (
                "区教育局",
                "written",
                "C",
                "书信",
                "开设托育专业需报市级审批，受招生计划限制，暂作参考。",
                [],
                ("unsatisfied", "未说明下一步争取市级支持的具体安排，请再研究答复。"),
            ),
        ],
        # After the unsatisfied rating the department is drafting its second reply.
        "second_drafts": [
            (
                "区教育局",
                "拟会同区职业学校向市教育局申报托育专业设置试点，争取2027年秋季招生；"
                "在此之前先开设保育师短期培训班。",
            )
        ],
    },
    "张若溪": {"mode": "single", "departments": ["区教育局"]},
    # 许𠮷安's written opinion arrived after the meeting and is not yet assigned.
}

# Ordered consensus points and the speakers whose opinions stand behind them.
CONSENSUS = [
    (
        "把发展普惠托育作为重要民生实事，加大财政投入和政策支持，逐步提高普惠托位占比。",
        ["刘芳华", "马骁", "许𠮷安"],
    ),
    ("推进医育结合、托幼一体，依托社区卫生服务中心和幼儿园扩大优质服务供给。", ["王喆", "张若溪"]),
    (
        "加强托育人才培养和行业监管，公开透明服务信息，让家长放心、机构安心。",
        ["李堃", "杨晓雯", "邓凯"],
    ),
]

# Speaking order and actual durations (seconds) on the day.
SPEECH_SECONDS = {
    "刘芳华": 290,
    "马骁": 255,
    "丁雪梅": 300,
    "韩文静": 240,
    "杨晓雯": 200,
    "邓凯": 185,
    "王喆": 330,
    "李堃": 310,
    "张若溪": 280,
    "许𠮷安": 0,
    "沈昇": 0,
}
