"""Indicators: definitions with their governance and versions, measurements, and the statistics
of one organisation's series (confidence limits, SPC, funnel significance against its peers).

Every figure is the one the pages show (concord.indicators.presentation): a non-analyst receives
counts through disclosure control (1 to 7 suppressed, others rounded to 5) with the value and
limits recalculated from the shown counts; the SPC chart and the funnel are computed from those
same figures, with the same peers on the same date.
"""

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.timezone import localdate
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate

from concord.access.roles import is_analyst
from concord.api.pagination import Paged
from concord.api.schemas import Error, OrganisationRef
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation
from concord.stats import spc

from .models import Indicator, IndicatorVersion, Measurement
from .presentation.figures import disclosure_of, seen
from .presentation.funnel import funnel_of
from .presentation.peers import PeersInvalid, peer_group, peer_measurements
from .presentation.series import rebase_positions, series_of, spc_of
from .submissions.api import router as submissions_router

router = Router(tags=["indicators"])
router.add_router("", submissions_router)  # /submissions: figures sent by their organisation

Figure = float | str | None  # a count or value, or "*" when disclosure control suppressed it


# -- schemas ---------------------------------------------------------------------------------
class IndicatorOut(Schema):
    code: str
    title: str
    unit: str
    multiplier: float
    polarity: str
    period_type: str
    national_target: float | None
    version: int
    next_review: dt.date
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        path = reverse("api:indicator", kwargs={"code": obj.code})
        return context["request"].build_absolute_uri(path)


class DefinitionVersionOut(Schema):
    number: int
    content_hash: str
    source_file: str
    loaded_at: dt.datetime
    loaded_by: str | None
    definition: dict

    @staticmethod
    def resolve_loaded_by(obj) -> str | None:
        return obj.loaded_by.get_username() if obj.loaded_by_id else None


class IndicatorDetailOut(IndicatorOut):
    description: str
    numerator_definition: str
    denominator_definition: str
    denominator_kind: str
    approval: str = Field(description="how a data submission is approved: analyst or automatic")
    ci_method: str
    benchmark_method: str
    spc_rules: str
    data_source: str
    disclosure_rule: str
    authored_by: str
    checked_by: str
    date_reviewed: dt.date
    details: dict
    versions: list[DefinitionVersionOut]

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.all())


class PeriodOut(Schema):
    label: str
    period_type: str
    start: dt.date
    end: dt.date


class FiguresOut(Schema):
    numerator: Figure
    denominator: Figure
    value: Figure
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None
    suppressed: bool = Field(description="withheld by disclosure control: too few to show")


class MeasurementOut(FiguresOut):
    indicator: str
    organisation: OrganisationRef
    period: PeriodOut
    is_aggregate: bool = Field(description="summed from the practices within the organisation")
    published: dt.date | None
    batch_id: int | None = Field(description="the import batch that brought it in")
    computation_id: int | None = Field(
        description="the computation run (a roll-up or a person-level computation) behind it"
    )
    synthetic: bool = Field(description="computed from synthetic data: invented people")
    disclosure: str = Field(description="'raw' for analysts, 'controlled' for everyone else")


class PointOut(FiguresOut):
    period: PeriodOut
    synthetic: bool = Field(description="computed from synthetic data: invented people")
    charted: bool = Field(description="on the SPC chart (a suppressed or missing value is not)")
    gap_before: bool = Field(description="periods are missing between this point and the last")
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    special_cause: list[str] = Field(description="the SPC rules that fired at this point")
    classification: str | None = Field(
        description="improvement, concern, neither or common; none when not charted"
    )
    segment: int | None


class SpcOut(Schema):
    rules: str
    improvement: str
    target: float | None
    variation_icon: str | None
    assurance_icon: str | None
    warnings: list[str]


class FunnelOut(Schema):
    period: PeriodOut
    method: str = Field(description="proportion (Wilson) or rate (exact Poisson / Byar's)")
    peer_kind: str
    peer_key: str = Field(description="locality, pcn, ccg, stp or england")
    peer_group: OrganisationRef | None = Field(description="peers within it; none: all of kind")
    peers: int = Field(description="organisations compared, this one included")
    baseline: float
    value: Figure
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    significance: str


class StatisticsOut(Schema):
    organisation: OrganisationRef
    indicator: IndicatorOut
    disclosure: str
    points: list[PointOut]
    spc: SpcOut | None
    funnel: FunnelOut | None
    funnel_note: str | None = Field(description="why there is no funnel, when there is none")


# -- look-ups and filters ----------------------------------------------------------------------
def unknown(param: str, message: str) -> ValidationError:
    return ValidationError([{"type": "unknown_code", "loc": ["query", param], "msg": message}])


def known_organisation(code: str, param: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise unknown(param, f"no organisation has the code {code!r}")
    return org


def _object_or_404(qs, code: str, what: str):
    coded = qs.filter(code=code).first()
    if coded is None:
        raise HttpError(404, f"No {what} has the code {code!r}.")
    return coded


class MeasurementFilters(Schema):
    indicator: list[str] | None = Field(None, description="indicator codes (repeatable)")
    organisation: str | None = Field(None, description="code of one organisation")
    within: str | None = Field(None, description="code of an organisation they sit within")
    as_at: dt.date | None = Field(None, description="date of the hierarchy for within (today)")
    period_from: dt.date | None = Field(None, description="periods starting on or after")
    period_to: dt.date | None = Field(None, description="periods ending on or before")
    kind: list[Kind] | None = Field(None, description="organisation kinds (repeatable)")

    def apply(self, qs):
        if self.indicator:
            self.check_indicators()
            qs = qs.filter(indicator__code__in=self.indicator)
        if self.organisation:
            qs = qs.for_organisation(known_organisation(self.organisation, "organisation"))
        if self.within:
            org = known_organisation(self.within, "within")
            qs = qs.within(org, as_at=self.as_at or localdate())
        if self.period_from:
            qs = qs.filter(period__start__gte=self.period_from)
        if self.period_to:
            qs = qs.filter(period__end__lte=self.period_to)
        return qs.of_kind(*self.kind) if self.kind else qs

    def check_indicators(self) -> None:
        known = set(
            Indicator.objects.filter(code__in=self.indicator).values_list("code", flat=True)
        )
        missing = sorted(set(self.indicator) - known)
        if missing:
            raise unknown("indicator", f"no indicator has the code {', '.join(missing)}")


class StatisticsOptions(Schema):
    rules: str | None = Field(None, description="mdc or ptd (default: the indicator's)")
    peers: str | None = Field(
        None, description="locality, pcn, ccg, stp or england (default: as the page)"
    )
    rebase_at: list[str] | None = Field(None, description="period labels that start a segment")
    baseline: int | None = Field(None, description="fix the limits on the first N points")


def _measurement_out(m: Measurement, analyst: bool) -> dict:
    return {
        "indicator": m.indicator.code,
        "organisation": m.organisation,
        "period": m.period,
        "is_aggregate": m.is_aggregate,
        "published": m.published,
        "batch_id": m.batch_id,
        "computation_id": m.computation_id,
        **seen(m, analyst).as_dict(),
        "synthetic": m.computation is not None and m.computation.synthetic,
        "disclosure": disclosure_of(analyst),
    }


# -- endpoints ---------------------------------------------------------------------------------
@router.get("/indicators", response=list[IndicatorOut], url_name="indicators")
@paginate(Paged)
def list_indicators(request):
    """The indicator catalogue: every governed definition loaded, by code."""
    return Indicator.objects.order_by("code")


@router.get(
    "/indicators/{code}", response={200: IndicatorDetailOut, 404: Error}, url_name="indicator"
)
def indicator(request, code: str):
    """One definition: what it counts, how, its governance fields and every version loaded."""
    versions = IndicatorVersion.objects.select_related("loaded_by").order_by("number")
    indicators = Indicator.objects.prefetch_related(Prefetch("versions", queryset=versions))
    return _object_or_404(indicators, code, "indicator")


@router.get("/measurements", response=list[MeasurementOut], url_name="measurements")
@paginate(Paged)
def measurements(request, filters: Query[MeasurementFilters]):
    """Measurements by indicator, organisation, position in the hierarchy, period and kind."""
    qs = Measurement.objects.select_related("indicator", "organisation", "period", "computation")
    qs = filters.apply(qs).order_by("indicator__code", "period__start", "organisation__code")
    analyst = is_analyst(request.auth)
    return LazyRows(qs, lambda m: _measurement_out(m, analyst))


class LazyRows:
    """A queryset whose rows are converted only for the page the paginator slices out."""

    def __init__(self, qs, convert):
        self.qs, self.convert = qs, convert

    def __len__(self) -> int:  # the paginator's total (count)
        return self.qs.count()

    def __getitem__(self, page: slice) -> list:
        return [self.convert(m) for m in self.qs[page]]


@router.get(
    "/organisations/{code}/indicators/{indicator_code}/statistics",
    response={200: StatisticsOut, 404: Error},
    url_name="indicator_statistics",
)
def statistics(request, code: str, indicator_code: str, options: Query[StatisticsOptions]):
    """One organisation's series for one indicator: each period with its confidence limits and
    SPC signals, the variation and assurance icons, and the latest period on a funnel of peers."""
    org = _object_or_404(Organisation.objects, code, "organisation")
    ind = _object_or_404(Indicator.objects, indicator_code, "indicator")
    analyst = is_analyst(request.auth)
    rows = series_of(ind, org, analyst)
    charted = spc_chart(ind, rows, options)
    latest = charted.rows[-1] if charted.rows else None
    latest_funnel, note = (
        funnel(ind, org, latest, analyst, options) if latest else (None, "no data")
    )
    return {
        "organisation": org,
        "indicator": ind,
        "disclosure": disclosure_of(analyst),
        "points": _points_out(rows, charted),
        "spc": charted.chart,
        "funnel": latest_funnel,
        "funnel_note": note,
    }


# -- statistics --------------------------------------------------------------------------------
def spc_chart(ind: Indicator, rows: list, options: StatisticsOptions):
    rules = options.rules or ind.spc_rules
    if rules not in spc.RULE_SETS:
        raise unknown("rules", f"unknown rule set {rules!r}: use {' or '.join(spc.RULE_SETS)}")
    positions, missing = rebase_positions(rows, options.rebase_at or ())
    if missing:
        raise unknown("rebase_at", f"no figure for the period {', '.join(sorted(missing))}")
    try:
        return spc_of(
            ind,
            rows,
            target=ind.national_target,
            rebase_at=positions,
            rules=rules,
            baseline=options.baseline,
        )
    except ValueError as error:
        raise unknown("baseline", str(error)) from error


def _points_out(rows: list, charted) -> list[dict]:
    """Every period held, with the SPC of the charted ones."""
    points = (
        dict(zip((id(r) for r in charted.rows), charted.chart.points, strict=True))
        if charted.chart
        else {}
    )
    gaps = {id(charted.rows[k + 1]) for k in charted.gaps_after}
    return [_point_out(r, points.get(id(r)), id(r) in gaps) for r in rows]


def _point_out(row, point: spc.SpcPoint | None, gap_before: bool) -> dict:
    return {
        "period": row.period,
        **row.as_dict(),
        "synthetic": row.synthetic,
        "charted": point is not None,
        "gap_before": gap_before,
        "mean": point.mean if point else None,
        "lower_limit": point.lower_limit if point else None,
        "upper_limit": point.upper_limit if point else None,
        "special_cause": point.special_cause if point else [],
        "classification": point.classification if point else None,
        "segment": point.segment if point else None,
    }


def funnel(ind: Indicator, org: Organisation, latest, analyst: bool, options):
    """(funnel, None) for the latest charted period against the peers the page uses, or
    (None, the reason)."""
    try:
        group = peer_group(org, latest.period, options.peers)
    except PeersInvalid as error:
        raise unknown("peers", str(error)) from error
    peers = peer_measurements(ind, org, latest.period, group)
    drawn, note = funnel_of(ind, [seen(m, analyst, ind) for m in peers])
    if drawn is None:
        return None, note
    if drawn.index_of(org) is None:
        return None, "No funnel plot: this organisation's figure has no counts to compare."
    return {
        "period": latest.period,
        "method": drawn.method,
        "peer_kind": org.kind,
        "peer_key": group.key,
        "peer_group": group.parent,
        "peers": len(drawn.rows),
        "baseline": drawn.baseline,
        "value": latest.shown_value,
        **drawn.limits_for(org),
        "significance": drawn.labels()[org.pk],
    }, None
