"""Control characters, lone surrogates and oversized uploads: a 4xx with a message, no 500,
nothing stored; the JSON variant for clients that ask for it."""

import io

from sqlalchemy import func, select

from app import create_app
from common.errors import drop_control_characters
from config import from_environment
from extensions import db
from opinions.models import Opinion


def opinion_count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count(Opinion.id)))


def test_error_guards_are_wired():
    """app.py's create_app() registers common.errors.register_error_guards (lead's wiring)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert drop_control_characters in app.before_request_funcs.get(None, [])


def test_nul_and_other_control_characters_are_dropped_consistently(world, clients):
    """Invisible, unstorable in PostgreSQL (NUL), unexportable (XLSX/DOCX): gone, everywhere,
    on both databases alike; the rest of the text is kept exactly."""
    url = f"/meetings/{world['mine']}/opinions/new"
    for bad, kept in (("标题\x00甲", "标题甲"), ("\x1b[31m红", "[31m红"), ("换\x0c页\x01", "换页")):
        answer = clients["member"].post(url, data={"title": bad, "body": f"正文{bad}"})
        assert answer.status_code == 302, repr(bad)
        stored = db.session.scalars(select(Opinion).where(Opinion.title == kept)).one()
        assert stored.body == f"正文{kept}"
        db.session.remove()
    # A field that was nothing but controls is empty: the form says so.
    answer = clients["member"].post(url, data={"title": "\x00\x00", "body": "正文"})
    assert answer.status_code == 422 and "请" in answer.get_data(as_text=True)
    # In field names and query strings too; never a 500.
    assert clients["member"].post(url, data={"ti\x00tle": "名字里有控制符"}).status_code == 302
    assert clients["member"].get("/meetings/?q=%00%1b").status_code == 200


def test_a_multipart_part_named_only_a_newline_never_500(app, world, clients):
    """Found by the fuzzer on the invitation form: a part whose name is a newline."""
    from tests.robustness.inputs import SEC, fill_url
    from tests.robustness.walking import attempt, find_rule, route_table

    problems = []
    for endpoint, method in route_table():
        if method != "POST" or endpoint in ("accounts.logout", "accounts.login"):
            continue  # the client stays signed in for the routes after
        url = fill_url(find_rule(app, endpoint, "POST"), world)
        data = {"names": "测试𠮷", "file": (io.BytesIO(b"x"), "list.csv"), "\n": ""}
        if problem := attempt(clients[SEC], "POST", url, data=data):
            problems.append((endpoint, problem))
        db.session.rollback()
    assert not problems, problems


def test_tabs_newlines_and_delete_are_ordinary_text(world, clients):
    url = f"/meetings/{world['mine']}/opinions/new"
    answer = clients["member"].post(url, data={"title": "甲\t乙\x7f", "body": "一\r\n二\n三"})
    assert answer.status_code == 302


def test_lone_surrogates_and_invalid_utf8_never_500(world, clients):
    url = f"/meetings/{world['mine']}/opinions/new"
    for raw in (b"title=%ED%A0%80%E5%A5%BD", b"title=%FF%FE%E5%A5%BD", b"title=%C0%AF"):
        answer = clients["member"].post(
            url, data=raw, content_type="application/x-www-form-urlencoded"
        )
        assert answer.status_code in (302, 422), raw
    # Werkzeug decodes undecodable bytes as U+FFFD: stored consistently, never half.
    stored = db.session.scalars(select(Opinion.title)).all()
    assert all("\ud800" not in title for title in stored)


def test_an_upload_over_the_limit_is_a_clear_413(app, clients):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 10 * 1024 * 1024
    for role in ("anonymous", "secretariat"):
        big = io.BytesIO(b"x" * (limit + 1))
        answer = clients[role].post("/meetings/new", data={"file": (big, "huge.csv")})
        assert answer.status_code == 413, role
        page = answer.get_data(as_text=True)
        assert "上传内容过大" in page and "10.0 MB" in page
    answer = clients["secretariat"].post(
        "/meetings/new",
        data={"file": (io.BytesIO(b"x" * (limit + 1)), "huge.csv")},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json["error"] == 413 and "上传内容过大" in answer.json["message"]


def test_the_upload_limit_is_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "25")
    assert from_environment()["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024


def test_a_megabyte_of_text_is_a_422_with_a_message(world, clients):
    url = f"/meetings/{world['mine']}/opinions/new"
    answer = clients["member"].post(url, data={"title": "好", "body": "长" * 400_000})
    assert answer.status_code == 422
    assert "20000" in answer.get_data(as_text=True)


def test_a_megabyte_in_the_text_of_every_kind_of_record_is_a_4xx(world, clients):
    megabyte = "长" * 350_000
    forms = [
        ("secretariat", "/meetings/new", {"title": "会", "description": megabyte}),
        ("secretariat", f"/meetings/{world['mine']}/consensus", {"text": megabyte}),
        ("secretariat", f"/meetings/{world['mine']}/agenda", {"title": megabyte}),
        ("secretariat", "/participants/new", {"name": "𠮷", "notes": megabyte}),
        ("secretariat", "/departments/new", {"name": megabyte}),
        (
            "member",
            f"/meetings/{world['mine']}/opinions/{world['my_open_opinion']}"
            f"/suggestions/{world['open_suggestion']}",
            {"text": megabyte},
        ),
        ("department", f"/inbox/{world['my_assignment']}/reply", {"text": megabyte}),
        ("department", f"/commitments/{world['my_commitment']}/progress", {"note": megabyte}),
        (
            "member",
            f"/replies/{world['my_reply']}/rating",
            {"value": "satisfied", "comment": megabyte},
        ),
    ]
    for role, url, data in forms:
        answer = clients[role].post(url, data=data)
        assert 400 <= answer.status_code < 500, (role, url, answer.status_code)
        assert len(answer.get_data(as_text=True)) > 100, url


WRONG_FILES = [
    ("empty.csv", b""),
    ("binary.csv", bytes(range(256)) * 40),
    ("fake.xlsx", b"PK\x03\x04 not really a workbook"),
    ("fake.docx", b"PK\x03\x04 not really a document"),
    ("program.exe", b"MZ\x90\x00" + b"\x00" * 500),
    ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500),
    ("名单𠮷.txt", "姓名\n𠮷\x00\n".encode("utf-16")),
    ("latin1.csv", "name,kind\nJosé,member\n".encode("latin-1")),
]


def test_files_of_the_wrong_type_or_broken_are_refused_with_a_message(app, world, clients):
    """Every route whose form takes a file: wrong types and broken files are a 4xx, not 5xx.

    (The import pages of issue 7 are the ones with files; a new upload route is found by
    its FileField in a form of the same module.)"""
    from tests.robustness.inputs import fill_url, form_fields

    file_fields = [
        name for name, fs in form_fields(app).items() if any(f.type == "FileField" for f in fs)
    ]
    upload_rules = [
        rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and "import" in rule.endpoint and "confirm" not in rule.rule
    ]
    assert file_fields and upload_rules  # the walk must find something to throw files at
    problems = []
    for rule in upload_rules:
        url = fill_url(rule, world)
        for filename, content in WRONG_FILES:
            data = {name: (io.BytesIO(content), filename) for name in file_fields}
            answer = clients["secretariat"].post(url, data=data)
            if not 400 <= answer.status_code < 500 and answer.status_code != 200:
                problems.append((rule.rule, filename, answer.status_code))
            elif len(answer.get_data(as_text=True)) < 100:
                problems.append((rule.rule, filename, "no message"))
    assert not problems, problems
