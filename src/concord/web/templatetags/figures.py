"""Figures in tables: counts with thousands separators, values to a fixed number of places,
suppressed counts as "*" and missing ones as a dash."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from concord.stats.disclosure import SUPPRESSED

register = template.Library()
MISSING = "–"


@register.filter
def count(value) -> str:
    if value is None:
        return MISSING
    if value == SUPPRESSED:
        return SUPPRESSED
    return intcomma(round(value)) if float(value).is_integer() else intcomma(f"{value:.1f}")


@register.filter
def figure(value, places: int = 1) -> str:
    if value is None:
        return MISSING
    if value == SUPPRESSED:
        return SUPPRESSED
    return intcomma(f"{value:.{int(places)}f}")


@register.simple_tag
def interval(lower, upper, places: int = 1) -> str:
    if lower is None or upper is None:
        return MISSING
    return f"{figure(lower, places)} to {figure(upper, places)}"
