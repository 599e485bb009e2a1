"""A commitment is agreed only with its due date and its review date: an agreed decision on a
version with a commitment lacking either is refused, naming the commitment, and writes nothing;
the forms say so on the fields."""

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from concord.governance import actions
from concord.governance.errors import GovernanceError
from concord.governance.models import Agreement, Decision
from tests.integration.governance import (  # noqa: F401
    build_senate,
    dementia_proposal,
    held_meeting,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def senate():
    return build_senate()


def supported(senate, **undated):
    """An open proposal every seat supports; the second commitment lacks the dates named."""
    proposal = dementia_proposal(senate)
    second = proposal.current.commitments.order_by("id")[1]
    for name in undated:
        setattr(second, name, None)
    second.save()
    actions.open_proposal(by=senate.editor, proposal=proposal)
    for n, seat in enumerate(senate.seats):
        actions.record_position(
            by=senate.rep(n), version=proposal.current, seat=seat, stance="support", reason=""
        )
    return proposal


def agree(senate, proposal):
    meeting = held_meeting(senate, date=localdate())
    return actions.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome="agreed"
    )


@pytest.mark.parametrize(
    "undated, missing",
    [
        ({"due": None}, "no due date"),
        ({"review": None}, "no review date"),
        ({"due": None, "review": None}, "no due date and no review date"),
    ],
)
def test_a_commitment_without_its_due_or_review_date_cannot_be_agreed(senate, undated, missing):
    proposal = supported(senate, **undated)

    with pytest.raises(GovernanceError) as refused:
        agree(senate, proposal)

    message = str(refused.value)
    assert "Commitment 2" in message and "Part 1 of the dementia strategy" in message
    assert senate.seats[1].organisation.name in message and missing in message
    assert "Commitment 1" not in message
    assert not Decision.objects.exists() and not Agreement.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_a_decision_not_to_agree_needs_no_dates(senate):
    proposal = supported(senate, due=None)
    meeting = held_meeting(senate, date=localdate())
    actions.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome="not_agreed"
    )
    proposal.refresh_from_db()
    assert proposal.status == "not_agreed" and not Agreement.objects.exists()


def test_commitments_with_their_dates_are_agreed_with_them(senate):
    proposal = supported(senate)
    decision = agree(senate, proposal)
    dates = [(c.start, c.due, c.review) for c in decision.agreement.commitments.order_by("id")]
    proposed = proposal.current.commitments.order_by("id")
    assert dates == [(c.start, c.due, c.review) for c in proposed]


def test_the_page_refuses_the_agreement_naming_the_commitment(client, senate):
    proposal = supported(senate, review=None)
    meeting = held_meeting(senate, date=localdate())
    client.force_login(senate.chair)
    data = {"transition": "decide", "meeting": meeting.pk, "outcome": "agreed", "notes": ""}

    response = client.post(reverse("governance:proposal", args=[proposal.pk]), data)

    html = response.content.decode()
    assert response.status_code in (200, 400) and "nhsuk-error-summary" in html
    assert "Commitment 2" in html and "no review date" in html
    assert not Decision.objects.exists()


def test_the_draft_form_says_the_due_and_review_dates_are_needed_to_agree(client, senate):
    client.force_login(senate.admin)
    url = reverse("governance:draft-proposal", args=[senate.forum.slug])
    html = client.get(url).content.decode()
    assert html.count("Needed before the proposal can be agreed") == 2 * html.count(
        "commitment-row"
    )
