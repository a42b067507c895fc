"""The skeleton: login gate, login, language switch, error pages."""


def test_every_page_but_login_needs_a_user(client):
    response = client.get("/meetings/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.get("/login").status_code == 200


def test_login_with_wrong_password_is_refused_with_message(client, secretariat):
    response = client.post("/login", data={"username": "secretariat", "password": "nope"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_login_then_logout(client, auth, secretariat):
    assert auth.login().status_code == 302
    assert client.get("/meetings/").status_code == 200
    auth.logout()
    assert client.get("/meetings/").status_code == 302


def test_login_does_not_redirect_off_site(client, secretariat):
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"username": "secretariat", "password": "correct-horse-42"},
    )
    assert response.headers["Location"] == "/"


def test_language_switch_to_english_and_back(client):
    assert "登录" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en")
    assert "Sign in" in client.get("/login").get_data(as_text=True)
    client.get("/lang/zh_CN")
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_unknown_page_is_a_404_page(logged_in):
    response = logged_in.get("/no-such-page")
    assert response.status_code == 404
    assert "不存在" in response.get_data(as_text=True)


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(database_url):
    from flask import request

    from tests.conftest import make_test_app

    app = make_test_app(database_url, TRUSTED_PROXIES=1)
    app.add_url_rule("/whoami", "whoami", lambda: request.remote_addr)
    from app import PUBLIC_ENDPOINTS

    PUBLIC_ENDPOINTS.add("whoami")
    try:
        response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    finally:
        PUBLIC_ENDPOINTS.discard("whoami")
    assert response.get_data(as_text=True) == "203.0.113.9"
