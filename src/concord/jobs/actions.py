"""Every write of a job: asking for one (checked and enqueued), and the worker's reports on it.

Who may ask: analysts and administrators import national files and refresh statuses; the chair,
the forum's secretariat and analysts build a meeting's pack. One job per key at a time: a second
while one is queued or running is refused, by the database's constraint as well as here."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from concord.access import refusals
from concord.importing import IMPORTERS

from . import progress
from .models import Job
from .rules import builds_the_pack, imports_files

__all__ = [
    "AlreadyActive",
    "DATED_KINDS",
    "JobRefused",
    "NOT_UPLOADED",
    "NotAllowed",
    "NotTaken",
    "STALE",
    "UPLOADABLE",
    "REFUSALS",
    "fail_stale",
    "finish",
    "job_state",
    "mark_running",
    "may_build_pack",
    "may_import",
    "queue",
    "silent",
    "start_import",
    "start_pack",
    "start_refresh",
]

NOT_UPLOADED = {"measurements-csv", "contracts-csv", "kpis-csv"}  # their own pages and commands
UPLOADABLE = {kind: importer for kind, importer in IMPORTERS.items() if kind not in NOT_UPLOADED}
DATED_KINDS = {"epraccur", "qof-map", "qof-prevalence"}  # importers that take an as-at date
STALE = "The worker running this job stopped without finishing it (no word from it for {} s)."


class JobRefused(refusals.ActionRefused):
    """A job that cannot be started; its message says why, as a person would be told. Each kind
    is one of every action's refusals (concord.access.refusals), answered as they are."""


class NotAllowed(JobRefused, refusals.NotAllowed):
    """The person may not ask for this job."""


class NotTaken(JobRefused, refusals.Invalid):
    """The job cannot be asked for as it stands: a kind of file not uploaded here, a date the
    file does not take."""


class AlreadyActive(JobRefused, refusals.Conflict):
    """A job of the same key is waiting or running."""


REFUSALS = refusals.register(
    {
        "jobs.import": "Only analysts and administrators can import national files.",
        "jobs.refresh": "Only analysts and administrators can refresh statuses.",
        "jobs.build_pack": (
            "Only the chair, the forum's secretariat and analysts can build its pack."
        ),
    }
)


def may_import(user) -> bool:
    """The rule of "jobs.import", asked of the rule itself (no query of Django's permissions),
    to decide whether a page offers the upload."""
    return imports_files(user)


def may_build_pack(user, meeting) -> bool:
    return builds_the_pack(user, meeting)


def _require(by, perm: str, obj=None) -> None:
    """The one permission check (concord.access.refusals.require), refused as a job's."""
    try:
        refusals.require(by, perm, obj)
    except refusals.NotAllowed as refused:
        raise NotAllowed(str(refused)) from None


def start_import(*, by, kind: str, upload, as_at: dt.date | None = None, force=False) -> Job:
    """Store the uploaded file and queue its import."""
    _require(by, "jobs.import")
    if kind not in UPLOADABLE:
        raise NotTaken(f"{kind} is not a kind of national file that can be uploaded here.")
    if as_at and kind not in DATED_KINDS:
        raise NotTaken(f"{kind} files carry their own dates: leave the as-at date blank.")
    fields = {"upload": upload, "as_at": as_at, "force": force}
    return queue(by, work=Job.Work.IMPORT, key=kind, **fields)


def start_pack(*, by, meeting) -> Job:
    """Queue the drawing of a meeting's pack as PDF."""
    _require(by, "jobs.build_pack", meeting)
    return queue(by, work=Job.Work.PACK, key=f"pack-{meeting.pk}", meeting=meeting)


def start_refresh(*, by) -> Job:
    """Queue a refresh of every commitment's status, red flags and agenda proposals."""
    _require(by, "jobs.refresh")
    return queue(by, work=Job.Work.REFRESH, key="refresh")


def queue(by, work: str, key: str, **fields) -> Job:
    """Record the job (the database holds one waiting or running job per key) and hand it to
    the task queue. The start_* actions above check who may ask first."""
    fail_stale()
    job = Job(work=work, key=key, requested_by=by, **fields)
    try:
        # a savepoint: the constraint refusing a second active job for the key leaves the
        # caller's transaction usable, so the refusal can be answered
        with transaction.atomic():
            job.save()
    except IntegrityError:
        if job.upload:
            job.upload.delete(save=False)  # stored before the database refused the job
        raise AlreadyActive(_already_active(work, key)) from None
    from .tasks import TASKS

    Job.objects.filter(pk=job.pk).update(task_id=TASKS[work].enqueue(job.pk).id)
    return job


def _already_active(work: str, key: str) -> str:
    what = {
        Job.Work.IMPORT: f"An import of {key}",
        Job.Work.PACK: "This meeting's pack",
        Job.Work.REFRESH: "A status refresh",
    }[work]
    return f"{what} is already waiting or running: wait for it to finish before starting another."


# -- the worker's reports ----------------------------------------------------------------------


def mark_running(job_id: int) -> Job:
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING, started_at=timezone.now())
    return Job.objects.select_related("requested_by", "meeting__forum").get(pk=job_id)


def finish(job: Job, *, failed: str = "", outcome: str = "", **fields) -> None:
    """Record the outcome (and the counts of rows, once known) for the pages to show."""
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED if failed else Job.State.DONE,
        outcome=failed or outcome,
        finished_at=timezone.now(),
        **fields,
    )


def fail_stale() -> int:
    """Jobs whose worker is gone are failed: running ones silent for progress.STALE_AFTER
    seconds, and queued ones the queue no longer holds as waiting after as long (their task
    failed before it could start, or the worker died as it took it)."""
    cutoff = timezone.now() - dt.timedelta(seconds=progress.STALE_AFTER)
    running = Job.objects.filter(state=Job.State.RUNNING).values_list("pk", "started_at")
    stale = [pk for pk, started in running if silent(pk, started, cutoff)]
    stale += _orphaned(Job.objects.filter(state=Job.State.QUEUED, created_at__lt=cutoff))
    message = STALE.format(progress.STALE_AFTER)
    jobs = Job.objects.filter(pk__in=stale, state__in=Job.ACTIVE)
    return jobs.update(state=Job.State.FAILED, outcome=message, finished_at=timezone.now())


def _orphaned(queued) -> list[int]:
    tasks = dict(queued.exclude(task_id="").values_list("task_id", "pk"))
    waiting = DBTaskResult.objects.filter(pk__in=tasks, status=TaskResultStatus.READY)
    still = {str(pk) for pk in waiting.values_list("pk", flat=True)}
    return [pk for task, pk in tasks.items() if task not in still]


def silent(job_id: int, started_at, cutoff) -> bool:
    since = progress.seconds_since_heartbeat(job_id)
    if since is None:
        return started_at is None or started_at < cutoff
    return since > progress.STALE_AFTER


def job_state(job: Job) -> dict:
    """How far a job has got, as pages and the API show it: rows done and in all (from the
    worker's progress file while it runs) and the percentage. A running job whose worker fell
    silent is failed first, so a dead worker's job is shown as failed."""
    if job.state == Job.State.RUNNING and fail_stale():
        job.refresh_from_db()
    running = None if job.finished else progress.read(job.pk)
    done, total = running or (job.rows_done, job.rows_total)
    percent = round(100 * done / total) if total else (100 if job.state == Job.State.DONE else 0)
    return {"done": done, "total": total, "percent": percent}
