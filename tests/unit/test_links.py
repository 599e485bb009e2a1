"""LinkSync: dated links kept in step with a file, closing and opening instead of overwriting."""

import datetime as dt

import pytest

from concord.organisations.importers.links import LinkSync
from concord.organisations.kinds import Kind, RelationshipKind
from concord.organisations.models import ImportBatch, Relationship
from tests.factories import CCGFactory, OrganisationFactory, PracticeFactory

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
PART_OF, MEMBER_OF = RelationshipKind.PART_OF, RelationshipKind.MEMBER_OF


def sync(kind, *wanted):
    """One file's worth of links: (child, parent, start, end) tuples; returns the counts."""
    batch = ImportBatch.objects.create(kind="test", file_name="test.csv", checksum="x")
    links = LinkSync(batch, kind, {child.pk for child, *_ in wanted})
    for child, parent, start, end in wanted:
        links.want(child, parent, start, end)
    return links.save()


def periods(child, kind=PART_OF):
    links = Relationship.objects.filter(child=child, kind=kind)
    found = [(link.parent.code, link.start, link.end) for link in links]
    return sorted(found, key=lambda p: p[1] or dt.date.min)  # undated start first, on any database


@pytest.fixture
def practice():
    return PracticeFactory(code="P00001")


@pytest.fixture
def ccgs():
    return CCGFactory(code="01A"), CCGFactory(code="01B")


def test_the_same_link_twice_is_one_link(practice, ccgs):
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    counts = sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    assert counts == {"created": 0, "closed": 0, "unchanged": 1}
    assert periods(practice) == [("01A", D("2013-04-01"), None)]


def test_a_link_wanted_twice_in_one_file_is_created_once(practice, ccgs):
    row = (practice, ccgs[0], D("2013-04-01"), None)
    assert sync(PART_OF, row, row)["created"] == 1


def test_a_later_vintage_closes_the_old_link_the_day_before_the_new_one(practice, ccgs):
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    counts = sync(PART_OF, (practice, ccgs[1], D("2020-04-01"), None))
    assert (counts["created"], counts["closed"]) == (1, 1)
    assert periods(practice) == [
        ("01A", D("2013-04-01"), D("2020-03-31")),
        ("01B", D("2020-04-01"), None),
    ]


def test_an_older_vintage_after_a_newer_one_ends_before_the_newer_link(practice, ccgs):
    sync(PART_OF, (practice, ccgs[1], D("2020-04-01"), None))
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    assert periods(practice) == [
        ("01A", D("2013-04-01"), D("2020-03-31")),
        ("01B", D("2020-04-01"), None),
    ]


def test_an_overlapping_link_to_the_same_parent_is_the_same_link(practice, ccgs):
    """A map dated 2021-04-01 agrees with an ODS link since 2013: nothing new."""
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    assert sync(PART_OF, (practice, ccgs[0], D("2021-04-01"), None))["created"] == 0
    assert periods(practice) == [("01A", D("2013-04-01"), None)]


def test_a_left_date_closes_an_open_link_and_a_later_one_extends_it(practice, ccgs):
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    assert sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), D("2019-03-31")))["closed"] == 1
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), D("2019-06-30")))
    assert periods(practice) == [("01A", D("2013-04-01"), D("2019-06-30"))]


def test_a_link_from_before_our_records_is_closed_by_a_dated_move(practice, ccgs):
    sync(PART_OF, (practice, ccgs[0], None, None))
    sync(PART_OF, (practice, ccgs[1], D("2020-04-01"), None))
    assert periods(practice) == [("01A", None, D("2020-03-31")), ("01B", D("2020-04-01"), None)]


def test_parents_of_different_groups_do_not_replace_each_other(practice, ccgs):
    """Joining a locality does not end the practice's commissioner; a CCG and its successor
    sub-ICB location do replace each other."""
    locality = OrganisationFactory(code="L0001", kind=Kind.LOCALITY)
    sub_icb = OrganisationFactory(code="Q1X2Y", kind=Kind.SUB_ICB)
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    sync(PART_OF, (practice, locality, D("2019-01-01"), None))
    assert [p for p in periods(practice) if p[2] is None] == [
        ("01A", D("2013-04-01"), None),
        ("L0001", D("2019-01-01"), None),
    ]
    sync(PART_OF, (practice, sub_icb, D("2022-07-01"), None))
    assert ("01A", D("2013-04-01"), D("2022-06-30")) in periods(practice)
    assert ("L0001", D("2019-01-01"), None) in periods(practice)


def test_moving_pcn_closes_the_old_membership_only(practice, ccgs):
    pcn_a = OrganisationFactory(code="U00001", kind=Kind.PCN)
    pcn_b = OrganisationFactory(code="U00002", kind=Kind.PCN)
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    sync(MEMBER_OF, (practice, pcn_a, D("2019-07-01"), None))
    sync(MEMBER_OF, (practice, pcn_b, D("2020-04-01"), None))
    assert periods(practice, MEMBER_OF) == [
        ("U00001", D("2019-07-01"), D("2020-03-31")),
        ("U00002", D("2020-04-01"), None),
    ]
    assert periods(practice) == [("01A", D("2013-04-01"), None)]


def test_a_move_back_opens_a_new_period(practice, ccgs):
    sync(PART_OF, (practice, ccgs[0], D("2013-04-01"), None))
    sync(PART_OF, (practice, ccgs[1], D("2018-04-01"), None))
    sync(PART_OF, (practice, ccgs[0], D("2020-04-01"), None))
    assert periods(practice) == [
        ("01A", D("2013-04-01"), D("2018-03-31")),
        ("01B", D("2018-04-01"), D("2020-03-31")),
        ("01A", D("2020-04-01"), None),
    ]


def test_only_the_children_named_are_looked_at(practice, ccgs):
    other = PracticeFactory(code="P00002")
    sync(PART_OF, (other, ccgs[0], D("2013-04-01"), None))
    sync(PART_OF, (practice, ccgs[1], D("2020-04-01"), None))
    assert periods(other) == [("01A", D("2013-04-01"), None)]
