"""The contracts API: contracts with parties, KPIs (each with its commitment → agreement →
decision chain), variations and pooled budgets; the traceability report; a provider's
obligations; the contracts that carry a commitment.

Reading needs the viewer role; values (annual value, shares, contributions, spend) are null
unless the caller belongs to one of the contract's commissioners or providers, or is an
administrator. Writes call the same actions as the pages, with their permission (an editor
holding a post in one of the contract's commissioners): refused is 403, invalid is 409, an unknown
organisation, decision, indicator or contract 404, input that does not fit the schema 422.
"""

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from concord.api.acting import REFUSED, act, maybe, organisation
from concord.api.bounds import Id
from concord.api.pagination import Paged
from concord.api.schemas import Error
from concord.governance.models import Commitment, Decision
from concord.indicators.models import Indicator

from . import actions, traceability
from .models import Contract
from .schemas import (
    CarriedOut,
    ContractDetailOut,
    ContractIn,
    ContractOut,
    ContributionIn,
    ContributionOut,
    KPIIn,
    KPIOut,
    MetricIn,
    MetricOut,
    ObligationsOut,
    RenewalIn,
    SpendLineIn,
    SpendLineOut,
    StatusIn,
    TraceabilityOut,
    VariationIn,
    VariationOut,
)

router = Router(tags=["contracts"])


def contracts_qs():
    return Contract.objects.prefetch_related("party_links__organisation").order_by("reference")


def contract_of(reference: str) -> Contract:
    return get_object_or_404(contracts_qs(), reference=reference)


@router.get("", response=list[ContractOut], url_name="contracts")
@paginate(Paged)
def contracts(request, provider: str | None = None, commissioner: str | None = None):
    qs = contracts_qs()
    if provider:
        qs = qs.with_provider(organisation(provider))
    return qs.with_commissioner(organisation(commissioner)) if commissioner else qs


@router.get("/traceability", response=TraceabilityOut, url_name="traceability")
def report(request, months: int = traceability.DEFAULT_MONTHS):
    return traceability.report(months=max(1, min(months, 120)))


@router.get(
    "/obligations/{code}", response={200: ObligationsOut, 404: Error}, url_name="obligations"
)
def obligations(request, code: str):
    return traceability.obligations(organisation(code))


@router.get("/commitments/{int:pk}", response={200: CarriedOut, 404: Error}, url_name="carried")
def carried(request, pk: Id):
    commitment = get_object_or_404(Commitment.objects.select_related("party", "agreement"), pk=pk)
    return {
        "commitment": commitment,
        "contracts": traceability.contracts_carrying(commitment),
        "kpis": traceability.kpis_carrying(commitment).with_chain(),
    }


@router.get("/{reference}", response={200: ContractDetailOut, 404: Error}, url_name="contract")
def contract(request, reference: str):
    return contract_of(reference)


@router.post("", response={201: ContractOut, **REFUSED}, url_name="create")
def create(request, data: ContractIn):
    made = act(
        actions.create_contract,
        by=request.auth,
        commissioners={organisation(c): s for c, s in data.commissioners.items()},
        providers=[organisation(c) for c in data.providers],
        **data.dict(exclude={"commissioners", "providers"}),
    )
    return Status(201, contract_of(made.reference))


@router.post("/{reference}/kpis", response={201: KPIOut, **REFUSED}, url_name="add_kpi")
def add_kpi(request, reference: str, data: KPIIn):
    commitment = get_object_or_404(Commitment, pk=data.commitment) if data.commitment else None
    made = act(
        actions.add_kpi,
        by=request.auth,
        contract=contract_of(reference),
        indicator=get_object_or_404(Indicator, code=data.indicator),
        commitment=commitment,
        **data.dict(exclude={"indicator", "commitment"}),
    )
    return Status(201, made)


@router.post("/{reference}/variations", response={201: VariationOut, **REFUSED}, url_name="vary")
def vary(request, reference: str, data: VariationIn):
    changes = data.dict(exclude={"description", "effective_from", "decision"}, exclude_none=True)
    made = act(
        actions.vary_contract,
        by=request.auth,
        contract=contract_of(reference),
        description=data.description,
        effective_from=data.effective_from,
        decision=get_object_or_404(Decision, pk=data.decision),
        **changes,
    )
    return Status(201, made)


def decision_of(pk: int) -> Decision:
    return get_object_or_404(Decision, pk=pk)


@router.post("/{reference}/renewal", response={200: ContractOut, **REFUSED}, url_name="renewal")
def record_renewal_decision(request, reference: str, data: RenewalIn):
    """The forum's decision on renewing the contract when it ends."""
    contract = contract_of(reference)
    decision = maybe(decision_of, data.decision)
    act(actions.record_renewal_decision, by=request.auth, contract=contract, decision=decision)
    return contract_of(reference)


@router.post("/{reference}/status", response={200: ContractOut, **REFUSED}, url_name="status")
def set_status(request, reference: str, data: StatusIn):
    act(actions.set_status, by=request.auth, contract=contract_of(reference), status=data.status)
    return contract_of(reference)


@router.post("/{reference}/contributions", response={201: ContributionOut, **REFUSED})
def add_contribution(request, reference: str, data: ContributionIn):
    """What one partner puts into a Section 75 pooled budget in one financial year."""
    made = act(
        actions.add_contribution,
        by=request.auth,
        contract=contract_of(reference),
        partner=organisation(data.partner),
        year=data.year,
        amount=data.amount,
    )
    return Status(201, made)


@router.post("/{reference}/spend-lines", response={201: SpendLineOut, **REFUSED})
def add_spend_line(request, reference: str, data: SpendLineIn):
    made = act(
        actions.add_spend_line,
        by=request.auth,
        contract=contract_of(reference),
        lead=maybe(organisation, data.lead),
        commitment=maybe(lambda pk: get_object_or_404(Commitment, pk=pk), data.commitment),
        **data.dict(exclude={"lead", "commitment"}),
    )
    return Status(201, made)


@router.post("/{reference}/metrics", response={201: MetricOut, **REFUSED})
def add_budget_metric(request, reference: str, data: MetricIn):
    made = act(
        actions.add_budget_metric,
        by=request.auth,
        contract=contract_of(reference),
        indicator=get_object_or_404(Indicator, code=data.indicator),
        ambition=data.ambition,
        note=data.note,
    )
    return Status(201, made)
