"""What the imports' endpoints return: an import batch, and a background job with its progress."""

import datetime as dt

from ninja import Schema

__all__ = ["ImportBatchOut", "JobOut"]


class ImportBatchOut(Schema):
    id: int
    kind: str
    file_name: str
    checksum: str
    status: str
    rows_read: int
    created: int
    updated: int
    unchanged: int
    closed: int
    notes: str
    imported_by: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_imported_by(obj) -> str | None:
        return obj.imported_by.get_username() if obj.imported_by_id else None


class JobOut(Schema):
    """A background job and how far it has got (rows done of rows in all, while it runs)."""

    id: int
    work: str
    key: str
    state: str
    file_name: str
    as_at: dt.date | None
    force: bool
    rows_done: int
    rows_total: int
    percent: int
    outcome: str
    batch_id: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
