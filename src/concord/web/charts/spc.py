"""An XmR chart as Making Data Count draws it: points coloured by classification, the mean,
process limits, the target (and a commitment's trajectory of milestones) and the points where the
limits were rebased. The line breaks where periods are missing; points computed from synthetic
data are drawn hollow and say so."""

from dataclasses import dataclass, field

from .icons import COMMON, CONCERN, IMPROVEMENT, NEITHER
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

__all__ = ["POINT_COLOURS", "SpcFigure", "spc_svg"]

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 70, 64, 20, 110
POINT_COLOURS = {
    "improvement": IMPROVEMENT,
    "concern": CONCERN,
    "neither": NEITHER,
    "common": COMMON,
}
LINE_COLOUR, MEAN_COLOUR, LIMIT_COLOUR, TARGET_COLOUR = "#aeb7bd", "#212b32", "#4c6272", "#da291c"
TRAJECTORY_COLOUR = "#330072"
LEGEND_PER_ROW = 5
CLASS_WORDS = {
    "improvement": "special cause, improvement",
    "concern": "special cause, concern",
    "neither": "special cause, neither better nor worse",
    "common": "common cause",
}


@dataclass(frozen=True)
class SpcFigure:
    """What the chart needs: period labels, the stats package's SpcChart and the words."""

    labels: list[str]
    chart: object  # concord.stats.spc.SpcChart
    heading: str
    unit: str
    target: float | None = None
    gaps_after: list = field(default_factory=list)  # positions followed by missing periods
    synthetic: list = field(default_factory=list)  # per point: computed from synthetic data
    milestones: list = field(default_factory=list)  # per point: the trajectory's milestone

    def is_synthetic(self, i: int) -> bool:
        return bool(self.synthetic) and self.synthetic[i]


def _x_scale(count: int) -> Scale:
    return Scale(0, max(count - 1, 1), LEFT + 12, WIDTH - RIGHT - 12)


def _y_scale(figure: SpcFigure) -> Scale:
    values = [p.value for p in figure.chart.points]
    values += [v for p in figure.chart.points for v in (p.lower_limit, p.upper_limit)]
    values += [m for m in figure.milestones if m is not None]
    low, high = padded([*values, figure.target])
    return Scale(low, high, HEIGHT - BOTTOM, TOP)


def _shown_labels(count: int) -> set[int]:
    """Which labels to draw: every k-th counting back from the latest, so none overlap."""
    every = max(1, -(-count * 16 // (WIDTH - LEFT - RIGHT)))
    return set(range(count - 1, -1, -every))


def _x_labels(labels: list[str], x: Scale) -> str:
    """Period labels turned 45°, thinned so that no two overlap; the latest always shown."""
    parts = []
    for i in sorted(_shown_labels(len(labels))):
        px, py = x(i), HEIGHT - BOTTOM + 16
        parts.append(
            text(
                labels[i], x=px, y=py, text_anchor="end", transform=f"rotate(-45 {px:.1f} {py:.1f})"
            )
        )
    return element("g", *parts, class_="axis axis-x", fill=AXIS_COLOUR)


def _segment_lines(figure: SpcFigure, x: Scale, y: Scale) -> str:
    """Mean and process limits, drawn per segment so that a rebase shows as a step."""
    points, parts = figure.chart.points, []
    for segment in sorted({p.segment for p in points}):
        idx = [i for i, p in enumerate(points) if p.segment == segment]
        if points[idx[0]].mean is None:
            continue
        ends = (x(idx[0]), x(idx[-1]))
        for attr, colour, dash in (
            ("mean", MEAN_COLOUR, None),
            ("upper_limit", LIMIT_COLOUR, "6 4"),
            ("lower_limit", LIMIT_COLOUR, "6 4"),
        ):
            level = y(getattr(points[idx[0]], attr))
            parts.append(
                element(
                    "line",
                    x1=ends[0],
                    x2=ends[1],
                    y1=level,
                    y2=level,
                    stroke=colour,
                    stroke_width=1.5,
                    stroke_dasharray=dash,
                    class_=f"spc-{attr.replace('_', '-')}",
                )
            )
    return element("g", *parts, class_="spc-limits")


def _rebase_marks(figure: SpcFigure, x: Scale, y: Scale) -> str:
    points, parts = figure.chart.points, []
    for i in range(1, len(points)):
        if points[i].segment != points[i - 1].segment:
            px = (x(i) + x(i - 1)) / 2
            parts.append(
                element(
                    "line",
                    x1=px,
                    x2=px,
                    y1=TOP,
                    y2=HEIGHT - BOTTOM,
                    stroke=AXIS_COLOUR,
                    stroke_dasharray="2 3",
                    class_="spc-rebase",
                )
            )
            parts.append(text("Rebased", x=px + 4, y=TOP + 12, font_size="12", fill=AXIS_COLOUR))
    return element("g", *parts, class_="spc-rebases")


def _target_line(figure: SpcFigure, y: Scale) -> str:
    """The target across the plot, labelled in the right margin clear of the points."""
    if figure.target is None:
        return ""
    level = y(figure.target)
    return element(
        "g",
        element(
            "line",
            x1=LEFT,
            x2=WIDTH - RIGHT,
            y1=level,
            y2=level,
            stroke=TARGET_COLOUR,
            stroke_width=2,
            stroke_dasharray="8 4",
            class_="spc-target",
        ),
        text("Target", x=WIDTH - RIGHT + 6, y=level - 2, fill=TARGET_COLOUR, font_size="12"),
        text(
            tick_label(figure.target),
            x=WIDTH - RIGHT + 6,
            y=level + 12,
            fill=TARGET_COLOUR,
            font_size="12",
        ),
    )


def point_marks(figure: SpcFigure, x: Scale, y: Scale) -> str:
    parts = []
    for i, (label, p) in enumerate(zip(figure.labels, figure.chart.points, strict=True)):
        words = CLASS_WORDS.get(p.classification, p.classification)
        colour = POINT_COLOURS.get(p.classification, COMMON)
        synthetic = figure.is_synthetic(i)
        parts.append(
            element(
                "circle",
                title(
                    f"{label}: {tick_label(p.value)}{figure.unit} ({words})"
                    + (", synthetic data" if synthetic else "")
                ),
                cx=x(i),
                cy=y(p.value),
                r=5,
                fill="#ffffff" if synthetic else colour,
                stroke=colour if synthetic else "#ffffff",
                stroke_width=2 if synthetic else 1,
                class_=f"spc-point spc-{p.classification}"
                + (" spc-synthetic" if synthetic else ""),
                data_classification=p.classification,
            )
        )
    return element("g", *parts, class_="spc-points")


def description(figure: SpcFigure) -> str:
    chart, n = figure.chart, len(figure.chart.points)
    span = f"{figure.labels[0]} to {figure.labels[-1]}" if n else "no periods"
    if not chart.has_limits:
        return (
            f"Run chart of {n} points, {span}, without process limits: {'; '.join(chart.warnings)}."
            + _extras(figure)
        )
    special = sum(p.classification != "common" for p in chart.points)
    last = chart.points[-1]
    return (
        f"XmR chart of {n} points, {span}, {chart.rules} rules. "
        f"Latest mean {tick_label(last.mean)}, "
        f"process limits {tick_label(last.lower_limit)} to {tick_label(last.upper_limit)}. "
        f"{special} point{'s' if special != 1 else ''} show special cause variation."
        + _extras(figure)
    )


def _extras(figure: SpcFigure) -> str:
    words = ""
    if figure.gaps_after:
        words += (
            f" The line is broken at {len(figure.gaps_after)} place(s) where periods are missing"
            " or their value withheld."
        )
    synthetic = sum(bool(s) for s in figure.synthetic)
    if synthetic:
        words += f" {synthetic} point(s) computed from synthetic data, drawn hollow."
    return words


def _chart_legend(figure: SpcFigure) -> str:
    items = [
        (dot_marker(COMMON), "Common cause"),
        (dot_marker(IMPROVEMENT), "Improvement"),
        (dot_marker(CONCERN), "Concern"),
    ]
    if figure.chart.has_limits:
        items += [
            (line_marker(MEAN_COLOUR), "Mean"),
            (line_marker(LIMIT_COLOUR, "6 4"), "Process limits"),
        ]
    if figure.target is not None:
        items.append((line_marker(TARGET_COLOUR, "8 4"), "Target"))
    if any(m is not None for m in figure.milestones):
        items.append((line_marker(TRAJECTORY_COLOUR, "3 3"), "Trajectory"))
    if any(figure.synthetic):
        items.append((_hollow_marker(COMMON), "Synthetic data"))
    rows = [items[k : k + LEGEND_PER_ROW] for k in range(0, len(items), LEGEND_PER_ROW)]
    spacing = (WIDTH - LEFT) / LEGEND_PER_ROW
    top = HEIGHT - 14 - 20 * (len(rows) - 1)
    return "".join(legend(row, LEFT, top + 20 * k, spacing=spacing) for k, row in enumerate(rows))


def _hollow_marker(colour: str) -> str:
    return element("circle", cx=8, cy=8, r=5, fill="#ffffff", stroke=colour, stroke_width=2)


def runs(figure: SpcFigure) -> list[range]:
    """Positions joined by the line: consecutive periods, broken after each gap."""
    ends = [*figure.gaps_after, len(figure.chart.points) - 1]
    starts = [0, *(k + 1 for k in figure.gaps_after)]
    return [range(a, b + 1) for a, b in zip(starts, ends, strict=True)]


def _series_lines(figure: SpcFigure, x: Scale, y: Scale) -> str:
    points = figure.chart.points
    parts = [
        polyline(
            [(x(i), y(points[i].value)) for i in run],
            stroke=LINE_COLOUR,
            stroke_width=2,
            class_="spc-line",
        )
        for run in runs(figure)
    ]
    return element("g", *parts, class_="spc-lines")


def _trajectory_line(figure: SpcFigure, x: Scale, y: Scale) -> str:
    """The milestone of each period as a step line: the trajectory the status is judged on."""
    marks = [(i, m) for i, m in enumerate(figure.milestones) if m is not None]
    if not marks:
        return ""
    half = (x(1) - x(0)) / 2 if len(figure.labels) > 1 else 6
    steps = []
    for i, m in marks:
        steps += [(x(i) - half, y(m)), (x(i) + half, y(m))]
    return polyline(
        steps,
        stroke=TRAJECTORY_COLOUR,
        stroke_width=2,
        stroke_dasharray="3 3",
        class_="spc-trajectory",
    )


def spc_svg(figure: SpcFigure, ident: str = "spc-chart") -> str:
    x, y = _x_scale(len(figure.labels)), _y_scale(figure)
    return document(
        WIDTH,
        HEIGHT,
        figure.heading,
        description(figure),
        y_axis(y, LEFT, WIDTH - RIGHT, f"Value{figure.unit and f' ({figure.unit.strip()})'}"),
        x_axis_line(LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM),
        _x_labels(figure.labels, x),
        _segment_lines(figure, x, y),
        _rebase_marks(figure, x, y),
        _target_line(figure, y),
        _trajectory_line(figure, x, y),
        _series_lines(figure, x, y),
        point_marks(figure, x, y),
        _chart_legend(figure),
        id=ident,
        class_="concord-chart",
    )
