"""NHS file importers, by the name used on the command line: `concord import <kind> FILE`."""

from .base import Importer, ImportFailed
from .epraccur import EpraccurImporter

IMPORTERS: dict[str, type[Importer]] = {
    EpraccurImporter.kind: EpraccurImporter,
}

__all__ = ["IMPORTERS", "ImportFailed", "Importer"]
