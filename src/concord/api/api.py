"""The Concord API: one router per app, in that app; viewer role required; OpenAPI at
/api/v1/docs."""

from ninja.errors import AuthenticationError

from .answers import ConcordAPI
from .auth import NOT_SIGNED_IN, viewer_auth

__all__ = ["api"]

api = ConcordAPI(
    title="Concord API",
    version="1",
    description="The health-economy registry: organisations, dated links, people, imports.",
    auth=viewer_auth(),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", "concord.organisations.api.router")  # /organisations, /people
api.add_router("/imports", "concord.jobs.api.router")
api.add_router("/search", "concord.web.api.router")
api.add_router("", "concord.indicators.api.router")  # /indicators, /measurements, statistics
api.add_router("/governance", "concord.governance.api.router")
api.add_router("/programmes", "concord.pathways.api.router")
api.add_router("/contracts", "concord.contracts.api.router")
api.add_router("", "concord.accountability.api.router")  # /accountability, /me/needs
api.add_router("/me", "concord.notifications.api.router")


@api.exception_handler(AuthenticationError)
def not_signed_in(request, exc):
    response = api.create_response(request, {"detail": NOT_SIGNED_IN}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="concord"'
    return response
