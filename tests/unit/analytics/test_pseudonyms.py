import hashlib
import hmac

import numpy as np
import pytest

from concord.analytics.pseudonyms import KeyMissing, key_from, pseudonym, pseudonymise

KEY = b"k" * 32


def test_no_key_no_pseudonyms():
    with pytest.raises(KeyMissing):
        key_from()
    with pytest.raises(KeyMissing, match="at least 32"):
        key_from(key="short")


def test_key_from_a_file(tmp_path):
    (tmp_path / "key").write_text("s" * 40 + "\n")
    assert key_from(key_file=str(tmp_path / "key")) == b"s" * 40


def test_pseudonym_is_the_keyed_hmac_sha256_truncated_to_63_bits():
    digest = hmac.new(KEY, b"9434765919", hashlib.sha256).digest()
    assert pseudonym(KEY, 9434765919) == int.from_bytes(digest[:8], "big") >> 1
    assert pseudonym(KEY, 9434765919) != pseudonym(b"j" * 32, 9434765919)


def test_a_column_maps_each_number_to_its_pseudonym():
    numbers = np.array([9434765919, 4010232137, 9434765919], np.int64)
    found = pseudonymise(KEY, numbers)
    assert found.tolist() == [pseudonym(KEY, int(n)) for n in numbers]


def test_numbers_met_before_are_looked_up_under_their_own_key_only(monkeypatch):
    made = []
    real = pseudonym

    def counted(key, number):
        made.append(number)
        return real(key, number)

    monkeypatch.setattr("concord.analytics.pseudonyms.pseudonym", counted)
    first = np.array([9434765919, 4010232137], np.int64)
    later = np.array([4010232137, 9000000009, 9434765919], np.int64)
    pseudonymise(KEY, first)
    made.clear()
    found = pseudonymise(KEY, later)
    assert found.tolist() == [real(KEY, int(n)) for n in later]
    assert made == [9000000009]  # only the number not met before is hashed
    other = b"j" * 32
    assert pseudonymise(other, later).tolist() == [real(other, int(n)) for n in later]


def test_two_numbers_sharing_a_pseudonym_refuse_the_batch(monkeypatch):
    from concord.analytics import pseudonyms

    monkeypatch.setattr(pseudonyms, "pseudonym", lambda key, number: 42)  # every number alike
    monkeypatch.setattr(pseudonyms, "_known", {})  # what this test makes is forgotten after it
    with pytest.raises(pseudonyms.PseudonymCollision):
        pseudonyms.pseudonymise(b"c" * 40, np.array([9434765919, 9434765870], np.int64))
    numbers = np.array([9434765919, 9434765919], np.int64)  # one number twice is no collision
    assert list(pseudonyms.pseudonymise(b"d" * 40, numbers)) == [42, 42]
