"""Fixtures for the minutes and consensus report: the demo rendered once per module, and a
small held meeting for the routes (fast to render, easy to change)."""

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from audit.services import acting_as
from demo.loader import load_demo
from extensions import db
from opinions import consensus
from opinions import services as opinions
from opinions.models import Opinion
from reports import documents
from tests import factories
from tests.reports.documents.conftest import configure_office


def clean_tables() -> None:
    factories.empty_tables()


ISSUED_ON = date(2026, 11, 30)


@dataclass
class Rendered:
    context: dict
    html: str
    pdf: Path
    text: str  # pdftotext -layout, whitespace removed


def pdftotext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return "".join(out.stdout.split())


@pytest.fixture(scope="module")
def demo_documents(session_app, tmp_path_factory) -> dict[str, Rendered]:
    """The demo meeting's minutes and consensus report, rendered once for the module."""
    folder = tmp_path_factory.mktemp("documents")
    rendered = {}
    with session_app.app_context():
        try:
            with acting_as("demo"):
                meeting = load_demo()
                db.session.commit()
            for kind in documents.KINDS:
                builder = (
                    documents.minutes_context if kind == "minutes" else documents.consensus_context
                )
                # The finalised form (no draft mark in the margin: the page rules apply).
                context = builder(meeting, draft=False, issued_on=ISSUED_ON)
                html = documents.render_document(kind, meeting, draft=False, issued_on=ISSUED_ON)
                pdf = folder / f"{kind}.pdf"
                pdf.write_bytes(documents.pdf_bytes(html))
                rendered[kind] = Rendered(context, html, pdf, pdftotext(pdf))
        finally:
            clean_tables()
    return rendered


@dataclass
class World:
    meeting_id: int
    other_meeting_id: int
    opinion_id: int


@pytest.fixture
def world(app) -> World:
    """A held meeting with one invited member (user "member") who spoke, one consensus
    point; a department user; the chair; another meeting the member is not invited to."""
    configure_office(issuing_body="政协云溪区委员会")
    member_person = factories.make_participant(
        "王喆", affiliation="云溪区妇幼保健院", title="副院长"
    )
    chair_person = factories.make_participant(
        "林振声", affiliation="政协云溪区委员会", title="主席"
    )
    meeting = factories.make_meeting(
        "托育服务协商会", status="held", chair=chair_person, issue_number=7, opinions_open=True
    )
    factories.make_invitation(meeting, chair_person, role="chair", attendance="present")
    factories.make_invitation(meeting, member_person, role="speaker", attendance="present")
    factories.make_agenda_item(meeting, kind="speeches", title="委员协商发言")
    factories.make_agenda_item(meeting, kind="summary", title="主席总结")
    opinion = opinions.submit_opinion(
        meeting,
        member_person,
        {
            "title": "推进医育结合",
            "body": "托育机构缺少医疗支撑。",
            "channel": "oral",
            "suggestions": ["签约社区卫生服务中心", "轮训保育人员"],
        },
    )
    consensus.add_consensus_point(meeting, "推进医育结合，扩大优质服务供给。", [opinion.id])
    other = factories.make_meeting("另一场协商会", status="held")
    department = factories.make_department("云溪区卫生健康局", short_name="区卫健局")
    factories.make_user("member", role="member", participant=member_person)
    factories.make_user("chair", role="chair")
    factories.make_user("department", role="department", department=department)
    factories.make_user("secretariat", role="secretariat")
    db.session.commit()
    return World(meeting.id, other.id, opinion.id)


def set_opinion_title(opinion_id: int, title: str) -> None:
    opinion = db.session.get(Opinion, opinion_id)
    opinion.title = title
    db.session.commit()


@pytest.fixture(autouse=True)
def clean_finalised_files(session_app):
    """Meeting ids repeat from test to test (tables are emptied): so must the files go."""
    yield
    import shutil

    root = Path(session_app.instance_path) / "reports"
    if root.exists():
        for folder in root.iterdir():
            if folder.is_dir() and folder.name.isdigit():
                shutil.rmtree(folder)
