"""Status is recomputed whenever measurements change, without anyone asking.

Two explicit entry points:
- an import batch saved as done that created or updated rows (a Django post_save signal on
  ImportBatch, connected in apps.py) refreshes once the import's transaction commits;
- a computation that writes measurements calls `measurements_changed()` when it has finished.

Set CONCORD_ACCOUNTABILITY_AUTO_REFRESH = False to turn both off (a bulk load then runs
`concord accountability refresh` once at the end).
"""

from django.conf import settings
from django.db import transaction

from concord.organisations.models import ImportBatch


def enabled() -> bool:
    return getattr(settings, "CONCORD_ACCOUNTABILITY_AUTO_REFRESH", True)


def measurements_changed() -> None:
    """Refresh status and flags once the current transaction (if any) commits."""
    if not enabled():
        return
    from .refresh import refresh

    transaction.on_commit(refresh)


def import_finished(sender, instance: ImportBatch, **kwargs) -> None:
    done = instance.status == ImportBatch.Status.DONE
    if done and (instance.created or instance.updated):
        measurements_changed()
