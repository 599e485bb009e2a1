"""The organisation × indicator page: SPC chart of its series, funnel plot against its peers,
and the table behind both; ?format=csv downloads the series (or &table=peers the peers)."""

from dataclasses import dataclass

from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from concord.access.roles import is_analyst
from concord.indicators.limits import estimate
from concord.indicators.models import Indicator, Measurement
from concord.indicators.presentation.figures import (
    figures_for,
    seen,
    significance,
    significance_words,
    unit_suffix,
)
from concord.indicators.presentation.funnel import funnel_of
from concord.indicators.presentation.peers import (
    PeersInvalid,
    as_at,
    choose,
    peer_groups,
    peer_measurements,
)
from concord.indicators.presentation.series import series_of
from concord.organisations.hierarchy import descendant_ids
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation
from concord.web.charts.funnel import funnel_svg
from concord.web.charts.icons import assurance_badge, variation_badge
from concord.web.charts.spc import spc_svg
from concord.web.remembered import Answered, remembered
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from .downloads import NOTE, csv_response
from .funnel_data import funnel_figure
from .series import (
    ParamsInvalid,
    checked_rebase_positions,
    chosen_period,
    rebase_labels,
    spc_figure,
)

__all__ = ["organisation_indicator"]

SERIES_HEADER = [
    "organisation_code",
    "period",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "suppressed",
    "benchmark",
    "significance",
    "spc_classification",
]
PEERS_HEADER = [
    "organisation_code",
    "organisation",
    "period",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "suppressed",
    "funnel_significance",
]


@dataclass(frozen=True)
class SeriesRow:
    row: object  # Shown
    benchmark: float | None
    significance: str | None
    words: str
    classification: str | None


def _england_values(indicator, periods) -> dict:
    measurements = Measurement.objects.filter(
        indicator=indicator, organisation__kind=Kind.NATION, period__in=periods
    )
    return dict(measurements.values_list("period_id", "value"))


def _group_values(indicator, parent, periods, analyst: bool) -> dict:
    """The parent's own figures, or the sum over the peers when it has none."""
    measurements = Measurement.objects.shown().filter(
        indicator=indicator, organisation=parent, period__in=periods
    )
    return {m.period_id: seen(m, analyst, indicator).value for m in measurements}


def _peers_sum(indicator, org, group, periods, analyst: bool) -> dict:
    measurements = Measurement.objects.filter(indicator=indicator, organisation__kind=org.kind)
    if group.parent is not None:
        last = max(as_at(p) for p in periods)
        measurements = measurements.filter(organisation_id__in=descendant_ids(group.parent, last))
    sums = (
        measurements.filter(period__in=periods)
        .values("period_id")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    )
    return {
        s["period_id"]: _summed_value(indicator, org.kind, s["n"], s["d"], analyst) for s in sums
    }


def _summed_value(indicator, kind, numerator, denominator, analyst: bool):
    """The peers' summed figure as this person may see it (concord.indicators.presentation)."""
    stored = estimate(indicator, numerator, denominator)
    return figures_for(indicator, kind, numerator, denominator, stored, analyst).values["value"]


def benchmarks(indicator, org, group, periods, analyst: bool) -> tuple[dict, str]:
    """{period id: benchmark value} and the benchmark's name, by the indicator's method."""
    method = indicator.benchmark_method
    if method == "target" and indicator.national_target is not None:
        return {p.pk: indicator.national_target for p in periods}, "the national target"
    if method == "england":
        return _england_values(indicator, periods), "England"
    if method == "parent" and group.parent is not None:
        return _group_values(indicator, group.parent, periods, analyst), group.parent.name
    if method == "peers" and periods:
        return _peers_sum(indicator, org, group, periods, analyst), f"peers in {group.words}"
    return {}, ""


def _series_rows(indicator, rows, bench: dict, points: dict) -> list[SeriesRow]:
    result = []
    for row in rows:
        key = significance(row, bench.get(row.period.pk))
        result.append(
            SeriesRow(
                row,
                bench.get(row.period.pk),
                key,
                significance_words(key, indicator.improvement),
                points.get(row.period.pk),
            )
        )
    return result


def _series_csv(org, indicator, table: list[SeriesRow]):
    lines = [
        [
            org.code,
            s.row.period.label,
            s.row.numerator,
            s.row.denominator,
            s.row.value,
            s.row.lower_95,
            s.row.upper_95,
            s.row.lower_998,
            s.row.upper_998,
            s.row.suppressed,
            s.benchmark,
            s.significance or "",
            s.classification or "",
        ]
        for s in table
    ]
    return csv_response(f"{org.code}-{indicator.code}", SERIES_HEADER, lines)


def peers_csv(org, indicator, peer_rows, labels: dict):
    lines = [
        [
            r.organisation.code,
            r.organisation.name,
            r.period.label,
            r.numerator,
            r.denominator,
            r.value,
            r.lower_95,
            r.upper_95,
            r.lower_998,
            r.upper_998,
            r.suppressed,
            labels.get(r.organisation.pk, ""),
        ]
        for r in peer_rows
    ]
    return csv_response(f"{org.code}-{indicator.code}-peers", PEERS_HEADER, lines)


def _error_page(request, org, indicator, problems):
    context = {**_base_context(org, indicator), "problems": problems}
    return render(request, "indicators/organisation_indicator.html", context, status=400)


def _base_context(org, indicator) -> dict:
    return {
        "section": "indicators",
        "crumbs": [*crumbs.organisations(), (org.name, reverse("organisation", args=[org.code]))],
        "organisation": org,
        "indicator": indicator,
        "unit": unit_suffix(indicator),
    }


def icons(chart) -> list:
    if chart is None:
        return []
    badges = (variation_badge(chart.variation_icon), assurance_badge(chart.assurance_icon))
    return [b for b in badges if b]


def _read_params(request, org, rows) -> dict:
    """The page's settings from its query; ParamsInvalid or PeersInvalid name the bad one."""
    period = chosen_period(rows, request.GET.get("period"), org)
    groups = peer_groups(org, as_at(period)) if period else {}
    wanted = request.GET.get("format", "html")
    if wanted not in ("html", "csv"):
        raise ParamsInvalid(f"format={wanted!r} is not offered: use html or csv")
    return {
        "period": period,
        "rebase": checked_rebase_positions(rows, rebase_labels(request.GET.get("rebase", ""))),
        "groups": groups,
        "group": choose(org, groups, request.GET.get("peers")) if period else None,
        "format": wanted,
    }


def _classifications(rows, chart) -> dict:
    """{period id: SPC classification} for the periods charted."""
    if chart is None:
        return {}
    charted = [r for r in rows if r.has_value]
    return {r.period.pk: p.classification for r, p in zip(charted, chart.points, strict=True)}


def _peers_part(indicator, org, params, analyst: bool) -> dict:
    period, group = params["period"], params["group"]
    if period is None:
        return {"peer_rows": [], "funnel_svg": "", "funnel_note": "", "labels": {}}
    measurements = peer_measurements(indicator, org, period, group)
    rows = [seen(m, analyst, indicator) for m in measurements]
    heading = f"{indicator.title}: {org.name} among peers in {group.words}, {period.label}"
    drawn, note = funnel_of(indicator, rows)
    labels = drawn.labels() if drawn else {}
    return {
        "peer_rows": [(r, labels.get(r.organisation.pk, "")) for r in rows],
        "funnel_svg": funnel_svg(funnel_figure(indicator, drawn, org, heading)) if drawn else "",
        "funnel_note": note,
        "labels": labels,
    }


def _series_part(indicator, org, rows, params, analyst: bool) -> dict:
    figure, chart, note = spc_figure(indicator, org, rows, params["rebase"])
    periods = [r.period for r in rows]
    group = params["group"]
    bench, name = benchmarks(indicator, org, group, periods, analyst) if group else ({}, "")
    return {
        "rows": _series_rows(indicator, rows, bench, _classifications(rows, chart)),
        "periods": periods,
        "benchmark_name": name,
        "spc_svg": spc_svg(figure) if figure else "",
        "spc_note": note,
        "chart": chart,
        "icons": icons(chart),
    }


def _page_context(request, code, indicator_code) -> dict:
    """What the page shows to this reader at this address; a CSV or an error page is answered
    by raising Answered (never remembered)."""
    org = get_object_or_404(Organisation, code=code)
    indicator = get_object_or_404(Indicator, code=indicator_code)
    analyst = is_analyst(request.user)
    rows = series_of(indicator, org, analyst)
    try:
        params = _read_params(request, org, rows)
    except (ParamsInvalid, PeersInvalid) as problem:
        raise Answered(_error_page(request, org, indicator, [str(problem)])) from problem
    peers = _peers_part(indicator, org, params, analyst)
    if params["format"] == "csv" and request.GET.get("table") == "peers":
        raise Answered(
            peers_csv(org, indicator, [r for r, _ in peers["peer_rows"]], peers["labels"])
        )
    over_time = _series_part(indicator, org, rows, params, analyst)
    if params["format"] == "csv":
        raise Answered(_series_csv(org, indicator, over_time["rows"]))
    context = {
        **_base_context(org, indicator),
        **over_time,
        **peers,
        "analyst": analyst,
        "period": params["period"],
        "groups": params["groups"].values(),
        "group": params["group"],
        "disclosure_note": NOTE,
        "controlled": any(r.controlled for r in rows),
        "synthetic": any(r.synthetic for r in rows)
        or any(r.synthetic for r, _ in peers["peer_rows"]),
    }
    return context


@viewer_required
def organisation_indicator(request, code, indicator_code):
    key = ("organisation-indicator", request.get_full_path(), request.user.pk)
    try:
        context = remembered(key, lambda: _page_context(request, code, indicator_code))
    except Answered as answered:
        return answered.response
    return render(request, "indicators/organisation_indicator.html", context)
