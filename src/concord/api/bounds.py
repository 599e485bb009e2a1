"""The bounds every API input keeps, so that no value reaches the database that it cannot hold.

Ids are 64-bit integer columns on SQLite and PostgreSQL alike: a larger number makes SQLite's
driver raise OverflowError and PostgreSQL refuse the query, either a server error if it got that
far. Ids are positive; no record has id 0 or below."""

from typing import Annotated

from pydantic import Field

__all__ = ["DEFAULT_LIMIT", "Id", "MAX_ID", "MAX_LIMIT", "in_range"]

MAX_ID = 2**63 - 1  # the largest value a 64-bit signed integer column holds
MAX_LIMIT = 1000  # the most rows one page of any list gives
DEFAULT_LIMIT = 100

Id = Annotated[int, Field(ge=1, le=MAX_ID, description="a record's id")]
OptionalId = Annotated[int | None, Field(None, ge=1, le=MAX_ID, description="a record's id")]


def in_range(value: int) -> bool:
    """Whether an integer fits a 64-bit signed column."""
    return -MAX_ID - 1 <= value <= MAX_ID
