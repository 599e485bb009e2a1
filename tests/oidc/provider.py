"""A real OpenID Connect provider for tests: node runs tests/oidc/provider.mjs (panva's
oidc-provider) on 127.0.0.1, and Concord's settings point at it by discovery."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.smtp import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACKAGE = ROOT / "node_modules" / "oidc-provider"
CLIENT_ID, CLIENT_SECRET = "concord", "concord-test-secret"
PROVIDER_NAME = "NHS Test Identity"

# The provider's test accounts: the login name typed on its sign-in page, and the claims it sends.
ACCOUNTS = {
    "ann": {"email": "Ann.Fictional@example.nhs.uk", "email_verified": True},
    "bo": {"email": "bo.fictional@example.nhs.uk", "email_verified": True},
    "stranger": {"email": "stranger@example.nhs.uk", "email_verified": True},
    "unsure": {"email": "unsure@example.nhs.uk", "email_verified": False},
    "closed": {"email": "closed@example.nhs.uk", "email_verified": True},
    # As Entra ID sends an organisational account: no email_verified, its domain verified instead.
    "entra": {"email": "entra.fictional@example.nhs.uk", "xms_edov": True},
    "entra-unsure": {"email": "unsure.entra@example.nhs.uk", "xms_edov": False},
}


class Provider:
    def __init__(self, redirect_uri: str):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.redirect_uri = redirect_uri

    def __enter__(self):
        node = shutil.which("node")
        if node is None:
            pytest.skip("node is not installed: the OpenID Connect provider for tests needs it")
        if not PACKAGE.exists():
            pytest.skip("the npm package oidc-provider is not installed (run npm install)")
        args = [node, str(HERE / "provider.mjs"), str(self.port), self.redirect_uri]
        self.process = subprocess.Popen(
            [*args, json.dumps(ACCOUNTS)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline()  # blocks until it listens, or exits
        if not line.startswith("listening"):
            self.process.wait(10)
            raise RuntimeError(f"the OpenID Connect provider did not start ({line!r})")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)
