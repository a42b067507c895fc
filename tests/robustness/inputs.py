"""What the robustness tests throw at the app: every route, every form field, bad values.

Routes come from `app.url_map` (so a route added later is walked too), form fields from
every FlaskForm subclass the app has imported (so a new form is filled too). Ids in URLs
come from the route matrix's world (records at each role's boundary) plus boundary values.
"""

import io
import re
from collections.abc import Iterator
from datetime import date
from importlib import import_module
from itertools import islice

from flask import Flask
from flask_wtf import FlaskForm
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.routing import AnyConverter
from werkzeug.routing.converters import NumberConverter
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FileField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectFieldBase,
    SelectMultipleField,
    TimeField,
)

from tests.factories import PASSWORD

ANON, SEC, CHAIR, MEMBER, DEPT = "anonymous", "secretariat", "chair", "member", "department"
ROLES = [SEC, CHAIR, MEMBER, DEPT]

# Beyond INTEGER (PostgreSQL errors), beyond BIGINT (SQLite overflows), the edges.
BOUNDARY_IDS = [0, 2**31 - 1, 2**31, 2**63, 10**30]

# URL converter name -> the world's records worth pointing it at (see build_world).
ID_CANDIDATES: dict[str, list[str]] = {
    "meeting_id": ["mine", "other"],
    "opinion_id": ["my_opinion", "other_opinion", "my_open_opinion"],
    "suggestion_id": ["suggestion", "open_suggestion"],
    "item_id": ["agenda_item"],
    "point_id": ["point"],
    "invitation_id": ["invitation"],
    "slot_id": ["my_slot", "speaking_slot"],
    "assignment_id": ["my_assignment", "other_assignment", "withdrawn_assignment"],
    "reply_id": ["my_reply", "other_draft"],
    "commitment_id": ["my_commitment", "other_commitment"],
    "notification_id": ["my_note"],
    "participant_id": ["me", "other_person"],
    "department_id": ["my_dept", "other_dept"],
    "user_id": ["target_user"],
}
LITERAL_CANDIDATES: dict[str, list[int]] = {
    "year": [2030, 1, 9999, 10**6],
    "version": [1, 2],
}

# Text that must survive storage and rendering unchanged.
TRICKY_TEXTS = [
    "𠮷野家的𠀀𪚥与喆堃珺昇",  # CJK extension B and rare name characters
    "赞同👍🏽，家庭👨‍👩‍👧‍👦，旗🇨🇳",  # skin tone, ZWJ sequence, flag
    "e\u0301 a\u0308 \u5b57\u0300",  # combining marks
    "\u202eمرحبا שלום\u202c 中文",  # RTL text and a bidi override
    "第一行\n\t第二行\r\n  第三行  ",  # tabs, newlines, surrounding spaces
    "<script>alert(1)</script> & \"quotes\" 'single' {{ 7*7 }} %(x)s {0}",
]

NASTY_VALUES = [
    "",
    " ",
    "\x00",
    "前\x00后",
    "\x1b[31m红\x1b[0m",
    "\x01\x02\x07\x08\x0b\x0c\x7f",
    "\ufffe\uffff",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2024-02-30",
    "2024-13-01T25:61",
    "0000-00-00",
    "../../etc/passwd",
    *TRICKY_TEXTS,
]
HUGE_TEXT = "长" * (1024 * 1024 // 3 + 1)  # 1 MB of UTF-8
LONG_TEXT = "长" * 30_000  # beyond every Length(max=...) of the forms
TEXT_FIELDS = {"title", "body", "text", "texts", "suggestions", "name", "notes", "note"}
TEXT_FIELDS |= {"comment", "reason", "description", "commitment-text", "venue", "themes"}


def all_form_classes() -> list[type]:
    seen: list[type] = []
    stack = list(FlaskForm.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls not in seen:
            seen.append(cls)
            stack.extend(cls.__subclasses__())
    return sorted(seen, key=lambda c: (c.__module__, c.__qualname__))


def form_fields(app: Flask) -> dict[str, list]:
    """Every field name of every form -> the field objects (one name may serve several forms)."""
    fields: dict[str, list] = {}
    with app.test_request_context():
        for cls in all_form_classes():
            try:
                form = cls(formdata=None)
            except Exception:  # noqa: BLE001  (a form that needs arguments: skip its instance)
                continue
            for field in form:
                if field.name != "csrf_token":
                    fields.setdefault(field.name, []).append(field)
    return fields


def plausible_values(field, world_ids: list[int]) -> list:
    """Values the field would accept in some world: the base a fuzzed request starts from."""
    ids = [str(i) for i in world_ids[:6]] or ["1"]
    if isinstance(field, SelectMultipleField):
        choices = [str(v) for v, *_ in (field.choices or [])]
        return [choices[:2] or ids[:2], ids[:1]]
    if isinstance(field, SelectFieldBase):
        choices = [str(v) for v, *_ in (field.choices or [])]
        return choices or ids
    if isinstance(field, BooleanField):
        return ["y", ""]
    if isinstance(field, IntegerField):
        return ["1", "5", "30", *ids[:2]]
    if isinstance(field, DateTimeLocalField):
        return ["2030-05-20T14:30", "2030-05-20T17:00"]
    if isinstance(field, DateField):
        return ["2030-06-30", date.today().isoformat()]
    if isinstance(field, TimeField):
        return ["14:30"]
    if isinstance(field, PasswordField):
        return [PASSWORD, "new-password-2026"]
    if isinstance(field, FileField):
        return [(io.BytesIO("姓名,类别\n𠮷,委员\n".encode()), "list.csv")]
    if isinstance(field, HiddenField):
        return ["1", "0", *ids[:2]]
    return ["测试𠮷内容", "甲"]


def fill_url(rule, ids: dict[str, int], overrides: dict[str, int] | None = None) -> str:
    """The rule's URL with every converter filled: the world's first candidate or a literal."""
    values = {}
    for name in rule.arguments:
        values[name] = id_candidates(rule, name, ids)[0]
    values.update(overrides or {})
    return build_path(rule, values)


def build_path(rule, values: dict) -> str:
    # Build by hand: url_for would refuse values the converter rejects (that is the point).
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def id_candidates(rule, name: str, ids: dict[str, int]) -> list:
    if name in LITERAL_CANDIDATES:
        return LITERAL_CANDIDATES[name]
    if name == "id":  # participants/<id>, departments/<id>
        keys = ["my_dept", "other_dept"] if "department" in rule.rule else ["me", "other_person"]
    elif name in ID_CANDIDATES:
        keys = ID_CANDIDATES[name]
    elif name in ("code", "filename"):
        return ["en", "zh_CN", "xx"] if name == "code" else ["css/nonexistent.css"]
    else:
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter):  # <any(csv, xlsx):fmt>: each, then a stranger
            return sorted(converter.items)
        if isinstance(converter, NumberConverter):
            return sorted(set(ids.values()))[:4] or [1]  # a later module's id: any record
        # A free-form segment (a chart's name, a slug): names the module knows, then junk.
        module = import_module(rule.endpoint.split(".")[0] + ".views")
        known = [
            v
            for k, v in vars(module).items()
            if k.isupper() and isinstance(v, (list, tuple, set, frozenset, dict))
        ]
        names = sorted({str(x) for group in known for x in group if isinstance(x, str)})
        return [*names[:3], "𠮷%00", "x" * 300]
    return [ids[key] for key in keys if key in ids] or [1]


def url_variants(rule, ids: dict[str, int], boundaries: list[int] = BOUNDARY_IDS) -> Iterator[str]:
    """The consistent URL, then each converter in turn replaced by its other candidates and
    by boundary values (foreign ids, ids of another kind, beyond the integer range)."""
    yield fill_url(rule, ids)
    others = sorted(set(ids.values()))
    for name in rule.arguments:
        if name in ("code", "filename"):
            continue
        candidates = id_candidates(rule, name, ids)
        if not isinstance(rule._converters.get(name), NumberConverter):
            for value in candidates[1:]:  # names: each known one, then junk
                yield fill_url(rule, ids, {name: value})
            continue
        # Another record's id of the wrong kind: a miss or another record, never a 500.
        wrong_kind = [i for i in others if i not in candidates][:1]
        for value in [*candidates[1:], *wrong_kind, *boundaries]:
            yield fill_url(rule, ids, {name: value})


def routes(app: Flask) -> list[tuple[str, str, object]]:
    """(endpoint, method, rule) for every rule and method the app answers."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return sorted(found, key=lambda r: (r[0], r[1]))


def nasty_payload(fields: dict[str, list], value) -> MultiDict:
    """Every known field set to one bad value, and some fields nobody asked for."""
    data = MultiDict()
    for name in fields:
        data.add(name, value)
    data.add("unexpected_field", value)
    data.add("id", value)
    return data


def long_payload(fields: dict[str, list]) -> MultiDict:
    """Every text field far beyond its limit, the other fields plausible."""
    data = MultiDict()
    for name in fields:
        data.add(name, LONG_TEXT if name in TEXT_FIELDS else "1")
    return data


def rotated_payload(fields: dict[str, list], offset: int) -> MultiDict:
    """Each field its own bad value (the list rotates with `offset`), plus unknown fields."""
    data = MultiDict()
    for i, name in enumerate(fields):
        data.add(name, NASTY_VALUES[(i + offset) % len(NASTY_VALUES)])
    data.add("unexpected_field", NASTY_VALUES[offset % len(NASTY_VALUES)])
    return data


def listy_payload(fields: dict[str, list]) -> MultiDict:
    """Lists where one value is expected: every field sent three times, numbers and text."""
    data = MultiDict()
    for name in fields:
        for value in ("1", "甲", "-5"):
            data.add(name, value)
    return data


def mixed_payload_strategy(fields: dict[str, list], world_ids: list[int]):
    """Hypothesis: a plausible form with some fields replaced by arbitrary or bad values."""
    plausible = {
        name: list(islice((v for f in flist for v in plausible_values(f, world_ids)), 0, 8))
        for name, flist in fields.items()
    }
    bad_value = st.one_of(
        st.sampled_from(NASTY_VALUES),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from([str(i) for i in world_ids] or ["1"]),
        st.just("字" * 70_000),
    )

    @st.composite
    def payload(draw) -> MultiDict:
        data = MultiDict()
        for name, values in plausible.items():
            choice = draw(st.integers(0, 9))
            if choice == 0:
                continue  # field missing
            if choice <= 2:
                for _ in range(draw(st.integers(1, 3))):
                    data.add(name, draw(bad_value))
                continue
            value = draw(st.sampled_from(values)) if values else "1"
            if isinstance(value, list):
                for item in value:
                    data.add(name, item)
            elif isinstance(value, tuple):
                data.add(name, (io.BytesIO(value[0].getvalue()), value[1]))
            else:
                data.add(name, value)
        for extra in draw(st.lists(st.text(min_size=1, max_size=12), max_size=3)):
            data.add(extra, draw(bad_value))
        return data

    return payload()


def query_strategy(fields: dict[str, list], world_ids: list[int]):
    """Hypothesis: a query string for GET pages (filters, page numbers, search terms)."""
    names = st.sampled_from(
        sorted(
            {"page", "q", "year", "department", "meeting", "status", "kind", "category"}
            | set(fields)
        )
    )
    values = st.one_of(
        st.sampled_from(NASTY_VALUES),
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from([str(i) for i in world_ids] or ["1"]),
    )
    return st.lists(st.tuples(names, values), max_size=5).map(MultiDict)
