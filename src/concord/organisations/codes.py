"""Organisation codes: ODS gives its own (3 to 8 letters and digits, RRF, 02H, P81001, U12345);
Concord's local codes have a prefix and a hyphen (LOC-02H-1, LA-WIGAN), so one can never be
mistaken for the other, nor take a code an ODS file may bring later."""

import re

__all__ = ["is_local_shaped", "is_ods_shaped", "next_local_code", "normalised"]

ODS_SHAPE = re.compile(r"[A-Z0-9]{3,8}")
LOCAL_SHAPE = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)+")
LONGEST = 32  # the width of Organisation.code


def normalised(code: str) -> str:
    """A code as the registry keeps it: trimmed and in capitals."""
    return code.strip().upper()


def is_ods_shaped(code: str) -> bool:
    return ODS_SHAPE.fullmatch(code) is not None


def is_local_shaped(code: str) -> bool:
    return len(code) <= LONGEST and LOCAL_SHAPE.fullmatch(code) is not None


def next_local_code(prefix: str, taken: set[str]) -> str:
    """The first `<prefix>-<n>` not yet taken, counting on from how many are."""
    number = len(taken) + 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"
