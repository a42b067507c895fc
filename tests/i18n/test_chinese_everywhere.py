"""Every page each role can reach over the demo data speaks Chinese (zh_CN).

The crawl starts at each role's landing page and follows links (tests/i18n/crawl.py). It
fails on English words in what the page shows and on pages that do not answer 200, and
checks that it reached every page the route matrix lets the role open.
"""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from accounts.models import User
from demo import data
from extensions import db
from tests.i18n.crawl import DOWNLOAD_SUFFIXES, crawl, submit_forms
from tests.test_route_matrix import MATRIX

# The education bureau has every kind of item: one to reply to, a co-handling, a reopened one.
ROLES = {"secretariat": "mishu", "chair": "zhuxi", "member": "wangzhe", "department": "jiaoyu"}
# Routes the crawl does not open: the language switch, the login page, JSON and
# pages the demo has no object for (nothing is finalised, so no stored versions).
# Downloads (.pdf, .docx, .xlsx, .csv, .ics) are documents with tests of their own.
NOT_PAGES = {
    "index",
    "favicon",
    "accounts.login",
    "accounts.set_language",
    "ops.healthz",
    "speakers.speakers_state",
    "meetings.invitation_candidates",
    "reports.minutes_version_pdf",
    "reports.consensus_version_pdf",
    "participant_import.template",
    # The page an assignment form returns to; nothing links to it (the opinion's page
    # shows the same list), so the parameter-free seeds cannot reach it either.
    "assignments.opinion_assignments",
}
# Pages a role may open that the demo gives it no link to, and why.
NOT_LINKED = {
    "member": {
        "reports.minutes_versions",  # linked once a version is finalised: none in the demo
        "reports.consensus_versions",
    },
}


def latin_data() -> set[str]:
    """The records' own Latin words: account names and the demo's Latin text (App, 5G)."""
    words = set(db.session.scalars(select(User.username)))
    for module_text in sorted(Path(data.__file__).parent.glob("*data.py")):
        if module_text.name.startswith("generate"):  # the benchmark generator, not the demo
            continue
        with open(module_text, encoding="utf-8") as f:
            words |= set(re.findall(r"[A-Za-z]{2,}", _string_literals(f.read())))
    return words


def _string_literals(source: str) -> str:
    """Only the Chinese-data strings of the demo module (those holding CJK characters)."""
    literals = re.findall(r'"([^"\n]*)"', source)
    return " ".join(s for s in literals if re.search(r"[\u4e00-\u9fff]", s))


def is_download(url: str) -> bool:
    return url.partition("?")[0].lower().endswith(DOWNLOAD_SUFFIXES)


def pages_for(role: str) -> set[str]:
    """GET pages the matrix says the role may open."""
    return {
        endpoint
        for endpoint, (method, url, expected) in MATRIX.items()
        if method == "GET"
        and expected[role] == 200
        and endpoint not in NOT_PAGES | NOT_LINKED.get(role, set())
        and not is_download(url)
    }


def seeds_for(role: str) -> list[str]:
    """The role's pages whose URL needs no record (my opinions, search, a year's table),
    and a demo member's page (its record is one of many people the crawl may not reach)."""
    urls = [
        url
        for endpoint, (_method, url, _expected) in MATRIX.items()
        if endpoint in pages_for(role) and "{" not in url
    ]
    if "participants.participant_detail" in pages_for(role):
        member = db.session.scalar(select(User).where(User.username == ROLES["member"]))
        urls.append(f"/participants/{member.participant_id}")
    return sorted(urls)


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_of_the_role_is_chinese(app, client, demo, role):
    response = client.post("/login", data={"username": ROLES[role], "password": data.DEMO_PASSWORD})
    assert response.status_code == 302
    result = crawl(client, app, seeds=seeds_for(role), allowed=latin_data())
    missing = pages_for(role) - result.endpoints
    unreached = [f"no link reaches {endpoint}" for endpoint in sorted(missing)]
    assert not (result.errors or result.problems or unreached), "\n".join(
        [result.report(), *unreached]
    )


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_form_answers_in_chinese(app, client, demo, role):
    """Each POST form the role sees, sent empty: its messages (or flash) are Chinese."""
    response = client.post("/login", data={"username": ROLES[role], "password": data.DEMO_PASSWORD})
    assert response.status_code == 302
    allowed = latin_data()
    pages = crawl(client, app, seeds=seeds_for(role), allowed=allowed)
    answers = submit_forms(client, pages, allowed=allowed)
    assert answers.visited, "the crawl found no forms to send"
    assert not (answers.errors or answers.problems), "\n" + answers.report()
