"""The comparison page a locality meeting opens: every member of an organisation (practices of a
locality or PCN, localities of a CCG, CCGs of an STP) for one indicator and period, sorted, with
95% intervals and significance against the organisation's own value."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from concord.access.roles import is_analyst
from concord.indicators.models import Indicator, Measurement, Period
from concord.indicators.presentation.figures import (
    seen,
    significance,
    significance_words,
    unit_suffix,
)
from concord.organisations.kinds import COMMISSIONER_KINDS, Kind
from concord.organisations.models import Organisation
from concord.web.charts.caterpillar import CaterpillarFigure, CaterpillarRow, caterpillar_svg
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from .downloads import NOTE, csv_response
from .series import ParamsInvalid

__all__ = ["compare"]

LEVELS = {  # member level: (kinds, words), from the top down
    "ccg": (COMMISSIONER_KINDS, "CCGs"),
    "locality": ((Kind.LOCALITY,), "Localities"),
    "pcn": ((Kind.PCN,), "Primary care networks"),
    "practice": ((Kind.PRACTICE,), "Practices"),
}
LEVEL_OF = {kind: level for level, (kinds, _) in LEVELS.items() for kind in kinds}
HEADER = [
    "organisation_code",
    "organisation",
    "period",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "suppressed",
    "significance_vs_parent",
]


def _member_levels(org, as_at) -> list[str]:
    """Levels below the organisation's own that have members within it on `as_at`."""
    order = list(LEVELS)
    own = order.index(LEVEL_OF[org.kind]) if org.kind in LEVEL_OF else -1
    kinds = set(Organisation.objects.within(org, as_at=as_at).values_list("kind", flat=True))
    return [lv for lv in order[own + 1 :] if kinds & set(LEVELS[lv][0])]


def indicator_period(indicator, label: str | None):
    periods = Period.objects.filter(measurements__indicator=indicator).distinct().order_by("start")
    periods = list(periods)
    if not periods:
        return None, []
    if not label:
        return periods[-1], periods
    period = next((p for p in periods if p.label == label.strip()), None)
    if period is None:
        held = ", ".join(p.label for p in periods[-6:])
        raise ParamsInvalid(
            f"period={label!r}: {indicator.title} has no figures for that period; "
            f"latest periods held: {held}"
        )
    return period, periods


def _chosen_level(org, as_at, asked: str | None) -> tuple[str | None, list[str]]:
    levels = _member_levels(org, as_at)
    if asked and asked not in levels:
        offered = ", ".join(levels) or "none"
        raise ParamsInvalid(
            f"members={asked!r}: {org.name} has no members of that kind; choose one of {offered}"
        )
    return (asked or (levels[0] if levels else None)), levels


def _sort_key(row):
    return (row.value is None, -(row.value or 0), row.organisation.name)


def _member_rows(indicator, org, period, level, analyst: bool) -> list:
    members = Organisation.objects.of_kind(*LEVELS[level][0]).within(org, as_at=period.end)
    measurements = Measurement.objects.shown().filter(
        indicator=indicator, period=period, organisation__in=members
    )
    rows = [seen(m, analyst, indicator) for m in measurements]
    return sorted(rows, key=_sort_key)


def _own_row(indicator, org, period, analyst: bool):
    measurements = Measurement.objects.shown().filter(
        indicator=indicator, period=period, organisation=org
    )
    m = measurements.first()
    return seen(m, analyst, indicator) if m else None


def _figure_for(indicator, org, period, rows, reference) -> CaterpillarFigure:
    drawn = [r for r in rows if r.has_value]
    return CaterpillarFigure(
        heading=f"{indicator.title}: members of {org.name}, {period.label}",
        unit=unit_suffix(indicator),
        rows=[
            CaterpillarRow(
                r.organisation.name,
                r.value,
                r.lower_95,
                r.upper_95,
                significance(r, reference) or "similar",
            )
            for r in drawn
        ],
        reference=reference,
        reference_label=org.name,
    )


def as_csv(org, indicator, period, table):
    lines = [
        [
            r.organisation.code,
            r.organisation.name,
            period.label,
            r.numerator,
            r.denominator,
            r.value,
            r.lower_95,
            r.upper_95,
            r.suppressed,
            key or "",
        ]
        for r, key, _ in table
    ]
    return csv_response(f"{org.code}-{indicator.code}-{period.label}-members", HEADER, lines)


def _context_for(org, indicator) -> dict:
    return {
        "section": "indicators",
        "crumbs": [*crumbs.organisations(), (org.name, reverse("organisation", args=[org.code]))],
        "organisation": org,
        "indicator": indicator,
        "unit": unit_suffix(indicator),
        "note": NOTE,
    }


@viewer_required
def compare(request, code, indicator_code):
    org = get_object_or_404(Organisation, code=code)
    indicator = get_object_or_404(Indicator, code=indicator_code)
    analyst = is_analyst(request.user)
    context = _context_for(org, indicator)
    try:
        period, periods = indicator_period(indicator, request.GET.get("period"))
        level, levels = (
            _chosen_level(org, period.end, request.GET.get("members")) if period else (None, [])
        )
        wanted = request.GET.get("format", "html")
        if wanted not in ("html", "csv"):
            raise ParamsInvalid(f"format={wanted!r} is not offered: use html or csv")
    except ParamsInvalid as problem:
        context["problems"] = [str(problem)]
        return render(request, "indicators/compare.html", context, status=400)
    rows = _member_rows(indicator, org, period, level, analyst) if level else []
    parent = _own_row(indicator, org, period, analyst) if period else None
    reference = parent.value if parent else None
    table = [
        (r, key, significance_words(key, indicator.improvement))
        for r in rows
        for key in [significance(r, reference)]
    ]
    if wanted == "csv" and period:
        return as_csv(org, indicator, period, table)
    drawn = (
        _figure_for(indicator, org, period, rows, reference)
        if any(r.has_value for r in rows)
        else None
    )
    context.update(
        analyst=analyst,
        period=period,
        periods=periods,
        level=level,
        levels=[(lv, LEVELS[lv][1]) for lv in levels],
        level_words=LEVELS[level][1] if level else "",
        parent=parent,
        table=table,
        svg=caterpillar_svg(drawn) if drawn else "",
        controlled=any(r.controlled for r in rows),
        synthetic=any(r.synthetic for r in rows) or bool(parent and parent.synthetic),
    )
    return render(request, "indicators/compare.html", context)
