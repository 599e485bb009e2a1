"""What the contracts API returns and takes. Values are null unless the caller may see them."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from concord.api.schemas import OrganisationRef

from .models import ContractStatus
from .parties import may_see_values

__all__ = [
    "CarriedOut",
    "ChainOut",
    "CommitmentRef",
    "ContractDetailOut",
    "ContractIn",
    "ContractOut",
    "ContributionIn",
    "ContributionOut",
    "KPIIn",
    "KPIOut",
    "MetricIn",
    "MetricOut",
    "ObligationsOut",
    "PartyOut",
    "RenewalIn",
    "SpendLineIn",
    "SpendLineOut",
    "StatusIn",
    "TraceabilityOut",
    "VariationIn",
    "VariationOut",
    "YEAR",
    "sees",
]


def sees(obj, context) -> bool:
    request = context["request"]
    cached = getattr(request, "_concord_values", {})
    if obj.pk not in cached:
        cached[obj.pk] = may_see_values(request.auth, obj)
        request._concord_values = cached
    return cached[obj.pk]


class PartyOut(Schema):
    organisation: OrganisationRef
    role: str
    share: Decimal | None = None


class ContractOut(Schema):
    reference: str
    title: str
    kind: str
    status: str
    start: dt.date
    end: dt.date
    values_visible: bool = False
    annual_value: Decimal | None = None
    parties: list[PartyOut] = Field(default_factory=list)
    renewal_decision: int | None = Field(None, alias="renewal_decision_id")

    @staticmethod
    def resolve_values_visible(obj, context) -> bool:
        return sees(obj, context)

    @staticmethod
    def resolve_annual_value(obj, context):
        return obj.annual_value if sees(obj, context) else None

    @staticmethod
    def resolve_parties(obj, context) -> list[dict]:
        visible = sees(obj, context)
        return [
            {
                "organisation": p.organisation,
                "role": p.role,
                "share": p.share if visible else None,
            }
            for p in obj.party_links.all()
        ]


class ChainOut(Schema):
    """The commitment a KPI serves, its agreement, and the decision (and meeting) behind it."""

    commitment: int
    party: str
    agreement: int
    agreement_title: str
    agreement_in_force: bool
    decision: int
    meeting: int
    decided_on: dt.date


class KPIOut(Schema):
    id: int
    contract: str = Field(alias="contract.reference")
    code: str
    name: str
    indicator: str = Field(alias="indicator.code")
    comparison: str
    threshold: float
    measurement_period: str
    consequence: str
    serves: ChainOut | None = None

    @staticmethod
    def resolve_serves(obj) -> dict | None:
        c = obj.commitment
        if c is None:
            return None
        a = c.agreement
        return {
            "commitment": c.pk,
            "party": c.party.code,
            "agreement": a.pk,
            "agreement_title": a.title,
            "agreement_in_force": a.in_force,
            "decision": a.decision_id,
            "meeting": a.decision.meeting_id,
            "decided_on": a.decision.meeting.date,
        }


class VariationOut(Schema):
    number: int
    description: str
    effective_from: dt.date
    decision: int = Field(alias="decision_id")
    changes: dict


class ContributionOut(Schema):
    partner: str = Field(alias="partner.code")
    year: str
    amount: Decimal


class SpendLineOut(Schema):
    year: str
    description: str
    amount: Decimal
    commitment: int | None = Field(None, alias="commitment_id")


class MetricOut(Schema):
    indicator: str = Field(alias="indicator.code")
    ambition: float | None
    note: str


class ContractDetailOut(ContractOut):
    kpis: list[KPIOut] = Field(default_factory=list)
    variations: list[VariationOut] = Field(default_factory=list, alias="variations.all")
    contributions: list[ContributionOut] | None = None
    spend_lines: list[SpendLineOut] | None = None
    metrics: list[MetricOut] = Field(default_factory=list, alias="metrics.all")

    @staticmethod
    def resolve_kpis(obj):
        return obj.kpis.with_chain().order_by("code")

    @staticmethod
    def resolve_contributions(obj, context):
        return list(obj.contributions.select_related("partner")) if sees(obj, context) else None

    @staticmethod
    def resolve_spend_lines(obj, context):
        return list(obj.spend_lines.all()) if sees(obj, context) else None


class ContractIn(Schema):
    reference: str
    title: str
    kind: str
    start: dt.date
    end: dt.date
    annual_value: Decimal | None = None
    commissioners: dict[str, Decimal | None] = Field(
        description="organisation code: its share of the annual value (£ a year) or null"
    )
    providers: list[str] = Field(description="organisation codes")
    status: str = "active"
    description: str = ""


class KPIIn(Schema):
    code: str
    name: str
    indicator: str = Field(description="indicator code")
    comparison: str = "at_least"
    threshold: float
    measurement_period: str
    consequence: str
    commitment: int | None = Field(None, description="id of the commitment it serves")


class VariationIn(Schema):
    description: str
    effective_from: dt.date
    decision: int = Field(description="id of the agreed decision that justifies it")
    end: dt.date | None = None
    annual_value: Decimal | None = None
    status: str | None = None
    title: str | None = None


class CommitmentRef(Schema):
    id: int
    party: OrganisationRef
    what: str
    agreement: int = Field(alias="agreement_id")


class TraceabilityOut(Schema):
    as_at: dt.date = Field(alias="today")
    months: int
    commitments_not_carried: list[CommitmentRef] = Field(alias="uncarried")
    kpis_without_agreement: list[KPIOut] = Field(alias="unbacked")
    ending_without_renewal_decision: list[ContractOut] = Field(alias="ending")


class ObligationsOut(Schema):
    organisation: OrganisationRef
    commitments: list[CommitmentRef]
    kpis: list[KPIOut]
    contracts: list[ContractOut]


class CarriedOut(Schema):
    commitment: CommitmentRef
    contracts: list[ContractOut]
    kpis: list[KPIOut]


class RenewalIn(Schema):
    decision: int | None = Field(
        description="id of the forum's decision on renewing it (agreed or not); null clears it"
    )


class StatusIn(Schema):
    status: ContractStatus


YEAR = Field(pattern=r"^\d{4}-\d{2}$", description="financial year, like 2021-22")


class ContributionIn(Schema):
    partner: str = Field(description="code of a party of the pooled budget")
    year: str = YEAR
    amount: Decimal = Field(ge=0)


class SpendLineIn(Schema):
    year: str = YEAR
    description: str = Field(min_length=1)
    amount: Decimal = Field(ge=0)
    lead: str | None = Field(None, description="code of the organisation leading the spend")
    commitment: int | None = Field(None, description="id of the commitment it serves")


class MetricIn(Schema):
    indicator: str = Field(description="indicator code")
    ambition: float | None = None
    note: str = ""
