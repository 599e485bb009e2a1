"""/api/v1/me: what needs the signed-in person, as their home page shows it."""

from django.utils.timezone import localdate
from ninja import Router

from concord.accountability.needs import needs_for

from .needs_schemas import NeedsOut

__all__ = ["router"]

router = Router(tags=["me"])


@router.get("/needs", response=NeedsOut, url_name="my-needs")
def my_needs(request):
    """The positions the person's seats owe, their organisations' commitments off track or at
    risk, open red flags, meeting actions due, their forums' next meetings and, for an analyst,
    submissions awaiting approval and jobs queued or running."""
    return needs_for(request.auth, localdate())  # the session's user or the token's
