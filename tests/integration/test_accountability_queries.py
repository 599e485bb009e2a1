"""Query counts of the main accountability pages are pinned, and do not grow with the rows shown:
each page is requested with few commitments (so few statuses, flags and proposals) and with many,
under the same ceiling."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.accountability import actions
from concord.accountability.models import AgendaProposal, CommitmentStatus, RedFlag
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from tests.integration.accountable import measure, senate_with

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 12, 15)
FEW, MANY = 3, 9
# the same for FEW and MANY; the lists also read their filters' choices (parties; organisations
# and forums), and a scorecard whether any figure behind it is synthetic
SCORECARD_QUERIES, FLAGS_QUERIES, AGENDA_QUERIES = 10, 6, 10


def world(seats: int):
    """`seats` parties, each with a commitment; half of them measured, the rest flagged for no
    data; a meeting ahead with Concord's proposals."""
    senate, agreement = senate_with(seats=seats)
    for seat in senate.seats[: seats // 2]:
        measure(seat.organisation, dt.date(2021, 4, 1), [60.0] * 8)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    refresh(today=DURING)
    assert CommitmentStatus.objects.current().count() == seats
    assert RedFlag.objects.count() >= seats // 2 and meeting.proposals.count() >= seats // 2
    return senate, meeting


@pytest.mark.parametrize("seats", [FEW, MANY])
def test_the_forum_scorecard(client, seats, django_assert_max_num_queries):
    senate, meeting = world(seats)
    client.force_login(senate.viewer)
    url = reverse("accountability:forum", args=[senate.forum.slug])
    client.get(url)
    with django_assert_max_num_queries(SCORECARD_QUERIES):
        page = client.get(url).content.decode()
    assert page.count('class="scorecard-item"') == seats


@pytest.mark.parametrize("seats", [FEW, MANY])
def test_the_flag_list(client, seats, django_assert_max_num_queries):
    senate, meeting = world(seats)
    client.force_login(senate.viewer)
    url = reverse("accountability:flags")
    client.get(url)
    with django_assert_max_num_queries(FLAGS_QUERIES):
        page = client.get(url).content.decode()
    for flag in RedFlag.objects.open():
        assert reverse("accountability:flag", args=[flag.pk]) in page


@pytest.mark.parametrize("seats", [FEW, MANY])
def test_the_proposed_agenda(client, seats, django_assert_max_num_queries):
    senate, meeting = world(seats)
    chosen = AgendaProposal.objects.filter(meeting=meeting).first()
    actions.accept_proposal(by=senate.chair, proposal=chosen, note="")  # its decider is shown
    client.force_login(senate.chair)
    url = reverse("accountability:agenda", args=[meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(AGENDA_QUERIES):
        page = client.get(url).content.decode()
    assert page.count('class="proposal ') == meeting.proposals.count()
