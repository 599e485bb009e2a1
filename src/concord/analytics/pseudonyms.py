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

import hashlib
import secrets
from pathlib import Path

import numpy as np

__all__ = ["KeyMissing", "PseudonymCollision", "demo_key", "key_from", "pseudonym", "pseudonymise"]

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
    """HMAC-SHA256 (RFC 2104) of the number's digits, first 63 bits: from the key's inner and
    outer states, hashed once per key (the one-shot HMAC hashes them again for every number)."""
    inner, outer = padded(key)
    message = inner.copy()
    message.update(str(nhs_number).encode())
    digest = outer.copy()
    digest.update(message.digest())
    return int.from_bytes(digest.digest()[:8], "big") >> 1


_padded: dict[bytes, tuple] = {}  # key: its inner and outer SHA-256 states, one key at a time


def padded(key: bytes) -> tuple:
    """The SHA-256 states after the key XOR the inner and outer pads (RFC 2104), made once."""
    states = _padded.get(key)
    if states is None:
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        states = tuple(hashlib.sha256(bytes(b ^ pad for b in block)) for pad in (0x36, 0x5C))
        _padded.clear()
        _padded[key] = states
    return states


def pseudonymise(key: bytes, numbers: np.ndarray) -> np.ndarray:
    """Pseudonyms of a column of NHS numbers (int64), hashing each distinct number once, and
    once in this process: a number met in an earlier file under the same key is looked up."""
    distinct, positions = np.unique(numbers, return_inverse=True)
    hashed = known_or_hashed(key, distinct)
    ordered = np.sort(hashed)  # sorted and compared: np.unique takes ten times longer here
    if (ordered[1:] == ordered[:-1]).any():
        raise PseudonymCollision("two NHS numbers share a pseudonym in this batch: refused")
    return hashed[positions]


KNOWN_AT_MOST = 10_000_000  # numbers whose pseudonyms a process keeps (16 bytes each)
_known: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}  # key: sorted numbers, their pseudonyms


def known_or_hashed(key: bytes, distinct: np.ndarray) -> np.ndarray:
    """Pseudonyms of sorted distinct numbers: those this process has made under `key` looked
    up, the others made (one HMAC each) and kept for the next file, within KNOWN_AT_MOST.
    They stay in this process's memory only, as the staging database's mapping does."""
    distinct = distinct.astype(np.int64, copy=False)
    numbers, pseudonyms = _known.get(key, (np.empty(0, np.int64), np.empty(0, np.int64)))
    at = np.minimum(np.searchsorted(numbers, distinct), max(len(numbers) - 1, 0))
    known = numbers[at] == distinct if len(numbers) else np.zeros(len(distinct), bool)
    hashed = np.empty(len(distinct), np.int64)
    hashed[known] = pseudonyms[at[known]]
    new = distinct[~known]
    made = np.fromiter((pseudonym(key, int(n)) for n in new), np.int64, len(new))
    hashed[~known] = made
    if len(new) and len(numbers) + len(new) <= KNOWN_AT_MOST:
        together = np.concatenate([numbers, new])
        order = np.argsort(together, kind="stable")
        _known.clear()  # one key at a time
        _known[key] = (together[order], np.concatenate([pseudonyms, made])[order])
    return hashed
