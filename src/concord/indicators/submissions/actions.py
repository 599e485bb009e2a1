"""Every write on a data submission: atomic, keyword-only, acting user first, permission checked.

draft → submitted → approved → published, or returned / rejected with a reason; a later
published submission supersedes an earlier one. Each step is added to the submission's trail.
"""

from django.db import IntegrityError, transaction

from concord.access.refusals import Conflict, Invalid, NotAllowed, register, require
from concord.notifications import notices

from .. import rules as r
from .models import Source, State, Submission, SubmissionRow
from .publish import publish, step
from .reading import Checked, check_file, check_rows, digest, json_digest, source_of

__all__ = [
    "KeyReused",
    "SubmissionError",
    "approve_submission",
    "enter_submission",
    "reject_submission",
    "return_submission",
    "saved_unless_sent",
    "submit_submission",
    "upload_submission",
]


class SubmissionError(Invalid):
    """A step the submission's state does not allow; the message says why."""


class KeyReused(Conflict):
    """The Idempotency-Key was already used for a different submission."""


REFUSALS = register(
    {
        "indicators.submit": r.SUBMIT_REFUSAL,
        "indicators.approve": r.APPROVE_REFUSAL,
        "indicators.view_submission": r.VIEW_REFUSAL,
    }
)


def locked(submission: Submission) -> Submission:
    """The submission re-read under a row lock, so two steps at once queue."""
    submissions = Submission.objects.select_for_update().select_related("organisation", "period")
    return submissions.get(pk=submission.pk)


@transaction.atomic
def upload_submission(
    *, by, organisation, period, content: bytes, file_name: str, idempotency_key: str = ""
) -> tuple[Submission, bool]:
    """A draft from an uploaded CSV or workbook, checked in full: (submission, created)."""
    source = source_of(file_name)
    draft = Submission(organisation=organisation, period=period, source=source)
    draft.file_name, draft.content_hash = file_name, digest(content)
    return created(
        by, draft, idempotency_key, lambda: check_file(content, source, organisation, period)
    )


@transaction.atomic
def enter_submission(
    *,
    by,
    organisation,
    period,
    rows: list[dict],
    source: str = Source.FORM,
    idempotency_key: str = "",
) -> tuple[Submission, bool]:
    """A draft from figures entered in the form or sent as JSON rows: (submission, created).
    Each row names its indicator; its organisation and period default to the submission's."""
    filled = [{"organisation": organisation.code, "period": period.label, **row} for row in rows]
    draft = Submission(organisation=organisation, period=period, source=source)
    draft.content_hash = json_digest(filled)
    numbered = list(enumerate(filled, start=1))
    return created(by, draft, idempotency_key, lambda: check_rows(numbered, organisation, period))


def created(by, draft: Submission, key: str, check) -> tuple[Submission, bool]:
    require(by, "indicators.submit", draft)
    if key and (earlier := Submission.objects.filter(created_by=by, idempotency_key=key).first()):
        return _same_as(earlier, draft), False
    checked: Checked = check()
    draft.created_by, draft.idempotency_key = by, key
    draft.errors = [e.as_dict() for e in checked.errors]
    if (earlier := saved_unless_sent(draft)) is not None:
        return _same_as(earlier, draft), False
    SubmissionRow.objects.bulk_create(_row_of(draft, row) for row in checked.rows)
    return step(draft, State.DRAFT, by), True


def saved_unless_sent(draft: Submission) -> Submission | None:
    """Save the draft; or, when the same key was sent twice at once and the other request saved
    first, the submission it made."""
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        return Submission.objects.get(
            created_by=draft.created_by, idempotency_key=draft.idempotency_key
        )
    return None


def _same_as(earlier: Submission, draft: Submission) -> Submission:
    """A retried request returns the first submission; the same key for other content is refused."""
    same = (earlier.organisation_id, earlier.period_id, earlier.content_hash) == (
        draft.organisation_id,
        draft.period_id,
        draft.content_hash,
    )
    if not same:
        raise KeyReused(
            "This Idempotency-Key was already used for a different submission "
            f"(submission {earlier.pk}); use a new key for new figures."
        )
    return earlier


def _row_of(submission: Submission, row) -> SubmissionRow:
    return SubmissionRow(
        submission=submission,
        number=row.number,
        indicator=row.indicator,
        numerator=row.numerator,
        denominator=row.denominator,
        published=row.published,
    )


@transaction.atomic
def submit_submission(*, by, submission: Submission) -> Submission:
    """Put a draft without errors forward for approval; approved (and published) at once when
    every indicator in it is approved automatically."""
    submission = locked(submission)
    require(by, "indicators.submit", submission)
    in_state(submission, State.DRAFT, "only a draft is submitted")
    if submission.errors:
        raise SubmissionError(
            f"This submission has {len(submission.errors)} "
            f"error{'s' if len(submission.errors) > 1 else ''}: "
            "correct the file and upload it again."
        )
    if not submission.rows.exists():
        raise SubmissionError("This submission has no figures to submit.")
    step(submission, State.SUBMITTED, by)
    if automatic(submission):
        step(
            submission,
            State.APPROVED,
            None,
            "Approved on submit: every indicator in it is approved automatically.",
        )
        publish(submission, by)
    else:
        notices.approval_awaited(submission)
    return submission


def automatic(submission: Submission) -> bool:
    return not submission.rows.exclude(indicator__approval="automatic").exists()


def _check_approver(by, submission: Submission) -> None:
    if r.made_or_submitted_it(by, submission):
        raise NotAllowed(r.OWN_REFUSAL)
    require(by, "indicators.approve", submission)
    in_state(submission, State.SUBMITTED, "only a submitted one is approved or returned")


def in_state(submission: Submission, state: str, rule: str) -> None:
    if submission.state != state:
        shown = submission.get_state_display().lower()
        raise SubmissionError(f"This submission is {shown}: {rule}.")


@transaction.atomic
def approve_submission(*, by, submission: Submission) -> Submission:
    """Approve a submitted submission and publish its figures as measurements."""
    submission = locked(submission)
    _check_approver(by, submission)
    step(submission, State.APPROVED, by)
    return publish(submission, by)


@transaction.atomic
def return_submission(*, by, submission: Submission, reason: str) -> Submission:
    """Send a submitted submission back to its organisation, saying what to correct."""
    submission = locked(submission)
    _check_approver(by, submission)
    if not reason.strip():
        raise SubmissionError("Say why the submission is returned, so that it can be corrected.")
    return step(submission, State.RETURNED, by, reason.strip())


@transaction.atomic
def reject_submission(*, by, submission: Submission, reason: str) -> Submission:
    """Refuse a submitted submission for good, saying why."""
    submission = locked(submission)
    _check_approver(by, submission)
    if not reason.strip():
        raise SubmissionError("Say why the submission is rejected.")
    return step(submission, State.REJECTED, by, reason.strip())
