"""Who may call the API: a signed-in browser session or a bearer token, holding the viewer role."""

from ninja.errors import AuthorizationError
from ninja.security import HttpBearer, SessionAuth

from concord.access.models import ApiToken
from concord.access.roles import VIEWER, has_role

__all__ = ["NOT_SIGNED_IN", "viewer_auth"]

NOT_SIGNED_IN = "Sign in, or send a token as 'Authorization: Bearer concord_…'."
NO_ROLE = "You need the viewer role to read the registry; ask an administrator."


def _viewer_or_refuse(user):
    """The user when they may read the registry; a 403 when they are known but lack the role."""
    if user is None:
        return None
    if not has_role(user, VIEWER):
        raise AuthorizationError(message=NO_ROLE)
    return user


class BearerToken(HttpBearer):
    """`Authorization: Bearer concord_…`, a token issued by `concord token USERNAME`."""

    def authenticate(self, request, token):
        return _viewer_or_refuse(ApiToken.objects.user_for(token))


class ViewerSession(SessionAuth):
    """Django's session, with ninja's CSRF check on unsafe methods."""

    def authenticate(self, request, key):
        return _viewer_or_refuse(super().authenticate(request, key))


def viewer_auth() -> list:
    return [BearerToken(), ViewerSession()]
