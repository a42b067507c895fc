"""Text as offices paste it, made fit for the splitter: invisible characters and page furniture.

    normalise_spaces(text) -> str
    strip_furniture(text, keep=()) -> (text, removed lines)

Web pages and WeChat articles indent with em spaces, no-break spaces, zero-width spaces,
byte-order marks or bidi marks; one of them before 一是 hides the marker. Every space-like
character becomes an ordinary space and every invisible format character goes, so such a
text splits exactly as the same text indented with spaces (the words are never touched).

Page furniture (navigation, publication metadata, tables of contents, paywall notes, site
names and footers) is taken out line by line before the speech is split; what was taken out
is returned so the review can list it and the user can bring a line back (`keep`).
"""

import re
from collections.abc import Callable, Collection

# Space-like characters of every kind (Unicode Zs, tabs) -> " ".
SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible format characters: zero-width, BOM, bidi marks and embeddings, soft hyphen.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
LINE_BREAKS = re.compile("\r\n|[\r\u0085\u2028\u2029]")

COLON = "[:：]"
# Navigation: "您的位置：首页 > 委员建言", "首页 > 新闻 > 正文", "当前位置: …".
NAVIGATION = re.compile(
    rf"^(?:(?:您的|您现在的|当前|现在的)?位置\s*{COLON}|(?:网站)?首页\s*[>»＞/›]|.*[>»＞›]\s*正文\s*$)"
)
# Publication metadata, each key followed by a colon (or a date): "发布时间：2026-03-02".
META_KEYS = (
    "发布时间|发表时间|更新时间|发布日期|时间|日期|作者|来源|信息来源|文章来源|稿件来源|"
    "编辑|责任编辑|责编|审核|校对|供稿|浏览次数|浏览量|浏览|阅读量|阅读|点击数|点击量|"
    "字号|字体|发布者|发布机构"
)
META = re.compile(rf"(?:^|\s|【|\[)(?:{META_KEYS})\s*(?:{COLON}|(?=\s*\d{{4}}[-./年]))")
SENTENCE_END = re.compile("[。；;！？!?]")
# Lines that are nothing but buttons or share widgets: "【打印】【关闭】", "分享到：".
WIDGET = re.compile(
    r"^(?:[【\[]?(?:打印(?:本页)?|关闭(?:窗口)?|返回顶部|返回|收藏|分享(?:到)?|点赞|在看|"
    r"阅读原文|大|中|小|默认|上一篇|下一篇|相关阅读|相关链接|扫一扫|微信|微博)[】\]]?"
    r"[\s:：|｜/]*)+$"
)
# Previous/next article links and "related" blocks: "上一篇：……".
ARTICLE_LINK = re.compile(rf"^(?:上一篇|下一篇|上一条|下一条|相关阅读|相关文章|相关链接)\s*{COLON}")
# Footers: copyright, ICP filing, QR codes, site credits anywhere in a short line; contact
# details only as a line's label ("电话：", not "开通热线电话：12345").
FOOTER = re.compile(
    r"(?:版权所有|Copyright|©|ICP\s*[备证]|公网安备|网站标识码|网站地图|设为首页|加入收藏|"
    r"(?:扫描|长按|识别|关注|手机版|微信|官方)\S{0,4}二维码|二维码\S{0,4}(?:关注|下载)|扫码关注|"
    r"扫一扫|(?:^|\s|[|｜])(?:联系电话|联系方式|电话|传真|邮箱|电子邮箱|E-?mail|地址|邮编|"
    r"主办单位|承办单位|主办|承办|技术支持|网站维护)\s*[:：])",
    re.IGNORECASE,
)
# A site or account name on its own line: "云溪区政协网", "云溪发布", "云溪日报客户端".
SITE_NAME = re.compile(
    r"^[^\s，,。；;：:！？!?、]{2,20}(?:网站|门户|官网|客户端|公众号|融媒体中心|新闻网|政协网|政府网)$"
    r"|^[^\s，,。；;：:！？!?、]{2,10}(?:日报|晚报|发布)$"
)
# Paywall and truncation notes, also inside a paragraph: "……省略386字……", "未完，全文共3200字".
PAYWALL = re.compile(
    r"[.…·\s]*[（(【\[]?\s*(?:(?:以下|此处|中间)?省略\s*\d+\s*字|未完[，,、\s]*(?:待续|全文共?\s*\d+\s*字)|"
    r"全文共\s*\d+\s*字|(?:点击|展开)?(?:阅读|查看)全文|余下全文|展开全文)\s*[）)】\]]?[.…。·\s]*"
)
# A table of contents: its heading line, then entries with their own numbering or page numbers.
TOC_HEADING = re.compile(r"^(?:目\s*录|提\s*纲)\s*[:：]?\s*$")
TOC_ENTRY = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[、.．)）]|第[一二三四五六七八九十\d]{1,3}[章节篇部分]).{0,60}$"
    r"|.{2,60}(?:[.…·]{2,}|\s{2,})\s*\d{1,3}$"
)
TOC_NUMBER = re.compile(
    r"^[（(]?[一二三四五六七八九十\d]{1,3}[、.．)）]\s*|(?:[.…·]{2,}|\s{2,})\s*\d{1,3}$"
)
FURNITURE_MAX = 100  # a line longer than this is text, whatever it contains


def normalise_spaces(text: str) -> str:
    """Line breaks as \\n, every space-like character as " ", invisible characters removed."""
    text = LINE_BREAKS.sub("\n", text or "")
    return SPACES.sub(" ", INVISIBLE.sub("", text))


def is_furniture(line: str) -> bool:
    """A line of the page around the speech, not of the speech itself."""
    line = line.strip()
    if not line or len(line) > FURNITURE_MAX:
        return False
    if NAVIGATION.search(line) or WIDGET.match(line) or ARTICLE_LINK.match(line):
        return True
    if SITE_NAME.match(line) or PAYWALL.fullmatch(line):
        return True
    if not SENTENCE_END.search(line) and (META.search(line) or FOOTER.search(line)):
        return True
    # A footer sentence: "版权所有：云溪区政协 地址：… 电话：…" (ends without a full stop).
    return bool(FOOTER.search(line)) and len(FOOTER.findall(line)) >= 2


def _toc_ends(lines: list[str], start: int) -> int:
    """The index after the table of contents whose heading is lines[start]."""
    index = start + 1
    seen: set[str] = set()
    while index < len(lines):
        line = lines[index].strip()
        if line:
            if not TOC_ENTRY.match(line) or SENTENCE_END.search(line):
                break
            entry = TOC_NUMBER.sub("", line)
            if entry in seen:
                break  # the first heading of the text itself, as the table listed it
            seen.add(entry)
        index += 1
    return index


def strip_furniture(text: str, keep: Collection[str] = ()) -> tuple[str, list[str]]:
    """The text without page furniture, and what was removed (each piece once, in order).

    A removed line that is in `keep` (the user brought it back) stays in the text."""
    kept_back = {k.strip() for k in keep}
    removed: list[str] = []

    def take(piece: str) -> bool:
        piece = piece.strip()
        if not piece or piece in kept_back:
            return False
        if piece not in removed:
            removed.append(piece)
        return True

    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if TOC_HEADING.match(line.strip()) and line.strip() not in kept_back:
            end = _toc_ends(lines, index)
            if end > index + 1:  # a heading with entries: the whole table goes
                for entry in lines[index:end]:
                    if not take(entry):
                        out.append(entry)
                index = end
                continue
        if is_furniture(line) and take(line):
            index += 1
            continue
        out.append(_without_paywall_notes(line, take))
        index += 1
    return "\n".join(out), removed


def _without_paywall_notes(line: str, take: Callable[[str], bool]) -> str:
    """A paragraph with its truncation notes cut out; a note inside it becomes a line break,
    so what stays on each side is still a piece of the input."""

    def cut(match: re.Match[str]) -> str:
        return "\n" if take(match.group()) else match.group()

    return PAYWALL.sub(cut, line)
