"""The registry is a dated graph: "as at" queries, moves, mergers, PCNs spanning two CCGs."""

import datetime as dt

import pytest

from concord.organisations.hierarchy import ancestor_links, parent_of_kind, successors
from concord.organisations.models import Kind, Organisation, RelationshipKind
from tests.factories import CCGFactory, OrganisationFactory, PracticeFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_practices_within_a_ccg_as_at_a_date_follow_moves():
    ccg = CCGFactory()
    stays, moves = PracticeFactory(), PracticeFactory()
    RelationshipFactory(child=stays, parent=ccg, start=D("2013-04-01"))
    RelationshipFactory(child=moves, parent=ccg, start=D("2013-04-01"), end=D("2020-03-31"))
    within = Organisation.objects.practices().within
    assert set(within(ccg, as_at=D("2020-01-01"))) == {stays, moves}
    assert set(within(ccg, as_at=D("2021-01-01"))) == {stays}


def test_within_walks_several_levels_and_a_pcn_can_span_two_ccgs():
    ccg_a, ccg_b = CCGFactory(), CCGFactory()
    pcn = OrganisationFactory(kind=Kind.PCN)
    in_a, in_b = PracticeFactory(), PracticeFactory()
    RelationshipFactory(child=in_a, parent=ccg_a)
    RelationshipFactory(child=in_b, parent=ccg_b)
    for p in (in_a, in_b):
        RelationshipFactory(child=p, parent=pcn, kind=RelationshipKind.MEMBER_OF)
    RelationshipFactory(child=pcn, parent=ccg_a)
    on = D("2021-01-01")
    assert set(Organisation.objects.practices().within(pcn, as_at=on)) == {in_a, in_b}
    # the PCN belongs to ccg_a, yet its member commissioned by ccg_b stays within ccg_b only
    assert set(Organisation.objects.within(ccg_a, as_at=on)) == {pcn, in_a}
    assert set(Organisation.objects.practices().within(ccg_b, as_at=on)) == {in_b}
    assert parent_of_kind(in_b, Kind.CCG, on) == ccg_b
    assert {link.parent for link in ancestor_links(in_b, on)} == {ccg_b, pcn}


def test_a_member_with_no_place_of_its_own_counts_within_the_groups_parent():
    ccg = CCGFactory()
    pcn = OrganisationFactory(kind=Kind.PCN)
    practice = PracticeFactory()
    RelationshipFactory(child=pcn, parent=ccg)
    RelationshipFactory(child=practice, parent=pcn, kind=RelationshipKind.MEMBER_OF)
    on = D("2021-01-01")
    assert set(Organisation.objects.within(ccg, as_at=on)) == {pcn, practice}
    assert parent_of_kind(practice, Kind.CCG, on) == ccg


def test_a_practice_locality_on_a_date():
    practice = PracticeFactory()
    north = OrganisationFactory(kind=Kind.LOCALITY, name="North")
    south = OrganisationFactory(kind=Kind.LOCALITY, name="South")
    RelationshipFactory(
        child=practice, parent=north, kind=RelationshipKind.MEMBER_OF, end=D("2019-12-31")
    )
    RelationshipFactory(
        child=practice, parent=south, kind=RelationshipKind.MEMBER_OF, start=D("2020-01-01")
    )
    assert parent_of_kind(practice, Kind.LOCALITY, D("2019-06-01")) == north
    assert parent_of_kind(practice, Kind.LOCALITY, D("2020-06-01")) == south
    assert [link.parent for link in ancestor_links(practice, D("2020-06-01"))] == [south]


def test_successors_follow_a_chain_of_mergers():
    old_a, old_b = CCGFactory(), CCGFactory()
    merged = CCGFactory()
    icb = OrganisationFactory(kind=Kind.ICB)
    for old in (old_a, old_b):
        RelationshipFactory(
            child=merged, parent=old, kind=RelationshipKind.SUCCESSOR_OF, start=D("2020-04-01")
        )
    RelationshipFactory(
        child=icb, parent=merged, kind=RelationshipKind.SUCCESSOR_OF, start=D("2022-07-01")
    )
    assert successors(old_a) == [merged, icb]


def test_the_database_refuses_a_link_that_ends_before_it_starts():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RelationshipFactory(start=D("2020-01-01"), end=D("2019-01-01"))
