"""The one pagination of every list in the API: `limit` (1 to 1,000, 100 by default) and
`offset` (0 up to the largest row number a database holds), with the total `count`.

ninja's own LimitOffsetPagination takes any limit and any offset: `limit=100000` read 7 MB
in one answer, and an offset past 64 bits was a server error on SQLite. Every `@paginate` uses
this class instead."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from .bounds import DEFAULT_LIMIT, MAX_ID, MAX_LIMIT

__all__ = ["Paged"]


class Paged(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows in this page")
        offset: int = Field(0, ge=0, le=MAX_ID, description="rows to skip before this page")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
