"""The loop is walkable: a meeting's page leads to its pack and to the agenda items Concord
proposes; an agreement's page leads from each commitment to the contracts that carry it and to
its status with the explanation."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from tests.integration.accountable import measure, senate_with

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 12, 15)


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=2)
    measure(senate.seats[0].organisation, dt.date(2021, 4, 1), [60.0] * 8)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    refresh(today=DURING)
    return senate, agreement, meeting


def test_the_meeting_page_links_to_its_pack_and_proposed_agenda(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    for name in ("accountability:pack", "accountability:agenda"):
        url = reverse(name, args=[meeting.pk])
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


def test_the_agreement_page_links_each_commitment_to_its_contracts_and_status(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    page = client.get(reverse("governance:agreement", args=[agreement.pk])).content.decode()
    commitments = list(agreement.commitments.all())
    assert len(commitments) == 3
    for c in commitments:
        for name in ("contracts:commitment", "accountability:commitment"):
            url = reverse(name, args=[c.pk])
            assert f'href="{url}"' in page
            assert client.get(url).status_code == 200
    assert page.count('class="commitment-status"') == len(commitments)


def test_a_proposal_page_has_no_such_links_before_anything_is_agreed(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    page = client.get(reverse("governance:proposal", args=[agreement.proposal.pk])).content
    assert b"commitment-status" not in page and b"commitment-contracts" not in page
