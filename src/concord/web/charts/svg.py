"""SVG elements as text, linear scales and readable axis ticks."""

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "AXIS_COLOUR",
    "GRID_COLOUR",
    "Scale",
    "document",
    "dot_marker",
    "element",
    "legend",
    "line_marker",
    "nice_ticks",
    "padded",
    "polyline",
    "text",
    "tick_label",
    "title",
    "x_axis_line",
    "y_axis",
]

FONT = "Frutiger W01, Arial, sans-serif"
TEXT_COLOUR = "#212b32"  # NHS black
GRID_COLOUR = "#d8dde0"  # NHS pale grey
AXIS_COLOUR = "#4c6272"  # NHS dark grey


def attributes(attrs: dict) -> str:
    """key="value" pairs; trailing underscores dropped (class_), other underscores -> hyphens."""
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(
            f"{name}={quoteattr(number(value) if isinstance(value, float) else str(value))}"
        )
    return (" " + " ".join(parts)) if parts else ""


def element(tag: str, *children: str, **attrs) -> str:
    inner = "".join(children)
    if not inner:
        return f"<{tag}{attributes(attrs)}/>"
    return f"<{tag}{attributes(attrs)}>{inner}</{tag}>"


def text(content: str, **attrs) -> str:
    return element("text", escape(str(content)), **attrs)


def title(content: str) -> str:
    return element("title", escape(content))


def number(value: float) -> str:
    """Coordinates to 0.1 of a pixel: small files, no visible difference."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def document(width: int, height: int, heading: str, description: str, *body: str, **attrs) -> str:
    """The whole chart: role="img", labelled by its <title> and described by its <desc>."""
    ident = attrs.pop("id", "chart")
    return element(
        "svg",
        element("title", escape(heading), id=f"{ident}-title"),
        element("desc", escape(description), id=f"{ident}-desc"),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        # No fixed size: the drawing scales by its viewBox to the width it is given (the site
        # stylesheet: the full width up to its drawn width; height follows). The inline style
        # keeps that where the stylesheet is absent (a downloaded chart, the printed pack).
        style=f"width: 100%; max-width: {width}px; height: auto",
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        font_family=FONT,
        font_size="13",
        fill=TEXT_COLOUR,
        id=ident,
        **attrs,
    )


def polyline(points: list[tuple[float, float]], **attrs) -> str:
    if len(points) < 2:
        return ""
    path = " ".join(f"{number(x)},{number(y)}" for x, y in points)
    return element("polyline", points=path, fill="none", **attrs)


@dataclass(frozen=True)
class Scale:
    """Maps a domain [low, high] onto pixels [start, end] (end may be less than start)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)

    def ticks(self, count: int = 5) -> list[float]:
        return nice_ticks(self.low, self.high, count)


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers from low to high, about `count` of them."""
    if high <= low:
        return [low]
    step = _nice_step(high - low, count)
    first = math.ceil(low / step - 1e-9) * step
    ticks, k = [], 0
    while first + k * step <= high + step * 1e-9:
        ticks.append(round(first + k * step, 10))
        k += 1
    return ticks


def padded(values, pad: float = 0.08, floor: float | None = None) -> tuple[float, float]:
    """A domain round the values with some room above and below, widened to nice ticks."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    low, high = min(finite), max(finite)
    room = (high - low) * pad or abs(high) * 0.1 or 1.0
    low, high = low - room, high + room
    if floor is not None:
        low = max(low, floor)
    step = _nice_step(high - low, 5)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def tick_label(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def y_axis(scale: Scale, left: float, right: float, label: str) -> str:
    """Horizontal grid lines with their labels on the left, and the axis title."""
    parts = []
    for tick in scale.ticks():
        y = scale(tick)
        parts.append(element("line", x1=left, x2=right, y1=y, y2=y, stroke=GRID_COLOUR))
        parts.append(text(tick_label(tick), x=left - 6, y=y + 4, text_anchor="end"))
    middle = (scale.start + scale.end) / 2
    parts.append(
        text(
            label,
            x=14,
            y=middle,
            text_anchor="middle",
            transform=f"rotate(-90 14 {number(middle)})",
        )
    )
    return element("g", *parts, class_="axis axis-y", fill=AXIS_COLOUR)


def x_axis_line(left: float, right: float, y: float) -> str:
    return element("line", x1=left, x2=right, y1=y, y2=y, stroke=AXIS_COLOUR)


def legend(items: list[tuple[str, str]], x: float, y: float, spacing: float = 150) -> str:
    """A row of (marker svg, label) pairs; each marker is drawn in a 16x16 box at its origin."""
    parts = []
    for k, (marker, label) in enumerate(items):
        left = x + k * spacing
        parts.append(element("g", marker, transform=f"translate({number(left)} {number(y - 8)})"))
        parts.append(text(label, x=left + 22, y=y + 4))
    return element("g", *parts, class_="legend")


def line_marker(colour: str, dash: str | None = None, width: float = 2) -> str:
    return element(
        "line", x1=0, x2=16, y1=8, y2=8, stroke=colour, stroke_width=width, stroke_dasharray=dash
    )


def dot_marker(colour: str, radius: float = 5) -> str:
    return element("circle", cx=8, cy=8, r=radius, fill=colour, stroke="#ffffff")
