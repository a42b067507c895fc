"""The dashboard's named figures: each one a table (for reading and CSV) plus its SVG chart.

`build_dashboard` runs the fixed set of stats queries once and turns them into figures;
the page shows them all, the CSV route picks one by name. Labels are translated here.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from markupsafe import Markup, escape

from common.spreadsheets import csv_bytes
from dashboard import charts, stats
from dashboard.stats import Rate, Scope
from responses.models import RatingValue, ReplyCategory

FIGURE_NAMES = (
    "rates",
    "speaker_kinds",
    "themes",
    "categories",
    "satisfaction",
    "commitments",
    "departments",
    "trends",
)
THEMES_CHARTED = 12  # the chart shows the most frequent themes; the table lists all
DEPARTMENTS_CHARTED = 15


@dataclass
class Figure:
    name: str
    title: str
    headers: list[str]
    rows: list[list]
    svg: Markup | None = None
    note: str = ""


@dataclass
class Dashboard:
    scope: Scope
    today: date
    opinions: stats.OpinionTotals
    totals: stats.Totals
    departments: list[stats.DepartmentRow]
    categories: list[tuple[ReplyCategory | None, int]] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def adopted(self) -> int:
        """Category A replies (solved or adopted): the leaders' "how many adopted"."""
        return sum(n for category, n in self.categories if category == ReplyCategory.A)

    @property
    def categorised(self) -> int:
        return sum(n for _category, n in self.categories)


def _share(n: int, of: int) -> str:
    return Rate(n, of).percent


def _rates(board: Dashboard) -> Figure:
    t, o = board.totals, board.opinions
    lines = [
        (_("Assignment rate"), o.assignment_rate),
        (_("Reply rate"), t.reply_rate),
        (_("On-time rate"), t.on_time_rate),
        (_("Satisfaction rate"), t.satisfaction_rate),
    ]
    figure = Figure(
        "rates",
        _("Handling rates"),
        [_("Indicator"), _("Numerator"), _("Denominator"), _("Percentage")],
        [[label, r.numerator, r.denominator, r.percent] for label, r in lines],
    )
    bars = [(label, round(r.value * 100, 1)) for label, r in lines if r.value is not None]
    figure.svg = charts.bar_chart(
        "chart-rates", figure.title, bars, unit="%", empty_text=_("No data for this period")
    )
    return figure


def _count_figure(
    name: str,
    title: str,
    headers: tuple[str, str],
    data: list[tuple[str, int]],
    total: int,
    *,
    charted: int | None = None,
    colors: Sequence[str] | None = None,
    extra_rows: Sequence[list] = (),
    note: str = "",
) -> Figure:
    """A "how many of each" figure: label, count and share of `total`, charted as bars."""
    figure = Figure(
        name,
        title,
        [*headers, _("Share")],
        [[label, n, _share(n, total)] for label, n in data] + list(extra_rows),
        note=note,
    )
    figure.svg = charts.bar_chart(
        "chart-" + name.replace("_", "-"),
        title,
        data[:charted],
        colors=colors,
        empty_text=_("No data for this period"),
    )
    return figure


def _speaker_kinds(scope: Scope, total: int) -> Figure:
    data = [(kind.label, n) for kind, n in stats.opinions_by_speaker_kind(scope)]
    return _count_figure(
        "speaker_kinds",
        _("Opinions by speaker kind"),
        (_("Speaker kind"), _("Number of opinions")),
        data,
        total,
    )


def _themes(scope: Scope, totals: stats.OpinionTotals) -> Figure:
    untagged = (
        [[_("No theme"), totals.untagged, _share(totals.untagged, totals.opinions)]]
        if totals.untagged
        else []
    )
    return _count_figure(
        "themes",
        _("Opinions by theme"),
        (_("Theme"), _("Number of opinions")),
        stats.opinions_by_theme(scope),
        totals.opinions,
        charted=THEMES_CHARTED,
        colors=[charts.PALETTE[1]],
        extra_rows=untagged,
        note=_("An opinion may carry several themes, so the shares can add up to more than 100%."),
    )


def _categories(categories: list[tuple[ReplyCategory | None, int]]) -> Figure:
    data = [
        (category.label if category else _("No category given"), n) for category, n in categories
    ]
    return _count_figure(
        "categories",
        _("Reply categories"),
        (_("Reply category"), _("Number of replies")),
        data,
        sum(n for _label, n in data),
        colors=[charts.PALETTE[3]],
    )


def _satisfaction(totals: stats.Totals) -> Figure:
    return _count_figure(
        "satisfaction",
        _("Members' satisfaction with replies"),
        (_("Rating given"), _("Number of ratings")),
        [(value.label, totals.ratings[value]) for value in RatingValue],
        totals.rated,
        colors=[charts.PALETTE[3], charts.PALETTE[2], charts.PALETTE[0]],  # good to bad
    )


def _commitments(rows: list[stats.DepartmentRow]) -> Figure:
    series = [_("Overdue"), _("Open, not yet due"), _("Done")]
    with_commitments = sorted(
        (r for r in rows if r.commitments),
        key=lambda r: (-r.commitments_overdue, -r.commitments_open, r.name),
    )
    data = [
        (
            r.name,
            [r.commitments_overdue, r.commitments_open - r.commitments_overdue, r.commitments_done],
        )
        for r in with_commitments
    ]
    figure = Figure(
        "commitments",
        _("Commitments by department"),
        [_("Department"), *series, _("Total commitments")],
        [[name, *values, sum(values)] for name, values in data],
    )
    if len(data) > DEPARTMENTS_CHARTED:
        figure.note = _(
            "The chart shows the %(n)s departments with the most overdue and open "
            "commitments; the table lists them all.",
            n=DEPARTMENTS_CHARTED,
        )
    figure.svg = charts.stacked_bar_chart(
        "chart-commitments",
        figure.title,
        series,
        data[:DEPARTMENTS_CHARTED],
        colors=[charts.PALETTE[0], charts.PALETTE[2], charts.PALETTE[3]],
        empty_text=_("No commitments in this period"),
    )
    return figure


def _departments(rows: list[stats.DepartmentRow]) -> Figure:
    return Figure(
        "departments",
        _("Department league table"),
        [
            _("Department"),
            _("Lead assignments"),
            _("Co-handling assignments"),
            _("Replied"),
            _("Reply rate"),
            _("On-time rate"),
            _("Overdue replies"),
            _("Open commitments"),
            _("Overdue commitments"),
            _("Number of ratings"),
            _("Satisfaction rate"),
        ],
        [
            [
                r.name,
                r.lead,
                r.co,
                r.replied,
                r.reply_rate.percent,
                r.on_time_rate.percent,
                r.overdue_replies,
                r.commitments_open,
                r.commitments_overdue,
                r.rated,
                r.satisfaction_rate.percent,
            ]
            for r in rows
        ],
    )


def _trends(year: int) -> Figure:
    months = stats.monthly_trends(year)
    series = [
        (_("Opinions received"), [m.opinions for m in months]),
        (_("Replies submitted"), [m.replies for m in months]),
        (_("Commitments done"), [m.commitments_done for m in months]),
    ]
    figure = Figure(
        "trends",
        _("Trends by month, %(year)s", year=year),
        [_("Calendar month"), *(name for name, _values in series)],
        [[f"{year}-{m.month:02d}", m.opinions, m.replies, m.commitments_done] for m in months],
        note=_(
            "Opinions by the month of their meeting; replies and commitments by the month "
            "the work was done, whatever the meeting's year."
        ),
    )
    figure.svg = charts.line_chart(
        "chart-trends",
        figure.title,
        [str(m.month) for m in months],
        series,
        empty_text=_("No data for this period"),
    )
    return figure


def build_dashboard(
    scope: Scope, today: date, letters: str = "ABC", sort: str = "late"
) -> Dashboard:
    """All figures for a year (with trends) or a meeting: a fixed number of queries."""
    opinions = stats.opinion_totals(scope)
    rows = stats.department_rows(scope, today)
    board = Dashboard(scope, today, opinions, stats.totals(rows), rows)
    board.categories = stats.reply_categories(scope, letters)
    figures = [
        _rates(board),
        _speaker_kinds(scope, opinions.opinions),
        _themes(scope, opinions),
        _categories(board.categories),
        _satisfaction(board.totals),
        _commitments(rows),
        _departments(stats.rank_departments(rows, sort)),
    ]
    if scope.meeting_id is None and scope.year is not None:
        figures.append(_trends(scope.year))
    board.figures = {f.name: f for f in figures}
    return board


def table_html(
    figure: Figure,
    sort_keys: Sequence[str | None] | None = None,
    sort: str | None = None,
    sort_url: Callable[[str], str] | None = None,
) -> Markup:
    """The figure's numbers as an accessible table, written in one pass (the league alone
    has eleven columns for every department: a template loop cost a tenth of the page).
    `sort_keys` gives each column's sort key (None: not sortable), `sort_url(key)` its link."""
    head = []
    for i, header in enumerate(figure.headers):
        key = sort_keys[i] if sort_keys else None
        attrs = ' class="text-end"' if i else ""
        if key and key == sort:
            attrs += ' aria-sort="ascending"'
        text: str = escape(header)
        if key and sort_url is not None:
            text = f'<a href="{escape(sort_url(key))}">{text}</a>'
        head.append(f'<th scope="col"{attrs}>{text}</th>')
    body = [
        f'<tr><th scope="row" class="fw-normal">{escape(row[0])}</th>'
        + "".join(f'<td class="text-end">{escape(cell)}</td>' for cell in row[1:])
        + "</tr>"
        for row in figure.rows
    ]
    if not figure.rows:
        body.append(
            f'<tr><td colspan="{len(figure.headers)}" class="text-muted">'
            f"{escape(_('No data for this period'))}</td></tr>"
        )
    return Markup(
        '<div class="table-responsive">'
        '<table class="table table-sm small mb-1 dashboard-table"'
        f' data-figure="{escape(figure.name)}">'
        f'<caption class="visually-hidden">{escape(figure.title)}</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def figure_csv(figure: Figure) -> bytes:
    """The figure's table as CSV through the shared writer (BOM for Excel, no formulas)."""
    return csv_bytes(figure.headers, figure.rows)
