"""Indicators: definitions with their governance and versions, measurements, and the statistics
of one organisation's series (confidence limits, SPC, funnel significance against its peers).

A non-analyst receives every count through disclosure control (concord.stats.disclosure): 1 to 7
suppressed, others rounded to 5, the value recalculated from the shown counts, and the limits of
a suppressed figure withheld. SPC limits and signals and funnel significance are statistics
derived from the stored figures, as confidence limits are, and are shown to all viewers.
"""

import datetime as dt

import numpy as np
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.timezone import localdate
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination, paginate

from concord.access.roles import is_analyst
from concord.api.schemas import Error, OrganisationRef
from concord.organisations.hierarchy import parent_of_kind
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation
from concord.stats import funnels, spc
from concord.stats.confidence import StatsError

from .disclosure import LIMITS, figures
from .models import Indicator, IndicatorVersion, Measurement

router = Router(tags=["indicators"])

IMPROVEMENT = {"higher_is_better": spc.UP, "lower_is_better": spc.DOWN, "neither": spc.NEITHER}
# Practices, PCNs and localities are compared with their own kind within their commissioner;
# commissioners and above with every organisation of their kind that has a figure.
COMPARED_WITHIN = {Kind.PRACTICE, Kind.PCN, Kind.LOCALITY}
COMMISSIONERS = (Kind.CCG, Kind.SUB_ICB)
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


class VersionOut(Schema):
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
    ci_method: str
    benchmark_method: str
    spc_rules: str
    data_source: str
    disclosure_rule: str
    authored_by: str
    checked_by: str
    date_reviewed: dt.date
    details: dict
    versions: list[VersionOut]

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
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    special_cause: list[str] = Field(description="the SPC rules that fired at this point")
    classification: str = Field(description="improvement, concern, neither or common")
    segment: int


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


def object_or_404(qs, code: str, what: str):
    found = qs.filter(code=code).first()
    if found is None:
        raise HttpError(404, f"No {what} has the code {code!r}.")
    return found


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
        found = set(
            Indicator.objects.filter(code__in=self.indicator).values_list("code", flat=True)
        )
        missing = sorted(set(self.indicator) - found)
        if missing:
            raise unknown("indicator", f"no indicator has the code {', '.join(missing)}")


class StatisticsOptions(Schema):
    rules: str | None = Field(None, description="mdc or ptd (default: the indicator's)")
    rebase_at: list[str] | None = Field(None, description="period labels that start a segment")
    baseline: int | None = Field(None, description="fix the limits on the first N points")


def measurement_out(m: Measurement, analyst: bool) -> dict:
    return {
        "indicator": m.indicator.code,
        "organisation": m.organisation,
        "period": m.period,
        "is_aggregate": m.is_aggregate,
        "published": m.published,
        "batch_id": m.batch_id,
        "computation_id": m.computation_id,
        "synthetic": m.computation is not None and m.computation.synthetic,
        **figures(m, analyst),
    }


# -- endpoints ---------------------------------------------------------------------------------
@router.get("/indicators", response=list[IndicatorOut], url_name="indicators")
@paginate(LimitOffsetPagination)
def list_indicators(request):
    """The indicator catalogue: every governed definition loaded, by code."""
    return Indicator.objects.order_by("code")


@router.get(
    "/indicators/{code}", response={200: IndicatorDetailOut, 404: Error}, url_name="indicator"
)
def indicator(request, code: str):
    """One definition: what it counts, how, its governance fields and every version loaded."""
    versions = IndicatorVersion.objects.select_related("loaded_by").order_by("number")
    found = Indicator.objects.prefetch_related(Prefetch("versions", queryset=versions))
    return object_or_404(found, code, "indicator")


@router.get("/measurements", response=list[MeasurementOut], url_name="measurements")
@paginate(LimitOffsetPagination)
def measurements(request, filters: Query[MeasurementFilters]):
    """Measurements by indicator, organisation, position in the hierarchy, period and kind."""
    qs = Measurement.objects.select_related("indicator", "organisation", "period", "computation")
    qs = filters.apply(qs).order_by("indicator__code", "period__start", "organisation__code")
    analyst = is_analyst(request.auth)
    return LazyRows(qs, lambda m: measurement_out(m, analyst))


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
    org = object_or_404(Organisation.objects, code, "organisation")
    ind = object_or_404(Indicator.objects, indicator_code, "indicator")
    analyst = is_analyst(request.auth)
    series = list(
        Measurement.objects.filter(indicator=ind, organisation=org, value__isnull=False)
        .select_related("indicator", "organisation", "period", "computation")
        .order_by("period__start")
    )
    chart = spc_chart(ind, series, options)
    latest_funnel, note = funnel(ind, org, series[-1], analyst) if series else (None, "no data")
    return {
        "organisation": org,
        "indicator": ind,
        "disclosure": "raw" if analyst else "controlled",
        "points": [point_out(m, p, analyst) for m, p in zip(series, chart.points, strict=True)],
        "spc": chart if series else None,
        "funnel": latest_funnel,
        "funnel_note": note,
    }


# -- statistics --------------------------------------------------------------------------------
def spc_chart(ind: Indicator, series: list[Measurement], options: StatisticsOptions):
    rules = options.rules or ind.spc_rules
    if rules not in spc.RULE_SETS:
        raise unknown("rules", f"unknown rule set {rules!r}: use {' or '.join(spc.RULE_SETS)}")
    labels = [m.period.label for m in series]
    missing = sorted(set(options.rebase_at or ()) - set(labels))
    if missing:
        raise unknown("rebase_at", f"no figure for the period {', '.join(missing)}")
    try:
        return spc.xmr_chart(
            [m.value for m in series],
            rules=rules,
            improvement=IMPROVEMENT[ind.polarity],
            target=ind.national_target,
            rebase_at=[labels.index(label) for label in options.rebase_at or ()],
            baseline=options.baseline,
        )
    except ValueError as error:
        raise unknown("baseline", str(error)) from error


def point_out(m: Measurement, point: spc.SpcPoint, analyst: bool) -> dict:
    shown = figures(m, analyst)
    return {
        "period": m.period,
        **shown,
        "mean": point.mean,
        "lower_limit": point.lower_limit,
        "upper_limit": point.upper_limit,
        "special_cause": point.special_cause,
        "classification": point.classification,
        "segment": point.segment,
    }


def funnel_method(ind: Indicator) -> str | None:
    if ind.ci_method == "wilson" and ind.unit in ("proportion", "percentage"):
        return "proportion"
    if ind.ci_method == "byar_exact" and ind.unit == "rate":
        return "rate"
    return None


def peer_group(org: Organisation, as_at: dt.date) -> Organisation | None:
    if org.kind not in COMPARED_WITHIN:
        return None
    for kind in COMMISSIONERS:
        if (parent := parent_of_kind(org, kind, as_at)) is not None:
            return parent
    return None


def peer_figures(ind, org, period, group, as_at) -> list[tuple[int, float, float]]:
    qs = Measurement.objects.filter(
        indicator=ind, period=period, organisation__kind=org.kind, numerator__isnull=False
    ).filter(denominator__gt=0)
    if group is not None:
        qs = qs.within(group, as_at=as_at)
    return list(
        qs.order_by("organisation_id").values_list("organisation_id", "numerator", "denominator")
    )


def funnel(ind: Indicator, org: Organisation, latest: Measurement, analyst: bool):
    """(funnel, None) for the latest period against the peers, or (None, the reason)."""
    method = funnel_method(ind)
    if method is None:
        return None, f"no funnel for a {ind.unit} with {ind.ci_method} limits"
    if latest.numerator is None or not latest.denominator:
        return None, "the latest figure was published as a value, without counts to compare"
    as_at = latest.period.end + dt.timedelta(days=1)  # the geography the figures were summed on
    group = peer_group(org, as_at)
    rows = peer_figures(ind, org, latest.period, group, as_at)
    ids = [row[0] for row in rows]
    if len(rows) < 2 or org.pk not in ids:
        return None, "fewer than two organisations of this kind to compare"
    x, n = (np.array([row[k] for row in rows]) for k in (1, 2))
    try:
        if method == "proportion":
            result = funnels.proportion_funnel(x, n, ind.multiplier)
        else:
            result = funnels.rate_funnel(x, n, ind.multiplier)
    except StatsError as error:
        return None, f"no funnel: {error}"
    at = ids.index(org.pk)
    return {
        "period": latest.period,
        "method": method,
        "peer_kind": org.kind,
        "peer_group": group,
        "peers": len(rows),
        "baseline": float(result["baseline"]),
        "value": figures(latest, analyst)["value"],
        **{name: float(result[name][at]) for name in LIMITS},
        "significance": str(result["significance"][at]),
    }, None
