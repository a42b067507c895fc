"""Text that reached the database with control characters anyway (older data, imports,
scripts) still prints and exports: no 500 from XLSX, DOCX or PDF builders."""

from sqlalchemy import select

from extensions import db
from meetings.models import Meeting
from opinions.models import Opinion
from participants.models import Participant
from tests.robustness.walking import attempt

DIRTY = "控制\x01字符\x0b换行\x1b[0m\x0c"


def test_documents_and_exports_survive_control_characters_in_stored_text(app, world, clients):
    # PostgreSQL stores every control character but NUL; SQLite stores NUL too.
    dirty = DIRTY if db.engine.dialect.name == "postgresql" else DIRTY + "\x00"
    for opinion in db.session.scalars(select(Opinion)):
        opinion.title = opinion.title + dirty
        opinion.body = dirty
    meeting = db.session.get(Meeting, world["mine"])
    meeting.title = meeting.title + dirty
    db.session.get(Participant, world["me"]).affiliation = dirty
    db.session.commit()
    mine, me = world["mine"], world["me"]
    urls = [
        f"/meetings/{mine}",
        f"/meetings/{mine}/tracking",
        f"/meetings/{mine}/tracking.xlsx",
        f"/meetings/{mine}/tracking.pdf",
        f"/meetings/{mine}/minutes",
        f"/meetings/{mine}/minutes.pdf",
        f"/meetings/{mine}/minutes.docx",
        f"/meetings/{mine}/consensus-report.pdf",
        f"/meetings/{mine}/consensus-report.docx",
        f"/meetings/{mine}/calendar.ics",
        "/tracking/2030.xlsx",
        f"/participants/{me}/record/2030.pdf",
        "/opinions/export.xlsx",
        "/opinions/export.csv",
        "/replies/export.xlsx",
        "/search/?q=控制",
    ]
    problems = [(url, p) for url in urls if (p := attempt(clients["secretariat"], "GET", url))]
    assert not problems, problems
