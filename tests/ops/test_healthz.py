"""GET /healthz: 200 when the database answers, 503 when it does not; public, no cookie."""

from tests.conftest import make_test_app


def test_healthz_ok_without_login_and_without_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_503_when_the_sqlite_file_cannot_be_opened(tmp_path):
    app = make_test_app("sqlite:///" + str(tmp_path / "missing-dir" / "db.sqlite"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unavailable"}
    assert "Set-Cookie" not in response.headers


def test_healthz_503_when_postgresql_is_unreachable():
    app = make_test_app("postgresql+psycopg://nobody:wrong@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
