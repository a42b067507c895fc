"""The speech import's save sent twice (a double click on 保存) imports the opinion once."""

from sqlalchemy import func, select

from extensions import db
from opinions.models import Opinion
from tests.concurrency.parallel import form_token
from tests.speech.conftest import as_user, world  # noqa: F401  (fixtures)
from tests.speech.test_views import import_url, review_form


def test_an_imported_speech_saved_twice_is_one_opinion(as_user, world):  # noqa: F811
    client = as_user("secretariat")
    meeting_id = world["meeting"].id
    page = client.get(f"/meetings/{meeting_id}/opinions/new").get_data(as_text=True)
    data = {**review_form(world), "form_token": form_token(page)}
    first = client.post(f"{import_url(meeting_id)}/save", data=data)
    second = client.post(f"{import_url(meeting_id)}/save", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Opinion)) == 1
