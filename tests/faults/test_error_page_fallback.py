"""The error page itself never fails: a database that goes away in the middle of a request
is a 503 wherever its error surfaces, and a 500 whose layout cannot be drawn (it reads the
signed-in user, and the database is gone) still answers with the bare page, not the
server's own "Internal Server Error" text.

The SQLite file is really removed in the middle of a signed-in request: the next query finds
an empty database ("no such table"), as after a lost disk.
"""

import sqlite3
from pathlib import Path

from flask_login import current_user
from sqlalchemy import exc as sa_exc

from common.errors import classify
from extensions import db
from tests import factories
from tests.conftest import make_test_app
from tests.factories import PASSWORD


def test_a_lost_connection_is_a_503_however_it_is_wrapped():
    lost = sa_exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("server closed"))
    assert classify(lost)[0] == 503
    assert classify(sa_exc.PendingRollbackError("the session rolled back"))[0] == 503
    assert classify(sqlite3.OperationalError("disk I/O error"))[0] == 503
    try:
        try:
            raise lost
        except sa_exc.OperationalError:
            raise KeyError("raised while the connection was being given back") from None
    except KeyError as chained:
        # `from None` hides the cause from tracebacks, not from __context__.
        assert classify(chained)[0] == 503
    assert classify(ValueError("a bug"))[0] == 500


def test_a_500_whose_layout_needs_the_lost_database_answers_the_bare_page(tmp_path: Path):
    database = tmp_path / "lost.sqlite"
    app = make_test_app(f"sqlite:///{database}", PROPAGATE_EXCEPTIONS=False)

    @app.get("/_test/bug")
    def bug():
        assert current_user.is_authenticated  # the user is read before the disk is lost
        db.session.remove()
        db.engine.dispose()
        database.unlink()  # the layout's queries (the unread badge) now fail
        raise ValueError("a bug that touches no database")

    with app.app_context():
        db.create_all()
        factories.make_user("lost-member", role="member")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    client = app.test_client()
    answer = client.post("/login", data={"username": "lost-member", "password": PASSWORD})
    assert answer.status_code == 302

    answer = client.get("/_test/bug")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500
    assert "系统出现错误" in page, page
    assert "Internal Server Error" not in page

    answer = client.get("/meetings/")
    assert answer.status_code == 503
    assert "数据库暂时不可用" in answer.get_data(as_text=True)
