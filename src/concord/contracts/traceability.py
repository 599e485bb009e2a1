"""Do the contracts support what was agreed? The gaps, and a provider's obligations in one place.

- commitments in force that no contract carries (no KPI serves them, no pooled budget line funds
  them). A joint committee records the same commitment in each body's agreement (one decision
  per body on one version): a KPI serving it in one of those agreements carries it in all;
- KPIs with no agreement in force behind them;
- live contracts ending within N months with no decision on their renewal.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.timezone import localdate

from concord.governance.models import Commitment
from concord.indicators.periods import add_months

from .models import KPI, Contract, SpendLine

__all__ = [
    "DEFAULT_MONTHS",
    "Obligations",
    "Report",
    "contracts_carrying",
    "ending_without_renewal",
    "kpis_carrying",
    "obligations",
    "report",
    "unbacked_kpis",
    "uncarried_commitments",
]

DEFAULT_MONTHS = 6


def _same_terms(version, party):
    """A commitment's twins: the same party's commitment in each agreement of one version."""
    return {"commitment__agreement__version": version, "commitment__party": party}


def uncarried_commitments():
    twin = _same_terms(OuterRef("agreement__version"), OuterRef("party"))
    carried = Exists(KPI.objects.filter(**twin)) | Exists(SpendLine.objects.filter(**twin))
    commitments = Commitment.objects.in_force().exclude(carried)
    return commitments.select_related("party", "agreement__forum").order_by(
        "agreement", "party__name"
    )


def unbacked_kpis():
    return KPI.objects.unbacked().with_chain().order_by("contract__reference", "code")


def ending_without_renewal(months: int = DEFAULT_MONTHS, today: dt.date | None = None):
    today = today or localdate()
    ending = Contract.objects.live().ending_between(today, add_months(today, months))
    return ending.without_renewal_decision().prefetch_related("party_links__organisation")


def kpis_carrying(commitment):
    return KPI.objects.filter(**_same_terms(commitment.agreement.version_id, commitment.party_id))


def contracts_carrying(commitment):
    twin = _same_terms(commitment.agreement.version_id, commitment.party_id)
    kpis, lines = KPI.objects.filter(**twin), SpendLine.objects.filter(**twin)
    carrying = Q(pk__in=kpis.values("contract")) | Q(pk__in=lines.values("contract"))
    return (
        Contract.objects.filter(carrying).distinct().prefetch_related("party_links__organisation")
    )


@dataclass
class Report:
    months: int
    today: dt.date
    uncarried: list
    unbacked: list
    ending: list

    @property
    def gaps(self) -> int:
        return len(self.uncarried) + len(self.unbacked) + len(self.ending)


def report(months: int = DEFAULT_MONTHS, today: dt.date | None = None) -> Report:
    today = today or localdate()
    return Report(
        months=months,
        today=today,
        uncarried=list(uncarried_commitments()),
        unbacked=list(unbacked_kpis()),
        ending=list(ending_without_renewal(months, today)),
    )


@dataclass
class Obligations:
    organisation: object
    commitments: list
    kpis: list
    contracts: list


def obligations(organisation) -> Obligations:
    """Everything a provider owes: its commitments in force, and the KPIs of its contracts."""
    commitments = (
        Commitment.objects.in_force()
        .of_party(organisation)
        .select_related("agreement__forum", "agreement__decision__meeting")
        .prefetch_related("indicators", "kpis__contract")
    )
    kpis = (
        KPI.objects.of_provider(organisation).with_chain().order_by("contract__reference", "code")
    )
    contracts = Contract.objects.with_provider(organisation).order_by("reference")
    return Obligations(organisation, list(commitments), list(kpis), list(contracts))
