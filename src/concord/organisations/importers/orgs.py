"""Upserts organisations from a file in bulk, counting what was created, updated or unchanged."""

from ..models import Organisation
from .bulk import update_rows

__all__ = ["OrgSync"]

FIELDS = ("name", "kind", "ons_code", "postcode", "opened", "closed", "status")


class OrgSync:
    def __init__(self, batch):
        self.batch = batch
        self.by_code: dict[str, Organisation] = {o.code: o for o in Organisation.objects.all()}
        self.to_create: dict[str, Organisation] = {}
        self.to_update: dict[str, Organisation] = {}
        self.unchanged = 0

    def get(self, code: str) -> Organisation | None:
        return self.by_code.get(code)

    def want(self, code: str, *, keep_existing: tuple[str, ...] = (), **fields) -> Organisation:
        """Ensure an organisation with `code` has `fields`.

        Fields named in keep_existing are only set on creation, so a trust classified by hand
        as a mental health trust keeps that kind when the ODS file calls it a trust."""
        org = self.by_code.get(code)
        if org is None:
            org = Organisation(code=code, batch=self.batch, **fields)
            self.by_code[code] = self.to_create[code] = org
            return org
        changed = [
            f
            for f, v in fields.items()
            if f not in keep_existing and v is not None and getattr(org, f) != v
        ]
        if not changed:
            if code not in self.to_create and code not in self.to_update:
                self.unchanged += 1
            return org
        for f in changed:
            setattr(org, f, fields[f])
        if code not in self.to_create:
            org.batch = self.batch
            self.to_update[code] = org
        return org

    def save(self) -> dict[str, int]:
        Organisation.objects.bulk_create(list(self.to_create.values()), batch_size=2000)
        update_rows(list(self.to_update.values()), [*FIELDS, "batch"])
        return {"created": len(self.to_create), "updated": len(self.to_update)}
