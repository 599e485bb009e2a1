"""Minutes in Markdown, sanitised on render; stance and status tags in the NHS.UK style."""

import markdown as md
import nh3
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

STANCE_COLOURS = {"support": "green", "concerns": "yellow", "abstain": "grey", "object": "red"}
STATUS_COLOURS = {
    "draft": "grey",
    "open": "blue",
    "agreed": "green",
    "not_agreed": "red",
    "withdrawn": "grey",
    "superseded": "purple",
    "planned": "blue",
    "held": "green",
    "cancelled": "grey",
    "done": "green",
    "dropped": "grey",
}


@register.filter
def markdown(text: str) -> str:
    """Markdown to HTML with everything but safe formatting removed (scripts, handlers, styles)."""
    return mark_safe(nh3.clean(md.markdown(text or "", extensions=["sane_lists"])))  # noqa: S308


@register.simple_tag
def stance_tag(position):
    if position is None:
        return format_html('<strong class="nhsuk-tag nhsuk-tag--white">{}</strong>', "No response")
    colour = STANCE_COLOURS.get(position.stance, "grey")
    label = position.get_stance_display()
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label)


@register.simple_tag
def status_tag(obj):
    colour = STATUS_COLOURS.get(obj.status, "grey")
    label = obj.get_status_display()
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label)
