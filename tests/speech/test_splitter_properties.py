"""Properties of the splitter on any text: it never raises, and every suggestion (and every
problem statement) is made of pieces of the input — nothing invented, nothing reordered
inside a line."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speech.segments import split_page
from tests.speech import pages

# What pasted speeches are made of: markers, punctuation, every kind of space and invisible
# character, furniture words, and plain Chinese.
PIECES = [
    "一是", "二是", "三是", "第一", "第二，", "一、", "二、", "（一）", "（二）", "1.", "2.", "3、",
    "①", "②", "首先，", "其次，", "最后，", "为此建议：", "关于", "的建议", "以上建议", "谢谢",
    "。", "；", "，", "：", "\n", "\n\n", " ", "\u2003", "\u00a0", "\u200b", "\ufeff", "\u200e",
    "\u202e", "\t", "\r\n", "首页 > ", "您的位置：", "来源：", "作者：", "目录", "省略120字",
    "……", "版权所有", "ICP备", "电话：", "（区财政局负责）", "省妇联", "托育", "补贴", "社区",
    "加强", "建设", "2026年3月4日", "区政协委员 林", "x",
]  # fmt: skip
speech_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=60).map(
    "".join
)

INVISIBLE = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def compact(text: str) -> str:
    return CONTROLS.sub("", INVISIBLE.sub("", text))


def assert_pieces_of(found: str, source: str) -> None:
    for line in found.split("\n"):
        assert compact(line) in source, (line, source)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(speech_text)
def test_the_splitter_never_raises_and_invents_nothing(text):
    page = split_page(text)
    source = compact(text)
    assert len(page.proposals) == len(page.segments)
    for proposal in page.proposals:
        for suggestion in proposal.suggestions:
            assert suggestion.strip(), proposal
            assert_pieces_of(suggestion, source)
        assert_pieces_of(proposal.problem, source)
    for line in page.removed:
        assert_pieces_of(line, source)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([pages.INDENTED, pages.LONG_INTRO, pages.FURNITURE]), min_size=1))
def test_pages_of_real_proposals_give_one_opinion_each_with_every_suggestion(parts):
    text = "\n".join(parts)
    page = split_page(text)
    assert len(page.proposals) == len(parts)  # one opinion per proposal
    expected = sum(len(split_page(part).proposals[0].suggestions) for part in parts)
    assert sum(len(p.suggestions) for p in page.proposals) == expected
    source = compact(text)
    for proposal in page.proposals:
        for suggestion in proposal.suggestions:
            assert_pieces_of(suggestion, source)
