"""The acting user in the history: every action saves through `saved`, so django-simple-history
records who made each change."""

__all__ = ["saved"]


def saved(instance, by):
    """Save with the acting user recorded in the history row."""
    instance._history_user = by
    instance.save()
    return instance
