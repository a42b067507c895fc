"""Small server-side SVG charts: no JavaScript, no CDN, readable by screen readers.

Each function returns one self-contained <svg> (as Markup, to inline in a page) with
role="img", an aria-label, a <title> and a <desc>; every bar or point carries its own
<title> and a visible value label. Text is escaped here; callers pass plain strings.
Widths use a viewBox, so the chart scales with its column; the text inherits the
page font (inline SVG), so Chinese labels match the rest of the page.
"""

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

PALETTE = ["#9b1b1b", "#1f5f8b", "#d08a1d", "#3c7d3c", "#6b4c9a", "#7a7a7a", "#b5475c"]
FONT = 12
WIDTH = 560
MAX_SCALE = 1.6  # never drawn larger than this: a full-width chart keeps readable text


def text_width(text: str, size: float = FONT) -> float:
    """Rough rendered width: CJK characters are square, Latin about 0.6 em."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def shorten(text: str, max_width: float, size: float = FONT) -> str:
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text + "…"


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def nice_step(peak: float, lines: int = 4) -> float:
    """A round grid step (1, 2, 2.5 or 5 times a power of ten) so `lines` steps cover peak."""
    if peak <= 0:
        return 1
    raw = peak / lines
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            step = factor * power
            return int(step) if float(step).is_integer() else step
    return 10 * power


def _open(chart_id: str, title: str, desc: str, width: float, height: float) -> str:
    title, desc = escape(title), escape(desc)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" width="100%" role="img"'
        f' style="max-width:{width * MAX_SCALE:.0f}px"'
        f' aria-label="{title}" aria-describedby="{escape(chart_id)}-desc"'
        f' font-size="{FONT}">'
        f'<title>{title}</title><desc id="{escape(chart_id)}-desc">{desc}</desc>'
    )


def _text(x: float, y: float, text: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _empty(chart_id: str, title: str, empty_text: str) -> Markup:
    return Markup(
        _open(chart_id, title, empty_text, WIDTH, 40)
        + _text(WIDTH / 2, 24, empty_text, "middle", fill="#666")
        + "</svg>"
    )


def _label_column(labels: Sequence[str]) -> float:
    widest = max((text_width(label) for label in labels), default=0)
    return min(max(widest + 8, 60), WIDTH * 0.35)


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    unit: str = "",
    empty_text: str = "No data",
    color: str = PALETTE[0],
    colors: Sequence[str] | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value), each with its value printed at its end.
    `colors` gives each bar its own colour (e.g. satisfied green, unsatisfied red)."""
    if not bars or not any(value for _, value in bars):
        return _empty(chart_id, title, empty_text)
    row, gap = 22, 6
    left = _label_column([label for label, _ in bars])
    value_room = 60
    scale = (WIDTH - left - value_room) / max(value for _, value in bars)
    height = len(bars) * (row + gap) + gap
    desc = "; ".join(f"{label}: {number(value)}{unit}" for label, value in bars)
    parts = [_open(chart_id, title, desc, WIDTH, height)]
    for i, (label, value) in enumerate(bars):
        y = gap + i * (row + gap)
        w = max(value * scale, 0)
        parts.append(
            f'<g class="bar"><title>{escape(label)}: {escape(number(value))}{escape(unit)}</title>'
            f'<rect x="{left:.1f}" y="{y}" width="{w:.1f}" height="{row}"'
            f' fill="{colors[i % len(colors)] if colors else color}"/>'
            + _text(left - 6, y + row * 0.7, shorten(label, left - 8), "end")
            + _text(left + w + 4, y + row * 0.7, number(value) + unit, class_="value")
            + "</g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(series: Sequence[str], y: float, colors: Sequence[str]) -> tuple[str, float]:
    """One line of colour keys (wrapping when needed); returns the markup and its height."""
    parts, x, line = [], 0.0, 0
    for i, name in enumerate(series):
        w = 18 + text_width(name) + 14
        if x and x + w > WIDTH:
            x, line = 0.0, line + 1
        top = y + line * 18
        parts.append(
            f'<rect x="{x:.1f}" y="{top}" width="12" height="12" fill="{colors[i % len(colors)]}"/>'
            + _text(x + 16, top + 10, name)
        )
        x += w
    return "".join(parts), (line + 1) * 18 + 6


def stacked_bar_chart(
    chart_id: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    empty_text: str = "No data",
    colors: Sequence[str] = PALETTE,
) -> Markup:
    """Horizontal bars split into `series` segments; the row total printed at the end."""
    if not rows or not any(sum(values) for _, values in rows):
        return _empty(chart_id, title, empty_text)
    legend, legend_height = _legend(series, 4, colors)
    row, gap = 22, 6
    left = _label_column([label for label, _ in rows])
    scale = (WIDTH - left - 60) / max(sum(values) for _, values in rows)
    height = legend_height + len(rows) * (row + gap) + gap
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{s} {number(v)}" for s, v in zip(series, values, strict=True))
        for label, values in rows
    )
    parts = [_open(chart_id, title, desc, WIDTH, height), f'<g class="legend">{legend}</g>']
    for i, (label, values) in enumerate(rows):
        y = legend_height + gap + i * (row + gap)
        x = left
        parts.append(
            '<g class="bar">' + _text(left - 6, y + row * 0.7, shorten(label, left - 8), "end")
        )
        for j, value in enumerate(values):
            if not value:
                continue
            w = value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row}"'
                f' fill="{colors[j % len(colors)]}"><title>{escape(label)} · {escape(series[j])}:'
                f" {escape(number(value))}</title></rect>"
            )
            if w >= text_width(number(value)) + 6:
                parts.append(_text(x + w / 2, y + row * 0.7, number(value), "middle", fill="#fff"))
            x += w
        parts.append(_text(x + 4, y + row * 0.7, number(sum(values)), class_="value") + "</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    empty_text: str = "No data",
    colors: Sequence[str] = PALETTE,
) -> Markup:
    """One line per series over the x labels (e.g. months), points labelled with values."""
    if not x_labels or not any(any(values) for _, values in series):
        return _empty(chart_id, title, empty_text)
    legend, legend_height = _legend([name for name, _ in series], 4, colors)
    top, bottom, left, right = legend_height + 12, 24, 40, 16
    plot_h = 200
    height = top + plot_h + bottom
    step_value = nice_step(max(max(values) for _, values in series))
    peak = step_value * 4
    step = (WIDTH - left - right) / max(len(x_labels) - 1, 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + i * step, top + plot_h - value / peak * plot_h

    desc = "; ".join(
        f"{name}: " + ", ".join(f"{x} {number(v)}" for x, v in zip(x_labels, values, strict=True))
        for name, values in series
    )
    parts = [_open(chart_id, title, desc, WIDTH, height), f'<g class="legend">{legend}</g>']
    for k in range(5):  # grid lines at round values
        value = step_value * k
        _, y = xy(0, value)
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            + _text(left - 4, y + 4, number(value), "end", fill="#666")
        )
    for i, label in enumerate(x_labels):
        x, _ = xy(i, 0)
        parts.append(_text(x, top + plot_h + 16, label, "middle"))
    for j, (name, values) in enumerate(series):
        color = colors[j % len(colors)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
        parts.append(
            f'<g class="series"><polyline points="{points}" fill="none" stroke="{color}"'
            ' stroke-width="2"/>'
        )
        for i, value in enumerate(values):
            x, y = xy(i, value)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(name)}'
                f" · {escape(x_labels[i])}: {escape(number(value))}</title></circle>"
            )
            if value:
                parts.append(_text(x, y - 6, number(value), "middle", fill=color, font_size="10"))
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
