"""Disclosure control: the one place that decides what a non-analyst may see.

NHS Digital's rule for HES and ECDS from September 2018, adopted for other sub-national
publications: 0 is shown, counts of 1 to 7 are suppressed, every other count is rounded to the
nearest 5, and percentages are calculated from the rounded figures. National figures need none.
Standardised rates and confidence intervals need no control.
"""

import math

__all__ = [
    "ROUND_TO",
    "SUPPRESSED",
    "SUPPRESS_FROM",
    "SUPPRESS_TO",
    "disclose_count",
    "disclose_ratio",
    "disclose_table",
]

SUPPRESS_FROM = 1  # smallest count that is suppressed
SUPPRESS_TO = 7  # largest count that is suppressed
ROUND_TO = 5  # other sub-national counts are rounded to a multiple of this
SUPPRESSED = "*"  # what a suppressed figure shows


def _is_small(count: float) -> bool:
    return SUPPRESS_FROM <= count <= SUPPRESS_TO


def _round_count(count: float) -> int:
    """Nearest multiple of ROUND_TO, halves rounded up."""
    return int(math.floor(count / ROUND_TO + 0.5) * ROUND_TO)


def disclose_count(count: float | None, *, national: bool = False):
    """The count as shown: unchanged nationally; otherwise "*" for 1–7, rounded to 5 above."""
    if count is None or national:
        return count
    if _is_small(count):
        return SUPPRESSED
    return _round_count(count)


def disclose_ratio(numerator, denominator, *, multiplier: float = 100, national: bool = False):
    """Numerator, denominator and their ratio × multiplier, the ratio from the shown figures."""
    shown_numerator = disclose_count(numerator, national=national)
    shown_denominator = disclose_count(denominator, national=national)
    return {
        "numerator": shown_numerator,
        "denominator": shown_denominator,
        "value": _ratio_of(shown_numerator, shown_denominator, multiplier),
    }


def _ratio_of(numerator, denominator, multiplier: float):
    if SUPPRESSED in (numerator, denominator):
        return SUPPRESSED
    if numerator is None or not denominator:
        return None
    return numerator / denominator * multiplier


def disclose_table(
    rows: list[dict],
    *,
    counts: tuple[str, ...] = (),
    ratios: dict[str, tuple[str, str]] | None = None,
    multiplier: float = 100,
    national: bool = False,
) -> list[dict]:
    """Apply the rule to a table: `counts` names count columns; `ratios` maps an output column to
    its (numerator, denominator) columns, calculated from the shown (rounded) figures."""
    return [_disclose_row(row, counts, ratios or {}, multiplier, national) for row in rows]


def _disclose_row(row: dict, counts, ratios, multiplier, national) -> dict:
    shown = dict(row)
    for column, (numerator, denominator) in ratios.items():
        pair = disclose_ratio(
            row[numerator], row[denominator], multiplier=multiplier, national=national
        )
        shown[column] = pair["value"]
    for column in counts:
        shown[column] = disclose_count(row[column], national=national)
    return shown
