"""Disclosure control, as NHS Digital's HES/ECDS rule from September 2018 states it: 0 shown,
1–7 suppressed, other sub-national counts rounded to the nearest 5, percentages from the rounded
figures, national figures unchanged."""

import pytest

from concord.stats.disclosure import (
    ROUND_TO,
    SUPPRESS_TO,
    SUPPRESSED,
    disclose_count,
    disclose_ratio,
    disclose_table,
)


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, SUPPRESSED), (7, SUPPRESSED), (8, 10), (12, 10), (13, 15), (1046, 1045)],
)
def test_sub_national_counts(count, shown):
    assert disclose_count(count) == shown


def test_rounded_counts_are_multiples_of_five_and_within_half_a_step():
    for count in range(SUPPRESS_TO + 1, 200):
        shown = disclose_count(count)
        assert shown % ROUND_TO == 0 and abs(shown - count) <= ROUND_TO / 2


def test_national_counts_are_unchanged():
    assert disclose_count(3, national=True) == 3


def test_percentage_comes_from_the_rounded_figures():
    shown = disclose_ratio(13, 22)  # shown as 15 of 20
    assert shown == {"numerator": 15, "denominator": 20, "value": 75.0}


def test_percentage_of_a_suppressed_count_is_suppressed():
    assert disclose_ratio(5, 100)["value"] == SUPPRESSED


def test_table_applies_the_rule_to_each_row():
    rows = [
        {"practice": "P1", "register": 6, "list": 1002},
        {"practice": "P2", "register": 48, "list": 3001},
    ]
    shown = disclose_table(
        rows, counts=("register", "list"), ratios={"prevalence": ("register", "list")}
    )
    assert [r["register"] for r in shown] == [SUPPRESSED, 50]
    assert shown[0]["prevalence"] == SUPPRESSED
    assert shown[1]["prevalence"] == pytest.approx(50 / 3000 * 100)
    assert rows[0]["register"] == 6  # the input is left alone
