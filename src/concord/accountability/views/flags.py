"""Red flags: the list, and one flag with its evidence, acknowledged or resolved by a person."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.web import exports
from concord.web.actions import form_status, run
from concord.web.forms import Textarea
from concord.web.views.access import viewer_required

from .. import actions
from ..concerns import concerns
from ..exports import flags_table
from ..filters import flag_filter
from ..models import FlagState, RedFlag
from .scorecards import trail

__all__ = ["HandleForm", "filters_applied", "flag", "flag_list", "handle"]


class HandleForm(forms.Form):
    action = forms.ChoiceField(choices=[("acknowledge", "Acknowledge"), ("resolve", "Resolve")])
    note = forms.CharField(required=False, widget=Textarea, label="Note")


def filters_applied(params) -> str:
    """The list's filters in words, for a download's note."""
    return ", ".join(f"{k} {v}" for k, v in params.items() if k not in ("format", "page") and v)


@viewer_required
def flag_list(request):
    filters = flag_filter(request.GET)
    valid = filters.is_valid()
    rows = concerns(filters.qs) if valid else []
    if valid and (fmt := exports.format_asked(request)):
        return exports.download(flags_table(rows, filters_applied(request.GET)), fmt)
    context = {
        "flags": rows,
        "filters": filters,
        "form": filters.form,
        "crumbs": trail(),
        "downloads": exports.links(request),
    }
    return render(request, "accountability/flag_list.html", context)


def handle(request, flag, form):
    """Acknowledge or resolve the flag: the flag, or None when refused (the form's error)."""
    data = form.cleaned_data
    act = actions.acknowledge_flag if data["action"] == "acknowledge" else actions.resolve_flag
    return run(form, act, by=request.user, flag=flag, note=data["note"])


@viewer_required
def flag(request, pk):
    red_flag = get_object_or_404(
        RedFlag.objects.select_related("organisation", "handled_by"), pk=pk
    )
    form = HandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and handle(request, red_flag, form):
        messages.success(request, f"Flag {red_flag.get_state_display().lower()}")
        return redirect("accountability:flag", pk=red_flag.pk)
    context = {
        "flag": red_flag,
        "form": form,
        "history": red_flag.history.select_related("history_user").order_by("history_date"),
        "can_handle": request.user.has_perm("accountability.handle_flag", red_flag)
        and red_flag.state != FlagState.RESOLVED,
        "crumbs": [*trail(), ("Red flags", reverse("accountability:flags"))],
    }
    return render(request, "accountability/flag_detail.html", context, status=form_status(form))
