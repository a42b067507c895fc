"""`<id:...>` matches exactly the ids an INTEGER column can hold; anything else is a 404
while the URL is matched, before a view or the policy runs."""

import pytest
from werkzeug.exceptions import NotFound

from common.converters import MAX_ID, is_id
from tests.conftest import make_test_app


@pytest.fixture(scope="module")
def urls():
    app = make_test_app("sqlite://")
    app.add_url_rule("/_test/id/<id:record_id>", "id_echo", lambda record_id: str(record_id))
    return app.url_map.bind("localhost")


@pytest.mark.parametrize("good", ["1", "42", str(MAX_ID)])
def test_a_record_id_reaches_the_view_as_an_int(urls, good):
    assert urls.match(f"/_test/id/{good}") == ("id_echo", {"record_id": int(good)})
    assert urls.build("id_echo", {"record_id": int(good)}) == f"/_test/id/{good}"


@pytest.mark.parametrize("bad", ["0", "01", "-1", str(MAX_ID + 1), "99999999999", "1e3", "x"])
def test_anything_else_is_a_404(urls, bad):
    with pytest.raises(NotFound):
        urls.match(f"/_test/id/{bad}")


def test_is_id():
    assert is_id(1) and is_id(MAX_ID)
    assert not any(is_id(v) for v in (0, -1, MAX_ID + 1, True, "1", None))
