"""Split a written speech into a proposed opinion: title, problem statement, suggestions.

A pure function, no database: `split_speech(text) -> SpeechProposal`. A page that holds
several proposals is cut into one text per proposal first (speech.segments).

First the text is prepared (speech.text): every space-like character becomes a
space and invisible characters go (a web page's em-space indentation no longer hides 一是),
and page furniture (navigation, metadata, tables of contents, footers) is taken out. Then,
in four steps:
1. Every numbering marker the speech may use is found inline (so text whose line breaks
   were lost still works): 一是/二是, 一要/二要, 其一/其二, 第一/第二, 一、二、(一. 二.),
   （一）（二）, 1. 2. / 1、2、, (1)(2), 1) 2), ①②, 首先/其次/再次/最后. Guards drop the
   usual false hits: a marker must follow a break (line start, space or punctuation), so
   统一是 or 第1、2项 are not markers; 第一次, 1.5亿, 2024.1 and 其次数 are rejected by
   what follows.
2. Markers of one style are chained in sequence (1 then 2 then 3 …, each item with some
   text); a chain needs two items. The sequence check is the main guard: a stray marker
   rarely has its successor after it.
3. The outermost chain wins: a chain that starts inside an earlier one is nested (its items
   stay inside their parent suggestion), unless a lead-in such as "为此建议：" opens it — then
   the earlier chain was part of the problem statement (e.g. 一是…二是… listing problems).
4. The text before the chosen chain is the problem statement; the title is a short heading
   line, a "关于……的建议" heading, or one proposed from the opening clause, the introduction
   then staying the problem statement (speech.titles). A closing paragraph or a
   signature after the last suggestion is not part of it.
"""

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field

from speech.text import normalise_spaces, strip_furniture
from speech.titles import (
    SALUTATION,
    TRAILING_SEPARATORS,
    clean_block,
    derive_title,
    title_and_rest,
    without_closing,
)

CN_DIGITS = "零一二三四五六七八九"
CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
# A marker must follow one of these (or the start of the text).
BREAK_CHARS = set(" \t\r\n\u3000。；;！？!?：:，,、)）」』”\"'》】]…")
# 第一次, 第一名, 第一书记 …: words, not list markers.
ORDINAL_WORDS = set(
    "次个名条章节届年批项部位天期轮款点类种书线季度班把手产阶梯档段层代人家件份步回排号周月日号轴"
)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
LAST = 10_000  # 最后: closes an ordered chain whatever came before

# family -> pattern; group "n" is the number (Chinese, Arabic, circled or an order word).
MARKER_PATTERNS: dict[str, re.Pattern[str]] = {
    "shi": re.compile(rf"(?P<n>{CN_NUMERAL})是"),
    "yao": re.compile(rf"(?P<n>{CN_NUMERAL})要(?![求素点闻务害])"),  # 一要…二要… (not 要求)
    "qi": re.compile(rf"其(?P<n>{CN_NUMERAL})(?P<after>[，,、：:是]?)"),  # 其一，其二
    "di": re.compile(rf"第(?P<n>{CN_NUMERAL})(?P<after>[，,、：:．.是]?)"),
    "dun": re.compile(rf"(?P<n>{CN_NUMERAL})[、．.](?![\d.．])"),
    "paren_cn": re.compile(rf"[（(]\s*(?P<n>{CN_NUMERAL})\s*[）)]"),
    "arabic": re.compile(r"(?P<n>\d{1,2})[.．、](?![\d.．])"),
    "paren_ar": re.compile(r"[（(]\s*(?P<n>\d{1,2})\s*[）)]"),
    "circled": re.compile(rf"(?P<n>[{CIRCLED}])"),
    "half_paren": re.compile(r"(?P<n>\d{1,2})[)）]"),  # 1）2）
    "order": re.compile(r"(?P<n>首先|其次|再次|然后|最后)(?P<after>[，,、：:]?)"),
}
ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "最后": LAST}  # 然后: next
# What opens the suggestions after a list of problems: "为此，建议：", "提出如下建议。"
LEAD_IN = re.compile(
    r"(?:(?:建议|意见|对策|措施|办法|如下|以下)[^。；;！？!?\n]{0,6}[:：]"
    r"|(?:建议|意见|对策建议|如下|以下|几点)[:：，,。]?"
    r"|(?:为此|对此|因此|鉴于此|据此)[，,]?(?:特?提出|我们?)?(?:建议|提出)?[:：，,]?)\s*$"
)
# A short lead-in ending in a colon right before the list ("为此，建议：") is no problem text.
LEAD_IN_TAIL = re.compile(r"(?:(?<=[。；;！？!?\n])|^)[^。；;！？!?\n]{0,30}[:：]\s*$")
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
LEADING_SEPARATORS = " \t\u3000，,、：:．.。；;"


@dataclass
class SpeechProposal:
    """What the speech proposes; the user reviews and edits it before anything is saved."""

    title: str
    problem: str
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Marker:
    family: str
    n: int
    start: int  # where the marker begins
    end: int  # where the item's text begins


def chinese_to_int(text: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十一 -> 21; None for anything else."""
    if not text or any(c not in CN_DIGITS + "十" for c in text) or "零" in text:
        return None
    if "十" not in text:
        return CN_DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)


def _number(family: str, raw: str) -> int | None:
    if family in ("arabic", "paren_ar", "half_paren"):
        return int(raw) if raw.isdigit() and int(raw) > 0 else None
    if family == "circled":
        return CIRCLED.index(raw) + 1
    if family == "order":
        return ORDER_WORDS[raw]
    return chinese_to_int(raw)


def _follows_break(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] in BREAK_CHARS


def _accept(family: str, text: str, match: re.Match[str]) -> bool:
    """The guards against false markers (see the module docstring)."""
    start, end = match.span()
    following = text[end : end + 1]
    if family in ("paren_cn", "paren_ar", "circled"):
        return True  # bracketed and circled numbers are unambiguous enough
    if not _follows_break(text, start):
        return False
    if family == "di" and not match.group("after"):
        # 第一加强… is a marker, 第一次/第一书记/第12 are not.
        return bool(following) and following not in ORDINAL_WORDS and not following.isdigit()
    if family == "order":
        word = match.group("n")
        if word == "其次" and following == "数":  # 其次数 = 其 + 次数
            return False
        if word in ("最后", "然后", "再次") and not match.group("after"):
            return following not in "一的是个天次"  # 最后一公里, 最后的, 再次…
        return True
    # 一、二类, 三、四月: a run of numbers, not a list.
    return not (family == "dun" and following and following in "、，," + CN_DIGITS + "十")


def find_markers(text: str) -> list[Marker]:
    """Every plausible numbering marker, in text order."""
    markers: list[Marker] = []
    for family, pattern in MARKER_PATTERNS.items():
        for match in pattern.finditer(text):
            n = _number(family, match.group("n"))
            if n is not None and _accept(family, text, match):
                markers.append(Marker(family, n, match.start(), match.end()))
    markers.sort(key=lambda m: (m.start, -m.end))
    # Overlaps (第一 is also a 一、 candidate inside 第一、): the earliest, longest wins.
    kept: list[Marker] = []
    for marker in markers:
        if kept and marker.start < kept[-1].end:
            continue
        kept.append(marker)
    return kept


def _has_content(text: str, start: int, end: int) -> bool:
    return len(text[start:end].strip(LEADING_SEPARATORS)) >= 2


class _Upcoming:
    """Where each number of one style occurs next (binary search: long texts stay fast)."""

    def __init__(self, own: list[Marker]):
        self.starts: dict[int, list[int]] = {}
        for marker in own:
            self.starts.setdefault(marker.n, []).append(marker.start)

    def next(self, n: int, after: int) -> int | None:
        starts = self.starts.get(n, [])
        index = bisect_right(starts, after)
        return starts[index] if index < len(starts) else None

    def continues_later(self, one: Marker, expected: int) -> bool:
        """A stray 1 inside a running list: the list's next number comes before any 2."""
        if expected == 1:
            return False
        upcoming = self.next(expected, one.start)
        two = self.next(2, one.start)
        return upcoming is not None and (two is None or upcoming <= two)


def find_chains(text: str, markers: list[Marker]) -> list[list[Marker]]:
    """Runs of one style numbered 1, 2, 3 … (each item with text), two items or more."""
    chains: list[list[Marker]] = []
    families = {m.family for m in markers}
    for family in families:
        own = [m for m in markers if m.family == family]
        upcoming = _Upcoming(own)
        current: list[Marker] = []
        for marker in own:
            expected = current[-1].n + 1 if current else 1
            # 首先 … 其次/再次/然后 … 最后: any later order word continues the chain.
            in_order = family == "order" and current and marker.n >= expected
            if current and (marker.n == expected or in_order):
                if _has_content(text, current[-1].end, marker.start):
                    current.append(marker)
                    if marker.n == LAST:
                        chains.append(current)
                        current = []
                continue
            if marker.n == 1 and not upcoming.continues_later(marker, expected):
                if len(current) >= 2:
                    chains.append(current)
                current = [marker]
        if len(current) >= 2:
            chains.append(current)
    chains = [c for c in chains if len(c) >= 2]
    chains.sort(key=lambda c: c[0].start)
    return chains


def outermost_chain(text: str, chains: list[list[Marker]]) -> list[Marker] | None:
    """The chain whose items are the suggestions; later chains inside it stay nested."""
    top: list[Marker] | None = None
    for chain in chains:
        if top is None:
            top = chain
            continue
        start = chain[0].start
        if start < top[-1].start:
            continue  # inside one of top's items: nested
        lead_in = LEAD_IN.search(text[max(top[-1].end, start - 24) : start])
        if lead_in or (chain[0].family == top[0].family):
            top = chain  # a new list after the first one: the earlier one was the problem
    return top


def _item_text(text: str) -> str:
    """An item without its marker's punctuation or the 、；, that joined it to the next."""
    return clean_block(text.lstrip(LEADING_SEPARATORS).rstrip(TRAILING_SEPARATORS))


def strip_controls(text: str) -> str:
    """Pasted and converted text carries control characters (NUL, Word's vertical tab as a
    line break, form feeds); databases refuse NUL. Line breaks become \\n, the rest goes."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    return CONTROLS.sub("", text)


def prepare(text: str) -> str:
    """The text as the splitter reads it: controls dropped, every space-like character a
    space, invisible characters gone (see speech.text)."""
    return normalise_spaces(strip_controls(text)).strip()


def split_speech(text: str) -> SpeechProposal:
    """Propose one opinion from a speech, page furniture removed (see the module docstring)."""
    return split_prepared(strip_furniture(prepare(text))[0])


def split_prepared(text: str) -> SpeechProposal:
    """Propose one opinion from a text already prepared and without furniture."""
    text = text.strip()
    if not text:
        return SpeechProposal(title="", problem="", suggestions=[])
    chain = outermost_chain(text, find_chains(text, find_markers(text)))
    head = text if chain is None else text[: chain[0].start]
    suggestions: list[str] = []
    if chain is not None:
        bounds = [m.start for m in chain[1:]] + [len(text)]
        suggestions = [_item_text(text[m.end : b]) for m, b in zip(chain, bounds, strict=True)]
        suggestions[-1] = without_closing(suggestions[-1])
        suggestions = [s for s in suggestions if s]
    if not head.strip() and suggestions:
        # Nothing before the list: the title comes from the first suggestion.
        return SpeechProposal(derive_title(suggestions[0]), "", suggestions)
    title, problem = title_and_rest(head)
    title = " ".join(title.split()).rstrip("：:")
    while salutation := SALUTATION.match(problem):
        problem = problem[salutation.end() :]
    problem = LEAD_IN_TAIL.sub("", clean_block(problem)) if suggestions else problem
    return SpeechProposal(title=title, problem=clean_block(problem), suggestions=suggestions)
