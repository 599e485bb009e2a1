"""Scorecard pages: everything, an organisation, a locality, a forum, a programme, a person."""

from django.apps import apps
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from concord.governance.models import Forum
from concord.governance.representation import person_of
from concord.organisations.models import Organisation, Person
from concord.organisations.names import by_name
from concord.web import exports
from concord.web.remembered import remembered
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from .. import scorecards as sc
from .. import status as s
from ..concerns import RELATED, concerns
from ..exports import scorecard_table
from ..filters import commitment_filter
from ..flags import NO_DATA_FLAG_PERIODS
from ..models import RedFlag

__all__ = [
    "filtered_card",
    "forum",
    "locality",
    "me",
    "organisation",
    "overview",
    "person",
    "person_page",
    "programme",
    "rules_context",
    "show",
    "trail",
]


def trail(*steps):
    return [*crumbs.home(), ("Accountability", reverse("accountability:overview")), *steps]


def rules_context() -> dict:
    """The status rules, shown on every scorecard page so every status explains itself."""
    return {"rules": s.RULES, "no_data_flag_periods": NO_DATA_FLAG_PERIODS}


def filtered_card(title: str, commitments, filters):
    """The scorecard of the commitments the page's filters keep (a wrong value keeps none and is
    said on the page), and those commitments."""
    kept = filters.qs if filters.is_valid() else commitments.none()
    return sc.scorecard(title, kept), kept


def show(request, title: str, commitments, crumbs_=None, template="scorecard.html", **extra):
    filters = commitment_filter(request.GET, commitments)
    if filters.is_valid() and (fmt := exports.format_asked(request)):
        card, _ = filtered_card(title, commitments, filters)
        return exports.download(scorecard_table(card), fmt)

    def computed():  # remembered per reader and address: the filters are in the query string
        card, kept = filtered_card(title, commitments, filters)
        return {"card": card, "synthetic": sc.synthetic_behind(kept)}

    context = {
        **remembered(("scorecard", request.get_full_path(), request.user.pk), computed),
        "filters": filters,
        "form": filters.form,
        "crumbs": crumbs_ or trail(),
        "downloads": exports.links(request),
        **rules_context(),
        **extra,
    }
    return render(request, f"accountability/{template}", context)


@viewer_required
def overview(request):
    from concord.governance.models import Commitment

    flags = [c.flag for c in concerns(RedFlag.objects.open().select_related(*RELATED)[:50])]
    return show(
        request,
        "Every commitment in force",
        sc.in_force(Commitment.objects.all()),
        crumbs_=crumbs.home(),
        template="overview.html",
        flags=flags,
        forums=Forum.objects.order_by(*by_name()),
    )


@viewer_required
def organisation(request, code):
    org = get_object_or_404(Organisation, code=code)
    return show(request, f"{org.name}: its commitments", sc.of_organisation(org))


@viewer_required
def locality(request, code):
    org = get_object_or_404(Organisation, code=code)
    title = f"{org.name}: its commitments and those of the organisations within it"
    return show(request, title, sc.of_locality(org))


@viewer_required
def forum(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    return show(
        request, f"{forum.name}: commitments of its agreements", sc.of_forum(forum), forum=forum
    )


@viewer_required
def programme(request, slug):
    programme_model = apps.get_model("pathways", "Programme")
    programme = get_object_or_404(programme_model, slug=slug)
    return show(
        request, f"{programme.name}: commitments of its agreements", sc.of_programme(programme)
    )


def person_page(request, person):
    bodies = sc.bodies_served(person)
    cards = [
        sc.scorecard(
            org.name,
            sc.of_organisation(org),
            reverse("accountability:organisation", args=[org.code]),
        )
        for org in bodies
    ]
    context = {"person": person, "cards": cards, "crumbs": trail(), **rules_context()}
    return render(request, "accountability/how_are_we_doing.html", context)


@viewer_required
def me(request):
    return person_page(request, person_of(request.user))


@viewer_required
def person(request, pk):
    return person_page(request, get_object_or_404(Person, pk=pk))
