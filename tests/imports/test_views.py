"""The import pages: upload, preview, confirm, template; limits and roles."""

import io
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from common.errors import RuleViolation
from extensions import db
from participants import imports
from participants.models import Participant
from tests import factories
from tests.imports.conftest import GOOD_ROWS, HEADERS, csv_bytes, xlsx_bytes

URL = "/participants/import"


def upload(client, data: bytes, name: str = "名单.csv"):
    return client.post(
        URL, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def payload_of(response) -> str:
    match = re.search(
        r'name="payload" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    )
    assert match, "no payload on the preview"
    return unescape(match.group(1))


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Participant.id)))


def test_upload_page(logged_in):
    page = logged_in.get(URL)
    assert page.status_code == 200
    assert "template.xlsx" in page.get_data(as_text=True)


def test_csv_preview_then_confirm_imports_every_row(logged_in):
    preview = upload(logged_in, csv_bytes(GOOD_ROWS))
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "王喆" in text and "钱昇" in text
    assert count() == 0  # a preview writes nothing
    done = logged_in.post(f"{URL}/confirm", data={"payload": payload_of(preview)})
    assert done.status_code == 302
    assert count() == 4


def test_xlsx_preview_then_confirm(logged_in):
    preview = upload(logged_in, xlsx_bytes(GOOD_ROWS), "名单.xlsx")
    assert preview.status_code == 200
    done = logged_in.post(f"{URL}/confirm", data={"payload": payload_of(preview)})
    assert done.status_code == 302
    assert count() == 4


def test_gbk_csv_upload(logged_in):
    preview = upload(logged_in, csv_bytes(GOOD_ROWS, encoding="gbk"))
    assert preview.status_code == 200
    assert "王喆" in preview.get_data(as_text=True)


def test_bad_row_shows_the_line_and_offers_no_confirm(logged_in):
    rows = [*GOOD_ROWS, ["吴三", "委员", "", "区财政局", "", "", "电话号码"]]
    preview = upload(logged_in, csv_bytes(rows))
    assert preview.status_code == 422
    text = preview.get_data(as_text=True)
    assert 'data-line="6"' in text and "电话号码" in text
    assert 'name="payload"' not in text
    assert count() == 0


def test_duplicates_in_file_and_database(logged_in):
    factories.make_participant("赵堃", affiliation="小太阳托育园")
    db.session.commit()
    preview = upload(logged_in, csv_bytes([*GOOD_ROWS, GOOD_ROWS[0]]))
    assert preview.status_code == 422
    text = preview.get_data(as_text=True)
    assert text.count("table-danger") == 2
    assert count() == 1


def test_confirm_rechecks_rows(logged_in):
    preview = upload(logged_in, csv_bytes(GOOD_ROWS))
    factories.make_participant("王喆", affiliation="区实验小学")  # added meanwhile
    db.session.commit()
    done = logged_in.post(f"{URL}/confirm", data={"payload": payload_of(preview)})
    assert done.status_code == 409
    assert count() == 1  # nothing of the file was written


def test_tampered_payload_is_400(logged_in):
    preview = upload(logged_in, csv_bytes(GOOD_ROWS))
    token = payload_of(preview)
    forged = token.replace(token[5], "A" if token[5] != "A" else "B", 1)
    assert logged_in.post(f"{URL}/confirm", data={"payload": forged}).status_code == 400
    assert logged_in.post(f"{URL}/confirm", data={"payload": "x.y.z"}).status_code == 400
    assert logged_in.post(f"{URL}/confirm", data={}).status_code == 400
    assert count() == 0


def test_expired_payload_is_400(logged_in, monkeypatch):
    preview = upload(logged_in, csv_bytes(GOOD_ROWS))
    monkeypatch.setattr(imports, "PREVIEW_MAX_AGE", -1)
    assert (
        logged_in.post(f"{URL}/confirm", data={"payload": payload_of(preview)}).status_code == 400
    )


@pytest.mark.parametrize(
    "data, name, status",
    [
        (b"%PDF-1.4 ...", "a.pdf", 415),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 64, "a.xls", 415),
        (b"PK\x03\x04broken", "a.xlsx", 422),
        (b"", "a.csv", 422),
        (b"a" * (imports.MAX_UPLOAD_BYTES + 10), "a.csv", 413),
    ],
)
def test_wrong_files_are_4xx(logged_in, data, name, status):
    response = upload(logged_in, data, name)
    assert response.status_code == status
    assert count() == 0


def test_no_file_is_422(logged_in):
    assert logged_in.post(URL, data={}, content_type="multipart/form-data").status_code == 422


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_download(logged_in, fmt):
    response = logged_in.get(f"{URL}/template.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    # The template reads back as a file with headers and no rows.
    with pytest.raises(RuleViolation):  # headers, no rows: "no rows of people"
        imports.read_table(f"t.{fmt}", response.data)
    if fmt == "csv":
        assert response.data.decode("utf-8-sig").strip() == ",".join(HEADERS)


@pytest.mark.parametrize("role", ["chair", "member", "department"])
def test_other_roles_are_refused(client, auth, app, role):
    factories.make_user("someone", role=role)
    db.session.commit()
    auth.login("someone")
    assert client.get(URL).status_code == 403
    assert upload(client, csv_bytes(GOOD_ROWS)).status_code == 403
    assert client.post(f"{URL}/confirm", data={"payload": "x"}).status_code == 403
    assert client.get(f"{URL}/template.csv").status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302
