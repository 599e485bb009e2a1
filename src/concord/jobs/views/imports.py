"""The imports pages: the history of files imported, and national files uploaded from the
browser, each run as a background job (concord.jobs) whose page shows its progress."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.indicators.models import ComputationRun
from concord.jobs import actions
from concord.jobs.models import Job
from concord.organisations.models import ImportBatch
from concord.web.actions import form_status, run
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from ..forms import ImportForm

__all__ = ["computations", "history", "job_page", "job_progress", "new_import", "refresh_statuses"]

PER_PAGE = 50
RECENT_JOBS = 10


def paged(request, records):
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return {"page": page, "page_range": page.paginator.get_elided_page_range(page.number)}


@viewer_required
def history(request):
    batches = ImportBatch.objects.select_related("imported_by")
    context = {
        **paged(request, batches),
        "jobs": Job.objects.select_related("requested_by")[:RECENT_JOBS],
        "may_import": actions.may_import(request.user),
        "section": "imports",
        "crumbs": crumbs.home(),
    }
    return render(request, "jobs/import_list.html", context)


@viewer_required
def computations(request):
    """Computation runs, newest first: engine, data snapshot, code version, time and rows."""
    runs = ComputationRun.objects.select_related("run_by")
    trail = [*crumbs.home(), ("Imports", reverse("imports"))]
    return render(
        request,
        "jobs/computation_list.html",
        {**paged(request, runs), "section": "imports", "crumbs": trail},
    )


def importer_required(view):
    """Imports from the browser are for analysts and administrators; others get a 403."""

    @viewer_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not actions.may_import(request.user):
            raise PermissionDenied("Only analysts and administrators can import national files.")
        return view(request, *args, **kwargs)

    return checked


@importer_required
def new_import(request):
    """Upload a national file: the job is queued and the person sent to watch it run."""
    posted = request.method == "POST"  # bound even when posted empty: then it says what to give
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    if posted and form.is_valid():
        data = form.cleaned_data
        job = run(
            form,
            actions.start_import,
            by=request.user,
            kind=data["kind"],
            upload=data["file"],
            as_at=data["as_at"],
            force=data["force"],
        )
        if job:
            return redirect("job", pk=job.pk)
    trail = [*crumbs.home(), ("Imports", reverse("imports"))]
    context = {"form": form, "section": "imports", "crumbs": trail}
    return render(request, "jobs/import_new.html", context, status=form_status(form))


@importer_required
def refresh_statuses(request):
    """Queue a refresh of every commitment's status; the imports page shows how it went."""
    if request.method != "POST":
        return redirect("imports")
    try:
        job = actions.start_refresh(by=request.user)
    except actions.JobRefused as refused:
        messages.error(request, str(refused))
        return redirect("imports")
    return redirect("job", pk=job.pk)


@viewer_required
def job_page(request, pk):
    """One background job: its progress while it runs (the fragment below, polled), then what
    it wrote or why it failed."""
    job = get_object_or_404(Job.objects.select_related("requested_by", "batch"), pk=pk)
    trail = [*crumbs.home(), ("Imports", reverse("imports"))]
    context = {"job": job, "section": "imports", "crumbs": trail, **actions.job_state(job)}
    return render(request, "jobs/job.html", context)


@viewer_required
def job_progress(request, pk):
    """The job's state alone, for htmx to swap in every second while it runs. It reads the job
    and its progress file only (its batch once it is done), never a table the import is writing."""
    job = get_object_or_404(Job, pk=pk)
    return render(request, "web/includes/job_progress.html", {"job": job, **actions.job_state(job)})
