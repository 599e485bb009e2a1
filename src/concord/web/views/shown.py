"""Figures as the person asking may see them, and how they compare with a benchmark.

Analysts see the stored figures. Everyone else sees counts through disclosure control
(concord.stats.disclosure): 1 to 7 suppressed, other counts rounded to 5, and the value and its
limits recomputed from the rounded figures; where a count is suppressed, so are the value and its
limits. National figures, and indicators whose governed definition says `disclosure_rule = "none"`,
need no control.
"""

from dataclasses import dataclass

from concord.indicators.limits import estimate
from concord.organisations.kinds import Kind
from concord.stats.disclosure import SUPPRESSED, disclose_count

HIGHER, LOWER, SIMILAR = "higher", "lower", "similar"
SIGNIFICANCE_WORDS = {
    HIGHER: "Significantly higher",
    LOWER: "Significantly lower",
    SIMILAR: "Not significantly different",
    None: "Not compared",
}
BETTER_WHEN = {"higher_is_better": HIGHER, "lower_is_better": LOWER}
UNIT_SUFFIX = {"percentage": "%"}


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

    @property
    def has_value(self) -> bool:
        return self.value is not None


def needs_control(indicator, organisation, analyst: bool) -> bool:
    if analyst or indicator.disclosure_rule == "none":
        return False
    return organisation.kind != Kind.NATION


def shown(measurement, indicator, analyst: bool) -> Shown:
    """The measurement as this person may see it."""
    m, org = measurement, measurement.organisation
    if not needs_control(indicator, org, analyst) or m.numerator is None:
        return Shown(
            org,
            m.period,
            m.numerator,
            m.denominator,
            m.value,
            m.lower_95,
            m.upper_95,
            m.lower_998,
            m.upper_998,
        )
    numerator, denominator = disclose_count(m.numerator), disclose_count(m.denominator)
    if SUPPRESSED in (numerator, denominator):
        return Shown(
            org,
            m.period,
            numerator,
            denominator,
            None,
            None,
            None,
            None,
            None,
            suppressed=True,
            controlled=True,
        )
    figures = estimate(indicator, numerator, denominator)
    return Shown(org, m.period, numerator, denominator, **figures, controlled=True)


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


def significance_words(key: str | None, polarity: str) -> str:
    words = SIGNIFICANCE_WORDS[key]
    if key in (HIGHER, LOWER) and polarity in BETTER_WHEN:
        words += ": better" if BETTER_WHEN[polarity] == key else ": worse"
    return words


def unit_suffix(indicator) -> str:
    return UNIT_SUFFIX.get(indicator.unit, "")
