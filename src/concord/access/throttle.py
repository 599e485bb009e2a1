"""Throttling password sign-in: django-axes, configured in settings (`AXES_*`).

After `AXES_FAILURE_LIMIT` wrong passwords for one username from one address, that username is
locked out from that address for `AXES_COOLOFF_TIME`, counted from the last attempt; the right
password is refused meanwhile. Locking the pair (not the username alone) keeps someone who
guesses from locking a colleague out from their own desk. Every failure is kept
(`AccessFailureLog`, `AccessAttempt`, in Django's admin) and `concord axes_reset` unlocks
everyone (`axes_reset_username NAME` one login).

Signing in with the organisation's identity provider is not throttled here: the provider checks
the password and throttles it, and its callback cannot be guessed (state, nonce and PKCE are
checked). API tokens never pass through `authenticate`.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str | None:
    """The browser's address: REMOTE_ADDR, or behind `CONCORD_TRUSTED_PROXIES` proxies the one
    the outermost of them put in X-Forwarded-For (the addresses before it could be anyone's)."""
    proxies = settings.CONCORD_TRUSTED_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [a.strip() for a in forwarded if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def username(request, credentials: dict) -> str | None:
    """The username as tried, case folded, so that changing its case does not reset the count."""
    name = (credentials or {}).get("username")
    return name.strip().casefold() if isinstance(name, str) else name


def not_a_password(request, credentials: dict | None) -> bool:
    """True for an authentication that brings no username and password (the provider's
    callback): axes neither counts nor locks it."""
    return credentials is not None and "username" not in credentials


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: when to try again, and what else to do."""
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    context = {
        "until": timezone.localtime() + cool_off,
        "minutes": int(cool_off.total_seconds() // 60),
        "limit": settings.AXES_FAILURE_LIMIT,
        "admin": request.path.startswith("/admin/"),
    }
    return render(request, "registration/locked_out.html", context, status=429)
