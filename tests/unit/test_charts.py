"""Server-drawn SVG charts: well-formed XML, accessible (role, title, desc), one mark per point,
colours by classification, limits and targets where the figures put them."""

import xml.etree.ElementTree as ET

import pytest

from concord.stats.funnels import axis_limits, plotting_grid, proportion_limits
from concord.stats.spc import xmr_chart
from concord.web.charts.caterpillar import CaterpillarFigure, CaterpillarRow, caterpillar_svg
from concord.web.charts.funnel import FunnelFigure, FunnelPoint, funnel_svg
from concord.web.charts.icons import ASSURANCE, VARIATION, assurance_badge, variation_badge
from concord.web.charts.spc import POINT_COLOURS, SpcFigure, spc_svg
from concord.web.charts.svg import Scale, nice_ticks, padded

NS = "{http://www.w3.org/2000/svg}"
# A series with a clear shift upwards in its last seven points (MDC: six or more).
SERIES = [50, 52, 49, 51, 50, 48, 52, 50, 49, 51, 58, 59, 60, 58, 61, 59, 60]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def circles(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [c for c in root.iter(f"{NS}circle") if css_class in c.get("class", "").split()]


def assert_accessible(root: ET.Element) -> None:
    assert root.get("role") == "img"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def spc_figure(values, target=None, rebase_at=()):
    chart = xmr_chart(values, rules="mdc", improvement="up", target=target, rebase_at=rebase_at)
    labels = [f"2020-{k + 1:02d}" if k < 12 else f"2021-{k - 11:02d}" for k in range(len(values))]
    return SpcFigure(labels, chart, "Test series", "%", target), chart


def test_spc_chart_has_a_coloured_mark_per_point():
    figure, chart = spc_figure(SERIES, target=55)
    root = parse(spc_svg(figure))
    assert_accessible(root)
    points = circles(root, "spc-point")
    assert len(points) == len(SERIES)
    for mark, point in zip(points, chart.points, strict=True):
        assert mark.get("fill") == POINT_COLOURS[point.classification]
        assert mark.find(f"{NS}title").text.endswith(")")
    assert {p.classification for p in chart.points} >= {"improvement"}
    assert root.find(f".//{NS}line[@class='spc-target']") is not None


def test_spc_point_heights_follow_the_values():
    figure, _ = spc_figure(SERIES)
    points = circles(parse(spc_svg(figure)), "spc-point")
    heights = [float(p.get("cy")) for p in points]
    # a higher value is drawn higher up, i.e. at a smaller y
    for i in range(len(SERIES) - 1):
        if SERIES[i] != SERIES[i + 1]:
            assert (SERIES[i] < SERIES[i + 1]) == (heights[i] > heights[i + 1])


def test_spc_rebase_draws_a_mark_and_steps_the_limits():
    figure, chart = spc_figure(SERIES, rebase_at=[10])
    root = parse(spc_svg(figure))
    assert len(root.findall(f".//{NS}line[@class='spc-rebase']")) == 1
    means = root.findall(f".//{NS}line[@class='spc-mean']")
    assert len(means) == 2 and means[0].get("y1") != means[1].get("y1")
    assert {p.segment for p in chart.points} == {0, 1}


def test_run_chart_without_limits_when_too_few_points():
    figure, chart = spc_figure(SERIES[:8])
    root = parse(spc_svg(figure))
    assert not chart.has_limits
    assert len(circles(root, "spc-point")) == 8
    assert root.findall(f".//{NS}line[@class='spc-mean']") == []
    assert "Run chart" in root.find(f"{NS}desc").text


def test_text_is_escaped():
    chart = xmr_chart(SERIES, rules="mdc")
    figure = SpcFigure([f"<{k}&>" for k in range(len(SERIES))], chart, "A & B <c>", "", None)
    root = parse(spc_svg(figure))
    assert root.find(f"{NS}title").text == "A & B <c>"


def funnel_figure():
    numerators, denominators = [30, 45, 70, 20, 90], [100, 150, 200, 90, 260]
    baseline = sum(numerators) / sum(denominators)
    grid = plotting_grid(*axis_limits(denominators))
    limits = {k: list(v) for k, v in proportion_limits(grid, baseline, 100).items()}
    points = [
        FunnelPoint(f"Practice {k}", d, n / d * 100, highlighted=k == 2)
        for k, (n, d) in enumerate(zip(numerators, denominators, strict=True))
    ]
    return FunnelFigure("Funnel", "%", "Denominator", baseline * 100, points, list(grid), limits)


def test_funnel_has_every_peer_and_highlights_one():
    figure = funnel_figure()
    root = parse(funnel_svg(figure))
    assert_accessible(root)
    assert len(circles(root, "funnel-point")) == 5
    highlighted = circles(root, "funnel-highlight")
    assert len(highlighted) == 1
    assert highlighted[0].find(f"{NS}title").text.startswith("Practice 2:")
    classes = {p.get("class") for p in root.iter(f"{NS}polyline")}
    assert {
        f"funnel-limit funnel-{s}-{b}" for s in ("lower", "upper") for b in ("95", "998")
    } <= classes


def test_caterpillar_rows_and_reference_line():
    rows = [
        CaterpillarRow("North", 70.0, 65.0, 75.0, "higher"),
        CaterpillarRow("South", 60.0, 57.0, 63.0, "similar"),
        CaterpillarRow("East", 50.0, None, None, "lower"),
    ]
    root = parse(caterpillar_svg(CaterpillarFigure("Members", "%", rows, 61.0, "The CCG")))
    assert_accessible(root)
    assert len(circles(root, "caterpillar-point")) == 3
    assert len(root.findall(f".//{NS}line[@class='caterpillar-interval']")) == 2
    assert "1 significantly higher, 1 significantly lower" in root.find(f"{NS}desc").text


@pytest.mark.parametrize("icon", list(VARIATION))
def test_variation_badges_carry_their_meaning_in_words(icon):
    svg, label = variation_badge(icon)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == label
    assert root.find(f"{NS}title").text == label


def test_assurance_badges_and_missing_icons():
    for icon in ASSURANCE:
        assert parse(assurance_badge(icon)[0]).get("aria-label") == ASSURANCE[icon][0]
    assert variation_badge(None) is None and assurance_badge(None) is None


def test_scales_and_ticks():
    scale = Scale(0, 100, 300, 0)
    assert scale(0) == 300 and scale(100) == 0 and scale(25) == 225
    assert nice_ticks(0, 100, 5) == [0, 20, 40, 60, 80, 100]
    low, high = padded([48, 61])
    assert low < 48 and high > 61 and nice_ticks(low, high)[0] == low


def polylines(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [p for p in root.iter(f"{NS}polyline") if css_class in p.get("class", "").split()]


def test_a_gap_in_the_periods_breaks_the_line():
    figure, _ = spc_figure(SERIES)
    gapped = SpcFigure(figure.labels, figure.chart, "Gapped", "%", gaps_after=[9])
    root = parse(spc_svg(gapped))
    lines = polylines(root, "spc-line")
    assert [len(line.get("points").split()) for line in lines] == [10, len(SERIES) - 10]
    assert "broken at 1 place(s) where periods are missing" in root.find(f"{NS}desc").text
    (whole,) = polylines(parse(spc_svg(figure)), "spc-line")
    assert len(whole.get("points").split()) == len(SERIES)


def test_synthetic_points_are_drawn_hollow_and_say_so():
    figure, _ = spc_figure(SERIES)
    marked = [k >= len(SERIES) - 3 for k in range(len(SERIES))]
    drawn = SpcFigure(figure.labels, figure.chart, "Synthetic", "%", synthetic=marked)
    root = parse(spc_svg(drawn))
    hollow = circles(root, "spc-synthetic")
    assert len(hollow) == 3 and all(c.get("fill") == "#ffffff" for c in hollow)
    assert all("synthetic data" in c.find(f"{NS}title").text for c in hollow)
    assert "Synthetic data" in spc_svg(drawn)
    assert "3 point(s) computed from synthetic data" in root.find(f"{NS}desc").text


def test_the_trajectory_is_drawn_with_the_target():
    figure, _ = spc_figure(SERIES, target=66.7)
    steps = [60.0] * 6 + [63.0] * 6 + [66.7] * (len(SERIES) - 12)
    drawn = SpcFigure(figure.labels, figure.chart, "Trajectory", "%", 66.7, milestones=steps)
    svg = spc_svg(drawn)
    (line,) = polylines(parse(svg), "spc-trajectory")
    assert len(line.get("points").split()) == 2 * len(SERIES)
    assert "Trajectory" in svg and 'class="spc-target"' in svg
