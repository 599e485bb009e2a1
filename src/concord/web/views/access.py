"""Who may see the registry's pages: signed-in people holding at least the viewer role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from concord.access.roles import VIEWER, has_role

__all__ = ["viewer_required"]

NO_ROLE = (
    "You are signed in, but your account does not hold the viewer role, so you cannot see "
    "the registry yet. Ask an administrator of Concord to give you the viewer role."
)


def viewer_required(view):
    """Anonymous people go to the sign-in page; signed-in people without a role get a 403."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not has_role(request.user, VIEWER):
            raise PermissionDenied(NO_ROLE)
        return view(request, *args, **kwargs)

    return checked
