"""API tokens for scripts. Only a hash of the token is stored; the token is shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

__all__ = ["ApiToken", "LoginChange"]

PREFIX = "concord_"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token for `user`; returns the record and the token text (shown only now)."""
        token = PREFIX + secrets.token_urlsafe(32)
        record = self.create(user=user, name=name, key_hash=_hash_token(token))
        return record, token

    def user_for(self, token: str):
        record = self.select_related("user").filter(key_hash=_hash_token(token)).first()
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


class LoginChange(models.Model):
    """One change to a login, as an administrator made it: given, its role changed, closed.
    Written by the actions of concord.access.actions, never changed or removed afterwards."""

    GIVEN, ROLE, CLOSED = "given", "role", "closed"
    WHAT = [(GIVEN, "Login given"), (ROLE, "Role changed"), (CLOSED, "Login closed")]

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="login_changes_made"
    )
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="login_changes"
    )
    what = models.CharField(max_length=10, choices=WHAT)
    before = models.CharField(max_length=100, blank=True)
    after = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_what_display()}: {self.user} by {self.by}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A login change on record is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A login change on record is never removed.")
