"""Open and active "as at" a date follow the ODS status in force that day, not the latest one."""

import datetime as dt

import pytest

from concord.organisations.models import Kind, Organisation, StatusPeriod
from concord.organisations.statuses import OdsStatus
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PracticeFactory,
    RelationshipFactory,
    StatusPeriodFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
OPENED = D("1974-04-01")
ON = D("2021-01-01")


def history(practice, *periods):
    """Give `practice` these (status, start, end) periods instead of any it has."""
    StatusPeriod.objects.filter(organisation=practice).delete()
    for status, start, end in periods:
        StatusPeriodFactory(organisation=practice, status=status, start=start, end=end)
    return practice


def open_codes(on):
    return set(Organisation.objects.open_on(on).values_list("code", flat=True))


def active_codes(on):
    return set(Organisation.objects.practices().active_on(on).values_list("code", flat=True))


@pytest.mark.parametrize(
    "status, is_open",
    [
        (OdsStatus.ACTIVE, True),
        (OdsStatus.DORMANT, False),
        (OdsStatus.CLOSED, False),
        (OdsStatus.PROPOSED, False),
    ],
)
def test_only_an_active_practice_is_open(status, is_open):
    practice = PracticeFactory(status=status, opened=OPENED)
    assert (practice.code in open_codes(ON)) is is_open
    assert (practice.code in active_codes(ON)) is is_open
    assert practice.is_open(ON) is is_open


def test_an_active_practice_is_open_only_between_its_open_and_close_dates():
    practice = PracticeFactory(status=OdsStatus.ACTIVE, opened=D("2000-01-01"), closed=ON)
    assert practice.code in active_codes(ON)
    assert practice.code not in active_codes(D("1999-12-31"))
    assert practice.code not in active_codes(ON + dt.timedelta(days=1))
    assert not practice.is_open(ON + dt.timedelta(days=1))


def test_a_practice_that_became_dormant_is_open_before_and_not_after():
    dormant_from = D("2023-02-01")
    practice = history(
        PracticeFactory(status=OdsStatus.DORMANT, opened=OPENED),
        (OdsStatus.ACTIVE, OPENED, dormant_from - dt.timedelta(days=1)),
        (OdsStatus.DORMANT, dormant_from, None),
    )
    assert practice.code in open_codes(D("2019-12-01"))
    assert practice.code not in open_codes(dormant_from)
    assert practice.is_open(D("2019-12-01")) and not practice.is_open(dormant_from)
    assert practice.status_on(D("2019-12-01")) == OdsStatus.ACTIVE
    assert practice.status_on(dormant_from) == OdsStatus.DORMANT


def test_a_proposed_practice_is_not_open_until_it_is_active():
    active_from = D("2020-04-01")
    practice = history(
        PracticeFactory(status=OdsStatus.ACTIVE, opened=D("2020-01-01")),
        (OdsStatus.PROPOSED, D("2020-01-01"), active_from - dt.timedelta(days=1)),
        (OdsStatus.ACTIVE, active_from, None),
    )
    assert practice.code not in open_codes(D("2020-02-01"))
    assert practice.code in open_codes(active_from)


def test_an_organisation_with_no_ods_status_on_record_is_open_by_its_dates():
    trust = OrganisationFactory(kind=Kind.ACUTE_TRUST, opened=D("2001-04-01"))
    assert not trust.status_periods.exists()
    assert trust.code in open_codes(ON)
    assert trust.code not in open_codes(D("2000-01-01"))
    assert trust.is_open(ON) and not trust.is_open(D("2000-01-01"))
    # but it is not an active practice: "active" needs an ODS status of A on record
    practice = PracticeFactory(opened=OPENED)
    assert practice.code in open_codes(ON) and practice.code not in active_codes(ON)


def test_active_practices_within_a_ccg_on_a_date():
    ccg = CCGFactory()
    dormant_from = D("2023-02-01")
    active = PracticeFactory(status=OdsStatus.ACTIVE, opened=OPENED)
    became_dormant = history(
        PracticeFactory(status=OdsStatus.DORMANT, opened=OPENED),
        (OdsStatus.ACTIVE, OPENED, dormant_from - dt.timedelta(days=1)),
        (OdsStatus.DORMANT, dormant_from, None),
    )
    always_dormant = PracticeFactory(status=OdsStatus.DORMANT, opened=OPENED)
    for practice in (active, became_dormant, always_dormant):
        RelationshipFactory(child=practice, parent=ccg)

    def active_within(on):
        return set(Organisation.objects.practices().within(ccg, as_at=on).active_on(on))

    assert active_within(D("2019-12-01")) == {active, became_dormant}
    assert active_within(dormant_from) == {active}


def test_the_status_on_a_date_is_annotated_in_one_query(django_assert_num_queries):
    dormant_from = D("2023-02-01")
    history(
        PracticeFactory(code="P90001", status=OdsStatus.DORMANT, opened=OPENED),
        (OdsStatus.ACTIVE, OPENED, dormant_from - dt.timedelta(days=1)),
        (OdsStatus.DORMANT, dormant_from, None),
    )
    OrganisationFactory(code="RXX", kind=Kind.ACUTE_TRUST, opened=OPENED)
    with django_assert_num_queries(1):
        before = {o.code: o for o in Organisation.objects.with_status_on(D("2019-12-01"))}
        assert (before["P90001"].status_on_date, before["P90001"].open_on_date) == ("A", True)
        assert (before["RXX"].status_on_date, before["RXX"].open_on_date) == (None, True)
    after = Organisation.objects.with_status_on(dormant_from).get(code="P90001")
    assert (after.status_on_date, after.open_on_date) == ("D", False)
    assert after.status == OdsStatus.DORMANT  # the latest known status stays on the organisation
