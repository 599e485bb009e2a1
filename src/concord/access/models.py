"""API tokens for scripts. Only a hash of the token is stored; the token is shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

PREFIX = "concord_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token for `user`; returns the record and the token text (shown only now)."""
        token = PREFIX + secrets.token_urlsafe(32)
        record = self.create(user=user, name=name, key_hash=hash_token(token))
        return record, token

    def user_for(self, token: str):
        record = self.select_related("user").filter(key_hash=hash_token(token)).first()
        if record is None or not record.user.is_active:
            return None
        return record.user


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self):
        return f"{self.name} ({self.user})"
