"""Programmes (team, pathway, commitments, contracts involved), a pathway version, and the
pathway on a page. Editors of the programme change its team and draft a version from the
programme page (see team.py), and change, publish and retire it from the pathway page (see
editing.py)."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.access.roles import is_analyst
from concord.contracts.models import Contract
from concord.web.actions import error_summary, form_status
from concord.web.views.access import viewer_required

from ..models import Pathway, Programme
from ..onapage import on_a_page
from ..scope import programme_commitments
from . import editing, team
from .common import trail

__all__ = [
    "commitments_of",
    "pathway",
    "pathway_of",
    "pathway_on_a_page",
    "programme",
    "programme_trail",
    "programmes",
]


def programme_trail(programme):
    return trail((programme.name, reverse("pathways:programme", args=[programme.slug])))


@viewer_required
def programmes(request):
    programmes = Programme.objects.select_related("lead_organisation")
    context = {
        "programmes": programmes,
        "may_start": team.may_start(request.user),
        "section": "pathways",
        "crumbs": trail()[:-1],
    }
    return render(request, "pathways/programme_list.html", context)


def commitments_of(programme):
    commitments = programme_commitments(programme)
    return commitments.select_related("party", "agreement").prefetch_related("kpis__contract")


@viewer_required
def programme(request, slug):
    programme = get_object_or_404(Programme.objects.select_related("lead_organisation"), slug=slug)
    editable = editing.may_edit(request.user, programme)
    posted = None
    if request.method == "POST":
        editing.check_edit(request.user, programme)
        posted = request.POST.get("change", "draft")
        if posted not in team.CHANGES:
            return HttpResponseBadRequest("Unknown change to a programme.")
    forms = team.programme_forms(programme, posted, request.POST) if editable else {}
    form = forms.get(posted)
    if (
        form is not None
        and form.is_valid()
        and (done := team.perform(request, programme, posted, form))
    ):
        return done
    commitments = list(commitments_of(programme))
    contracts = Contract.objects.filter(kpis__commitment__in=commitments).distinct()
    errors = error_summary(form, posted or "maincontent")
    context = {
        "programme": programme,
        "team": team.team_of(programme),
        "pathways": programme.pathways.latest_first(),
        "published": programme.pathways.published().first(),
        "draft": programme.pathways.drafts().first(),
        "commitments": commitments,
        "contracts": contracts.order_by("reference"),
        "can_edit": editable,
        "form": forms.get("draft"),
        "member_form": forms.get("add-member"),
        "ending_form": forms.get("end-membership"),
        "errors": errors,
        "section": "pathways",
        "crumbs": trail(),
    }
    return render(request, "pathways/programme_detail.html", context, status=form_status(form))


def pathway_of(slug, number) -> Pathway:
    return get_object_or_404(
        Pathway.objects.select_related("programme__lead_organisation"),
        programme__slug=slug,
        number=number,
    )


@viewer_required
def pathway(request, slug, number):
    pathway = pathway_of(slug, number)
    programme = pathway.programme
    editable = editing.may_edit(request.user, programme)
    posted = None
    if request.method == "POST":
        editing.check_edit(request.user, programme)
        posted = request.POST.get("transition")
        if posted not in editing.SECTIONS:
            return HttpResponseBadRequest("Unknown change to a pathway.")
    forms = editing.pathway_forms(pathway, posted, request.POST) if editable else {}
    form = forms.get(posted)
    if form is not None and form.is_valid():
        if done := editing.perform(request, pathway, posted, form):
            messages.success(request, done)
            return redirect("pathways:pathway", slug=programme.slug, number=pathway.number)
    stages = pathway.stages.prefetch_related("responsible", "indicators", "commitments__party")
    errors = error_summary(form, editing.SECTIONS.get(posted, "maincontent"))
    context = {
        "pathway": pathway,
        "stages": stages,
        "current": programme.pathways.published().first(),
        "can_edit": editable,
        "stage_form": forms.get("add-stage"),
        "errors": errors,
        "section": "pathways",
        "crumbs": programme_trail(programme),
    }
    return render(request, "pathways/pathway_detail.html", context, status=form_status(form))


@viewer_required
def pathway_on_a_page(request, slug, number):
    pathway = pathway_of(slug, number)
    cards = on_a_page(pathway, is_analyst(request.user))
    context = {
        "pathway": pathway,
        "cards": cards,
        "withheld": any(r.suppressed for card in cards for r in card.readings),
        "section": "pathways",
        "crumbs": programme_trail(pathway.programme),
    }
    return render(request, "pathways/on_a_page.html", context)
