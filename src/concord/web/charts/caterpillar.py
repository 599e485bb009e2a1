"""A caterpillar chart: one row per organisation, sorted by value, its 95% interval as a bar,
the parent's value as a vertical line, rows coloured by significance against it."""

from dataclasses import dataclass

from .svg import (
    AXIS_COLOUR,
    GRID_COLOUR,
    Scale,
    document,
    dot_marker,
    element,
    legend,
    line_marker,
    padded,
    text,
    tick_label,
    title,
)

__all__ = ["CaterpillarFigure", "CaterpillarRow", "caterpillar_svg"]

WIDTH, ROW, LEFT, RIGHT, TOP, BOTTOM = 760, 24, 250, 24, 30, 60
PARENT_COLOUR = "#005eb8"
SIGNIFICANCE_COLOURS = {"higher": "#41b6e6", "lower": "#ed8b00", "similar": "#768692"}
SIGNIFICANCE_WORDS = {
    "higher": "Significantly higher",
    "lower": "Significantly lower",
    "similar": "Not significantly different",
}
NAME_CHARACTERS = 34


@dataclass(frozen=True)
class CaterpillarRow:
    name: str
    value: float
    lower: float | None
    upper: float | None
    significance: str  # higher, lower, similar


@dataclass(frozen=True)
class CaterpillarFigure:
    heading: str
    unit: str
    rows: list[CaterpillarRow]
    reference: float | None
    reference_label: str


def _height_for(rows: int) -> int:
    return TOP + max(rows, 1) * ROW + BOTTOM


def short(name: str) -> str:
    return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1] + "…"


def _value_scale(figure: CaterpillarFigure) -> Scale:
    values = [v for r in figure.rows for v in (r.value, r.lower, r.upper)]
    low, high = padded([*values, figure.reference], pad=0.04)
    return Scale(low, high, LEFT, WIDTH - RIGHT)


def grid(x: Scale, bottom: float) -> str:
    parts = []
    for tick in x.ticks(6):
        px = x(tick)
        parts.append(element("line", x1=px, x2=px, y1=TOP, y2=bottom, stroke=GRID_COLOUR))
        parts.append(text(tick_label(tick), x=px, y=bottom + 18, text_anchor="middle"))
    return element("g", *parts, class_="axis axis-x", fill=AXIS_COLOUR)


def _row_mark(k: int, row: CaterpillarRow, x: Scale, unit: str) -> str:
    cy = TOP + k * ROW + ROW / 2
    colour = SIGNIFICANCE_COLOURS.get(row.significance, SIGNIFICANCE_COLOURS["similar"])
    interval = ""
    if row.lower is not None and row.upper is not None:
        interval = element(
            "line",
            x1=x(row.lower),
            x2=x(row.upper),
            y1=cy,
            y2=cy,
            stroke=colour,
            stroke_width=3,
            class_="caterpillar-interval",
        )
    words = SIGNIFICANCE_WORDS.get(row.significance, "")
    ci = f", 95% CI {tick_label(row.lower)} to {tick_label(row.upper)}" if interval else ""
    return element(
        "g",
        text(short(row.name), x=LEFT - 8, y=cy + 4, text_anchor="end"),
        interval,
        element(
            "circle",
            title(f"{row.name}: {tick_label(row.value)}{unit}{ci}. {words}"),
            cx=x(row.value),
            cy=cy,
            r=5,
            fill=colour,
            stroke="#212b32",
            stroke_width=1,
            class_=f"caterpillar-point caterpillar-{row.significance}",
        ),
        class_="caterpillar-row",
    )


def _reference_line(figure: CaterpillarFigure, x: Scale, bottom: float) -> str:
    if figure.reference is None:
        return ""
    px = x(figure.reference)
    return element(
        "g",
        element(
            "line",
            x1=px,
            x2=px,
            y1=TOP - 8,
            y2=bottom,
            stroke=PARENT_COLOUR,
            stroke_width=2,
            class_="caterpillar-reference",
        ),
        text(
            f"{figure.reference_label} {tick_label(figure.reference)}{figure.unit}",
            x=px,
            y=TOP - 12,
            text_anchor="middle",
            fill=PARENT_COLOUR,
            font_weight="bold",
        ),
    )


def description(figure: CaterpillarFigure) -> str:
    counts = {s: sum(r.significance == s for r in figure.rows) for s in SIGNIFICANCE_WORDS}
    against = (
        f" against {figure.reference_label} ({tick_label(figure.reference)}{figure.unit})"
        if figure.reference is not None
        else ""
    )
    return (
        f"{len(figure.rows)} organisations sorted by value with 95% confidence intervals{against}: "
        f"{counts['higher']} significantly higher, {counts['lower']} significantly lower, "
        f"{counts['similar']} not significantly different."
    )


def caterpillar_svg(figure: CaterpillarFigure, ident: str = "caterpillar-chart") -> str:
    height = _height_for(len(figure.rows))
    bottom = height - BOTTOM
    x = _value_scale(figure)
    items = [(dot_marker(c), SIGNIFICANCE_WORDS[s]) for s, c in SIGNIFICANCE_COLOURS.items()]
    if figure.reference is not None:
        items.append((line_marker(PARENT_COLOUR), figure.reference_label))
    return document(
        WIDTH,
        height,
        figure.heading,
        description(figure),
        grid(x, bottom),
        _reference_line(figure, x, bottom),
        *(_row_mark(k, row, x, figure.unit) for k, row in enumerate(figure.rows)),
        legend(items, 20, height - 14, spacing=(WIDTH - 20) / len(items)),
        id=ident,
        class_="concord-chart",
    )
