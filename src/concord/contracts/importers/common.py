"""What the contract importers share: a CSV with a fixed header, checked fields, and upserts
that record the batch's user in the history (so a second run of the same rows changes nothing)."""

import math
from decimal import Decimal, InvalidOperation

from concord.organisations.importers.base import Importer
from concord.organisations.importers.sources import header_rows
from concord.organisations.models import Organisation
from concord.web.exports import restored

from ..models.contracts import MONEY

__all__ = ["CsvImporter", "upsert"]


class CsvImporter(Importer):
    columns: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def read(self):
        """UTF-8 rows under a header naming exactly our columns (`sources.header_rows`). A value
        an export wrote inert ('=…) reads back as it was given, and is then checked as given."""
        for number, row in header_rows(self, self.check_header, skip_blank=True):
            yield number, {column: restored(value) for column, value in row.items()}

    def check_header(self, header: list[str]) -> None:
        for column in self.columns:
            if column not in header:
                self.fail(1, column, f"expected a column named {column!r} in the header")
        for column in header:
            if column not in self.columns + self.optional:
                self.fail(1, column, f"unexpected column; expected {', '.join(self.columns)}")

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
        if not amount.is_finite():
            self.fail(row, column, f"expected an amount in pounds, found {value!r}")
        if amount < 0:
            self.fail(row, column, f"expected an amount of 0 or more, found {value!r}")
        whole = MONEY["max_digits"] - MONEY["decimal_places"]
        if amount >= Decimal(10) ** whole or amount != round(amount, MONEY["decimal_places"]):
            most = f"£{10**whole:,}"
            self.fail(row, column, f"expected pounds and pence below {most}, found {value!r}")
        return amount

    def number(self, row: int, column: str, value: str) -> float:
        """A finite number: negative allowed, NaN and infinity refused."""
        try:
            parsed = float(value)
        except ValueError:
            self.fail(row, column, f"expected a number, found {value!r}")
        if not math.isfinite(parsed):
            self.fail(row, column, f"expected a number, found {value!r}")
        return parsed

    def organisation(self, row: int, column: str, code: str) -> Organisation:
        registered = self.registry.get(code)
        if registered is None:
            self.fail(row, column, f"unknown organisation code {code!r}: not in the registry")
        return registered

    @property
    def registry(self) -> dict[str, Organisation]:
        if not hasattr(self, "_registry"):
            self._registry = {o.code: o for o in Organisation.objects.all()}
        return self._registry

    def length(self, model, name: str) -> int:
        """The most characters the model's field holds."""
        return model._meta.get_field(name).max_length

    def count(self, status: str) -> None:
        setattr(self.batch, status, getattr(self.batch, status) + 1)


def upsert(model, key: dict, fields: dict, by) -> str:
    """Create the row, or update the fields that differ: 'created', 'updated' or 'unchanged'."""
    row = model.objects.filter(**key).first()
    if row is None:
        row = model(**key, **fields)
        status = "created"
    elif any(getattr(row, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(row, name, value)
        status = "updated"
    else:
        return "unchanged"
    row._history_user = by
    row.save()
    return status
