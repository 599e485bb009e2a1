"""NHS numbers: the modulus 11 check, for one number or a whole column at once.

The tenth digit is a check digit: weight the first nine by 10 down to 2, sum, take the sum
modulo 11 from 11; 11 becomes 0 and 10 means the number is invalid (NHS Data Dictionary,
"NHS Number"). Synthetic data uses numbers from 900 000 0000 up: numbers beginning with 9 are
not issued to people (England issues 4xx and 6xx–7xx; 999 is kept for tests).
"""

import numpy as np

__all__ = ["check_digit", "is_valid", "synthetic_numbers", "valid_mask"]

WEIGHTS = np.arange(10, 1, -1)
SYNTHETIC_FROM = 900_000_0000


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no tenth digit can make them valid."""
    total = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True))
    digit = (11 - total % 11) % 11
    return None if digit == 10 else digit


def is_valid(text: str) -> bool:
    text = (text or "").strip()
    if len(text) != 10 or not text.isdigit():
        return False
    return check_digit(text[:9]) == int(text[9])


def digits_of(numbers: np.ndarray) -> np.ndarray:
    """(n, 10) digits of n ten-digit whole numbers."""
    powers = 10 ** np.arange(9, -1, -1, dtype=np.int64)
    return (numbers[:, None] // powers) % 10


def valid_mask(numbers: np.ndarray) -> np.ndarray:
    """True where a whole number (int64) is a valid ten-digit NHS number."""
    in_range = (numbers >= 1_000_000_000) & (numbers <= 9_999_999_999)
    digits = digits_of(np.where(in_range, numbers, 0))
    expected = (11 - (digits[:, :9] * WEIGHTS).sum(axis=1) % 11) % 11
    return in_range & (expected != 10) & (expected == digits[:, 9])


def synthetic_numbers(count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` distinct valid NHS numbers beginning with 9, as int64."""
    drawn = rng.choice(100_000_000, size=min(count * 2, 100_000_000), replace=False)
    stems = SYNTHETIC_FROM // 10 + drawn
    digits = digits_of(stems * 10)[:, :9]
    check = (11 - (digits * WEIGHTS).sum(axis=1) % 11) % 11
    keep = check != 10
    numbers = stems[keep] * 10 + check[keep]
    if len(numbers) < count:
        raise ValueError(f"cannot make {count} synthetic NHS numbers")
    return numbers[:count]
