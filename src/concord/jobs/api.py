"""Import batches (which file came in, when, by whom, and what it changed), and the background
jobs the pages start (concord.jobs): national files uploaded to be imported, status refreshes and
meeting packs."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from concord.access import refusals
from concord.api.bounds import Id
from concord.api.pagination import Paged
from concord.api.schemas import Error
from concord.governance.models import Meeting
from concord.organisations.models import ImportBatch

from . import actions
from .models import Job
from .schemas import ImportBatchOut, JobOut

__all__ = ["router"]

router = Router(tags=["imports"])


@router.get("", response=list[ImportBatchOut], url_name="imports")
@paginate(Paged)
def list_imports(request):
    """Newest first."""
    return ImportBatch.objects.select_related("imported_by")


@router.post(
    "",
    response={202: JobOut, 403: Error, 409: Error, 422: Error},
    url_name="import-upload",
)
def upload(
    request,
    kind: Form[str],
    file: File[UploadedFile],
    as_at: Form[dt.date | None] = None,
    force: Form[bool] = False,
):
    """Queue the import of a national file (analysts and administrators): 202 with the job;
    403 for anyone else, 409 while a file of that kind is waiting or being imported, 422 for a
    kind that cannot be uploaded or a date it does not take."""
    job = queued(
        actions.start_import, by=request.auth, kind=kind, upload=file, as_at=as_at, force=force
    )
    return Status(202, described(job))


def queued(start, **kwargs) -> Job:
    """Run a start_* action of concord.jobs; its refusals become 403, 409 and 422."""
    try:
        return start(**kwargs)
    except actions.NotTaken as refused:  # input the job cannot take, as the API answers it
        raise HttpError(422, str(refused)) from None
    except actions.JobRefused as refused:
        raise HttpError(refusals.status(refused), str(refused)) from None


@router.post("/refresh", response={202: JobOut, 403: Error, 409: Error}, url_name="refresh")
def refresh(request):
    """Queue a refresh of every commitment's status, red flags and agenda proposals (analysts
    and administrators): 202 with the job, 409 while one is waiting or running."""
    return Status(202, described(queued(actions.start_refresh, by=request.auth)))


@router.post(
    "/packs/{int:meeting}",
    response={202: JobOut, 403: Error, 404: Error, 409: Error},
    url_name="pack-build",
)
def build_pack(request, meeting: Id):
    """Queue the drawing of a meeting's pack as PDF (its chair and secretariat, analysts): 202
    with the job, whose `outcome` names the file once done; 409 while one is being drawn."""
    the_meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=meeting)
    return Status(202, described(queued(actions.start_pack, by=request.auth, meeting=the_meeting)))


@router.get("/jobs/{int:pk}", response={200: JobOut, 404: Error}, url_name="import-job")
def job(request, pk: Id):
    """A job's state and progress; poll it until `state` is done or failed."""
    return described(get_object_or_404(Job, pk=pk))


def described(job: Job) -> dict:
    state = actions.job_state(job)
    fields = ("id", "work", "key", "state", "file_name", "as_at", "force", "outcome", "batch_id")
    times = ("created_at", "started_at", "finished_at")
    return {
        **{name: getattr(job, name) for name in (*fields, *times)},
        "rows_done": state["done"],
        "rows_total": state["total"],
        "percent": state["percent"],
    }
