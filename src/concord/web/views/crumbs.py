"""Breadcrumb trails: (text, address) pairs from Home to the parent of the page shown."""

from django.urls import reverse

__all__ = ["home", "organisations"]


def home():
    return [("Home", reverse("home"))]


def organisations():
    return [*home(), ("Organisations", reverse("organisations"))]
