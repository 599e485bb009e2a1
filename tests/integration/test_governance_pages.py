"""The governance pages: forum, meeting, proposal with its positions board, agreement, history."""

import pytest
from django.urls import reverse

from concord.governance import actions
from concord.governance.models import Position
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    support_from_every_seat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def senate():
    return build_senate()


@pytest.fixture
def proposal(senate):
    found = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=found, on=OPENED)
    return found


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(f"governance:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_forum_page_lists_seats_representatives_and_proposals(client, senate, proposal):
    html = page(client, senate.viewer, "forum", senate.forum.slug)
    for seat in senate.seats:
        assert seat.organisation.name in html
        assert senate.reps[seat.pk].person.name in html
    assert "Required for quorum" in html and proposal.title in html


def test_a_representative_records_a_position_through_the_form(client, senate, proposal):
    client.force_login(senate.rep(1))
    url = reverse("governance:proposal", args=[proposal.pk])
    form = client.get(url).content.decode()
    assert f'value="{senate.seats[1].pk}"' in form
    assert f'value="{senate.seats[2].pk}"' not in form  # only the seat they sit for
    data = {"transition": "position", "seat": senate.seats[1].pk, "stance": "object"}
    refused = client.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 400 and "nhsuk-error-summary" in html
    assert "Give a reason for the objection" in html
    assert not Position.objects.exists()
    done = client.post(url, {**data, "reason": "No memory clinic capacity"})
    assert done.status_code == 302
    board = client.get(url).content.decode()
    assert "No memory clinic capacity" in board and "standing objection" in board


def test_a_forged_seat_is_refused(client, senate, proposal):
    client.force_login(senate.rep(1))
    url = reverse("governance:proposal", args=[proposal.pk])
    data = {"transition": "position", "seat": senate.seats[2].pk, "stance": "support"}
    response = client.post(url, data)
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Position.objects.exists()


def test_the_chair_records_an_agreement_and_its_page_offers_no_edit(client, senate, proposal):
    support_from_every_seat(senate, proposal.current)
    meeting = held_meeting(senate)
    client.force_login(senate.chair)
    url = reverse("governance:proposal", args=[proposal.pk])
    data = {"transition": "decide", "meeting": meeting.pk, "outcome": "agreed", "notes": ""}
    assert client.post(url, data).status_code == 302
    agreement = proposal.agreements.get()
    html = page(client, senate.viewer, "agreement", agreement.pk)
    assert (
        "cannot be edited" in html and "<form" not in html.split("<main", 1)[1].split("</main>")[0]
    )
    for commitment in agreement.commitments.all():
        assert commitment.what in html


def test_minutes_are_sanitised_markdown(client, senate):
    meeting = held_meeting(senate)
    actions.record_minutes(
        by=senate.chair,
        meeting=meeting,
        minutes="**Agreed** the plan.\n\n<script>alert('x')</script>"
        '<a href="javascript:x()">y</a>',
    )
    html = page(client, senate.viewer, "meeting", meeting.pk)
    assert "<strong>Agreed</strong> the plan." in html
    assert "<script>alert" not in html and "javascript:" not in html
    assert "Quorate" in html


def test_the_history_tab_shows_who_changed_what(client, senate, proposal):
    actions.withdraw_proposal(by=senate.editor, proposal=proposal, reason="Overtaken")
    html = page(client, senate.viewer, "history", "proposal", proposal.pk)
    assert senate.editor.username in html
    assert "Status: Open for positions → Withdrawn" in html and "Overtaken" in html


def test_commitments_of_my_organisation(client, senate, proposal):
    support_from_every_seat(senate, proposal.current)
    actions.record_decision(
        by=senate.chair, meeting=held_meeting(senate), proposal=proposal, outcome="agreed"
    )
    html = page(client, senate.rep(1), "my-commitments")
    assert "Part 1 of the dementia strategy" in html
    assert "Part 2 of the dementia strategy" not in html


def test_pages_need_the_viewer_role(client, senate):
    response = client.get(reverse("governance:forum", args=[senate.forum.slug]))
    assert response.status_code == 302 and "/sign-in/" in response.url
