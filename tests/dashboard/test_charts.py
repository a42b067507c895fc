"""The SVG chart module: well-formed, accessible, labelled, escaped, and calm when empty."""

import xml.etree.ElementTree as ET

from dashboard import charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def assert_accessible(root: ET.Element, title: str) -> None:
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == title
    assert root.find("svg:title", NS).text == title
    desc = root.find("svg:desc", NS)
    assert desc is not None and root.get("aria-describedby") == desc.get("id")


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_bar_chart_has_one_labelled_bar_per_value():
    root = parse(charts.bar_chart("c1", "按界别", [("委员", 4), ("群众代表", 1), ("专家", 0)]))
    assert_accessible(root, "按界别")
    bars = root.findall("svg:g[@class='bar']", NS)
    assert len(bars) == 3
    assert [b.find("svg:title", NS).text for b in bars] == ["委员: 4", "群众代表: 1", "专家: 0"]
    widths = [float(b.find("svg:rect", NS).get("width")) for b in bars]
    assert widths[0] > widths[1] > 0 and widths[2] == 0
    assert {"委员", "群众代表", "4", "1"} <= set(texts(root))


def test_bar_chart_unit_and_fractions():
    root = parse(charts.bar_chart("c2", "Rates", [("Reply rate", 66.7)], unit="%"))
    assert "66.7%" in texts(root)


def test_text_is_escaped():
    root = parse(charts.bar_chart("c3", "<script>&", [("<b>a&b</b>", 2)]))
    assert root.get("aria-label") == "<script>&"
    assert "<b>a&b</b>" in texts(root)


def test_long_labels_are_shortened_but_kept_in_the_tooltip():
    label = "关于进一步完善全区婴幼儿照护服务体系建设的若干意见"
    root = parse(charts.bar_chart("c4", "t", [(label, 1)]))
    assert any(t.endswith("…") for t in texts(root))
    assert root.find("svg:g/svg:title", NS).text == f"{label}: 1"


def test_empty_chart_says_so():
    for markup in (
        charts.bar_chart("e1", "Empty", [], empty_text="暂无数据"),
        charts.bar_chart("e2", "Zeros", [("a", 0)], empty_text="暂无数据"),
        charts.stacked_bar_chart("e3", "S", ["x"], [], empty_text="暂无数据"),
        charts.line_chart("e4", "L", ["1", "2"], [("a", [0, 0])], empty_text="暂无数据"),
    ):
        root = parse(markup)
        assert root.get("role") == "img"
        assert texts(root) == ["暂无数据"]


def test_stacked_bar_chart_segments_and_totals():
    series = ["逾期", "未到期", "已完成"]
    root = parse(
        charts.stacked_bar_chart(
            "s1", "承诺", series, [("区卫健局", [1, 0, 1]), ("区教育局", [0, 1, 0])]
        )
    )
    assert_accessible(root, "承诺")
    bars = root.findall("svg:g[@class='bar']", NS)
    assert len(bars) == 2
    first = bars[0].findall("svg:rect", NS)
    assert [r.find("svg:title", NS).text for r in first] == [
        "区卫健局 · 逾期: 1",
        "区卫健局 · 已完成: 1",
    ]
    assert "2" in [t.text for t in bars[0].iter("{http://www.w3.org/2000/svg}text")]
    legend = root.find("svg:g[@class='legend']", NS)
    assert [t.text for t in legend.iter("{http://www.w3.org/2000/svg}text")] == series


def test_line_chart_points_per_series():
    months = [str(m) for m in range(1, 13)]
    root = parse(
        charts.line_chart("l1", "趋势", months, [("意见", [0, 0, 2] + [0] * 9), ("答复", [1] * 12)])
    )
    assert_accessible(root, "趋势")
    series = root.findall("svg:g[@class='series']", NS)
    assert len(series) == 2
    assert all(len(s.findall("svg:circle", NS)) == 12 for s in series)
    assert len(series[0].find("svg:polyline", NS).get("points").split()) == 12
    assert series[0].findall("svg:circle", NS)[2].find("svg:title", NS).text == "意见 · 3: 2"
    assert set(months) <= set(texts(root))


def test_text_width_counts_chinese_as_square():
    assert charts.text_width("托育") == 2 * charts.FONT
    assert charts.text_width("ab") < charts.text_width("托育")


def test_grid_steps_are_round():
    assert charts.nice_step(283) == 100  # 0, 100, ..., 400
    assert charts.nice_step(8) == 2
    assert charts.nice_step(9) == 2.5
    assert charts.nice_step(1) == 0.25
    assert charts.nice_step(0) == 1
    root = parse(charts.line_chart("g", "t", ["1", "2"], [("a", [283, 10])]))
    assert {"0", "100", "200", "300", "400"} <= set(texts(root))
