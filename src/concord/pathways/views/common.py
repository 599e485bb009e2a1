"""What the programme pages share: their breadcrumbs."""

from django.urls import reverse

from concord.web.views import crumbs

__all__ = ["trail"]


def trail(*steps):
    return [*crumbs.home(), ("Programmes", reverse("pathways:programmes")), *steps]
