"""Two ODS epraccur releases, imported in date order: an earlier date is answered as it was.

The December 2019 release, then the February 2023 one. Active practices per commissioner as at a
date in December 2019 must equal the December 2019 file's count, and as at February 2023 the
February 2023 file's, although the later file made some of the 2019 practices dormant or closed.
The 3-character codes 02H, 00X and 01E are CCGs in 2019 and sub-ICB locations in 2023
(docs/adr/0002-commissioner-codes.md): column 15 holds them in both files.
"""

import csv
import datetime as dt
from collections import defaultdict

import pytest

from concord.organisations.models import Organisation, StatusPeriod
from concord.organisations.statuses import OdsStatus

from .importing import imported_for_module

pytestmark = [pytest.mark.django_db, pytest.mark.realdata, pytest.mark.slow]

DECEMBER_2019 = dt.date(2019, 12, 1)  # the date the December 2019 release is imported as at
FEBRUARY_2023 = dt.date(2023, 2, 1)  # the date the February 2023 release is imported as at
FILES = {
    DECEMBER_2019: "ods-epraccur-2019-12/epraccur.csv",
    FEBRUARY_2023: "ods-epraccur-2023-02/epraccur.csv",
}
# Counted once with awk from the files (column 13 = "A", column 15 = the commissioner, column 26
# = "4", a GP practice), so that a slip in this module's own reading of the files is caught too:
#   ods-epraccur-2019-12/epraccur.csv: github.com/psychty/primary-care-geographies, epraccur.csv,
#     commit abc5ff0de635a97c9d611a6ec07396abf11db80a
#   ods-epraccur-2023-02/epraccur.csv: github.com/psychty/child_immunisations, epraccur.csv,
#     commit 8c27b310f15dae0ae66b8d85da1db7acda55bc42
PUBLISHED_ACTIVE = {
    DECEMBER_2019: {"02H": 61, "00X": 30, "01E": 23},
    FEBRUARY_2023: {"02H": 58, "00X": 26, "01E": 22},
}
CODE, STATUS, COMMISSIONER, SETTING = 0, 12, 14, 25  # 0-based positions of columns 1, 13, 15, 26
GP_PRACTICE = "4"


@pytest.fixture(scope="module")
def rows(realdata):
    """Each release's rows, as read from its file."""
    found = {}
    for on, name in FILES.items():
        with open(realdata / name, encoding="latin-1", newline="") as handle:
            found[on] = list(csv.reader(handle))
    return found


@pytest.fixture(scope="module", autouse=True)
def both_releases(django_db_setup, django_db_blocker, realdata):
    imports = [("epraccur", realdata / name, "--as-at", str(on)) for on, name in FILES.items()]
    with imported_for_module(django_db_blocker, *imports):
        yield


def active_in_file(rows, commissioner):
    """The GP practices a file gives as active (status A) under the commissioner."""
    return {
        r[CODE]
        for r in rows
        if r[STATUS] == "A" and r[SETTING] == GP_PRACTICE and r[COMMISSIONER] == commissioner
    }


def active_in_registry(commissioner, on):
    ccg = Organisation.objects.get(code=commissioner)
    practices = Organisation.objects.practices().within(ccg, as_at=on).active_on(on)
    return set(practices.values_list("code", flat=True))


@pytest.mark.parametrize("on", list(FILES), ids=["december-2019", "february-2023"])
@pytest.mark.parametrize("commissioner", ["02H", "00X", "01E"])
def test_active_practices_as_at_each_release_equal_that_releases_file(rows, commissioner, on):
    expected = active_in_file(rows[on], commissioner)
    assert len(expected) == PUBLISHED_ACTIVE[on][commissioner]
    assert active_in_registry(commissioner, on) == expected


def changed_status(rows, commissioners=("02H", "00X", "01E")):
    """{(2019 status, 2023 status): codes} for the GP practices of these commissioners."""
    before = {r[CODE]: r[STATUS] for r in rows[DECEMBER_2019] if r[SETTING] == GP_PRACTICE}
    changes = defaultdict(set)
    for r in rows[FEBRUARY_2023]:
        old = before.get(r[CODE])
        if old and old != r[STATUS] and r[COMMISSIONER] in commissioners:
            changes[old, r[STATUS]].add(r[CODE])
    return changes


def test_a_practice_made_dormant_by_the_later_file_was_active_in_2019(rows):
    (code, *_) = sorted(changed_status(rows)[OdsStatus.ACTIVE, OdsStatus.DORMANT])
    practice = Organisation.objects.get(code=code)
    assert practice.status == OdsStatus.DORMANT  # the latest known status
    assert practice.is_open(DECEMBER_2019) and not practice.is_open(FEBRUARY_2023)
    assert [(p.status, p.end) for p in practice.status_periods.order_by("start")] == [
        (OdsStatus.ACTIVE, FEBRUARY_2023 - dt.timedelta(days=1)),
        (OdsStatus.DORMANT, None),
    ]


def test_no_practice_has_two_statuses_on_one_day():
    for on in (DECEMBER_2019, dt.date(2021, 6, 30), FEBRUARY_2023):
        in_force = StatusPeriod.objects.in_force(on).values_list("organisation", flat=True)
        assert len(in_force) == len(set(in_force)), on
