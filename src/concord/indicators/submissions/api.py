"""The data submission endpoints, under /api/v1/submissions (added to the indicators router).

POST /submissions takes a CSV or Excel file (multipart: organisation, period, file) or JSON rows;
an Idempotency-Key header makes a retried request return the first submission (200) instead of
making a second (201); the same key for other figures is 409. A file with errors is 422 listing
every one. Submit, approve, return and reject call the same actions as the pages: refused is
403, a wrong state 409.
"""

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticError

from concord.api.acting import REFUSED, act
from concord.api.bounds import Id
from concord.api.schemas import Error
from concord.organisations.models import Organisation

from ..periods import PeriodInvalid
from ..rules import VIEW_REFUSAL
from ..schemas import RejectionIn, SubmissionIn, SubmissionInvalidOut, SubmissionOut
from . import actions
from .models import Source, Submission
from .queries import listed, period_of

__all__ = ["router"]

router = Router(tags=["submissions"])
CREATED = {
    200: SubmissionOut,
    201: SubmissionOut,
    **REFUSED,
    422: SubmissionInvalidOut,
}  # every row error
UPLOAD = {
    "type": "object",
    "properties": {
        "organisation": {"type": "string", "description": "the organisation's ODS code"},
        "period": {"type": "string", "description": "2021-22, 2021-22 Q4 or 2021-03"},
        "file": {"type": "string", "format": "binary", "description": "a .csv or .xlsx file"},
    },
    "required": ["organisation", "period", "file"],
}
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": UPLOAD},
            "application/json": {"schema": SubmissionIn.model_json_schema()},
        },
    },
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "a retry with the same key returns the first submission (200)",
        }
    ],
}


def _submission_of(pk: int) -> Submission:
    return get_object_or_404(listed(), pk=pk)


def invalid(detail: str, submission=None, errors=()) -> Status:
    return Status(422, {"detail": detail, "submission": submission, "errors": list(errors)})


def where(organisation: str, period: str):
    """(organisation, period) from a code and a label, or None and the 422 saying why."""
    org = Organisation.objects.filter(code=organisation).first()
    if org is None:
        return None, invalid(f"No organisation has the code {organisation!r}.")
    try:
        return (org, period_of(period)), None
    except PeriodInvalid as error:
        return None, invalid(str(error))


@router.post("/submissions", response=CREATED, url_name="submissions", openapi_extra=BODY)
def create(request):
    """A new submission from a CSV or XLSX file (multipart) or JSON rows, checked in full."""
    try:
        made = upload(request) if _is_form(request) else entered(request)
    except PydanticError as error:
        return invalid("The JSON body is not a submission.", errors=_json_errors(error))
    if isinstance(made, Status):
        return made
    submission, created = made
    if submission.errors:
        return invalid(
            "The figures have errors: correct them and send again.",
            submission.pk,
            submission.errors,
        )
    return Status(201 if created else 200, _submission_of(submission.pk))


def _json_errors(error: PydanticError) -> list[dict]:
    return [
        {"row": None, "column": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
        for e in error.errors()
    ]


def _is_form(request) -> bool:
    """A multipart (or form) body: the figures come as a file; anything else is JSON rows."""
    return request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded")


def upload(request):
    if not request.FILES:
        return invalid("Send the figures as a CSV or Excel file in the field 'file', or as JSON.")
    organisation_period, refusal = where(
        request.POST.get("organisation", ""), request.POST.get("period", "")
    )
    if refusal:
        return refusal
    file = next(iter(request.FILES.values()))
    return act(
        actions.upload_submission,
        by=request.auth,
        organisation=organisation_period[0],
        period=organisation_period[1],
        content=file.read(),
        file_name=file.name,
        idempotency_key=key_of(request),
    )


def entered(request):
    data = SubmissionIn.model_validate_json(request.body or b"{}")
    organisation_period, refusal = where(data.organisation, data.period)
    if refusal:
        return refusal
    rows = [{k: "" if v is None else str(v) for k, v in r.dict().items()} for r in data.rows]
    return act(
        actions.enter_submission,
        by=request.auth,
        organisation=organisation_period[0],
        period=organisation_period[1],
        rows=rows,
        source=Source.JSON,
        idempotency_key=key_of(request),
    )


def key_of(request) -> str:
    return request.headers.get("Idempotency-Key", "").strip()[:255]


@router.get(
    "/submissions/{pk}",
    response={200: SubmissionOut, 403: Error, 404: Error},
    url_name="submission",
)
def submission(request, pk: Id):
    """One submission: its rows, its errors and its trail of steps (for the people of its
    organisation and analysts: its counts are not yet through disclosure control)."""
    submission = _submission_of(pk)
    if not request.auth.has_perm("indicators.view_submission", submission):
        raise HttpError(403, VIEW_REFUSAL)
    return submission


@router.post("/submissions/{pk}/submit", response={200: SubmissionOut, **REFUSED})
def submit(request, pk: Id):
    """Put a draft without errors forward for approval."""
    act(actions.submit_submission, by=request.auth, submission=_submission_of(pk))
    return _submission_of(pk)


@router.post("/submissions/{pk}/approve", response={200: SubmissionOut, **REFUSED})
def approve(request, pk: Id):
    """Approve a submitted submission: its figures are published as measurements."""
    act(actions.approve_submission, by=request.auth, submission=_submission_of(pk))
    return _submission_of(pk)


@router.post("/submissions/{pk}/return", response={200: SubmissionOut, **REFUSED})
def send_back(request, pk: Id, data: RejectionIn):
    """Return a submitted submission to its organisation, saying what to correct."""
    act(
        actions.return_submission,
        by=request.auth,
        submission=_submission_of(pk),
        reason=data.reason,
    )
    return _submission_of(pk)


@router.post("/submissions/{pk}/reject", response={200: SubmissionOut, **REFUSED})
def reject(request, pk: Id, data: RejectionIn):
    """Refuse a submitted submission for good, saying why; its figures are never published."""
    act(
        actions.reject_submission,
        by=request.auth,
        submission=_submission_of(pk),
        reason=data.reason,
    )
    return _submission_of(pk)
