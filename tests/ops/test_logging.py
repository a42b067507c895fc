"""Structured logs: one JSON line per request with its fields, tracebacks as a field."""

import json

import app as app_module
from ops.logging import enabled, install
from tests.conftest import make_test_app

FIELDS = {
    "time",
    "level",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "user_id",
    "remote_addr",
}


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def request_lines(text: str) -> list[dict]:
    return [entry for entry in lines(text) if entry["logger"] == "xieshang.request"]


def make_logging_app(database_url, **config):
    application = make_test_app(database_url, LOG_JSON=True, PROPAGATE_EXCEPTIONS=False, **config)
    install(application)  # idempotent: create_app may have installed it already
    return application


def test_off_under_testing_unless_asked(database_url, monkeypatch, json_logging):
    monkeypatch.delenv("LOG_JSON", raising=False)
    assert not enabled(make_test_app(database_url))
    assert enabled(make_test_app(database_url, LOG_JSON=True))
    assert not enabled(make_test_app(database_url, TESTING=False, LOG_JSON="0"))
    assert enabled(make_test_app(database_url, TESTING=False))


def test_one_json_line_per_request(database_url, json_logging, capsys):
    application = make_logging_app(database_url)
    client = application.test_client()
    capsys.readouterr()
    ok = client.get("/healthz", headers={"X-Request-ID": "lb-probe-42"})
    client.get("/meetings/")  # anonymous: the login gate answers with a redirect
    client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    entries = request_lines(capsys.readouterr().err)
    assert len(entries) == 3
    first, second, third = entries
    assert set(first) >= FIELDS
    assert first["request_id"] == "lb-probe-42" == ok.headers["X-Request-ID"]
    assert (first["method"], first["path"], first["status"], first["level"]) == (
        "GET",
        "/healthz",
        200,
        "info",
    )
    assert first["duration_ms"] >= 0 and first["remote_addr"] == "127.0.0.1"
    assert first["user_id"] is None
    assert second["path"] == "/meetings/" and second["status"] == 302
    assert len(second["request_id"]) == 32
    assert third["request_id"] != "bad id with spaces" and len(third["request_id"]) == 32


def test_signed_in_user_id_is_logged(database_url, json_logging, capsys, app):
    from extensions import db
    from tests import factories

    user = factories.make_user("logger-sec", role="secretariat")
    db.session.commit()
    application = make_logging_app(database_url)
    client = application.test_client()
    client.post("/login", data={"username": "logger-sec", "password": factories.PASSWORD})
    capsys.readouterr()
    client.get("/meetings/")
    (entry,) = request_lines(capsys.readouterr().err)
    assert entry["status"] == 200 and entry["user_id"] == user.id


def test_exception_logged_with_traceback_and_request_id(
    database_url, json_logging, capsys, monkeypatch
):
    application = make_logging_app(database_url)

    @application.get("/ops-test-boom")
    def boom():
        raise RuntimeError("kaboom 测试")

    monkeypatch.setattr(app_module, "PUBLIC_ENDPOINTS", app_module.PUBLIC_ENDPOINTS | {"boom"})
    capsys.readouterr()
    response = application.test_client().get("/ops-test-boom", headers={"X-Request-ID": "r-1"})
    assert response.status_code == 500
    entries = lines(capsys.readouterr().err)
    errors = [e for e in entries if "traceback" in e]
    assert len(errors) == 1
    assert errors[0]["level"] == "error" and errors[0]["request_id"] == "r-1"
    assert "RuntimeError: kaboom 测试" in errors[0]["traceback"]
    (request_entry,) = [e for e in entries if e["logger"] == "xieshang.request"]
    assert request_entry["status"] == 500 and request_entry["level"] == "error"
    assert request_entry["request_id"] == "r-1"
