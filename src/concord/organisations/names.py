"""Lists of names in the order a reader expects: "Ashton" before "AVENHAM", whatever the case
of the letters (the database's own ordering puts every capital first). The same on SQLite and
PostgreSQL."""

from django.db.models.functions import Lower

__all__ = ["by_name"]


def by_name(field: str = "name", *then: str) -> list:
    """order_by(*by_name("name", "code")): by the name ignoring case, then by the other fields
    (which keep names differing only in case in a fixed order)."""
    return [Lower(field), field, *then]
