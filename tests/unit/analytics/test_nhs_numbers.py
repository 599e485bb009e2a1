"""Modulus 11: NHS Data Dictionary, "NHS Number"; its worked example is 943 476 5919."""

import numpy as np

from concord.analytics.nhs_numbers import check_digit, is_valid, synthetic_numbers, valid_mask


def test_the_published_example_is_valid_and_a_changed_digit_is_not():
    assert check_digit("943476591") == 9
    assert is_valid("9434765919")
    assert not is_valid("9434765918")
    assert not is_valid("943476591")  # nine digits
    assert not is_valid("94347659A9")


def test_a_check_digit_of_ten_makes_no_valid_number():
    # 0000000060: weights give 6 × 3 = 18; 11 − 18 mod 11 = 4 ... find a stem whose digit is 10
    stems = [f"{n:09d}" for n in range(1000, 1200)]
    impossible = [s for s in stems if check_digit(s) is None]
    assert impossible and not any(is_valid(s + str(d)) for s in impossible for d in range(10))


def test_the_column_check_agrees_with_the_single_check():
    numbers = np.array([9434765919, 9434765918, 123, 4010232137, 4010232138], np.int64)
    expected = [is_valid(str(n)) for n in numbers]
    assert valid_mask(numbers).tolist() == expected


def test_synthetic_numbers_are_distinct_valid_and_begin_with_9():
    numbers = synthetic_numbers(5000, np.random.default_rng(3))
    assert len(set(numbers.tolist())) == 5000
    assert valid_mask(numbers).all()
    assert all(str(n).startswith("9") for n in numbers[:100])


def test_the_ingestion_check_in_sql_agrees_with_the_single_check():
    """The staging database's modulus 11 condition, on random ten-digit numbers and edge cases."""
    import duckdb

    from concord.analytics.checks import modulus_11

    rng = np.random.default_rng(11)
    numbers = [*rng.integers(0, 10**10, 20_000).tolist(), 9434765919, 9434765918, 1, 9999999999]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (n BIGINT)")
    con.executemany("INSERT INTO t VALUES (?)", [[n] for n in numbers])
    found = con.execute(f"SELECT n, coalesce({modulus_11('n')}, false) FROM t").fetchall()
    assert all(ok == is_valid(f"{n:010d}") for n, ok in found)
    assert sum(ok for _, ok in found) > 1000  # about one in eleven is valid
