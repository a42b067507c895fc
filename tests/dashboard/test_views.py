"""Dashboard routes: staff see them, members and departments do not, bad input never 500s."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from extensions import db
from tests import factories
from tests.querycount import queries_for


@pytest.fixture
def users(app):
    member = factories.make_participant("赵委员")
    department = factories.make_department("区民政局")
    factories.make_user("chair", role="chair")
    factories.make_user("member", role="member", participant=member)
    factories.make_user("dept", role="department", department=department)
    db.session.commit()


def svgs(html: str) -> list[ET.Element]:
    out, start = [], 0
    while (start := html.find("<svg", start)) != -1:
        end = html.index("</svg>", start) + len("</svg>")
        out.append(ET.fromstring(html[start:end]))
        start = end
    return out


def test_overview_for_the_secretariat(logged_in, dataset, clock):
    response = logged_in.get("/dashboard/?year=2030")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    charts = svgs(html)
    assert len(charts) == 7  # trends, rates, kinds, satisfaction, categories, themes, commitments
    assert all(c.get("role") == "img" for c in charts)
    assert "83.3%" in html and "60.0%" in html  # assignment and on-time rates
    assert 'id="league"' in html and "区教育局" in html
    assert "/dashboard/charts/themes.csv?year=2030" in html
    assert f"/dashboard/meetings/{dataset.m1}" in html
    assert '<option value="2029"' in html


def test_overview_defaults_to_the_current_year(logged_in, dataset, clock):
    html = logged_in.get("/dashboard/").get_data(as_text=True)
    assert "2030" in html and "83.3%" in html


def test_an_empty_year_shows_dashes(logged_in, clock):
    response = logged_in.get("/dashboard/?year=2031")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "—" in html
    assert all(c.get("role") == "img" for c in svgs(html))


@pytest.mark.parametrize("year", ["abc", "0", "-1", "99999", "2030.5", "１２３"])
def test_bad_year_is_404(logged_in, year):
    assert logged_in.get(f"/dashboard/?year={year}").status_code == 404
    assert logged_in.get(f"/dashboard/charts/rates.csv?year={year}").status_code == 404


def test_league_sorts_by_column(logged_in, dataset, clock):
    def league(url: str) -> str:
        html = logged_in.get(url).get_data(as_text=True)
        return html[html.index('id="league"') : html.index('id="year-meetings"')]

    late = league("/dashboard/?year=2030")
    assert late.index("区教育局") < late.index("区卫健局") < late.index("区财政局")
    by_name = league("/dashboard/?year=2030&sort=name")
    assert by_name.index("区卫健局") < by_name.index("区教育局") < by_name.index("区财政局")
    assert 'aria-sort="ascending"' in by_name
    assert logged_in.get("/dashboard/?year=2030&sort=<x>").status_code == 200


def test_meeting_dashboard(logged_in, dataset, clock):
    response = logged_in.get(f"/dashboard/meetings/{dataset.m1}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "托育服务协商会" in html and "50.0%" in html
    assert len(svgs(html)) == 6  # no monthly trend for one meeting


@pytest.mark.parametrize("bad", [999999, 0, 2**31, 2**63])
def test_missing_meeting_is_404(logged_in, bad):
    assert logged_in.get(f"/dashboard/meetings/{bad}").status_code == 404
    assert logged_in.get(f"/dashboard/meetings/{bad}/charts/rates.csv").status_code == 404


def test_csv_download(logged_in, dataset, clock):
    response = logged_in.get("/dashboard/charts/departments.csv?year=2030")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert rows[1][0] == "区教育局"  # ranked by lateness
    assert rows[1][1:5] == ["3", "0", "2", "66.7%"]


def test_csv_of_each_chart_and_meeting(logged_in, dataset, clock):
    for name in ("rates", "speaker_kinds", "themes", "categories", "satisfaction", "commitments"):
        assert logged_in.get(f"/dashboard/charts/{name}.csv?year=2030").status_code == 200
        url = f"/dashboard/meetings/{dataset.m2}/charts/{name}.csv"
        assert logged_in.get(url).status_code == 200
    trends = logged_in.get("/dashboard/charts/trends.csv?year=2030").data.decode("utf-8-sig")
    assert "2030-05,4,1,1" in trends
    # One meeting has no monthly trend; unknown charts are not found.
    assert logged_in.get(f"/dashboard/meetings/{dataset.m2}/charts/trends.csv").status_code == 404
    assert logged_in.get("/dashboard/charts/nope.csv").status_code == 404


def test_csv_cells_never_run_as_formulas(logged_in, clock):
    factories.make_department("=HYPERLINK(1)")
    from tests.factories import make_assignment, make_opinion

    meeting = factories.make_meeting(starts_at=__import__("datetime").datetime(2030, 2, 1, 9))
    opinion = make_opinion(meeting, factories.make_participant())
    from extensions import db as _db
    from participants.models import Department

    department = _db.session.query(Department).filter_by(name="=HYPERLINK(1)").one()
    make_assignment(opinion, department, clock.today())
    _db.session.commit()
    body = logged_in.get("/dashboard/charts/departments.csv?year=2030").data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("username", ["chair"])
def test_chair_sees_the_dashboard(client, auth, users, dataset, clock, username):
    auth.login(username)
    assert client.get("/dashboard/?year=2030").status_code == 200
    assert client.get(f"/dashboard/meetings/{dataset.m1}").status_code == 200
    assert client.get("/dashboard/charts/rates.csv?year=2030").status_code == 200


@pytest.mark.parametrize("username", ["member", "dept"])
def test_members_and_departments_are_refused(client, auth, users, dataset, username):
    auth.login(username)
    assert client.get("/dashboard/").status_code == 403
    assert client.get(f"/dashboard/meetings/{dataset.m1}").status_code == 403
    assert client.get("/dashboard/meetings/999999").status_code == 403
    assert client.get("/dashboard/charts/rates.csv").status_code == 403
    assert client.get(f"/dashboard/meetings/{dataset.m1}/charts/rates.csv").status_code == 403


def test_anonymous_is_sent_to_login(client, dataset):
    for url in ("/dashboard/", f"/dashboard/meetings/{dataset.m1}", "/dashboard/charts/rates.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_query_count_does_not_grow_with_data(logged_in, dataset, clock):
    small = queries_for(logged_in, "/dashboard/?year=2030")
    meeting_small = queries_for(logged_in, f"/dashboard/meetings/{dataset.m2}")
    # Ten times more opinions, assignments and replies in the same year.
    from datetime import date, datetime

    from participants.models import Department
    from tests.factories import make_assignment, make_opinion, make_rating, make_reply

    departments = db.session.query(Department).all()
    meeting = factories.make_meeting(starts_at=datetime(2030, 5, 20, 9))
    for i in range(30):
        speaker = factories.make_participant()
        opinion = make_opinion(meeting, speaker)
        assignment = make_assignment(opinion, departments[i % 3], date(2030, 6, 1))
        reply = make_reply(assignment, submitted_at=datetime(2030, 5, 30, 9), category="A")
        make_rating(reply, "satisfied", participant=speaker)
    db.session.commit()
    assert queries_for(logged_in, "/dashboard/?year=2030") == small
    assert queries_for(logged_in, f"/dashboard/meetings/{meeting.id}") == meeting_small
    assert small <= 20


def test_four_categories_when_configured(logged_in, dataset, clock, monkeypatch):
    monkeypatch.setitem(logged_in.application.config, "REPLY_CATEGORIES", "ABCD")
    body = logged_in.get("/dashboard/charts/categories.csv?year=2030").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[1] for row in rows[1:]] == ["1", "2", "1", "0"]
    assert rows[4][0].startswith("D")


def test_numbers_are_in_a_table_beside_each_chart(logged_in, dataset, clock):
    html = logged_in.get("/dashboard/?year=2030").get_data(as_text=True)
    for name in ("rates", "speaker_kinds", "themes", "categories", "satisfaction", "trends"):
        section = html[html.index(f'id="figure-{name}"') :]
        section = section[: section.index("</section>")]
        assert "<svg" in section and "<table" in section and f"charts/{name}.csv" in section
