"""Red flags from contracts: a live contract ending within CONTRACT_ENDING_MONTHS months with no
renewal decision, and a KPI with no agreement in force behind it. Both are raised against the
contract's commissioner, who owes the decision (or the agreement)."""

import datetime as dt

from django.urls import reverse

from concord.contracts.models import KPI, Contract
from concord.indicators.periods import add_months

from .models import FlagKind

__all__ = ["CONTRACT_ENDING_MONTHS", "contract_conditions", "unbacked_kpis"]

CONTRACT_ENDING_MONTHS = 6


def _commissioner_of(contract: Contract) -> int | None:
    links = sorted(contract.party_links.all(), key=lambda p: (p.role != "commissioner", p.pk))
    return links[0].organisation_id if links else None


def contract_conditions(today: dt.date) -> list:
    return _ending_contracts(today) + unbacked_kpis()


def _ending_contracts(today: dt.date) -> list:
    from .flags import FlagCondition

    horizon = add_months(today, CONTRACT_ENDING_MONTHS)
    ending = (
        Contract.objects.live()
        .ending_between(today, horizon)
        .without_renewal_decision()
        .prefetch_related("party_links")
    )
    return [
        FlagCondition(
            FlagKind.CONTRACT_ENDING,
            f"contract_ending:contract:{c.pk}:{c.end.isoformat()}",
            f"{c.reference} {c.title}: ends {c.end:%-d %B %Y} with no renewal decision",
            f"The contract ends on {c.end:%-d %B %Y}, within {CONTRACT_ENDING_MONTHS} months "
            f"of {today:%-d %B %Y}, and no decision on its renewal is recorded.",
            reverse("contracts:contract", args=[c.reference]),
            _commissioner_of(c),
        )
        for c in ending
        if _commissioner_of(c) is not None
    ]


def unbacked_kpis() -> list:
    from .flags import FlagCondition

    kpis = (
        KPI.objects.unbacked()
        .filter(contract__status__in=("draft", "active"))
        .select_related("contract", "indicator")
        .prefetch_related("contract__party_links")
    )
    return [
        FlagCondition(
            FlagKind.KPI_UNBACKED,
            f"kpi_unbacked:kpi:{k.pk}",
            f"{k.contract.reference} KPI {k.code}: no agreement behind it",
            f"KPI {k.code} ({k.name}, measured by {k.indicator.title}) serves no commitment of "
            "an agreement in force: a contract should support an agreement, not replace it.",
            reverse("contracts:contract", args=[k.contract.reference]),
            _commissioner_of(k.contract),
        )
        for k in kpis
        if _commissioner_of(k.contract) is not None
    ]
