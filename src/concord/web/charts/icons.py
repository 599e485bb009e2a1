"""Making Data Count's variation and assurance icons as small accessible SVG badges.

Each badge is a circle with a letter, in MDC's colours, with a <title> and a text label beside it
on the page, so the meaning never rests on colour alone.
"""

from .svg import element, text, title

__all__ = [
    "ASSURANCE",
    "COMMON",
    "CONCERN",
    "IMPROVEMENT",
    "MEANINGS",
    "NEITHER",
    "VARIATION",
    "assurance_badge",
    "icon_key",
    "variation_badge",
]

IMPROVEMENT, CONCERN, COMMON, NEITHER = "#41b6e6", "#ed8b00", "#768692", "#7c2855"
VARIATION = {
    "common_cause": ("Common cause variation", COMMON, "~"),
    "improvement_high": ("Special cause: improvement, high values", IMPROVEMENT, "H"),
    "improvement_low": ("Special cause: improvement, low values", IMPROVEMENT, "L"),
    "concern_high": ("Special cause: concern, high values", CONCERN, "H"),
    "concern_low": ("Special cause: concern, low values", CONCERN, "L"),
    "neither_high": ("Special cause: high values, neither better nor worse", NEITHER, "H"),
    "neither_low": ("Special cause: low values, neither better nor worse", NEITHER, "L"),
}
ASSURANCE = {
    "pass": ("Assurance: the process consistently meets the target", IMPROVEMENT, "P"),
    "fail": ("Assurance: the process will consistently fail the target", CONCERN, "F"),
    "hit_or_miss": ("Assurance: the process will hit and miss the target", COMMON, "?"),
}

# What each icon tells a reader, in the words of NHS England's Making Data Count.
MEANINGS = {
    "common_cause": "Common cause: the figures go up and down only as much as they usually do. "
    "Nothing unusual has happened.",
    "improvement_high": "Special cause of improvement: something unusual has happened and the "
    "figures are higher than usual, which is better.",
    "improvement_low": "Special cause of improvement: something unusual has happened and the "
    "figures are lower than usual, which is better.",
    "concern_high": "Special cause of concern: something unusual has happened and the figures "
    "are higher than usual, which is worse.",
    "concern_low": "Special cause of concern: something unusual has happened and the figures "
    "are lower than usual, which is worse.",
    "neither_high": "Special cause: the figures are unusually high, but higher is neither "
    "better nor worse for this indicator.",
    "neither_low": "Special cause: the figures are unusually low, but lower is neither better "
    "nor worse for this indicator.",
    "pass": "Assurance, pass: the target lies outside the usual range, on the good side. If "
    "nothing changes, the target will be met every time.",
    "fail": "Assurance, fail: the target lies outside the usual range, on the bad side. If "
    "nothing changes, the target will be missed every time.",
    "hit_or_miss": "Assurance, hit and miss: the target lies within the usual range. If nothing "
    "changes, it will sometimes be met and sometimes missed.",
}


def icon_key() -> list[tuple[str, str]]:
    """(badge, meaning) of every icon, for the key "What do these icons mean?"."""
    drawn = [(VARIATION[k], k) for k in VARIATION] + [(ASSURANCE[k], k) for k in ASSURANCE]
    return [(_badge(label, colour, letter), MEANINGS[k]) for (label, colour, letter), k in drawn]


def _badge(label: str, colour: str, letter: str, size: int = 40) -> str:
    half = size / 2
    return element(
        "svg",
        title(label),
        element(
            "circle", cx=half, cy=half, r=half - 2, fill="#ffffff", stroke=colour, stroke_width=3
        ),
        text(
            letter,
            x=half,
            y=half + 7,
            text_anchor="middle",
            font_size="20",
            font_weight="bold",
            fill=colour,
        ),
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {size} {size}",
        width=str(size),
        height=str(size),
        role="img",
        aria_label=label,
        class_="mdc-icon",
        font_family="Arial, sans-serif",
    )


def variation_badge(icon: str | None) -> tuple[str, str] | None:
    """(svg, label) for a variation icon name from concord.stats.spc, or None."""
    if icon not in VARIATION:
        return None
    label, colour, letter = VARIATION[icon]
    return _badge(label, colour, letter), label


def assurance_badge(icon: str | None) -> tuple[str, str] | None:
    if icon not in ASSURANCE:
        return None
    label, colour, letter = ASSURANCE[icon]
    return _badge(label, colour, letter), label
