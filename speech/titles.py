"""The title and the problem statement of a proposal, and where its last suggestion ends.

A title is a short heading line (TITLE_MAX characters at most, no sentence punctuation), a
"关于……的建议" heading, or a title the speaker announces (我发言的题目是《……》); otherwise
one is proposed from the opening clause and the whole introduction stays the problem
statement. A closing paragraph after the last suggestion ("以上建议……", thanks, a signature
with its date) is not part of that suggestion.
"""

import re

TITLE_MAX = 40  # a heading line is at most this long; a derived title is cut to it
TRAILING_SEPARATORS = " \t\n\u3000，,、；;"
# Courtesies after the last suggestion: "以上建议，供参考。谢谢大家！"
CLOSING = re.compile(
    r"(?:(?<=[。；;！？!?\n])|^)\s*(?:以上(?:建议|意见|发言)|谢谢|我的发言(?:完毕|到此)|发言完毕|不妥之处)"
    r"[^\n]{0,60}$"
)
# A closing paragraph after the last suggestion: everything from it on is not that suggestion.
CLOSING_LINE = re.compile(
    r"^\s*(?:以上(?:建议|意见|发言|几点|内容)|谢谢|此致|敬礼|我的发言|发言完毕|不妥之处|当否|妥否"
    r"|总之|综上)"
)
# A signature's date ("2026年3月2日", "二〇二六年三月") and the short name lines above it.
DATE_LINE = re.compile(
    r"^\s*(?:(?:[12]\d{3}|二[〇零○][〇零○一二三四五六七八九]{2})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?|[12]\d{3}[-./][01]?\d[-./][0-3]?\d)\s*$"
)
SIGNATURE_LINE = re.compile(r"^[^。；;！？!?，,、：:（）()【】\[\]]{2,24}$")
SENTENCE_PUNCTUATION = re.compile(r"[。；;！？!?]")
# Openings that frame a text rather than name its subject ("近年来，", "随着……，").
FRAMING = re.compile(r"^(?:近年来|近年|近些年|当前|目前|现阶段|截至|截止|据|根据|随着|自|为了|为)")
ANNOUNCED_TITLE = re.compile(
    r"^[^。；;！？!?\n]{0,20}(?:题目是|题目为|题为|题目[:：])\s*(?:《([^》\n]{2,80})》|“([^”\n]{2,80})”)"
    r"[^。；;！？!?\n]{0,10}[。；;！？!?]?"
)
TITLE_HEADING = re.compile(
    r"^\s*(关于[^。；;！？!?\n]{2,80}?的(?:几点|若干|一些)?(?:建议|意见|提案|思考|对策|调研报告|报告))"
)
INNER_PUNCTUATION = re.compile(r"[。；;！？!?，,：:]")
# "尊敬的各位领导：", "各位委员、同志们：", "大家好！" before the speech proper.
SALUTATION = re.compile(
    r"^\s*(?:(?:尊敬的|各位|同志们)[^。：:！!\n]{0,30}[：:！!]|大家好[！!，,。]?)\s*"
)


def clean_block(text: str) -> str:
    """Trim each line, drop blank runs; keep the line breaks that carry structure."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def derive_title(first: str) -> str:
    """A title from the start of a text: its first sentence if short, else its opening
    clause (past framing such as 近年来/随着……), cut to TITLE_MAX."""
    sentence = re.split(r"[。；;！？!?\n]", first.strip(), maxsplit=1)[0].strip()
    if len(sentence) <= TITLE_MAX:
        return sentence
    clauses = [c.strip() for c in re.split(r"[，,：:]", sentence) if c.strip()]
    chosen = next(
        (c for c in clauses if len(c) > 4 and not FRAMING.match(c)), clauses[0] if clauses else ""
    )
    return chosen if len(chosen) <= TITLE_MAX else chosen[:TITLE_MAX] + "…"


def is_heading(line: str) -> bool:
    """A short heading line: at most TITLE_MAX characters, no sentence punctuation (a closing
    question mark aside), not ending in a comma or colon."""
    line = line.strip()
    if not line or len(line) > TITLE_MAX or line[-1] in "，,、：:":
        return False
    return not SENTENCE_PUNCTUATION.search(line.rstrip("？?"))


def _heading_lines(lines: list[str], index: int) -> tuple[str, list[str]] | None:
    """(title, the other short lines) when the text opens with short heading lines: a
    "关于……的建议" among the first three wins over a byline above it."""
    short: list[str] = []
    while index < len(lines) and len(short) < 3 and is_heading(lines[index]):
        short.append(lines[index])
        index += 1
    if not short:
        return None
    title = next((line for line in short if TITLE_HEADING.match(line)), short[0])
    return title, [line for line in short if line is not title]


def title_and_rest(head: str) -> tuple[str, str]:
    """Split the text before the suggestions into (title, problem statement)."""
    while salutation := SALUTATION.match(head):
        head = head[salutation.end() :]
    heading = TITLE_HEADING.match(head)
    if heading:
        return heading.group(1).strip(), head[heading.end() :]
    announced = ANNOUNCED_TITLE.match(head)  # 我发言的题目是《……》。
    if announced:
        return (announced.group(1) or announced.group(2)).strip(), head[announced.end() :]
    lines = [line.strip() for line in head.splitlines()]
    index = 0
    while index < len(lines) and not lines[index]:
        index += 1
    if len(lines) - index > 1:
        found = _heading_lines(lines, index)
        if found is not None:
            title, others = found
            kept = [line for line in lines[index:] if line is not title]
            return title, "\n".join(kept)
    rest = "\n".join(lines[index:])
    heading = TITLE_HEADING.match(rest)
    if heading:
        return heading.group(1).strip(), rest[heading.end() :]
    # One line that was several: a short first chunk before a space reads as the heading.
    first, _, after = rest.partition(" ")
    if after.strip() and len(first) <= TITLE_MAX and not INNER_PUNCTUATION.search(first[:-1]):
        return first, after
    question = re.match(r"[^。；;！？!?]{4,80}[？?]", rest)
    if question and rest[question.end() :].strip():
        return question.group(), rest[question.end() :]  # a question heading, not a problem
    # An introductory paragraph is the problem statement; the title is proposed from it.
    return derive_title(rest), rest


def without_closing(last: str) -> str:
    """The last suggestion without the closing paragraph or signature after it."""
    lines = last.split("\n")
    for index in range(1, len(lines)):
        if CLOSING_LINE.match(lines[index]):
            lines = lines[:index]
            break
    dated = False
    while len(lines) > 1 and DATE_LINE.match(lines[-1]):
        lines.pop()
        dated = True
    names = 0
    while dated and names < 2 and len(lines) > 1 and SIGNATURE_LINE.match(lines[-1].strip()):
        lines.pop()
        names += 1
    return CLOSING.sub("", "\n".join(lines)).rstrip(TRAILING_SEPARATORS)
