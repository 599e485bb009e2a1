"""The tasks the worker runs. Each takes a job's id, marks it running, and records its outcome;
an error that is not the file's fault still fails the job (and the task, for the queue's record)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from concord.accountability import pack, refresh
from concord.importing import IMPORTERS, ImportFailed
from concord.notifications import notices

from . import actions, progress
from .models import Job

__all__ = [
    "TASKS",
    "build_pack",
    "described",
    "failing_job",
    "import_file",
    "imported",
    "refresh_statuses",
]


@task()
def import_file(job_id: int) -> None:
    job = actions.mark_running(job_id)
    with progress.heartbeat(job.pk) as reporter, failing_job(job):
        importer = IMPORTERS[job.key](
            job.upload.path,
            by=job.requested_by,
            force=job.force,
            as_at=job.as_at,
            progress=False,
            on_progress=reporter,
        )
        try:
            batch = importer.run()
        except ImportFailed as error:
            return actions.finish(job, failed=f"Import failed, nothing was written. {error}")
        except refresh.StatusRefreshFailed as error:
            note = f"{imported(importer.batch)} The data were imported, but {error}"
            return actions.finish(job, outcome=note, batch=importer.batch)
    rows = {"rows_done": batch.rows_read, "rows_total": batch.rows_read}
    actions.finish(job, outcome=described(importer, batch), batch=batch, **rows)


@task()
def build_pack(job_id: int) -> None:
    job = actions.mark_running(job_id)
    with progress.heartbeat(job.pk) as reporter, failing_job(job):
        reporter(0, 1)
        pdf = pack.render_pdf(job.meeting)
        job.output.save(
            f"{job.meeting.forum.slug}-{job.meeting.date}-pack.pdf", ContentFile(pdf), save=False
        )
    with transaction.atomic():  # the job is finished and its readers told, or neither
        actions.finish(
            job, outcome="The pack is ready.", output=job.output.name, rows_done=1, rows_total=1
        )
        notices.pack_ready(job.meeting, job.pk)


@task()
def refresh_statuses(job_id: int) -> None:
    job = actions.mark_running(job_id)
    with progress.heartbeat(job.pk) as reporter, failing_job(job):
        reporter(0, 1)
        result = refresh.refresh()
    actions.finish(
        job, outcome=f"Status refreshed: {refresh.summary(result)}", rows_done=1, rows_total=1
    )


TASKS = {
    Job.Work.IMPORT: import_file,
    Job.Work.PACK: build_pack,
    Job.Work.REFRESH: refresh_statuses,
}


class failing_job:
    """Around a task's work: an unexpected error fails the job, then goes on to the queue."""

    def __init__(self, job: Job):
        self.job = job

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is not None and not isinstance(error, GeneratorExit):
            actions.finish(self.job, failed=f"Stopped by an unexpected error: {kind.__name__}.")
        return False


def imported(batch) -> str:
    return (
        f"Imported {batch.rows_read} rows from {batch.file_name} as batch {batch.pk}: "
        f"{batch.created} created, {batch.updated} updated, {batch.unchanged} unchanged, "
        f"{batch.closed} dated links and statuses closed."
    )


def described(importer, batch) -> str:
    if importer.already_imported:
        return (
            f"This file was already imported as batch {batch.pk} on {batch.started_at:%-d %B %Y}; "
            "nothing changed (tick “Read it again” to import it anyway)."
        )
    return imported(batch)
