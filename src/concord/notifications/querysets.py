from django.db import connection, models

__all__ = ["NotificationQuerySet"]


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        """Not sent yet, and not refused by the mail server."""
        return self.filter(sent_at__isnull=True, error="")

    def claimed(self):
        """Rows locked for sending; rows another worker holds are skipped where the database
        can (PostgreSQL). SQLite's transactions take its one write lock as they begin, so two
        workers there queue instead."""
        skip = connection.features.has_select_for_update_skip_locked
        return self.select_for_update(skip_locked=skip)
