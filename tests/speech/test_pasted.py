"""Text as offices paste it: invisible characters before markers, introductions without a
heading, closings and signatures, page furniture (removed, listed, and brought back)."""

import pytest

from speech.segments import split_page
from speech.splitter import split_speech
from speech.text import is_furniture, normalise_spaces, strip_furniture
from tests.speech import pages
from tests.speech.speeches import CASES


def words(proposal) -> tuple:
    """A proposal compared without its spaces."""

    def bare(text: str) -> str:
        return "".join(text.split())

    return bare(proposal.title), bare(proposal.problem), [bare(s) for s in proposal.suggestions]


def indent_lines(text: str, indent: str) -> str:
    return "\n".join(indent * 2 + line for line in text.splitlines())


def before_markers(text: str, char: str) -> str:
    """The character where pages put it: indenting every paragraph, and after each sentence
    or clause that ends before the next item."""
    for stop in ("；", "。", "："):
        text = text.replace(stop, stop + char)
    return indent_lines(text, char)


@pytest.mark.parametrize(
    "char", pages.INVISIBLES, ids=[f"U+{ord(c):04X}" for c in pages.INVISIBLES]
)
def test_web_page_indentation_splits_as_ordinary_spaces(char):
    spaced = split_speech(pages.INDENTED.replace(pages.EM, " "))
    assert len(spaced.suggestions) == 3
    assert split_speech(pages.INDENTED.replace(pages.EM, char)) == spaced
    assert spaced.title == "关于推广社区共享书房的建议"
    assert spaced.problem.startswith("我区现有社区书房十四处")


@pytest.mark.parametrize(
    "char", pages.INVISIBLES, ids=[f"U+{ord(c):04X}" for c in pages.INVISIBLES]
)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_numbering_style_survives_invisible_characters(case, char):
    """The whitespace class is normalised, not the words: the same split as with spaces
    (an invisible character leaves no space where an ordinary one stays inside a line)."""
    assert words(split_speech(before_markers(case.text, char))) == words(
        split_speech(before_markers(case.text, " "))
    )
    assert len(split_speech(before_markers(case.text, char)).suggestions) == len(
        case.suggestions_start
    )


def test_normalise_spaces_keeps_every_word():
    text = "\ufeff\u2003\u2003一是\u200b加强\u00a0培训；\u202e二是\t落实\u2028补贴\r\n"
    assert normalise_spaces(text) == "  一是加强 培训；二是 落实\n补贴\n"


def test_a_long_introduction_is_the_problem_and_a_short_title_is_proposed():
    proposal = split_speech(pages.LONG_INTRO)
    intro = pages.LONG_INTRO.split("\n")[0]
    assert 70 <= len(intro) <= 120
    assert proposal.problem == intro
    assert proposal.title == "我区外卖骑手、网约车司机等新就业形态劳动者快速增加"
    assert len(proposal.title) <= 40


def test_a_closing_paragraph_and_signature_are_not_the_last_suggestion():
    proposal = split_speech(pages.LONG_INTRO)
    assert proposal.suggestions == [
        "在商圈和交通枢纽建设十处“暖心驿站”",
        "扩大职业伤害保障试点覆盖面",
        "开设新就业群体子女入学咨询专窗。",
    ]
    text = (
        "关于X的建议\n问题。\n一是甲事项；\n二是乙事项。\n"
        "谢谢大家！\n政协委员 苗一帆\n二〇二六年三月"
    )
    assert split_speech(text).suggestions == ["甲事项", "乙事项。"]
    # A date on its own with a name above it: a signature, without any courtesy before it.
    signed = "关于X的建议\n问题。\n一是甲事项；\n二是乙事项。\n苗一帆\n2026年3月4日"
    assert split_speech(signed).suggestions == ["甲事项", "乙事项。"]
    # A continuation paragraph of the last suggestion stays with it.
    longer = "关于X的建议\n问题。\n一是甲事项；\n二是乙事项。\n乙事项要在年底前完成。"
    assert split_speech(longer).suggestions[-1] == "乙事项。\n乙事项要在年底前完成。"


@pytest.mark.parametrize(
    "first_line,is_title",
    [
        ("推进社区书房建设", True),
        ("如何让社区书房亮起来？", True),
        ("社区书房开放时间短。", False),  # a sentence
        ("社区书房" * 11, False),  # 44 characters: too long for a heading
    ],
)
def test_a_title_is_a_short_heading_line(first_line, is_title):
    proposal = split_speech(f"{first_line}\n书房少，开放时间短。\n一是延长时间；二是增加图书。")
    if is_title:
        assert proposal.title == first_line
        assert proposal.problem == "书房少，开放时间短。"
    else:
        assert proposal.problem.startswith(first_line)
        assert len(proposal.title) <= 41


def test_page_furniture_is_removed_and_listed():
    proposal = split_speech(pages.FURNITURE)
    assert proposal.title == "关于加强校园周边食品安全的建议"
    assert proposal.problem == (
        "校园周边小餐饮店数量多、流动摊贩屡禁不止，学生放学后购买“三无”零食的现象较为普遍。"
    )
    assert proposal.suggestions == [
        "开展校园周边食品安全专项整治，每学期不少于两次。",
        "推行校园周边餐饮“明厨亮灶”全覆盖。",
        "建立家校社共同监督机制，开通举报热线电话：12345。",  # a phone number in the text stays
    ]
    removed = split_page(pages.FURNITURE).removed
    assert removed == [
        "云溪区政协网",
        "您的位置：首页 > 委员风采 > 建言献策",
        "发布时间：2026-03-05 09:12 来源：云溪区政协 作者：柏晓岚 浏览次数：312",
        "【字号：大 中 小】【打印】【关闭】",
        "目录",
        "一、现状与问题",
        "二、对策建议",
        "……省略126字……",
        "未完，全文共2400字",
        "上一篇：关于完善老年助餐服务的建议",
        "扫描二维码关注云溪政协",
        "版权所有：政协云溪区委员会 ICP备20260001号",
        "联系电话：0571-0000000 邮箱：yxzx@example.org",
    ]


def test_a_removed_line_can_be_brought_back():
    text, removed = strip_furniture(pages.FURNITURE, keep=["云溪区政协网", "……省略126字……"])
    assert "云溪区政协网" not in removed and "……省略126字……" not in removed
    assert text.startswith("云溪区政协网\n")
    assert "“明厨亮灶”全覆盖。……省略126字……" in text
    page = split_page(pages.FURNITURE, keep=["上一篇：关于完善老年助餐服务的建议"])
    assert "上一篇" in page.proposals[0].suggestions[-1]


@pytest.mark.parametrize(
    "line",
    [
        "当前位置: 首页 » 提案工作",
        "首页 > 新闻中心 > 正文",
        "作者：柏晓岚",
        "来源：云溪发布 时间：2026-01-02",
        "发表时间 2026-03-05",
        "云溪发布",
        "【打印本页】 【关闭窗口】",
        "Copyright © 2026 云溪区政协 All Rights Reserved",
        "浙ICP备00000000号-1",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(normalise_spaces(line))


@pytest.mark.parametrize(
    "line",
    [
        "织密社会保障网",  # a title ending in 网, not a site name
        "一是开通育儿热线电话：12345。",
        "资金来源：区财政专项资金，不足部分由街道统筹。",
        "关于建设社区食堂的建议",
        "三是工作尚未完成的要说明原因。",
    ],
)
def test_speech_lines_are_not_furniture(line):
    assert not is_furniture(line)
    assert strip_furniture(line)[1] == []


def test_table_of_contents_stops_at_the_text_it_lists():
    text = (
        "提纲\n一、现状\n二、对策\n"
        "一、现状\n我区社区书房十四处，开放时间短。\n二、对策\n延长开放时间。"
    )
    clean, removed = strip_furniture(text)
    assert removed == ["提纲", "一、现状", "二、对策"]  # the entries, once
    assert (
        clean == "一、现状\n我区社区书房十四处，开放时间短。\n二、对策\n延长开放时间。"
    )  # from the repeat on
    # A lone 目录 line without entries is a word, not a table.
    assert strip_furniture("目录\n我区社区书房十四处。")[1] == []
