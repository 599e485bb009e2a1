"""Helpers for the importer tests: run `concord import` as a user would, count every table."""

import io
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

EXIT_BAD_INPUT = 2


def run_import(kind: str, path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("concord_import", kind, str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def import_fails(kind: str, path: Path, *args: str) -> str:
    """Run an import that must be refused; return its error message."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("concord_import", kind, str(path), "--no-progress", *args, stderr=err)
    assert exit_.value.code == EXIT_BAD_INPUT
    return err.getvalue()


def registry_counts() -> dict[str, int]:
    """Rows in every table of the registry, to show a refused import wrote nothing."""
    models = apps.get_app_config("organisations").get_models()
    return {model._meta.label: model.objects.count() for model in models}


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="latin-1").splitlines(keepends=True)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="latin-1")
    return path


@contextmanager
def imported_for_module(django_db_blocker, *imports: tuple):
    """Import real files once for a whole test module, and empty the registry afterwards.

    Each import is (kind, path, *options), run in the order given.
    Each test still runs in its own transaction, rolled back at its end, so the files are read
    once however many tests look at the result."""
    with django_db_blocker.unblock():
        for kind, path, *options in imports:
            run_import(kind, path, *options)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            clear_registry()


def clear_registry() -> None:
    from concord.organisations.models import (
        ImportBatch,
        Organisation,
        Person,
        PopulationCount,
        Post,
        Relationship,
        StatusPeriod,
    )

    for model in (
        StatusPeriod,
        Relationship,
        PopulationCount,
        Post,
        Person,
        Organisation,
        ImportBatch,
    ):
        model.objects.all()._raw_delete(model.objects.db)  # no cascade walk over 30,000 rows
