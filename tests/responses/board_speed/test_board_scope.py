"""The board's default window (the last twelve months), "all years", the league that always
covers every year and lists each department's oldest items, and the one reminder form."""

from datetime import date, timedelta

from sqlalchemy import select

from extensions import db
from responses.assignments import assign
from responses.board import BoardFilter
from responses.models import Notification
from responses.overdue import league_table
from tests.factories import make_opinion
from tests.responses.assign.conftest import forget_notifications
from tests.responses.board_speed.conftest import TODAY, old_meeting

LONG_AGO = date(2024, 5, 10)


def test_default_window_hides_older_meetings_until_widened(world, logged_in, today):
    old = old_meeting()
    make_opinion(old, title="关于二〇二四年的建议")
    world.opinion("关于今年的建议")
    db.session.commit()
    html = logged_in.get("/board/").get_data(as_text=True)
    since = (TODAY - timedelta(days=365)).isoformat()
    assert "关于今年的建议" in html and "关于二〇二四年的建议" not in html
    assert 'id="board-window"' in html and since in html
    for wider in ("?year=all", "?year=2024", f"?meeting={old.id}"):
        html = logged_in.get("/board/" + wider).get_data(as_text=True)
        assert "关于二〇二四年的建议" in html, wider
        assert 'id="board-window"' not in html, wider
    html = logged_in.get("/board/?year=all").get_data(as_text=True)
    assert '<option value="all" selected>' in html
    # Nonsense years fall back to the default window.
    assert "关于二〇二四年的建议" not in logged_in.get("/board/?year=x").get_data(as_text=True)


def test_league_covers_every_year_by_default(world, logged_in, today):
    opinion = make_opinion(old_meeting(), title="关于老旧小区改造的建议")
    assign(opinion, [world.health], "single", due_date=LONG_AGO, today=LONG_AGO)
    db.session.commit()
    html = logged_in.get("/board/").get_data(as_text=True)
    assert "关于老旧小区改造的建议" not in html.split('id="league"')[0]  # not in the list
    league = html.split('id="league"')[1]
    assert "关于老旧小区改造的建议" in league and "区卫健局" in league
    # A year or a meeting narrows the league as before.
    assert 'id="league"' not in logged_in.get("/board/?year=2026").get_data(as_text=True)
    # "Remind about all" from the default view reminds about what the league shows.
    forget_notifications()
    db.session.commit()
    response = logged_in.post("/board/remind", data={"department_id": world.health.id})
    assert response.status_code == 302
    assert db.session.scalars(select(Notification)).first() is not None


def test_league_lists_the_oldest_items_and_counts_all(world, logged_in, today):
    for day in (1, 2, 3):
        [a] = assign(
            world.opinion(f"逾期意见{day}"),
            [world.health],
            "single",
            due_date=date(2026, 2, day),
            today=date(2026, 1, 5),
        )
    db.session.commit()
    [row] = league_table(BoardFilter(), TODAY, per_department=2)
    assert (row.overdue_assignments, row.open_assignments, row.items_left_out) == (3, 3, 1)
    assert [a.opinion.title for a in row.assignments] == ["逾期意见1", "逾期意见2"]
    [full] = league_table(BoardFilter(), TODAY)
    assert len(full.assignments) == 3 and full.items_left_out == 0
    html = logged_in.get("/board/").get_data(as_text=True)
    league = html.split('id="league"')[1].split("board-opinions")[0]
    assert "逾期意见1" in league and "逾期意见3" not in league
    assert f"department={world.health.id}" in league
    html = logged_in.get(f"/board/?department={world.health.id}").get_data(as_text=True)
    assert "逾期意见3" in html.split('id="league"')[1].split("board-opinions")[0]


def test_one_reminder_form_for_the_whole_league(world, logged_in, today):
    for day in (1, 2):
        assign(
            world.opinion(f"逾期意见{day}"),
            [world.health],
            "single",
            due_date=date(2026, 2, day),
            today=date(2026, 1, 5),
        )
    db.session.commit()
    html = logged_in.get("/board/").get_data(as_text=True)
    assert html.count('action="/board/remind') == 1
    assert html.count('form="league-remind"') == 3  # the department and its two items


def test_board_pages_and_state_filter(world, logged_in, app, today):
    for i in range(5):
        make_opinion(world.meeting, title=f"分页意见{i}", position=i)
    db.session.commit()
    app.config["BOARD_PAGE_SIZE"] = 2
    try:
        html = logged_in.get("/board/?page=2").get_data(as_text=True)
        assert "分页意见2" in html and "分页意见1" not in html and "分页意见4" not in html
        html = logged_in.get("/board/?state=unassigned&page=999").get_data(as_text=True)
        assert "分页意见4" in html and "分页意见3" not in html  # the last page
        assert logged_in.get("/board/?page=99999999999999").status_code == 200
        html = logged_in.get("/board/?state=done").get_data(as_text=True)
        assert "分页意见" not in html.split("board-opinions")[1]
    finally:
        app.config.pop("BOARD_PAGE_SIZE")
