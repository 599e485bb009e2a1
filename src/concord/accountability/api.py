"""/api/v1/accountability: current statuses with their explanations, and red flags."""

from ninja import Router, Schema

from .models import CommitmentStatus, RedFlag

router = Router(tags=["accountability"])


class StatusOut(Schema):
    commitment: int
    party: str
    period: str
    status: str
    rule: int
    explanation: str
    numbers: dict


class FlagOut(Schema):
    id: int
    kind: str
    title: str
    evidence: str
    link: str
    against: str
    state: str
    still_holds: bool


@router.get("/statuses", response=list[StatusOut])
def statuses(request, party: str | None = None):
    """The current status of every commitment in force (of one party, by ODS code)."""
    rows = CommitmentStatus.objects.current().select_related("commitment__party", "period")
    if party:
        rows = rows.filter(commitment__party__code=party)
    return [
        StatusOut(
            commitment=r.commitment_id,
            party=r.commitment.party.code,
            period=r.period.label,
            status=r.status,
            rule=r.rule,
            explanation=r.explanation,
            numbers=r.numbers,
        )
        for r in rows.order_by("commitment_id")
    ]


@router.get("/flags", response=list[FlagOut])
def flags(request, unresolved: bool = True):
    found = RedFlag.objects.select_related("organisation")
    found = found.open() if unresolved else found
    return [
        FlagOut(
            id=f.pk,
            kind=f.kind,
            title=f.title,
            evidence=f.evidence,
            link=f.link,
            against=f.organisation.code,
            state=f.state,
            still_holds=f.still_holds,
        )
        for f in found
    ]
