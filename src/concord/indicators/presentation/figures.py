"""A measurement's figures as a person may see them.

Analysts see the stored figures. Everyone else sees counts through disclosure control
(concord.stats.disclosure): 0 shown, 1 to 7 suppressed, other counts rounded to the nearest 5;
the value and its limits are recomputed from the rounded counts by the indicator's method, and
where a count is suppressed so are the value and its limits. National figures, indicators whose
governed definition says `disclosure_rule = "none"`, and values published without counts are
shown as stored. See docs/adr/0003-figures-as-seen.md.
"""

from dataclasses import dataclass

from concord.indicators.limits import FIELDS, estimate
from concord.organisations.kinds import Kind
from concord.stats.disclosure import SUPPRESSED, disclose_count

__all__ = [
    "LIMITS",
    "Shown",
    "disclosure_of",
    "figures_for",
    "seen",
    "significance",
    "significance_words",
    "unit_suffix",
]

HIGHER, LOWER, SIMILAR = "higher", "lower", "similar"
SIGNIFICANCE_WORDS = {
    HIGHER: "Significantly higher",
    LOWER: "Significantly lower",
    SIMILAR: "Not significantly different",
    None: "Not compared",
}
BETTER_WHEN = {"up": HIGHER, "down": LOWER}  # by Indicator.improvement
UNIT_SUFFIX = {"percentage": "%"}
LIMITS = ("lower_95", "upper_95", "lower_998", "upper_998")
RAW, CONTROLLED = "raw", "controlled"


@dataclass(frozen=True)
class Shown:
    """One measurement as shown: counts may be "*" (suppressed) or rounded."""

    organisation: object
    period: object
    numerator: float | str | None
    denominator: float | str | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None
    suppressed: bool = False
    controlled: bool = False
    synthetic: bool = False

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def shown_value(self):
        """The value, or "*" where disclosure control withheld it."""
        return SUPPRESSED if self.suppressed else self.value

    def as_dict(self) -> dict:
        """The figures as the API returns them."""
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.shown_value,
            **{name: getattr(self, name) for name in LIMITS},
            "suppressed": self.suppressed,
        }


def _needs_control(indicator, organisation, analyst: bool) -> bool:
    return controlled_for(indicator, organisation.kind, analyst)


def controlled_for(indicator, kind: str, analyst: bool) -> bool:
    if analyst or indicator.disclosure_rule == "none":
        return False
    return kind != Kind.NATION


def is_synthetic(m) -> bool:
    """Whether the figure was computed from synthetic records (the query must have selected
    the computation: every caller reads measurements with `Measurement.objects.shown()`)."""
    return m.computation_id is not None and m.computation.synthetic


@dataclass(frozen=True)
class Figures:
    """Counts, value and limits as shown, without the organisation and period."""

    numerator: float | str | None
    denominator: float | str | None
    values: dict  # value, lower_95, upper_95, lower_998, upper_998
    suppressed: bool = False
    controlled: bool = False


def figures_for(indicator, kind: str, numerator, denominator, stored: dict, analyst: bool):
    """The figures as shown, from the stored counts and figures of one measurement of an
    organisation of `kind`: the rule of this module in one function, used by `seen` and by the
    status of commitments (which reads rows without building models)."""
    if not controlled_for(indicator, kind, analyst) or numerator is None:
        return Figures(numerator, denominator, stored)
    numerator, denominator = disclose_count(numerator), disclose_count(denominator)
    if SUPPRESSED in (numerator, denominator):
        return Figures(numerator, denominator, dict.fromkeys(FIELDS), True, True)
    return Figures(numerator, denominator, estimate(indicator, numerator, denominator), False, True)


def seen(m, analyst: bool, indicator=None) -> Shown:
    """The measurement as this person may see it."""
    indicator = indicator or m.indicator
    stored = {name: getattr(m, name) for name in FIELDS}
    f = figures_for(indicator, m.organisation.kind, m.numerator, m.denominator, stored, analyst)
    return Shown(
        m.organisation,
        m.period,
        f.numerator,
        f.denominator,
        **f.values,
        suppressed=f.suppressed,
        controlled=f.controlled,
        synthetic=is_synthetic(m),
    )


def disclosure_of(analyst: bool) -> str:
    return RAW if analyst else CONTROLLED


def significance(row: Shown, benchmark: float | None) -> str | None:
    """higher / lower / similar: the benchmark against the row's 95% interval; None when either
    is missing."""
    if benchmark is None or row.lower_95 is None or row.upper_95 is None:
        return None
    if row.lower_95 > benchmark:
        return HIGHER
    if row.upper_95 < benchmark:
        return LOWER
    return SIMILAR


def significance_words(key: str | None, improvement: str) -> str:
    """'Significantly higher: better' by the indicator's improvement direction (up, down)."""
    words = SIGNIFICANCE_WORDS[key]
    if key in (HIGHER, LOWER) and improvement in BETTER_WHEN:
        words += ": better" if BETTER_WHEN[improvement] == key else ": worse"
    return words


def unit_suffix(indicator) -> str:
    return UNIT_SUFFIX.get(indicator.unit, "")
