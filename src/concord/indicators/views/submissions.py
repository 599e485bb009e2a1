"""The data submission pages, under /submissions/: the list (mine, awaiting my approval), a new
submission (an upload, or values entered for the organisation's own indicators), and the
submission's page: the preview with every error, its rows, its trail, and the next step."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.access import posts
from concord.organisations.models import Organisation
from concord.web.actions import form_status, run
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from ..forms import NewSubmissionForm, StepForm, ValuesForm
from ..periods import PeriodInvalid
from ..rules import VIEW_REFUSAL, made_or_submitted_it
from ..submissions import actions
from ..submissions.models import State
from ..submissions.queries import awaiting, listed, made_by, own_indicators, period_of

__all__ = ["enter_values", "new_submission", "submission", "submission_list"]

STEPS = {  # step: (action, takes a reason, confirmation)
    "submit": (actions.submit_submission, False, "Submission sent for approval"),
    "approve": (actions.approve_submission, False, "Submission approved and published"),
    "return": (actions.return_submission, True, "Submission returned"),
    "reject": (actions.reject_submission, True, "Submission rejected"),
}


def trail(*steps):
    return [*crumbs.home(), ("Data submissions", reverse("submissions:list")), *steps]


@viewer_required
def submission_list(request):
    """Mine and awaiting my approval; or, for ?organisation=CODE, that organisation's."""
    code = request.GET.get("organisation")
    organisation = get_object_or_404(Organisation, code=code) if code else None
    context = {
        "organisation": organisation,
        "sent": listed().filter(organisation=organisation)[:50] if organisation else None,
        "mine": made_by(request.user)[:50],
        "awaiting": awaiting(request.user),
        "can_create": posts.acts_for_someone(request.user),
        "crumbs": crumbs.home(),
    }
    return render(request, "indicators/submission_list.html", context)


def _own_organisations(user) -> list[Organisation]:
    organisations = posts.organisations_of(user)
    if not organisations or not posts.acts_for(user, organisations):
        raise PermissionDenied(posts.REFUSAL)
    return organisations


@viewer_required
def new_submission(request):
    form = NewSubmissionForm(
        request.POST or None, request.FILES or None, organisations=_own_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["file"]:
            query = {"organisation": data["organisation"].code, "period": data["period"].label}
            return redirect(f"{reverse('submissions:values')}?{urlencode(query)}")
        made = run(
            form,
            actions.upload_submission,
            by=request.user,
            organisation=data["organisation"],
            period=data["period"],
            content=data["file"].read(),
            file_name=data["file"].name,
        )
        if made:
            return redirect("submissions:submission", pk=made[0].pk)
    context = {"form": form, "crumbs": trail()}
    return render(request, "indicators/submission_new.html", context, status=form_status(form))


def where(request):
    """The organisation and period the values page is for, from its query string."""
    code, label = request.GET.get("organisation", ""), request.GET.get("period", "")
    organisation = get_object_or_404(Organisation, code=code)
    if not posts.acts_for(request.user, [organisation]):
        raise PermissionDenied(posts.REFUSAL)
    try:
        return organisation, period_of(label)
    except PeriodInvalid:
        raise PermissionDenied(f"{label!r} is not a period: start again.") from None


@viewer_required
def enter_values(request):
    organisation, period = where(request)
    indicators = [i for i in own_indicators(organisation) if i.period_type == period.period_type]
    form = ValuesForm(request.POST or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        made = run(
            form,
            actions.enter_submission,
            by=request.user,
            organisation=organisation,
            period=period,
            rows=form.rows(),
        )
        if made:
            return redirect("submissions:submission", pk=made[0].pk)
    context = {"form": form, "organisation": organisation, "period": period, "crumbs": trail()}
    return render(request, "indicators/submission_values.html", context, status=form_status(form))


@viewer_required
def submission(request, pk):
    submission = get_object_or_404(listed(), pk=pk)
    if not request.user.has_perm("indicators.view_submission", submission):
        raise PermissionDenied(VIEW_REFUSAL)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _take_step(request, submission, form):
        return redirect("submissions:submission", pk=submission.pk)
    page = _page_of(request, submission, form)
    return render(request, "indicators/submission_detail.html", page, status=form_status(form))


def _take_step(request, submission, form) -> bool:
    action, with_reason, done = STEPS[form.cleaned_data["step"]]
    reason = {"reason": form.cleaned_data["reason"]} if with_reason else {}
    if run(form, action, by=request.user, submission=submission, **reason) is None:
        return False
    messages.success(request, done)
    return True


def _page_of(request, submission, form) -> dict:
    user = request.user
    return {
        "submission": submission,
        "form": form,
        "rows": submission.rows.select_related("indicator"),
        "steps": submission.steps.select_related("by"),
        "can_submit": submission.state == State.DRAFT
        and not submission.errors
        and user.has_perm("indicators.submit", submission),
        "can_approve": submission.state == State.SUBMITTED
        and user.has_perm("indicators.approve", submission)
        and not made_or_submitted_it(user, submission),
        "crumbs": trail(),
    }
