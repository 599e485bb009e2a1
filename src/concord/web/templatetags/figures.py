"""Figures in tables: counts with thousands separators, values to a fixed number of places,
suppressed counts as "*" and missing ones as a dash.

The separators are Python's own format (`,`), the same text as django.contrib.humanize's intcomma
gives in the site's English locale, at a fraction of its cost: a table of figures calls these
hundreds of times a page."""

from django import template

from concord.stats.disclosure import SUPPRESSED

__all__ = ["count", "figure"]

register = template.Library()
MISSING = "–"


@register.filter
def count(value) -> str:
    if value is None:
        return MISSING
    if value == SUPPRESSED:
        return SUPPRESSED
    return f"{round(value):,}" if float(value).is_integer() else f"{value:,.1f}"


@register.filter
def figure(value, places: int = 1) -> str:
    if value is None:
        return MISSING
    if value == SUPPRESSED:
        return SUPPRESSED
    text = f"{value:,.{int(places)}f}"
    return "0" if text == "-0" else text  # as intcomma read "-0" back: a whole number


@register.simple_tag
def interval(lower, upper, places: int = 1) -> str:
    if lower is None or upper is None:
        return MISSING
    return f"{figure(lower, places)} to {figure(upper, places)}"
