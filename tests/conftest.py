"""Shared fixtures. The suite runs on SQLite, or on PostgreSQL when DATABASE_URL names it."""

import datetime as dt
from pathlib import Path

import pytest

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The published NHS files beside the project. Tests that read them skip when absent."""
    if not REALDATA.exists():
        pytest.skip("the published NHS files (../shared/realdata) are not beside this checkout")
    return REALDATA


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """A fast hasher for every test: the suite makes many logins and tests permissions, not
    hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a module's tests, for data that costs seconds to write and that
    they only read: what a module-scoped fixture writes after requesting this is seen by each
    test of the module (each still in its own savepoint, as with `db`, so what a test writes is
    undone) and rolled back after the last. Only for a module whose every test uses that data,
    and none with `transaction=True`."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def day():
    return dt.date.fromisoformat


@pytest.fixture
def viewer(db):
    from tests.factories import UserFactory

    return UserFactory(role="viewer")


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(role="editor")


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(role="admin")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd), with Django's SMTP backend pointed at it.
    `smtp_server.mailbox.messages` holds what it received."""
    from tests.smtp import SMTPServer

    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and progress files in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """A real OpenID Connect provider on 127.0.0.1 (tests/oidc/provider.py)."""
    from tests.oidc.provider import Provider

    with Provider(f"{live_server.url}/sign-in/provider/callback/") as provider:
        yield provider


@pytest.fixture
def with_provider(oidc_provider, settings):
    """Concord configured for the test provider, by discovery from its issuer URL."""
    from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, PROVIDER_NAME

    settings.CONCORD_OIDC_ISSUER = oidc_provider.issuer
    settings.CONCORD_OIDC_CLIENT_ID = CLIENT_ID
    settings.CONCORD_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.CONCORD_OIDC_PROVIDER_NAME = PROVIDER_NAME
    return oidc_provider
