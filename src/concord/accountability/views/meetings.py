"""A meeting's proposed agenda (the chair accepts or dismisses each item) and its pack."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.governance.models import Meeting
from concord.jobs import actions as jobs
from concord.jobs.models import Job
from concord.web import exports
from concord.web.actions import form_status, run
from concord.web.views.access import viewer_required

from .. import actions, agenda, pack
from ..exports import agenda_table
from ..models import AgendaProposal
from .scorecards import trail

__all__ = [
    "BulkDecideForm",
    "DecideForm",
    "decide",
    "decide_chosen",
    "filename",
    "meeting_trail",
    "pack_build",
    "pack_built",
    "pack_page",
    "pack_pdf",
    "proposed_agenda",
]


class DecideForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("dismiss", "Dismiss")])
    reason = forms.CharField(required=False, label="Reason (needed to dismiss)")


class BulkDecideForm(forms.Form):
    """Several proposed items accepted or dismissed at once; dismissing needs a reason."""

    chosen = forms.ModelMultipleChoiceField(
        queryset=AgendaProposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Proposed items",
        error_messages={"required": "Choose at least one proposed item"},
    )
    reason = forms.CharField(required=False, label="Reason (needed to dismiss)")
    bulk = forms.ChoiceField(
        choices=[("accept", "Accept"), ("dismiss", "Dismiss")],
        error_messages={"required": "Choose to accept or to dismiss the chosen items"},
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = meeting.proposals.filter(state="proposed")

    def clean(self):
        data = super().clean()
        if data.get("bulk") == "dismiss" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the chosen items are dismissed")
        return data


def decide_chosen(request, form) -> bool:
    data = form.cleaned_data
    return run(
        form,
        actions.decide_proposals,
        by=request.user,
        proposals=list(data["chosen"]),
        accept=data["bulk"] == "accept",
        reason=data["reason"],
    )


def meeting_trail(meeting):
    href = reverse("governance:meeting", args=[meeting.pk])
    return [*trail(), (f"{meeting.forum.name}, {meeting.date:%-d %B %Y}", href)]


def decide(request, meeting, form) -> bool:
    data, by = form.cleaned_data, request.user
    proposal = get_object_or_404(AgendaProposal, pk=data["proposal"], meeting=meeting)
    if data["decision"] == "accept":
        return run(form, actions.accept_proposal, by=by, proposal=proposal, note=data["reason"])
    return run(form, actions.dismiss_proposal, by=by, proposal=proposal, reason=data["reason"])


@viewer_required
def proposed_agenda(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    bulk = "several" in request.POST
    form = DecideForm(None if bulk else (request.POST or None))
    several = BulkDecideForm(request.POST if bulk else None, meeting=meeting, prefix=None)
    if bulk and several.is_valid() and decide_chosen(request, several):
        messages.success(request, f"{len(several.cleaned_data['chosen'])} decisions recorded")
        return redirect("accountability:agenda", pk=meeting.pk)
    if request.method == "POST" and form.is_valid() and decide(request, meeting, form):
        messages.success(request, "Decision recorded")
        return redirect("accountability:agenda", pk=meeting.pk)
    proposals = meeting.proposals.select_related("flag", "agreement", "decided_by")
    if fmt := exports.format_asked(request):
        return exports.download(agenda_table(meeting, proposals), fmt)
    context = {
        "meeting": meeting,
        "proposals": proposals,
        "downloads": exports.links(request),
        "items": meeting.items.all(),
        "form": form,
        "several": several,
        "failed": several if bulk else form,
        "is_chair": request.user.has_perm("governance.manage_meeting", meeting.forum),
        "crumbs": meeting_trail(meeting),
    }
    status = form_status(form, several)
    return render(request, "accountability/agenda.html", context, status=status)


@viewer_required
def pack_page(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    if meeting.status == "planned":
        agenda.propose(meeting)
    context = {
        "meeting": meeting,
        "crumbs": meeting_trail(meeting),
        "pack": pack.pack_context(meeting),
        "may_build": jobs.may_build_pack(request.user, meeting),
        "job": Job.objects.filter(meeting=meeting, work=Job.Work.PACK).first(),
    }
    return render(request, "accountability/pack_page.html", context)


@viewer_required
def pack_build(request, pk):
    """Queue the pack's PDF to be drawn in the background; the pack page shows it coming."""
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    if request.method != "POST":
        return redirect("accountability:pack", pk=meeting.pk)
    try:
        jobs.start_pack(by=request.user, meeting=meeting)
    except jobs.NotAllowed as refused:
        raise PermissionDenied(str(refused)) from None
    except jobs.JobRefused as refused:
        messages.error(request, str(refused))
    return redirect("accountability:pack", pk=meeting.pk)


@viewer_required
def pack_built(request, pk, job):
    """The PDF a background job drew, as it was when drawn."""
    built = get_object_or_404(Job, pk=job, meeting_id=pk, state=Job.State.DONE)
    if not built.output:
        raise Http404("This job drew no pack.")
    name = filename(built.meeting)
    return FileResponse(built.output.open("rb"), as_attachment=True, filename=name)


@viewer_required
def pack_pdf(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    response = HttpResponse(pack.render_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(meeting)}"'
    return response


def filename(meeting) -> str:
    return f"{meeting.forum.slug}-{meeting.date.isoformat()}-pack.pdf"
