"""Money as a commissioner reads it: £1,200,000."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def pounds(value) -> str:
    if value is None or value in ("", "None"):
        return "Not set"
    return f"£{intcomma(f'{Decimal(str(value)):.0f}')}"
