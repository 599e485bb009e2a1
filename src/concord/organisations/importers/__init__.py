"""The registry's NHS file importers, one module per file; `base` holds what every importer
shares. The registry of every app's importers is `concord.importing`."""

from .base import Importer, ImportFailed

__all__ = ["ImportFailed", "Importer"]
