"""The splitter on hand-written speeches: every numbering style, collapsed text, nesting,
false markers."""

import time

import pytest

from speech.splitter import SpeechProposal, chinese_to_int, find_markers, split_speech
from tests.speech.speeches import CASES, NO_LIST


def spaces(text: str) -> str:
    """Pasted text whose line breaks became spaces."""
    return " ".join(text.split())


def nothing(text: str) -> str:
    """Pasted text whose line breaks vanished altogether."""
    return "".join(text.split())


def assert_suggestions(proposal: SpeechProposal, case) -> None:
    assert len(proposal.suggestions) == len(case.suggestions_start), proposal.suggestions
    for text, start in zip(proposal.suggestions, case.suggestions_start, strict=True):
        assert text.startswith(start), (text, start)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("layout", [str, spaces], ids=["lines", "one-line"])
def test_every_numbering_style(case, layout):
    proposal = split_speech(layout(case.text))
    assert proposal.title == case.title
    assert proposal.problem.startswith(case.problem_starts)
    assert_suggestions(proposal, case)
    # The problem statement ends where the suggestions begin.
    first = case.suggestions_start[0]
    assert first not in proposal.problem or case.name == "problem-list-then-suggestions"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_text_without_any_break_still_splits(case):
    proposal = split_speech(nothing(case.text))
    assert_suggestions(proposal, case)
    assert 0 < len(proposal.title) <= 61


def test_nested_list_stays_inside_its_parent():
    case = next(c for c in CASES if c.name == "nested-shi-in-di")
    for text in (case.text, spaces(case.text), nothing(case.text)):
        proposal = split_speech(text)
        assert len(proposal.suggestions) == 4
        fourth = proposal.suggestions[3]
        assert "一是每年组织全员轮训" in fourth and "三是建立实训基地" in fourth


def test_nested_arabic_lists_restart_inside_each_parent():
    case = next(c for c in CASES if c.name == "nested-arabic-in-paren")
    proposal = split_speech(spaces(case.text))
    assert "2.推行县管乡用" in proposal.suggestions[0]
    assert "2.开通上级医院远程会诊" in proposal.suggestions[1]


def test_outer_heading_level_keeps_its_subitems():
    text = (
        "关于完善托育服务体系的建议\n当前托位供给偏紧。\n"
        "一、扩大供给\n（一）新建公办托育机构。\n（二）支持幼儿园办托班。\n"
        "二、降低成本\n（三）落实场地租金减免。\n（四）执行居民水电价格。\n"
    )
    for layout in (str, spaces):
        proposal = split_speech(layout(text))
        assert len(proposal.suggestions) == 2
        assert proposal.suggestions[0].startswith("扩大供给")
        assert "（二）支持幼儿园办托班" in proposal.suggestions[0]
        assert "（四）执行居民水电价格" in proposal.suggestions[1]


def test_a_list_of_problems_before_the_suggestions_of_the_same_style():
    text = (
        "关于改善背街小巷环境的建议 主要问题：一是路面破损；二是照明不足。"
        "为此建议：一是分批修缮路面；二是加装路灯；三是建立巷长制。"
    )
    proposal = split_speech(text)
    assert proposal.suggestions == ["分批修缮路面", "加装路灯", "建立巷长制。"]
    assert "一是路面破损" in proposal.problem


@pytest.mark.parametrize("text", NO_LIST)
def test_false_markers_split_nothing(text):
    proposal = split_speech(text)
    assert proposal.suggestions == []
    assert text.startswith(proposal.title)


def test_false_markers_are_not_found():
    families = {(m.family, m.n) for m in find_markers("统一是关键，第一次开会，1.5亿元，其次数据")}
    assert families == set()


def test_a_lone_marker_is_not_a_list():
    proposal = split_speech("关于加强食品安全的建议 一是加强抽检。最后，感谢各位。")
    assert proposal.suggestions == []


def test_suggestions_without_a_preamble_take_the_title_from_the_first():
    proposal = split_speech("1. 增设社区食堂，方便老人就餐。2. 延长开放时间。")
    assert proposal.title == "增设社区食堂，方便老人就餐"
    assert proposal.problem == ""
    assert proposal.suggestions == ["增设社区食堂，方便老人就餐。", "延长开放时间。"]


def test_salutation_is_not_the_title_and_long_first_lines_are_shortened():
    text = (
        "各位委员：\n"
        + "我区"
        + "托育" * 60
        + "需求旺盛，供给不足。第一，增加托位。第二，降低收费。"
    )
    proposal = split_speech(text)
    assert proposal.title.startswith("我区托育") and len(proposal.title) <= 61
    assert proposal.suggestions == ["增加托位。", "降低收费。"]


def test_empty_text_and_to_dict():
    assert split_speech("  \n ").to_dict() == {"title": "", "problem": "", "suggestions": []}
    proposal = split_speech("关于A的建议\n问题。\n一是甲事项；二是乙事项。")
    assert proposal.to_dict() == {
        "title": "关于A的建议",
        "problem": "问题。",
        "suggestions": ["甲事项", "乙事项。"],
    }


@pytest.mark.parametrize(
    "text,value",
    [("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("零", None)],
)
def test_chinese_numbers(text, value):
    assert chinese_to_int(text) == value


def test_spoken_speech_with_greeting_announced_title_and_thanks():
    text = (
        "各位领导、各位委员：\n大家好！我发言的题目是《让“一老一小”就近有照应》。"
        "社区养老托育设施分散。我建议：第一，统筹建设综合服务体；"
        "第二，推动设施嵌入社区；第三，完善运营补贴。以上建议，不妥之处请批评指正。谢谢大家！"
    )
    for layout in (str, spaces):
        proposal = split_speech(layout(text))
        assert proposal.title == "让“一老一小”就近有照应"
        assert proposal.problem == "社区养老托育设施分散。"  # no greeting, no "我建议："
        assert proposal.suggestions == ["统筹建设综合服务体", "推动设施嵌入社区", "完善运营补贴。"]


def test_lead_in_line_is_not_part_of_the_problem():
    text = "关于B的建议\n停车难。\n为此，建议如下：\n1.建停车场；\n2.错时共享。"
    proposal = split_speech(text)
    assert proposal.problem == "停车难。"
    assert proposal.suggestions == ["建停车场", "错时共享。"]


@pytest.mark.parametrize(
    "text",
    ["（一）" * 30000, "第一，" * 30000, "首先，" * 30000, "1.x " * 25000, "。一是ab" * 20000],
    ids=["paren", "di", "order", "arabic", "shi"],
)
def test_huge_repetitive_text_is_fast(text):
    started = time.perf_counter()
    split_speech(text)
    assert time.perf_counter() - started < 5
