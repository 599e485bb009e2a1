"""`GET/PUT /api/v1/me/notifications`: your own choice of emails, as on the preferences page."""

from ninja import Router

from concord.api.acting import act
from concord.api.schemas import Error, Invalid
from concord.governance.representation import person_of

from .actions import current, set_preferences
from .schemas import PreferencesIn, PreferencesOut

router = Router(tags=["notifications"])


@router.get("/notifications", response=PreferencesOut, url_name="my_notifications")
def my_notifications(request):
    return current(person_of(request.auth))


@router.put(
    "/notifications",
    response={200: PreferencesOut, 403: Error, 409: Error, 422: Invalid},
    url_name="set_my_notifications",
)
def set_my_notifications(request, data: PreferencesIn):
    choices = {kind: value for kind, value in data.dict().items() if value is not None}
    return act(set_preferences, by=request.auth, choices=choices)
