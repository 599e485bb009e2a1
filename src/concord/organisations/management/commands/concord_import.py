"""`concord import <kind> FILE`: one transaction, a precise error and exit code 2 on bad input.

An import of measurements refreshes commitment status once it commits. When that refresh fails
the data stay imported: the command says so and exits with code 3; running it again (even on a
file already imported) or `concord accountability refresh` runs the refresh it is owed.

Two imports at once queue: the second waits for the first to commit (and finds a file already
imported if it was the same). One that waited longer than the database's busy timeout (SQLite)
writes nothing and exits with code 4 saying so."""

import datetime as dt
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import OperationalError

from concord.accountability.refresh import (
    EXIT_REFRESH_FAILED,
    StatusRefreshFailed,
    auto_refresh,
    owed_note,
    refresh_owed,
    summary,
)
from concord.importing import IMPORTERS, ImportFailed

__all__ = ["EXIT_BUSY"]

EXIT_BAD_INPUT = 2
EXIT_BUSY = 4
BUSY = (
    "Another import (or another writer) held the database for too long: nothing was written. "
    "Run this import again once it has finished."
)


class Command(BaseCommand):
    help = "Import a published NHS file into the registry."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="what the file is")
        parser.add_argument("file", help="path to the file")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument("--force", action="store_true", help="re-read a file already imported")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--as-at",
            type=dt.date.fromisoformat,
            help="YYYY-MM-DD: the date a file without dates describes (qof-map; epraccur, which "
            "needs it when a release changes a practice's status)",
        )
        parser.add_argument(
            "--period", help="the period the file covers, e.g. 2020-21 (qof-prevalence)"
        )

    def handle(
        self, *args, kind, file, user=None, force=False, no_progress=False, as_at=None, **options
    ):
        by = get_user_model().objects.filter(username=user).first() if user else None
        period = {"period": options["period"]} if options.get("period") else {}
        importer = IMPORTERS[kind](
            file, by=by, force=force, progress=False if no_progress else None, as_at=as_at, **period
        )
        try:
            batch = importer.run()
        except ImportFailed as error:
            self.stderr.write(f"Import failed, nothing was written. {error}")
            sys.exit(EXIT_BAD_INPUT)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            self.stderr.write(f"Import refused, nothing was written. {BUSY}")
            sys.exit(EXIT_BUSY)
        except StatusRefreshFailed as error:
            self.stderr.write(self.imported(importer.batch))
            self.stderr.write(f"The data were imported, but {error}")
            sys.exit(EXIT_REFRESH_FAILED)
        if importer.already_imported:
            self.stdout.write(
                f"{file} was already imported as batch {batch.pk} on {batch.started_at:%Y-%m-%d}; "
                "nothing changed (use --force to read it again)."
            )
            self.refresh_if_owed()
        else:
            self.stdout.write(self.imported(batch))
        if note := owed_note():
            self.stdout.write(note)

    def imported(self, batch) -> str:
        return (
            f"Imported {batch.rows_read} rows from {batch.file_name} as batch {batch.pk}: "
            f"{batch.created} created, {batch.updated} updated, {batch.unchanged} unchanged, "
            f"{batch.closed} dated links and statuses closed."
        )

    def refresh_if_owed(self) -> None:
        """The rerun of an import whose status refresh failed (or was interrupted) runs it."""
        if not auto_refresh():
            return
        try:
            result = refresh_owed()
        except StatusRefreshFailed as error:
            self.stderr.write(f"The data were imported before, but {error}")
            sys.exit(EXIT_REFRESH_FAILED)
        if result is not None:
            self.stdout.write(
                f"Status refreshed (an earlier refresh had failed): {summary(result)}"
            )
