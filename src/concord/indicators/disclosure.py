"""A measurement's figures as a user may see them: raw for analysts, else through disclosure
control (concord.stats.disclosure). Every page, pack and API response that shows a measured
count or a value computed from counts goes through `figures`."""

from concord.organisations.kinds import Kind
from concord.stats.disclosure import SUPPRESSED, disclose_count, disclose_ratio

LIMITS = ("lower_95", "upper_95", "lower_998", "upper_998")


def figures(m, analyst: bool) -> dict:
    """Counts, value and limits as this user may see them."""
    raw = {name: getattr(m, name) for name in ("numerator", "denominator", "value", *LIMITS)}
    if analyst or m.numerator is None:  # a published value without counts has none to control
        return {**raw, "disclosure": "raw" if analyst else "controlled"}
    national = m.organisation.kind == Kind.NATION
    if m.denominator is None:
        shown_count = disclose_count(m.numerator, national=national)
        value = shown_count if shown_count == SUPPRESSED else shown_count * m.indicator.multiplier
        shown = {"numerator": shown_count, "denominator": None, "value": value}
    else:
        multiplier = m.indicator.multiplier
        shown = disclose_ratio(m.numerator, m.denominator, multiplier=multiplier, national=national)
    withheld = SUPPRESSED in shown.values()
    limits = dict.fromkeys(LIMITS) if withheld else {name: raw[name] for name in LIMITS}
    return {**shown, **limits, "disclosure": "controlled"}
