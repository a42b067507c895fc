"""Crawl a signed-in user's pages and find English left in the Chinese interface.

From the landing page the crawler follows every same-site link (GET only), a few URLs per
route, and reads what a person sees: text nodes, and the title, placeholder, aria-label
and alt attributes, and the value of button-like inputs. Words of ASCII letters that are
not formats, proper nouns or the records' own Latin data are reported with the page.
"""

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from werkzeug.exceptions import HTTPException

# Downloads are documents or data, not pages: their own tests check their words.
DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".ics", ".json", ".txt")
# Links that change the session rather than show a page.
SKIPPED_PREFIXES = ("/static/", "/lang/", "/logout", "/login")
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}
HIDDEN_TAGS = {"script", "style", "template"}
# Formats, units and proper nouns that stay Latin in a Chinese interface.
ALLOWED_WORDS = {
    *("PDF", "DOCX", "XLSX", "CSV", "ICS", "BOM", "UTF", "GBK", "Excel", "Word", "WPS"),
    *("SVG", "HTML", "URL", "ID", "IP", "ETag", "CPPCC", "GB", "KB", "MB", "vs"),
    *("CPU", "App", "APP", "WiFi", "Wi", "Fi", "AI", "PM", "AM", "QR", "SMS", "Ctrl"),
    *("README", "XX"),  # the README file; XX stands for a place name in examples
    *("English", "Noto", "CJK", "Sans", "Serif", "Fandol", "UKai", "Hanazono"),
}
WORD = re.compile(r"[A-Za-z][A-Za-z_]*(?:['’][A-Za-z]+)?")
# Things that are Latin by nature: addresses, e-mail, file names, dates and numbers.
NOT_WORDS = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w./-]*\.(?:pdf|docx|xlsx|csv|ics|txt)\b"
    r"|(?<![\w/])/[\w/.-]*\d[\w/.-]*|\b\d+(?:\.\d+)?\s?(?:ms|s|px|mm|pt|KB|MB|GB)\b|\bv\d+\b",
    re.IGNORECASE,
)


class VisibleText(HTMLParser):
    """Collects the text a reader sees, with the attributes that screen readers speak."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.links: list[str] = []
        self.get_forms: list[str] = []  # GET forms (filters, search) as URLs with their values
        self.post_forms: list[tuple[str, list[tuple[str, str]]]] = []  # action, fields
        self._form: tuple[str, str, list[tuple[str, str]]] | None = None
        self._select: str | None = None
        self._textarea: int | None = None  # the index of the textarea's field being read
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        self._read_form(tag, values)
        for name in VISIBLE_ATTRIBUTES:
            if values.get(name):
                self.pieces.append(values[name])
        if tag == "input" and values.get("type", "").lower() in BUTTON_INPUTS:
            self.pieces.append(values.get("value", ""))

    def _read_form(self, tag: str, values: dict[str, str]) -> None:
        """A form is sent as a browser sends it when nobody types: every field with the
        value it shows (text, the selected option, ticked boxes, a textarea's text)."""
        if tag == "form":
            self._form = (values.get("method", "get").lower(), values.get("action", ""), [])
        if self._form is None:
            return
        fields = self._form[2]
        name = values.get("name")
        kind = values.get("type", "text").lower()
        if tag == "input" and name and kind not in BUTTON_INPUTS | {"checkbox", "radio", "file"}:
            fields.append((name, values.get("value", "")))
        elif tag == "input" and name and kind in ("checkbox", "radio") and "checked" in values:
            fields.append((name, values.get("value", "on")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in values:
            fields.append((self._select, values.get("value", "")))
        elif tag == "textarea" and name:
            fields.append((name, ""))
            self._textarea = len(fields) - 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "form" and self._form is not None:
            method, action, fields = self._form
            if method == "post":
                self.post_forms.append((action, fields))
            else:
                filled = [(k, v) for k, v in fields if v]
                self.get_forms.append(action + ("?" + urlencode(filled) if filled else ""))
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            name, text = self._form[2][self._textarea]
            self._form[2][self._textarea] = (name, text + data)
            return  # what a textarea holds is the record's text, not the interface
        if not self._hidden and data.strip():
            self.pieces.append(data.strip())


def english_words(text: str, allowed: set[str]) -> list[str]:
    """ASCII words (two letters or more) that are neither allowed nor part of an address."""
    text = NOT_WORDS.sub(" ", text)
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        if len(word) < 2 or word in allowed or word.upper() in allowed:
            continue
        found.append(word)
    return found


@dataclass
class CrawlResult:
    visited: dict[str, str] = field(default_factory=dict)  # url -> endpoint
    problems: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    errors: dict[str, int] = field(default_factory=dict)  # url -> status
    # POST forms seen, per route: (page, action, hidden fields)
    forms: dict[str, list[tuple[str, str, list]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def endpoints(self) -> set[str]:
        return set(self.visited.values())

    def report(self) -> str:
        lines = [f"{status} {url}" for url, status in sorted(self.errors.items())]
        by_word: dict[str, list[str]] = defaultdict(list)
        for url, snippets in self.problems.items():
            for snippet in snippets:
                by_word[snippet].append(url)
        for snippet, urls in sorted(by_word.items()):
            lines.append(f"{snippet!r} on {len(urls)} page(s), e.g. {sorted(urls)[0]}")
        return "\n".join(lines)


def _normalise(base: str, href: str) -> str | None:
    """A same-site path with its query (sorted), or None for what is not a page."""
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "localhost"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(DOWNLOAD_SUFFIXES):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return path + ("?" + query if query else "")


def _remember_form(result: CrawlResult, adapter, page: str, action: str, fields: list) -> None:
    target = urljoin(page, action or page)
    path = urlsplit(target).path
    if path.startswith(SKIPPED_PREFIXES):
        return
    try:
        endpoint, _args = adapter.match(path, method="POST")
    except HTTPException:
        return
    if len(result.forms[endpoint]) < 2:
        result.forms[endpoint].append((page, target, fields))


def _read(result: CrawlResult, url: str, response, allowed: set[str]) -> VisibleText:
    parser = VisibleText()
    parser.feed(response.get_data(as_text=True))
    for piece in parser.pieces:
        if english_words(piece, allowed):
            result.problems[url].add(piece[:160])
    return parser


def submit_forms(client, result: CrawlResult, allowed: set[str] | None = None) -> CrawlResult:
    """Send every POST form the crawl saw as it was shown (nothing typed): the answer (the
    re-shown form with its messages, or the page a redirect leads to with its flash) must
    not be a server error and must be Chinese too."""
    allowed = ALLOWED_WORDS | (allowed or set())
    answers = CrawlResult()
    for endpoint, forms in sorted(result.forms.items()):
        for page, target, fields in forms:
            # A browser always sends the CSRF token (tests run without CSRF): an empty body
            # would make WTForms fill the form from its record instead of the request.
            body: dict[str, list[str]] = {"csrf_token": [""]}
            for name, value in fields:
                body.setdefault(name, []).append(value)
            response = client.post(target, data=body, follow_redirects=True)
            label = f"POST {urlsplit(target).path} (from {page})"
            answers.visited[label] = endpoint
            if response.status_code >= 500:
                answers.errors[label] = response.status_code
            elif response.mimetype == "text/html":
                _read(answers, label, response, allowed)
    return answers


def crawl(
    client,
    app,
    start: str = "/",
    seeds: list[str] = (),
    allowed: set[str] | None = None,
    per_route: int = 3,
    per_endpoint: int = 12,
    limit: int = 600,
) -> CrawlResult:
    """Breadth first from `start` (then `seeds`), at most `per_route` URLs per route and
    query-key set and `per_endpoint` per route."""
    allowed = ALLOWED_WORDS | (allowed or set())
    adapter = app.url_map.bind("localhost")
    result = CrawlResult()
    seen: set[str] = set()
    taken: dict[object, int] = defaultdict(int)
    queue = deque([start, *seeds])
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path, _, query = url.partition("?")
        try:
            endpoint, _args = adapter.match(path, method="GET")
        except HTTPException:
            result.errors[url] = 404
            continue
        except Exception:  # a redirect rule (trailing slash) is followed by the client
            endpoint = path
        keys = frozenset(k for k, _v in parse_qsl(query))
        if taken[(endpoint, keys)] >= per_route or taken[endpoint] >= per_endpoint:
            continue
        taken[(endpoint, keys)] += 1
        taken[endpoint] += 1
        response = client.get(url, follow_redirects=True)
        final = response.request.path + (
            "?" + response.request.query_string.decode() if response.request.query_string else ""
        )
        if response.status_code != 200:
            result.errors[url] = response.status_code
            continue
        if response.mimetype != "text/html":
            continue
        result.visited[url] = adapter.match(response.request.path, method="GET")[0]
        parser = _read(result, url, response, allowed)
        for action, fields in parser.post_forms:
            _remember_form(result, adapter, final, action, fields)
        for href in parser.links + parser.get_forms:
            target = _normalise(final, href)
            if target is not None and target not in seen:
                queue.append(target)
    return result
