"""The sign-in page's offer of the organisation's identity provider, when one is set up."""

from django import template

from concord.access.oidc import provider_name

register = template.Library()


@register.simple_tag
def identity_provider() -> str:
    """The provider's name for the "Sign in with …" button; empty when none is set up."""
    return provider_name()
