"""Logging: a refusal is one line.

Django logs every 403 from `PermissionDenied` on `django.request` with the exception attached,
so each refusal of an editor printed a whole traceback. A refusal is the permission rules
working, not a fault: `RefusalsOnOneLine` turns it into one line saying who was refused what,
and leaves every other record (a 500's traceback above all) as it was.
"""

import logging

__all__ = ["RefusalsOnOneLine"]


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403 and record.exc_info:
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            who = user.get_username() if user is not None and user.is_authenticated else None
            record.msg = "Forbidden (permission denied): %s %s by %s"
            record.args = (
                getattr(request, "method", "?"),
                getattr(request, "path", "?"),
                who or "someone signed out",
            )
            record.exc_info = record.exc_text = None
        return True
