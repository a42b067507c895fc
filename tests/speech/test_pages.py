"""A page of several proposals becomes one opinion per proposal; departments are proposed
per measure, and another level's bodies are not taken for the district's own."""

import pytest

from extensions import db
from speech.departments import level_of, match_departments, unmatched_names
from speech.segments import split_page
from speech.services import propose, propose_page
from tests import factories
from tests.speech import pages
from tests.speech.speeches import CASES


def test_several_proposals_on_one_page():
    page = split_page(pages.SEVERAL)
    assert [p.title for p in page.proposals] == [
        "关于改善老旧小区停车难的建议",
        "关于提升社区卫生服务能力的建议",
        "关于加强青少年心理健康服务的建议",
        "关于发展社区嵌入式托育的建议",
    ]
    assert [len(p.suggestions) for p in page.proposals] == [3, 3, 3, 3]
    first, second, third, fourth = page.proposals
    assert first.problem == (
        "区政协委员 祁松年\n"
        "老旧小区建成年代早，车位配比不足一比零点三，夜间车辆占用消防通道的情况时有发生。"
    )
    assert second.suggestions[-1] == "区财政局将家庭医生签约经费纳入年度预算。"  # no closing
    assert third.suggestions[0] == "区教育局为每所中学配齐专职心理教师"
    assert fourth.suggestions[-1] == "区妇联组织开展科学育儿指导进社区。"  # no footer
    assert all(len(s) < 60 for p in page.proposals for s in p.suggestions)
    # The collection's heading and the page furniture are listed, not proposed.
    assert page.removed == [
        "您的位置：首页 > 委员建言",
        "发布时间：2026-02-20 来源：云溪区政协办公室",
        "版权所有：政协云溪区委员会",
        "2026年度委员建言选编",
    ]


def test_proposals_without_headings_split_where_the_numbering_restarts():
    text = (
        "老旧小区车位配比不足，夜间车辆占用消防通道的情况时有发生，居民意见较大。\n"
        "一是利用边角空地增设临时泊位；二是推动机关停车场夜间错时开放。\n"
        "社区卫生服务中心全科医生偏少，慢病患者复诊仍需到区属医院排队。\n"
        "一是定向招聘全科医生；二是推行慢病长处方；三是药品配送到家。\n"
    )
    for indent in ("", "\u2003\u2003"):
        page = split_page("\n".join(indent + line for line in text.splitlines()))
        assert [len(p.suggestions) for p in page.proposals] == [2, 3]
        assert page.proposals[1].problem.startswith("社区卫生服务中心全科医生偏少")
        assert (
            page.proposals[1].title
            == "社区卫生服务中心全科医生偏少，慢病患者复诊仍需到区属医院排队"
        )


@pytest.mark.parametrize(
    "text",
    [
        # A list of problems, then the suggestions, in the same style: one proposal.
        "关于改善背街小巷环境的建议\n当前存在以下问题：\n一是路面破损；\n二是照明不足。\n"
        "这些问题影响居民夜间出行，群众反映强烈。\n为此建议：\n一是分批修缮路面；\n二是加装路灯。",
        # A nested list with its own introduction inside the last suggestion.
        "关于加强托育人才队伍建设的建议\n持证率不足五成。\n第一，扩大培养规模。\n"
        "第二，加强在岗培训。\n在岗培训覆盖面不足，很多保育员从未参加过系统培训。\n"
        "一是每年组织全员轮训；\n二是开展保育技能竞赛。",
    ],
    ids=["problems-then-suggestions", "nested-with-intro"],
)
def test_one_proposal_is_not_cut(text):
    assert len(split_page(text).proposals) == 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_clean_layouts_stay_one_proposal(case):
    page = split_page(case.text)
    assert len(page.proposals) == 1 and page.removed == []


def test_a_list_whose_items_are_proposals():
    text = (
        "委员建言汇编\n"
        "一、关于增设社区食堂的建议\n老人就餐不便。\n1.利用社区用房开设食堂；2.给予运营补贴。\n"
        "二、关于延长图书馆开放时间的建议\n学生晚间无处自习。\n1.周末延长至晚上十点；2.增加自习座位。\n"
    )
    page = split_page(text)
    assert [p.title for p in page.proposals] == [
        "关于增设社区食堂的建议",
        "关于延长图书馆开放时间的建议",
    ]
    assert page.proposals[1].suggestions == ["周末延长至晚上十点", "增加自习座位。"]


@pytest.fixture
def directory(app):
    """The district's own departments, with the generic aliases offices give them."""
    made = {
        "housing": factories.make_department(
            "云溪区住房和城乡建设局", short_name="区住建局", aliases_text="住建局"
        ),
        "education": factories.make_department(
            "云溪区教育局", short_name="区教育局", aliases_text="教育局"
        ),
        "finance": factories.make_department(
            "云溪区财政局", short_name="区财政局", aliases_text="财政局"
        ),
        "health": factories.make_department(
            "云溪区卫生健康局", short_name="区卫健局", aliases_text="卫健局,卫生健康部门"
        ),
        "labour": factories.make_department(
            "云溪区人力资源和社会保障局", short_name="区人社局", aliases_text="人社局"
        ),
        "women": factories.make_department(
            "云溪区妇女联合会", short_name="区妇联", aliases_text="妇联"
        ),
        "market": factories.make_department(
            "云溪区市场监督管理局", short_name="区市场监管局", aliases_text="市场监管局"
        ),
    }
    db.session.commit()
    return made


def names(departments) -> list[str]:
    return [d.short_name for d in departments]


def test_departments_are_proposed_per_measure(directory):
    page = propose_page(pages.MEASURES, list(directory.values()))
    (opinion,) = page.opinions
    assert [names(found) for found in opinion.suggestion_departments] == [
        ["区住建局", "区教育局"],
        ["区财政局"],
        ["区卫健局", "区人社局"],
        [],  # 省妇联 and 市卫生健康部门 are not the district's
    ]
    assert names(opinion.departments) == [
        "区住建局",
        "区教育局",
        "区财政局",
        "区卫健局",
        "区人社局",
    ]
    assert opinion.not_in_directory == ["省妇联", "市卫生健康部门"]


def test_another_levels_body_is_not_the_districts(directory):
    departments = list(directory.values())
    text = "请省妇联、市卫生健康部门和市市场监管局给予指导，区妇联、卫健局具体落实。"
    assert names(match_departments(text, departments)) == ["区妇联", "区卫健局"]
    assert unmatched_names(text, departments) == ["省妇联", "市卫生健康部门", "市市场监管局"]
    # 市场监管局 is not a 市-level name, and 社区 before 卫健局 is the district's own level.
    assert names(match_departments("市场监管局、社区卫健局", departments)) == [
        "区市场监管局",
        "区卫健局",
    ]
    assert [level_of(n) for n in ("云溪区妇女联合会", "省妇联", "市场监管局", "妇联")] == [
        "区",
        "省",
        None,
        None,
    ]


def test_a_responsibility_note_names_bodies_not_in_the_directory(directory):
    text = "（三）落实补贴。（省发展改革委、区财政局、区数据局按职责分工负责）"
    assert unmatched_names(text, list(directory.values())) == ["省发展改革委", "区数据局"]


def test_departments_of_the_problem_only_when_no_suggestion_names_one(directory):
    departments = list(directory.values())
    text = "关于X的建议\n区教育局反映课后服务不足。\n一是区财政局保障经费；二是扩大覆盖面。"
    assert names(propose(text, departments)[1]) == ["区财政局"]
    text = "关于X的建议\n区教育局反映课后服务不足。\n一是保障经费；二是扩大覆盖面。"
    assert names(propose(text, departments)[1]) == ["区教育局"]


def test_each_proposal_of_a_page_has_its_speaker_and_departments(directory, world):
    people = [
        factories.make_participant(name, kind="member") for name in ("祁松年", "俞可馨", "庞晓棠")
    ]
    db.session.commit()
    page = propose_page(pages.SEVERAL, list(directory.values()), people)
    assert [o.speaker.name if o.speaker else None for o in page.opinions] == [
        "祁松年",
        "俞可馨",
        "庞晓棠",
        "祁松年",
    ]
    assert [names(o.departments) for o in page.opinions] == [
        ["区住建局"],
        ["区卫健局", "区财政局"],
        ["区教育局"],
        ["区妇联"],
    ]
    # Once the speaker is known, the byline leaves the problem statement.
    assert page.opinions[0].body.startswith("老旧小区建成年代早")


@pytest.mark.parametrize(
    "text",
    [
        "关于甲的建议\n社区问题很多，需要解决。\n一是ab；二是cd。\n" * 3000,
        "社区问题很多，需要逐步解决。\n一是ab；\n二是cd。\n" * 3000,
        "（一）" * 30000,
        "目录\n" + "一、关于甲的建议\n" * 20000,
        "您的位置：首页 > 新闻\n" * 20000,
    ],
    ids=["headed", "restarts", "paren", "toc", "furniture"],
)
def test_huge_pages_are_fast(text):
    import time

    started = time.perf_counter()
    split_page(text)
    assert time.perf_counter() - started < 5
