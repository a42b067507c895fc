"""A page that holds several proposals, cut into one text per proposal.

    split_page(text, keep=()) -> PageSplit(proposals, segments, removed)

A web page or a Word file often collects many members' proposals, each "title, intro,
一是…二是…". Read as one speech, they gave one opinion whose last suggestion held every
following proposal. Here the numbering chains of the whole text are found once (as
speech.splitter does) and a new proposal starts before a top-level chain when
- a heading line (a short line without sentence punctuation, or "关于……的建议") stands between
  the previous chain's last numbered paragraph and it, or
- the same numbering restarts after an unnumbered paragraph of real text (not a lead-in such
  as "为此建议：", and not after a list of problems: "存在以下问题：一是…").
A list whose items are each a "关于……的建议" heading is a list of proposals: one per item.
"""

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field

from speech.splitter import (
    Marker,
    SpeechProposal,
    find_chains,
    find_markers,
    outermost_chain,
    prepare,
    split_prepared,
)
from speech.text import strip_furniture
from speech.titles import CLOSING_LINE, DATE_LINE, TITLE_HEADING, is_heading

MIN_INTRO = 15  # characters of an unnumbered paragraph that opens a new proposal
# What introduces a list of problems, not of suggestions: "存在以下问题：", "主要困难有".
PROBLEM_LIST = re.compile(r"(?:问题|困难|不足|短板|原因|现状|表现|挑战|瓶颈)[^。；;\n]{0,10}$")
# A speaker's byline, which stays with the proposal: "区政协委员 林某某", "林某某 委员".
BYLINE = re.compile(r"(?:委员|代表|提案人|发言人)(?:\s+|[:：])\S{2,4}$|^\S{2,4}\s*(?:委员|代表)$")
CJK = re.compile("[\u4e00-\u9fff]")
LEAD_IN_LINE = re.compile(r"[:：]\s*$|^(?:为此|对此|因此|据此|鉴于此)[^。]{0,12}$")


@dataclass
class PageSplit:
    """The proposals of a page, the text each was read from, and the furniture removed."""

    proposals: list[SpeechProposal] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _numbered(numbered: list[int], start: int, end: int) -> bool:
    """Whether a chain's marker starts in [start, end) (`numbered` is sorted)."""
    index = bisect_left(numbered, start)
    return index < len(numbered) and numbered[index] < end


def _intro_block(text: str, numbered: list[int], after: int, chain: list[Marker]) -> list[int]:
    """Starts of the unnumbered lines right before `chain` (back to the previous numbered
    line, not before `after`), plus the chain's own line when text precedes its marker."""
    start = _line_start(text, chain[0].start)
    if _numbered(numbered, start, chain[0].start):
        return []  # the chain follows a numbered item on the same line: nested
    block = [start] if text[start : chain[0].start].strip() else []
    end = start - 1  # the "\n" before the chain's line
    while end > after:
        line_start = _line_start(text, end)
        if _numbered(numbered, line_start, end):
            break
        block.insert(0, line_start)
        end = line_start - 1
    return block


def _line(text: str, start: int, limit: int | None = None) -> str:
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    return text[start : min(end, limit) if limit is not None else end].strip()


def _is_title_line(line: str) -> bool:
    """A heading that can open a proposal: not a lead-in, not a bracketed note such as
    "（区教育局负责）", with some Chinese in it (not a page number)."""
    return (
        is_heading(line)
        and not LEAD_IN_LINE.search(line)
        and not line.startswith(("（", "(", "【", "[", "—", "-"))
        and len(CJK.findall(line)) >= 2
    )


def _boundary(text: str, top: list[Marker], chain: list[Marker], numbered: list[int]) -> int:
    """Where the proposal of `chain` begins, or -1 when `chain` belongs to `top`'s."""
    block = _intro_block(text, numbered, top[-1].start, chain)
    lines = [(s, _line(text, s, chain[0].start)) for s in block]
    # The previous proposal's closing and signature stay with it.
    while lines and (CLOSING_LINE.match(lines[0][1]) or DATE_LINE.match(lines[0][1])):
        lines.pop(0)
    headings = [s for s, line in lines if _is_title_line(line)]
    titled = [s for s, line in lines if TITLE_HEADING.match(line)]
    if titled or headings:
        return (titled or headings)[0]
    if chain[0].family != top[0].family:
        return -1
    before_top = text[max(0, top[0].start - 40) : top[0].start].rstrip(" ：:")
    if PROBLEM_LIST.search(before_top):
        return -1  # "存在以下问题：一是…" then "为此建议：一是…": one proposal
    for start, line in lines:
        if len(line) >= MIN_INTRO and not LEAD_IN_LINE.search(line):
            return start
    return -1


def find_segments(text: str) -> list[str]:
    """The text of each proposal, in order (the whole text when it holds one)."""
    markers = find_markers(text)
    chains = find_chains(text, markers)
    numbered = sorted(m.start for c in chains for m in c)
    starts = [0]
    top: list[Marker] | None = None
    for chain in chains:
        if top is None:
            top = chain
            continue
        if chain[0].start < top[-1].start:
            continue  # nested inside one of top's items
        boundary = _boundary(text, top, chain, numbered)
        if boundary > starts[-1]:
            starts.append(boundary)
            top = chain
        elif outermost_chain(text, [top, chain]) is chain:
            top = chain  # the earlier list was the problem statement
    if len(starts) == 1:  # one proposal, or one list of proposals: its chains are known
        return [s for s in _proposal_items(text, chains) if s.strip()]
    bounds = starts[1:] + [len(text)]
    segments: list[str] = []
    for start, end in zip(starts, bounds, strict=True):
        segments.extend(_proposal_items(text[start:end]))
    return [s for s in segments if s.strip()]


def _proposal_items(segment: str, chains: list[list[Marker]] | None = None) -> list[str]:
    """A list whose items are each a "关于……的建议" heading: one segment per item."""
    if chains is None:
        chains = find_chains(segment, find_markers(segment))
    chain = outermost_chain(segment, chains)
    if chain is None:
        return [segment]
    bounds = [m.start for m in chain[1:]] + [len(segment)]
    items = [segment[m.end : b] for m, b in zip(chain, bounds, strict=True)]
    if not all(TITLE_HEADING.match(item.lstrip(" ，,、：:．.")) for item in items):
        return [segment]
    return items  # what stood before the list is the collection's own heading


def _without_collection_heading(segment: str, removed: list[str], keep: Collection[str]) -> str:
    """The first proposal of a collection without the collection's own heading above its
    title ("2026年度委员建言选编" before "关于……的建议"); the heading is listed as removed."""
    lines = segment.split("\n")
    for index, line in enumerate(lines[:4]):
        if TITLE_HEADING.match(line.strip()):
            heading = [h.strip() for h in lines[:index] if h.strip()]
            if heading and all(
                is_heading(h) and not BYLINE.search(h) and h not in keep for h in heading
            ):
                removed.extend(h for h in heading if h not in removed)
                return "\n".join(lines[index:])
            break
    return segment


def split_page(text: str, keep: Collection[str] = ()) -> PageSplit:
    """Every proposal of a pasted page or document, furniture removed (`keep`: removed lines
    the user brought back)."""
    clean, removed = strip_furniture(prepare(text), keep)
    page = PageSplit(removed=removed)
    segments = find_segments(clean.strip())
    if len(segments) > 1:
        segments[0] = _without_collection_heading(segments[0], page.removed, keep)
    for segment in segments:
        proposal = split_prepared(segment)
        if proposal.title or proposal.problem or proposal.suggestions:
            page.proposals.append(proposal)
            page.segments.append(segment.strip())
    return page
