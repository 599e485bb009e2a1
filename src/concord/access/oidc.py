"""Signing in with the organisation's identity provider (OpenID Connect: Microsoft Entra ID,
NHS Care Identity Service 2): the authorization code flow with PKCE, state and nonce, the ID
token's RS256 signature checked against the provider's published keys (JWKS).

A person is matched by their verified email address, to the login whose email it is or whose
person (organisations.Person) has it. Nobody gets a login this way: an unknown or unverified
address, or a closed login, is refused with a page saying what to do. Configured by the
CONCORD_OIDC_* settings; with no client id, there is no such sign-in."""

import functools
import logging

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

__all__ = ["provider_name"]

log = logging.getLogger(__name__)

# Why a sign-in was refused: the page's heading and advice follow from it.
UNVERIFIED, UNKNOWN, SHARED, CLOSED, FAILED, UNAVAILABLE = (
    "unverified",
    "unknown",
    "shared",
    "closed",
    "failed",
    "unavailable",
)


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def configured() -> bool:
    return bool(
        settings.CONCORD_OIDC_CLIENT_ID
        and (settings.CONCORD_OIDC_ISSUER or all(settings.CONCORD_OIDC_ENDPOINTS.values()))
    )


def provider_name() -> str:
    return settings.CONCORD_OIDC_PROVIDER_NAME if configured() else ""


@functools.cache
def discovered(issuer: str) -> dict:
    """The issuer's /.well-known/openid-configuration, read once per process."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.CONCORD_OIDC_TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from None


def endpoint(name: str) -> str:
    """An endpoint of the provider: as set explicitly, else from its discovery document."""
    if explicit := settings.CONCORD_OIDC_ENDPOINTS.get(name):
        return explicit
    return discovered(settings.CONCORD_OIDC_ISSUER)[name]


# mozilla-django-oidc's names for what the CONCORD_OIDC_* settings say.
FIXED = {
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_CREATE_USER": False,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc-callback",
}


def _oidc_setting(attr, *default):
    if attr in FIXED:
        return FIXED[attr]
    if attr == "OIDC_RP_SCOPES":
        return settings.CONCORD_OIDC_SCOPES
    if attr == "OIDC_TIMEOUT":
        return settings.CONCORD_OIDC_TIMEOUT
    return import_from_settings(attr, *default)


def _verified_email(claims: dict) -> str:
    """The email address, if the provider vouches for it: `email_verified` true, or, when that
    claim is absent, Entra ID's `xms_edov` (the email's domain is verified by the tenant; Entra
    never sends `email_verified` for organisational accounts)."""
    email = (claims.get("email") or "").strip()
    verified = claims.get("email_verified", claims.get("xms_edov"))
    return email if email and verified in (True, "true", "True", "1", 1) else ""


def _matching_users(email: str):
    """The logins whose own email, or whose person's email, is `email` (any case)."""
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(person__email__iexact=email))
        .distinct()
    )


class Refused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's callback; never creates a login. Endpoints are found when
    someone signs in, not when the backend is made (it is made for every password sign-in)."""

    get_settings = staticmethod(_oidc_setting)
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    OIDC_RP_CLIENT_ID = property(lambda self: settings.CONCORD_OIDC_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.CONCORD_OIDC_CLIENT_SECRET)
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("token_endpoint"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("userinfo_endpoint"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("jwks_uri"))

    def authenticate(self, request, **kwargs):
        if not configured() or request is None or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        issuer = settings.CONCORD_OIDC_ISSUER
        if self.OIDC_RP_CLIENT_ID not in audiences or (
            issuer and payload.get("iss", "").rstrip("/") != issuer.rstrip("/")
        ):
            raise SuspiciousOperation("The ID token is not for this service.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        # The ID token's claims, and the userinfo endpoint's over them (Entra's optional claims
        # come in the ID token only).
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        email = _verified_email(claims)
        if not email:
            raise Refused(UNVERIFIED)
        users = list(_matching_users(email))
        if not users:
            raise Refused(UNKNOWN)
        if len(users) > 1:
            raise Refused(SHARED)  # never a guess between two people's logins
        if not users[0].is_active:
            raise Refused(CLOSED)
        return users[0]


def refused(request, reason: str, status=403):
    context = {"reason": reason, "provider": settings.CONCORD_OIDC_PROVIDER_NAME}
    return render(request, "registration/sign_in_refused.html", context, status=status)


class Start(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a fresh state, nonce and PKCE challenge."""

    get_settings = staticmethod(_oidc_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)

    def get(self, request):
        if not configured():
            raise Http404("Signing in with an identity provider is not set up.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("authorization_endpoint")
        except ProviderUnavailable as exc:
            log.warning("identity provider unavailable: %s", exc)
            return refused(request, UNAVAILABLE, status=503)
        self.OIDC_RP_CLIENT_ID = settings.CONCORD_OIDC_CLIENT_ID
        return super().get(request)


class Callback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: checks state, then the backend checks the
    code, the token and the person. Every refusal is a page, never an error."""

    get_settings = staticmethod(_oidc_setting)

    def get(self, request):
        if not configured():
            raise Http404("Signing in with an identity provider is not set up.")
        try:
            return super().get(request)
        except Refused as refusal:
            return refused(request, refusal.reason)
        except SuspiciousOperation as exc:
            log.warning("identity provider sign-in refused: %s", exc)
            return refused(request, FAILED, status=400)
        except (requests.RequestException, ProviderUnavailable) as exc:
            log.warning("identity provider unavailable: %s", exc)
            return refused(request, UNAVAILABLE, status=503)

    def login_failure(self):
        return refused(self.request, FAILED)


urlpatterns = [
    path("start/", Start.as_view(), name="oidc-start"),
    path("callback/", Callback.as_view(), name="oidc-callback"),
]
