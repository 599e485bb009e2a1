"""`{% remember %}…{% endremember %}`: a part of a page rendered once and served again until the
data change, as `concord.web.remembered` keeps a page's data.

A part is kept per place in its template, reader and address (path and query string), so one
reader is never shown another's, nor a page another page's. A part must hold nothing that belongs
to one response: rendering a CSRF token or a CSP nonce inside it is refused with an error, so a
form or a script can never be served to the wrong person or twice.
"""

import itertools

from django import template
from django.core.exceptions import ImproperlyConfigured

from ..remembered import remembered

register = template.Library()

_parsed = itertools.count()
PER_RESPONSE = ("csrfmiddlewaretoken", 'nonce="')  # what a kept part must never hold


class RememberNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.number = next(_parsed)  # this part's own: templates read from strings share a name

    def render(self, context):
        request = context.get("request")
        if request is None:  # rendered outside a request (a pack, an email): nothing to keep for
            return self.nodelist.render(context)
        place = (self.origin.name, self.token.position)
        key = ("part", self.number, request.get_full_path(), getattr(request.user, "pk", None))
        return remembered(key, lambda: self.checked(self.nodelist.render(context), place))

    @staticmethod
    def checked(rendered: str, place) -> str:
        if any(marker in rendered for marker in PER_RESPONSE):
            raise ImproperlyConfigured(
                f"{{% remember %}} at {place[0]}, {place[1]} holds a CSRF token or a CSP nonce, "
                "which belong to one response: keep the form or script outside it."
            )
        return rendered


@register.tag
def remember(parser, token):
    """{% remember %} … {% endremember %}"""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% remember %} takes no arguments")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist)
