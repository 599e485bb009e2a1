"""A funnel plot: each peer's value against its denominator, the benchmark, and the 95% and
99.8% limits narrowing as the denominator grows; the organisation of the page highlighted."""

from dataclasses import dataclass, field

from .svg import (
    AXIS_COLOUR,
    Scale,
    document,
    dot_marker,
    element,
    legend,
    line_marker,
    padded,
    polyline,
    text,
    tick_label,
    title,
    x_axis_line,
    y_axis,
)

__all__ = ["FunnelFigure", "FunnelPoint", "funnel_svg"]

WIDTH, HEIGHT = 760, 420
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 90
PEER, HIGHLIGHT, BASELINE = "#768692", "#005eb8", "#212b32"
BAND_STYLE = {"95": ("#ed8b00", "6 4"), "998": ("#da291c", "2 3")}
BAND_WORDS = {"95": "95% limits", "998": "99.8% limits"}


@dataclass(frozen=True)
class FunnelPoint:
    name: str
    denominator: float
    value: float
    highlighted: bool = False


@dataclass(frozen=True)
class FunnelFigure:
    heading: str
    unit: str
    x_label: str
    baseline: float
    points: list[FunnelPoint]
    grid: list[float]  # denominators at which the limits are drawn
    limits: dict = field(default_factory=dict)  # "lower_95" etc. -> values along the grid


def scales(figure: FunnelFigure) -> tuple[Scale, Scale]:
    top = max([*figure.grid, *(p.denominator for p in figure.points)]) or 1.0
    x = Scale(0, top, LEFT, WIDTH - RIGHT)
    inside = [p.value for p in figure.points] + [figure.baseline]
    smallest = _min_denominator(figure)
    for curve in figure.limits.values():
        # the limits flare towards the smallest denominators: keep to the plotted range
        inside += [v for d, v in zip(figure.grid, curve, strict=True) if d >= smallest]
    low, high = padded(inside)
    return x, Scale(low, high, HEIGHT - BOTTOM, TOP)


def _min_denominator(figure: FunnelFigure) -> float:
    return min((p.denominator for p in figure.points), default=0) * 0.8


def _x_axis(x: Scale) -> str:
    parts = []
    for tick in x.ticks(6):
        px = x(tick)
        parts.append(
            element(
                "line", x1=px, x2=px, y1=HEIGHT - BOTTOM, y2=HEIGHT - BOTTOM + 5, stroke=AXIS_COLOUR
            )
        )
        parts.append(text(tick_label(tick), x=px, y=HEIGHT - BOTTOM + 20, text_anchor="middle"))
    return element("g", *parts, class_="axis axis-x", fill=AXIS_COLOUR)


def clipped(points, y: Scale) -> list[tuple[float, float]]:
    """Curve points inside the plotting area (the limits run off the top near zero)."""
    return [(px, py) for px, py in points if TOP <= py <= HEIGHT - BOTTOM]


def _limit_lines(figure: FunnelFigure, x: Scale, y: Scale) -> str:
    parts = []
    for band, (colour, dash) in BAND_STYLE.items():
        for side in ("lower", "upper"):
            curve = figure.limits.get(f"{side}_{band}")
            if curve is None:
                continue
            line = clipped([(x(d), y(v)) for d, v in zip(figure.grid, curve, strict=True)], y)
            parts.append(
                polyline(
                    line,
                    stroke=colour,
                    stroke_width=1.5,
                    stroke_dasharray=dash,
                    class_=f"funnel-limit funnel-{side}-{band}",
                )
            )
    level = y(figure.baseline)
    parts.append(
        element(
            "line",
            x1=LEFT,
            x2=WIDTH - RIGHT,
            y1=level,
            y2=level,
            stroke=BASELINE,
            stroke_width=1.5,
            class_="funnel-baseline",
        )
    )
    return element("g", *parts, class_="funnel-limits")


def point_marks(figure: FunnelFigure, x: Scale, y: Scale) -> str:
    ordinary = [p for p in figure.points if not p.highlighted]
    chosen = [p for p in figure.points if p.highlighted]
    parts = [mark(p, x, y, figure.unit) for p in [*ordinary, *chosen]]  # highlighted on top
    for p in chosen:
        parts.append(_highlight_label(p, x, y))
    return element("g", *parts, class_="funnel-points")


def _highlight_label(p: FunnelPoint, x: Scale, y: Scale) -> str:
    """The organisation's name beside its mark, on whichever side has room."""
    px, right_half = x(p.denominator), x(p.denominator) > (LEFT + WIDTH - RIGHT) / 2
    return text(
        p.name,
        x=px - 10 if right_half else px + 10,
        y=y(p.value) - 10,
        text_anchor="end" if right_half else "start",
        font_weight="bold",
        fill=HIGHLIGHT,
        class_="funnel-highlight-label",
    )


def mark(p: FunnelPoint, x: Scale, y: Scale, unit: str) -> str:
    return element(
        "circle",
        title(f"{p.name}: {tick_label(p.value)}{unit} of {tick_label(p.denominator)}"),
        cx=x(p.denominator),
        cy=y(p.value),
        r=7 if p.highlighted else 4.5,
        fill=HIGHLIGHT if p.highlighted else PEER,
        stroke="#ffffff" if not p.highlighted else "#212b32",
        stroke_width=1.5 if p.highlighted else 1,
        class_="funnel-point" + (" funnel-highlight" if p.highlighted else ""),
    )


def description(figure: FunnelFigure) -> str:
    chosen = next((p for p in figure.points if p.highlighted), None)
    where = (
        f" {chosen.name} is highlighted at {tick_label(chosen.value)}{figure.unit}."
        if chosen
        else ""
    )
    return (
        f"Funnel plot of {len(figure.points)} organisations: value against "
        f"{figure.x_label.lower()}, "
        f"with the benchmark {tick_label(figure.baseline)}{figure.unit} and its 95% and 99.8% "
        f"limits.{where}"
    )


def funnel_svg(figure: FunnelFigure, ident: str = "funnel-chart") -> str:
    x, y = scales(figure)
    items = [
        (dot_marker(PEER), "Peer"),
        (dot_marker(HIGHLIGHT, 6), "This organisation"),
        (line_marker(BASELINE), "Benchmark"),
    ]
    items += [(line_marker(c, d), BAND_WORDS[b]) for b, (c, d) in BAND_STYLE.items()]
    return document(
        WIDTH,
        HEIGHT,
        figure.heading,
        description(figure),
        y_axis(y, LEFT, WIDTH - RIGHT, f"Value{figure.unit and f' ({figure.unit.strip()})'}"),
        x_axis_line(LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM),
        _x_axis(x),
        text(
            figure.x_label,
            x=(LEFT + WIDTH - RIGHT) / 2,
            y=HEIGHT - BOTTOM + 42,
            text_anchor="middle",
            fill=AXIS_COLOUR,
        ),
        _limit_lines(figure, x, y),
        point_marks(figure, x, y),
        legend(items, LEFT, HEIGHT - 14, spacing=(WIDTH - LEFT) / len(items)),
        id=ident,
        class_="concord-chart",
    )
