"""A job: one piece of background work asked for by a person, its state and its outcome."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["Job", "upload_path"]


def upload_path(job: "Job", name: str) -> str:
    """Each upload in a folder of its own, under its own name: importers read the period or the
    map's date from the file name (…_1920.csv), and errors name the file as the person knows it."""
    return f"imports/{uuid.uuid4().hex}/{PurePosixPath(name).name}"


class Job(models.Model):
    """An import of a national file, a meeting's pack or a status refresh, run by the worker.

    `key` says what the job works on (the kind of file, `pack-<meeting>`, `refresh`); the database
    holds at most one queued or running job per key, so two uploads of the same kind at the same
    moment cannot both start."""

    class Work(models.TextChoices):
        IMPORT = "import", "Import"
        PACK = "pack", "Meeting pack"
        REFRESH = "refresh", "Status refresh"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    ACTIVE = (State.QUEUED, State.RUNNING)

    work = models.CharField(max_length=10, choices=Work.choices)
    key = models.CharField(max_length=40, help_text="what the job works on; one active per key")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    upload = models.FileField(upload_to=upload_path, blank=True, max_length=255)
    output = models.FileField(upload_to="packs/", blank=True, max_length=255)
    as_at = models.DateField(null=True, blank=True)
    force = models.BooleanField(default=False)
    meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    outcome = models.TextField(blank=True, help_text="what it did, or why it failed")
    batch = models.ForeignKey(
        "organisations.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(state__in=["queued", "running"]),
                name="one_active_job_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_work_display()} {self.key} ({self.get_state_display().lower()})"

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.upload.name).name if self.upload else ""

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
