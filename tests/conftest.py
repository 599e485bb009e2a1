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
