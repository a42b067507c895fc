"""The dashboard in a real browser: the secretariat opens it on the demo data, sees the SVG
charts with their bars and the number tables, and downloads a chart's CSV."""

from pathlib import Path

from audit.services import acting_as
from demo import data
from demo.loader import load_demo
from extensions import db
from tests.browser.conftest import sign_in


def test_secretariat_reads_the_dashboard(live_app, live_server, page):
    with live_app.app_context():
        with acting_as("demo"):
            meeting = load_demo()
            db.session.commit()
        meeting_id, year = meeting.id, meeting.starts_at.year

    sign_in(page, live_server, "mishu", data.DEMO_PASSWORD)
    page.goto(f"{live_server}/dashboard/?year={year}")
    assert page.locator("h1").inner_text().endswith(str(year))

    charts = page.locator("svg.dashboard-chart[role=img]")
    assert charts.count() >= 7
    for name in ("speaker-kinds", "categories", "satisfaction", "rates"):
        chart = page.locator(f"svg#chart-{name}")
        assert chart.is_visible()
        assert chart.get_attribute("aria-label")
        bars = chart.locator("g.bar rect")
        assert bars.count() > 0
        assert float(bars.first.get_attribute("width")) > 0
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 20
    trend = page.locator("svg#chart-trends")
    assert trend.is_visible() and trend.locator("g.series circle").count() == 36

    # Each chart's numbers: the table opens under it; the league table is always shown.
    kinds = page.locator("#figure-speaker_kinds")
    kinds.locator("summary").click()
    assert kinds.locator("table.dashboard-table tbody tr").first.is_visible()
    league = page.locator("#league table.dashboard-table")
    assert league.is_visible() and league.locator("tbody tr").count() >= 1
    assert page.locator("#definitions").count() == 1

    with page.expect_download() as download_info:
        page.locator("#figure-speaker_kinds a[download]").click()
    download = download_info.value
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert len(lines) >= 2 and lines[0].count(",") == 2

    # From the year's list of meetings to one meeting's dashboard.
    page.locator(f"#year-meetings a[href$='/dashboard/meetings/{meeting_id}']").click()
    page.wait_for_url(f"**/dashboard/meetings/{meeting_id}")
    assert page.locator("svg#chart-categories g.bar rect").count() > 0
    assert page.locator("svg#chart-trends").count() == 0
