"""Recognises commissioner codes: those in the registry and those in Concord's published list."""

import csv
import re
from functools import cache
from importlib import resources

from ..kinds import Kind

__all__ = ["COMMISSIONER_CODE", "CommissionerRegister"]

COMMISSIONER_CODE = re.compile(r"^[A-Z0-9]{3}$|^[A-Z0-9]{5}$")


@cache
def reference_commissioners() -> dict[str, dict]:
    path = resources.files("concord.organisations") / "reference" / "commissioners.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


class CommissionerRegister:
    """Finds (or adds from the published list) the commissioner a file names."""

    def __init__(self, orgs, importer):
        self.orgs, self.importer = orgs, importer

    def find(self, row: int, column: str, code: str):
        if not code:
            return None
        if not COMMISSIONER_CODE.match(code):
            self.importer.fail(
                row, column, f"expected a 3 or 5 character commissioner code, found {code!r}"
            )
        org = self.orgs.get(code)
        if org is not None:
            return org
        ref = reference_commissioners().get(code)
        if ref is None:
            self.importer.fail(
                row,
                column,
                f"unknown commissioner code {code!r}: not in the registry nor in the published "
                "list of commissioners (import the ODS eccg file first)",
            )
        return self.orgs.want(code, name=ref["name"], kind=Kind(ref["kind"]))
