"""Plain-English help beside a chart or a statistic: {% spc_help %}, and the includes in
web/includes/help/ (funnel plot limits, confidence intervals)."""

from django import template

from concord.web.charts.icons import icon_key

register = template.Library()


@register.inclusion_tag("web/includes/help/spc.html")
def spc_help():
    """The key to the SPC chart and its icons, in Making Data Count's words."""
    return {"icons": icon_key()}
