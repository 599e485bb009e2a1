"""What the contract importers share: a CSV with a fixed header, checked fields, and upserts
that record the batch's user in the history (so a second run of the same rows changes nothing)."""

import csv
from decimal import Decimal, InvalidOperation

from concord.organisations.importers.base import Importer
from concord.organisations.models import Organisation
from concord.web.exports import restored


class CsvImporter(Importer):
    columns: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def read(self):
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as handle:
                yield from self.rows(csv.reader(handle))
        except UnicodeDecodeError as error:
            self.fail(None, None, f"cannot read the file as UTF-8 text ({error})")

    def rows(self, reader):
        header = [name.strip() for name in next(reader, [])]
        for column in self.columns:
            if column not in header:
                self.fail(1, column, f"expected a column named {column!r} in the header")
        for column in header:
            if column not in self.columns + self.optional:
                self.fail(1, column, f"unexpected column; expected {', '.join(self.columns)}")
        for number, fields in enumerate(reader, start=2):
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != len(header):
                self.fail(number, None, f"expected {len(header)} columns, found {len(fields)}")
            # restored: a title the export wrote inert ('=…) reads back as it was given
            values = (restored(f.strip()) for f in fields)
            yield number, dict(zip(header, values, strict=True))

    def choice(self, row: int, column: str, value: str, choices) -> str:
        if value not in choices.values:
            self.fail(row, column, f"expected one of {', '.join(choices.values)}, found {value!r}")
        return value

    def money(self, row: int, column: str, value: str) -> Decimal | None:
        if not value:
            return None
        try:
            amount = Decimal(value.replace(",", "").lstrip("£"))
        except InvalidOperation:
            self.fail(row, column, f"expected an amount in pounds, found {value!r}")
        if amount < 0:
            self.fail(row, column, f"expected an amount of 0 or more, found {value!r}")
        return amount

    def number(self, row: int, column: str, value: str) -> float:
        try:
            return float(value)
        except ValueError:
            self.fail(row, column, f"expected a number, found {value!r}")

    def organisation(self, row: int, column: str, code: str) -> Organisation:
        found = self.registry.get(code)
        if found is None:
            self.fail(row, column, f"unknown organisation code {code!r}: not in the registry")
        return found

    @property
    def registry(self) -> dict[str, Organisation]:
        if not hasattr(self, "_registry"):
            self._registry = {o.code: o for o in Organisation.objects.all()}
        return self._registry

    def count(self, status: str) -> None:
        setattr(self.batch, status, getattr(self.batch, status) + 1)


def upsert(model, key: dict, fields: dict, by) -> str:
    """Create the row, or update the fields that differ: 'created', 'updated' or 'unchanged'."""
    found = model.objects.filter(**key).first()
    if found is None:
        found = model(**key, **fields)
        status = "created"
    elif any(getattr(found, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(found, name, value)
        status = "updated"
    else:
        return "unchanged"
    found._history_user = by
    found.save()
    return status
