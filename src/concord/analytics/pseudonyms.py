"""Keyed pseudonyms: HMAC-SHA256 of the NHS number under a secret key, never the number itself.

The key comes from CONCORD_PSEUDONYM_KEY, or from the file CONCORD_PSEUDONYM_KEY_FILE names (read
in settings; the command passes them to `key_from`).
Without one, ingestion refuses to run: a pseudonym made without a secret key could be reversed by
hashing every possible NHS number. Only the demo makes its own key (`demo_key`), in its var dir.

The pseudonym is the first 63 bits of the HMAC, a positive whole number: it joins fast and
travels to every engine as a BIGINT. Two of 3.3 million people share one with odds of about
1 in 1.7 million; ingestion counts distinct numbers and pseudonyms in every batch and refuses
the batch if they differ.
"""

import hmac
import secrets
from pathlib import Path

import numpy as np

KEY_VARIABLE = "CONCORD_PSEUDONYM_KEY"
KEY_FILE_VARIABLE = "CONCORD_PSEUDONYM_KEY_FILE"
DEMO_KEY_FILE = "analytics/demo-pseudonym-key"
MIN_KEY_LENGTH = 32


class KeyMissing(Exception):
    pass


class PseudonymCollision(ValueError):
    """Two NHS numbers of one batch share a pseudonym: the batch is refused."""


def key_from(key: str = "", key_file: str = "") -> bytes:
    """The key given (CONCORD_PSEUDONYM_KEY), else the one in `key_file`
    (CONCORD_PSEUDONYM_KEY_FILE); KeyMissing without either, or when it is too short."""
    if key:
        key = key.encode()
    elif key_file:
        key = Path(key_file).read_bytes().strip()
    else:
        raise KeyMissing(
            f"no pseudonymisation key: set {KEY_VARIABLE} or {KEY_FILE_VARIABLE} "
            "(a secret of at least 32 characters, kept apart from the data)"
        )
    if len(key) < MIN_KEY_LENGTH:
        raise KeyMissing(f"the pseudonymisation key must be at least {MIN_KEY_LENGTH} characters")
    return key


def demo_key(var_dir: Path) -> bytes:
    """The demo's own key, made once in its var dir: for synthetic data only."""
    path = Path(var_dir) / DEMO_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_bytes().strip()


def pseudonym(key: bytes, nhs_number: int) -> int:
    digest = hmac.digest(key, str(nhs_number).encode(), "sha256")  # OpenSSL's one-shot HMAC
    return int.from_bytes(digest[:8], "big") >> 1


def pseudonymise(key: bytes, numbers: np.ndarray) -> np.ndarray:
    """Pseudonyms of a column of NHS numbers (int64), hashing each distinct number once."""
    distinct, positions = np.unique(numbers, return_inverse=True)
    hashed = np.fromiter((pseudonym(key, int(n)) for n in distinct), np.int64, len(distinct))
    if len(np.unique(hashed)) != len(distinct):
        raise PseudonymCollision("two NHS numbers share a pseudonym in this batch: refused")
    return hashed[positions]
