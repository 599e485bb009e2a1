"""Publishing a submission: its figures become measurements, through the importers' writer.

The measurements name the submission as their provenance (an ImportBatch of kind "submission"),
parents are rolled up from the practices, and the status refresh is called by name
(`after_measurements_changed`). A published submission for the same organisation and period is
superseded: kept and readable, its measurements replaced by the new ones (a figure the new
submission no longer carries is removed), the change recorded.
"""

from django.utils import timezone

from concord.accountability.refresh import after_measurements_changed
from concord.organisations.models import ImportBatch

from ..aggregation import roll_up
from ..models import Measurement
from ..writer import MeasurementSync
from .models import State, Submission, SubmissionStep

__all__ = ["publish", "step"]

KIND = "submission"


def publish(submission: Submission, by) -> Submission:
    """Write the approved submission's figures as measurements and supersede the last one."""
    earlier = list(
        Submission.objects.select_for_update()
        .filter(organisation=submission.organisation, period=submission.period)
        .filter(state=State.PUBLISHED)
        .exclude(pk=submission.pk)
    )
    rows = list(submission.rows.select_related("indicator"))
    submission.batch = provenance(submission, by, len(rows))
    counts = write(submission, rows)
    counts["removed"] = withdraw(earlier, {r.indicator_id for r in rows})
    record(submission, counts)
    roll_up({r.indicator for r in rows}, submission.period, by=by)
    for old in earlier:
        supersede(old, by=by, by_submission=submission)
    submission.supersedes = earlier[0] if earlier else None
    return step(submission, State.PUBLISHED, by)


def provenance(submission: Submission, by, rows: int) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=KIND,
        file_name=f"submission {submission.pk}",
        checksum=submission.content_hash,
        status=ImportBatch.Status.DONE,
        rows_read=rows,
        imported_by=by,
        finished_at=timezone.now(),
        notes=f"{submission.organisation.name}, {submission.period.label}",
    )


def write(submission: Submission, rows) -> dict:
    sync = MeasurementSync({r.indicator for r in rows}, [submission.period], batch=submission.batch)
    for r in rows:
        sync.want(
            r.indicator,
            submission.organisation_id,
            submission.period,
            r.numerator,
            r.denominator,
            r.published,
        )
    return sync.save()


def withdraw(earlier: list[Submission], kept: set[int]) -> int:
    """Remove the figures of earlier submissions that the new one no longer carries."""
    batches = [s.batch_id for s in earlier if s.batch_id]
    stale = Measurement.objects.filter(batch_id__in=batches).exclude(indicator_id__in=kept)
    return stale.delete()[0]


def record(submission: Submission, counts: dict) -> None:
    batch = submission.batch
    batch.created, batch.updated = counts["created"], counts["updated"]
    batch.unchanged = counts["unchanged"]
    batch.save()
    after_measurements_changed(
        reason=f"the publication of submission {submission.pk} "
        f"({submission.organisation.name}, {submission.period.label})",
        rows=counts["created"] + counts["updated"] + counts["removed"],
        batch=batch,
    )


def supersede(old: Submission, *, by, by_submission: Submission) -> None:
    step(old, State.SUPERSEDED, by, f"Replaced by submission {by_submission.pk}.")


def step(submission: Submission, state: str, by, reason: str = "") -> Submission:
    """Move the submission to `state` and add the step to its trail."""
    submission.state = state
    submission.save()
    SubmissionStep.objects.create(submission=submission, state=state, by=by, reason=reason)
    return submission
