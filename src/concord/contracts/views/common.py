"""What the contract pages share: breadcrumbs, and the chain from a KPI to its decision."""

from django.urls import reverse

from concord.web.views import crumbs

__all__ = ["contract_trail", "trail"]


def trail(*steps):
    return [*crumbs.home(), ("Contracts", reverse("contracts:contracts")), *steps]


def contract_trail(contract):
    return trail((contract.reference, reverse("contracts:contract", args=[contract.reference])))
