"""Programmes (team, pathway, commitments, contracts involved), a pathway version, and the
pathway on a page."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.timezone import localdate

from concord.access.roles import is_analyst
from concord.contracts.models import Contract
from concord.governance.models import Commitment
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from ..models import Pathway, Programme
from ..onapage import on_a_page


def trail(*steps):
    return [*crumbs.home(), ("Programmes", reverse("pathways:programmes")), *steps]


def programme_trail(programme):
    return trail((programme.name, reverse("pathways:programme", args=[programme.slug])))


@viewer_required
def programmes(request):
    found = Programme.objects.select_related("lead_organisation")
    return render(
        request,
        "pathways/programme_list.html",
        {"programmes": found, "section": "pathways", "crumbs": trail()[:-1]},
    )


def commitments_of(programme):
    agreements = programme.agreements.all()
    found = Commitment.objects.filter(agreement__in=agreements).in_force()
    return found.select_related("party", "agreement").prefetch_related("kpis__contract")


@viewer_required
def programme(request, slug):
    found = get_object_or_404(Programme.objects.select_related("lead_organisation"), slug=slug)
    commitments = list(commitments_of(found))
    contracts = Contract.objects.filter(kpis__commitment__in=commitments).distinct()
    team = found.team.in_force(localdate()).select_related("person", "on_behalf_of")
    context = {
        "programme": found,
        "team": team,
        "pathways": found.pathways.latest_first(),
        "published": found.pathways.published().first(),
        "commitments": commitments,
        "contracts": contracts.order_by("reference"),
        "section": "pathways",
        "crumbs": trail(),
    }
    return render(request, "pathways/programme_detail.html", context)


def pathway_of(slug, number) -> Pathway:
    return get_object_or_404(
        Pathway.objects.select_related("programme__lead_organisation"),
        programme__slug=slug,
        number=number,
    )


@viewer_required
def pathway(request, slug, number):
    found = pathway_of(slug, number)
    stages = found.stages.prefetch_related("responsible", "indicators", "commitments__party")
    context = {
        "pathway": found,
        "stages": stages,
        "current": found.programme.pathways.published().first(),
        "section": "pathways",
        "crumbs": programme_trail(found.programme),
    }
    return render(request, "pathways/pathway_detail.html", context)


@viewer_required
def pathway_on_a_page(request, slug, number):
    found = pathway_of(slug, number)
    context = {
        "pathway": found,
        "cards": on_a_page(found, is_analyst(request.user)),
        "section": "pathways",
        "crumbs": programme_trail(found.programme),
    }
    return render(request, "pathways/on_a_page.html", context)
