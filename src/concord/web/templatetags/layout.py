"""Page layout that keeps every page within a phone's width.

    {% load layout %}
    {% scroll_table "Commitments of this proposal" %}<table class="nhsuk-table">…</table>
    {% endscroll_table %}

wraps a wide table in a box that scrolls sideways on its own, which a keyboard user can focus
and scroll, and which a screen reader announces by its label."""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollTable(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return format_html(
            '<div class="concord-table-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def scroll_table(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('scroll_table takes one label: {% scroll_table "…" %}')
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTable(parser.compile_filter(bits[1]), nodelist)
