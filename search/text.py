"""Text normalisation and the tokens the search index is built from.

Chinese has no spaces, and people search for two-character words (托育, 养老). The index
therefore holds overlapping CJK bigrams: 普惠托育 -> 普惠 惠托 托育 育, the last character
of a run also on its own, so that a one-character query finds every occurrence as a prefix
(托* matches 托育 and a final 托). Runs of letters and digits are lower-cased words (App,
3, 2026). A query becomes the same tokens (bigrams exact, single characters and words as
prefixes); the index only narrows the candidates and an exact substring test on the
normalised text decides. Everything else (punctuation, spaces, emoji) separates runs.

Normalisation maps one character to one character (NFKC when that gives one character,
then lower case), so a position in the normalised text is the same position in the
original: snippets are cut from the original text at the offsets found in the normalised.
"""

import re
import unicodedata
from functools import lru_cache

# Han (basic, extension A and the supplementary planes: 𠮷), compatibility ideographs,
# kana, hangul and 々〆〇.
CJK_CHARS = (
    "\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
WORD_RUN = re.compile(f"[^\\W_{CJK_CHARS}]+")
MAX_WORD = 40  # longer letter/digit runs are cut (tsquery and FTS5 terms stay small)


@lru_cache(maxsize=65536)
def _normal_char(char: str) -> str:
    mapped = unicodedata.normalize("NFKC", char)
    if len(mapped) != 1:
        mapped = char
    lowered = mapped.lower()
    return lowered if len(lowered) == 1 else mapped


def normalise(text: str) -> str:
    """Full-width to half-width, compatibility forms folded, lower case; same length."""
    if text.isascii():
        return text.lower()
    return "".join([_normal_char(char) for char in text])


def _runs(text: str) -> list[tuple[int, str, bool]]:
    """(start, run, is_cjk) for every CJK run and letter/digit run, in text order."""
    runs = [(m.start(), m.group(), True) for m in CJK_RUN.finditer(text)]
    runs += [(m.start(), m.group()[:MAX_WORD], False) for m in WORD_RUN.finditer(text)]
    runs.sort()
    return runs


def index_tokens(normalised: str) -> str:
    """The distinct tokens of a normalised text, space-separated (what the index holds)."""
    tokens: set[str] = set()
    for _start, run, is_cjk in _runs(normalised):
        if is_cjk:
            tokens.update(run[i : i + 2] for i in range(len(run) - 1))
            tokens.add(run[-1])
        else:
            tokens.add(run)
    return " ".join(sorted(tokens))


def query_terms(normalised_query: str) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs every matching text must contain.

    CJK runs of two or more characters give their bigrams (exact); a single CJK character
    and letter/digit runs are prefixes (a word in the text may go on: "app" finds "apple").
    """
    terms: dict[str, bool] = {}
    for _start, run, is_cjk in _runs(normalised_query):
        if is_cjk and len(run) > 1:
            for i in range(len(run) - 1):
                terms[run[i : i + 2]] = False
        else:
            terms.setdefault(run, True)
    return list(terms.items())


def snippet(original: str, phrases: list[str], width: int = 80) -> list[tuple[str, bool]]:
    """The text around the first hit as (part, is_hit) pieces; every phrase marked in it.

    `phrases` are normalised. About `width` characters of context; "…" where cut.
    The caller escapes the pieces and wraps the hits in <mark>.
    """
    normalised = normalise(original)
    hits = sorted((pos, pos + len(p)) for p in phrases if p for pos in _positions(normalised, p))
    if not hits:
        head = original[:width]
        return [(head + ("…" if len(original) > len(head) else ""), False)]
    first = hits[0][0]
    start = max(0, first - width // 3)
    stop = min(len(original), start + width)
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = start
    for hit_start, hit_end in hits:
        if hit_start < cursor or hit_start >= stop:
            continue
        hit_end = min(hit_end, stop)
        if hit_start > cursor:
            pieces.append((original[cursor:hit_start], False))
        pieces.append((original[hit_start:hit_end], True))
        cursor = hit_end
    if cursor < stop:
        pieces.append((original[cursor:stop], False))
    if stop < len(original):
        pieces.append(("…", False))
    return pieces


def _positions(text: str, phrase: str) -> list[int]:
    found: list[int] = []
    start = text.find(phrase)
    while start >= 0 and len(found) < 50:
        found.append(start)
        start = text.find(phrase, start + len(phrase))
    return found


def phrases_of(query: str) -> list[str]:
    """A query is one or more phrases separated by spaces; every phrase must occur."""
    seen: dict[str, None] = {}
    # Control characters and lone surrogates can be in no stored text (PostgreSQL refuses
    # NUL outright): they separate phrases like spaces.
    cleaned = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in query)
    for part in normalise(cleaned).split():
        seen.setdefault(part[:100], None)
    return list(seen)[:8]
