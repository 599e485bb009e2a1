"""Status tags in NHS colours, with the words always beside the colour."""

import base64

from django import template
from django.utils.html import format_html

from .. import status as s

register = template.Library()
COLOURS = {
    s.MISSED: "red",
    s.OFF_TRACK: "red",
    s.AT_RISK: "orange",
    s.NO_DATA: "grey",
    s.ON_TRACK: "green",
    s.NOT_YET_DUE: "blue",
    s.MET: "green",
}


@register.simple_tag
def status_tag(status: str):
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{} status-{}">{}</strong>',
        COLOURS.get(status, "grey"),
        status,
        s.LABELS.get(status, status),
    )


@register.filter
def count_of(counts: dict, status: str) -> int:
    return counts.get(status, 0)


@register.filter
def status_label(status: str) -> str:
    return s.LABELS.get(status, status)


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG drawing as a data: URI, for an <img> in the printed pack (no external resource)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@register.filter
def rule_help(number) -> str:
    """What a status rule means, in plain English (the words of status.RULES)."""
    return s.RULE_HELP.get(number, "")
