"""What the browser is told and what the log says: a Content-Security-Policy with a nonce on
every page and the admin's, every inline script carrying it; HTTPS, HSTS and secure cookies under
production settings (`CONCORD_HTTPS=1`), so `concord check --deploy` reports nothing, while the
demo keeps plain HTTP; and a refusal (403) logged as one line, not a traceback."""

import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SCRIPT = re.compile(r"<script\b([^>]*)>", re.S)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def nonce_of(found: dict) -> str:
    [nonce] = [s for s in found["script-src"] if s.startswith("'nonce-")]
    return nonce.removeprefix("'nonce-").removesuffix("'")


@pytest.mark.parametrize("path", ["/", "/organisations/", "/sign-in/", "/admin/"])
def test_every_page_has_a_policy_and_every_inline_script_its_nonce(client, path):
    if path != "/sign-in/":
        client.force_login(UserFactory(role="admin", is_staff=True, is_superuser=True))
    response = client.get(path)
    assert response.status_code == 200
    found = policy(response)
    assert found["default-src"] == ["'self'"] and found["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in found["script-src"]
    assert "'unsafe-eval'" not in found["script-src"]
    page = response.content.decode()
    inline = [a for a in SCRIPT.findall(page) if "src=" not in a]
    if path != "/admin/":  # Django's admin has no inline script
        assert inline, "the page's own inline scripts"
        nonce = nonce_of(found)
        assert all(f'nonce="{nonce}"' in attrs for attrs in inline), inline
    else:
        assert not [a for a in inline if 'type="application/json"' not in a], inline


def test_htmx_is_told_not_to_add_its_inline_style(client):
    client.force_login(UserFactory(role="viewer"))
    page = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in page


def test_the_demo_settings_keep_plain_http():
    assert not settings.SECURE_SSL_REDIRECT and not settings.SECURE_HSTS_SECONDS
    assert not settings.SESSION_COOKIE_SECURE


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    """`concord check --deploy` in a process of its own, with the environment given."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CONCORD_")}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests when they share a run
    environment = {
        **base,
        "CONCORD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "CONCORD_ALLOWED_HOSTS": "concord.example.nhs.uk",
        **env,
    }
    code = "from concord.cli import main; main(['check', '--deploy', '--fail-level', 'WARNING'])"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    production = deploy_check(tmp_path, CONCORD_HTTPS="1")
    assert production.returncode == 0, production.stderr
    assert "System check identified no issues (1 silenced)" in production.stdout

    demo = deploy_check(tmp_path)  # the same without CONCORD_HTTPS: it says what is missing
    assert demo.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in demo.stderr


def test_a_refusal_is_logged_as_one_line_saying_who_and_where(client, caplog):
    viewer = UserFactory(username="val.viewer", role="viewer")
    client.force_login(viewer)
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("organisation-add"))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and record.exc_text is None
    line = record.getMessage()
    assert "val.viewer" in line and "/organisations/new/" in line and "\n" not in line
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback(caplog):
    from concord.config.logs import RefusalsOnOneLine

    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", (),
            sys.exc_info(),
        )  # fmt: skip
    record.status_code = 500
    assert RefusalsOnOneLine().filter(record) and record.exc_info is not None


def test_no_template_has_an_inline_handler_or_a_script_without_the_nonce():
    """The policy runs neither: an onclick= would do nothing, an inline <script> without the
    nonce would not run."""
    from pathlib import Path

    import concord

    found = []
    for template in Path(concord.__file__).parent.rglob("templates/**/*.html"):
        text = template.read_text()
        found += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        for attrs in SCRIPT.findall(text):
            if "src=" not in attrs and "CSP_NONCE" not in attrs and "application/" not in attrs:
                found.append(f"{template.name}: <script{attrs}>")
        found += [
            f"{template.name}: <style>" for _ in re.findall(r"<style(?![^>]*CSP_NONCE)", text)
        ]
    # the meeting pack is drawn by WeasyPrint and downloaded, never shown under the policy
    assert [f for f in found if not f.startswith("pack.html")] == []
