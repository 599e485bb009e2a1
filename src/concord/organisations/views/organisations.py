"""The organisation directory and the organisation page."""

import datetime as dt
from collections import Counter

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from concord.indicators.views.catalogue import latest_figures
from concord.organisations.hierarchy import descendant_ids, predecessors, successors
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation, PopulationCount, Post, Relationship
from concord.organisations.names import by_name
from concord.organisations.population import (
    latest_extract_date,
    registered_populations,
)
from concord.web import exports
from concord.web.forms import AsAtForm, DirectoryFilterForm
from concord.web.remembered import remembered
from concord.web.templatetags.nhsuk import open_label
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from .set_up import may_set_up

__all__ = ["detail", "directory"]

PER_PAGE = 50
KIND_ORDER = {kind: n for n, kind in enumerate(Kind.values)}


@viewer_required
def directory(request):
    form = DirectoryFilterForm(request.GET)
    today = timezone.localdate()
    valid = form.is_valid()
    organisations = form.organisations(today) if valid else Organisation.objects.none()
    as_at = (form.cleaned_data.get("as_at") if valid else None) or today
    extract_date = latest_extract_date()
    if fmt := exports.format_asked(request):
        return exports.download(_directory_table(organisations, as_at, extract_date), fmt)
    page = Paginator(organisations, PER_PAGE).get_page(request.GET.get("page"))
    patients = registered_populations(page.object_list, extract_date)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "section": "organisations",
        "crumbs": crumbs.home(),
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query": query.urlencode(),
        "as_at": as_at,
        "extract_date": extract_date,
        "rows": [(org, patients[org.pk]) for org in page.object_list],
        "downloads": exports.links(request),
        "can_set_up": may_set_up(request.user),
    }
    return render(request, "organisations/organisation_list.html", context)


DIRECTORY_HEADINGS = ("Code", "Name", "Kind", "Status", "Postcode", "Registered patients")


def _directory_table(organisations, as_at: dt.date, extract_date) -> exports.Table:
    """Every organisation the directory finds, with the page's status and registered patients."""
    orgs = list(organisations)
    patients = registered_populations(orgs, extract_date)
    rows = [
        (o.code, o.name, Kind(o.kind).label, open_label(o, as_at), o.postcode, patients[o.pk])
        for o in orgs
    ]
    notes = [f"Status on {as_at:%d %B %Y}."]
    if extract_date:
        notes.append(
            f"Registered patients: NHS Digital, Patients Registered at a GP Practice, extract of "
            f"{extract_date:%d %B %Y}; an organisation's figure sums its practices on that date."
        )
    headings = (*DIRECTORY_HEADINGS[:3], f"Status on {as_at:%Y-%m-%d}", *DIRECTORY_HEADINGS[4:])
    return exports.Table("organisations", "Organisations", headings, rows, notes=notes)


def _link_state(link: Relationship, as_at: dt.date) -> str:
    if link.end is not None and link.end < as_at:
        return "ended"
    if link.start is not None and link.start > as_at:
        return "not yet started"
    return "in force"


def links_up(org: Organisation, as_at: dt.date) -> list[tuple[Relationship, str]]:
    """Every hierarchy link above `org`, ever, with its state on `as_at`."""
    links = Relationship.objects.hierarchy().filter(child=org).select_related("parent")
    return [
        (link, _link_state(link, as_at))
        for link in links.order_by("start", *by_name("parent__name"))
    ]


def members(org: Organisation, as_at: dt.date) -> list[Relationship]:
    """The links down into `org` in force on `as_at`, members sorted by kind, then name."""
    links = Relationship.objects.hierarchy().in_force(as_at).filter(parent=org)
    links = links.select_related("child").order_by(*by_name("child__name", "child__code"))
    return sorted(links, key=lambda link: KIND_ORDER.get(link.child.kind, len(KIND_ORDER)))


def _counts_by_kind(organisations) -> list[tuple[str, int]]:
    counts = Counter(o.kind for o in organisations)
    return [(Kind(kind).label, counts[kind]) for kind in Kind.values if counts[kind]]


def within_counts(org: Organisation, as_at: dt.date) -> list[tuple[str, int]]:
    """How many organisations of each kind sit within `org` at any depth on `as_at`."""
    kinds = Organisation.objects.within(org, as_at=as_at).values_list("kind", flat=True)
    counts = Counter(kinds)
    return [(Kind(kind).label, counts[kind]) for kind in Kind.values if counts[kind]]


def _population_rows(org: Organisation) -> list[dict]:
    """Per extract date held: the patients registered with `org` (rolled up over the hierarchy
    as at that date, as population.registered_population does) and how many practices' counts
    make them up. One walk of the hierarchy and one query per date give both: the page used to
    walk it twice, for the patients and again for the practices."""
    dates = PopulationCount.objects.values_list("extract_date", flat=True).distinct()
    rows = []
    for extract_date in sorted(set(dates)):
        practices = {org.pk} if org.kind == Kind.PRACTICE else descendant_ids(org, extract_date)
        counts = PopulationCount.objects.filter(
            organisation__in=practices,
            organisation__kind=Kind.PRACTICE,
            extract_date=extract_date,
            sex="all",
            age_band="all",
        ).values_list("patients", flat=True)
        counts = list(counts)
        if counts:
            rows.append(
                {"extract_date": extract_date, "patients": sum(counts), "practices": len(counts)}
            )
    return rows


def _status_history(org: Organisation) -> list:
    """Its ODS status periods, earliest first (one from before our records leads)."""
    return list(org.status_periods.order_by(F("start").asc(nulls_first=True), "id"))


def people(org: Organisation):
    posts = Post.objects.select_related("person", "organisation", "on_behalf_of")
    held = posts.filter(organisation=org).order_by("start", "id")
    on_behalf = posts.filter(on_behalf_of=org).order_by("start", "id")
    return held, on_behalf


def _set_up_context(org: Organisation, user) -> dict:
    """For administrators: the links up from `org` with no end date, which they may end."""
    if not may_set_up(user):
        return {"can_set_up": False}
    links = Relationship.objects.filter(child=org, end__isnull=True).select_related("parent")
    return {"can_set_up": True, "open_links": links.order_by("kind", *by_name("parent__name"))}


def _detail_data(code: str, as_at: dt.date, user) -> dict:
    """What the organisation's page shows of it on `as_at` to `user` (lists, not querysets:
    it is remembered between reads)."""
    org = get_object_or_404(Organisation.objects.with_status_on(as_at), code=code)
    member_links = members(org, as_at)
    posts, on_behalf = people(org)
    set_up = _set_up_context(org, user)
    if "open_links" in set_up:
        set_up["open_links"] = list(set_up["open_links"])
    return {
        "organisation": org,
        "status_periods": _status_history(org),
        "links_up": list(links_up(org, as_at)),
        "members": member_links,
        "member_counts": _counts_by_kind(link.child for link in member_links),
        "within_counts": within_counts(org, as_at),
        "predecessors": list(predecessors(org)),
        "successors": list(successors(org)),
        "population": _population_rows(org),
        "posts": list(posts),
        "on_behalf": list(on_behalf),
        "indicator_figures": latest_figures(org, user),
        **set_up,
    }


@viewer_required
def detail(request, code):
    as_at_form = AsAtForm(request.GET)
    as_at = as_at_form.as_at_or(timezone.localdate())
    user = request.user
    context = {
        "section": "organisations",
        "crumbs": crumbs.organisations(),
        "as_at_form": as_at_form,
        "as_at": as_at,
        **remembered(
            ("organisation", code, as_at, user.pk), lambda: _detail_data(code, as_at, user)
        ),
    }
    return render(request, "organisations/organisation_detail.html", context)
