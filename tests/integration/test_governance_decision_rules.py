"""Decisions only where they could have been taken, and meetings held only once they happen.

Each test tries to bend the record and expects a clean refusal: the action raises a
GovernanceError with a clear message and writes nothing, the page shows it as a form error and
the API answers 409 with JSON.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from concord.access.models import ApiToken
from concord.governance import actions
from concord.governance.errors import GovernanceError
from concord.governance.models import Decision, Meeting
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    support_from_every_seat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
BEFORE_OPENING = OPENED - dt.timedelta(days=21)


@pytest.fixture
def senate():
    return build_senate()


@pytest.fixture
def supported(senate):
    """An open proposal every seat supports: only the meeting can stand in its way."""
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    support_from_every_seat(senate, proposal.current)
    return proposal


def decide(senate, proposal, meeting, outcome="agreed"):
    return actions.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome=outcome
    )


def planned(senate, date, present=1):
    meeting = actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=date)
    for seat in senate.seats[:present]:
        person = senate.reps[seat.pk].person
        actions.record_attendance(by=senate.chair, meeting=meeting, person=person, seat=seat)
    return meeting


def nothing_decided(proposal):
    proposal.refresh_from_db()
    return proposal.status == "open" and not Decision.objects.exists()


# -- the action -------------------------------------------------------------------------------


def test_a_meeting_before_the_proposal_was_opened_cannot_have_decided_it(senate, supported):
    earlier = held_meeting(senate, date=BEFORE_OPENING)
    with pytest.raises(GovernanceError, match="came before it and cannot have decided it"):
        decide(senate, supported, earlier)
    assert nothing_decided(supported)


def test_a_meeting_before_the_amended_version_was_put_cannot_decide_it(senate, supported):
    meeting = held_meeting(senate)  # 10 March 2021, after version 1 was opened
    actions.amend_proposal(
        by=senate.editor,
        proposal=supported,
        change_summary="Memory clinic funded",
        on=dt.date(2021, 4, 1),
    )
    support_from_every_seat(senate, supported.current)
    with pytest.raises(GovernanceError, match="Version 2 was put to the forum on 1 April 2021"):
        decide(senate, supported, meeting)
    assert nothing_decided(supported)
    later = held_meeting(senate, date=dt.date(2021, 4, 14))
    assert decide(senate, supported, later).version.number == 2


def test_a_meeting_on_the_day_of_opening_may_decide(senate, supported):
    assert decide(senate, supported, held_meeting(senate, date=OPENED)).outcome == "agreed"


def test_a_meeting_in_the_future_decides_nothing_even_if_recorded_as_held(senate, supported):
    ahead = planned(senate, localdate() + dt.timedelta(days=14), present=len(senate.seats))
    Meeting.objects.filter(pk=ahead.pk).update(status="held")  # a record bent some other way
    ahead.refresh_from_db()
    with pytest.raises(GovernanceError, match="is in the future"):
        decide(senate, supported, ahead)
    assert nothing_decided(supported)


def test_a_meeting_of_another_forum_cannot_decide(senate, supported):
    other = actions.create_forum(  # chaired by the senate's chair, so only the forum differs
        by=senate.admin, name="Programme board", kind="programme_board", chair=senate.forum.chair
    )
    meeting = actions.schedule_meeting(by=senate.chair, forum=other, date=dt.date(2021, 3, 10))
    with pytest.raises(GovernanceError, match="another forum"):
        decide(senate, supported, meeting)
    assert nothing_decided(supported)


def test_quorum_is_judged_from_the_attendance_recorded(senate, supported):
    meeting = held_meeting(senate, present=1)  # the required seat alone; quorum is 3
    with pytest.raises(GovernanceError, match="Not quorate: 1 of at least 3 seats"):
        decide(senate, supported, meeting)
    assert nothing_decided(supported)


def test_a_proposal_is_not_opened_on_a_day_still_to_come(senate):
    proposal = dementia_proposal(senate)
    with pytest.raises(GovernanceError, match="today or on a day that has passed"):
        actions.open_proposal(
            by=senate.editor, proposal=proposal, on=localdate() + dt.timedelta(days=1)
        )
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.current.opened_on is None


def test_a_version_is_not_put_to_the_forum_before_the_one_it_amends(senate, supported):
    with pytest.raises(GovernanceError, match="cannot be put to it before then"):
        actions.amend_proposal(
            by=senate.editor, proposal=supported, change_summary="x", on=BEFORE_OPENING
        )
    assert supported.versions.count() == 1


def test_opening_and_amending_date_the_version(senate):
    proposal = dementia_proposal(senate)
    actions.amend_proposal(by=senate.editor, proposal=proposal, change_summary="Draft redone")
    assert proposal.current.opened_on is None  # a draft is not yet before the forum
    actions.open_proposal(by=senate.editor, proposal=proposal)
    assert proposal.current.opened_on == localdate()
    actions.amend_proposal(by=senate.editor, proposal=proposal, change_summary="Costed")
    assert proposal.current.number == 3 and proposal.current.opened_on == localdate()


# -- holding a meeting ------------------------------------------------------------------------


def test_a_meeting_is_not_marked_held_before_its_date(senate):
    ahead = planned(senate, localdate() + dt.timedelta(days=14))
    with pytest.raises(GovernanceError, match="can be marked as held on that day or later"):
        actions.hold_meeting(by=senate.chair, meeting=ahead)
    ahead.refresh_from_db()
    assert ahead.status == "planned"


def test_a_meeting_is_held_on_its_own_day(senate):
    today = planned(senate, localdate())
    assert actions.hold_meeting(by=senate.chair, meeting=today).status == "held"


def test_a_meeting_with_nobody_attending_is_not_marked_held(senate):
    empty = planned(senate, dt.date(2021, 3, 10), present=0)
    with pytest.raises(GovernanceError, match="Record who attended"):
        actions.hold_meeting(by=senate.chair, meeting=empty)
    empty.refresh_from_db()
    assert empty.status == "planned"


def test_a_held_meeting_is_not_held_again(senate):
    meeting = held_meeting(senate)
    with pytest.raises(GovernanceError, match="already marked as held"):
        actions.hold_meeting(by=senate.chair, meeting=meeting)


# -- consent and silence ----------------------------------------------------------------------


def test_an_empty_board_does_not_carry_by_consent(senate):
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    names = ", ".join(s.organisation.name for s in senate.seats)
    with pytest.raises(GovernanceError, match=f"seats not yet answered: {names}"):
        decide(senate, proposal, held_meeting(senate))
    assert nothing_decided(proposal)


def test_one_seat_not_answering_is_named(senate):
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    support_from_every_seat(senate, proposal.current, but=(2,))
    with pytest.raises(GovernanceError, match="not yet answered: Seat organisation 2.$"):
        decide(senate, proposal, held_meeting(senate))


def test_where_silence_is_consent_an_empty_board_carries(senate):
    senate.forum.silence_is_consent = True
    senate.forum.save()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    assert decide(senate, proposal, held_meeting(senate)).outcome == "agreed"


def test_a_forum_can_be_set_up_with_silence_as_consent(senate):
    forum = actions.create_forum(
        by=senate.admin, name="Locality group", kind="locality_group", silence_is_consent=True
    )
    assert forum.silence_is_consent is True
    assert (
        actions.create_forum(
            by=senate.admin, name="Board", kind="programme_board"
        ).silence_is_consent
        is False
    )


# -- the pages and the API --------------------------------------------------------------------


def proposal_page(client, user, proposal):
    client.force_login(user)
    return client.get(reverse("governance:proposal", args=[proposal.pk])).content.decode()


def test_the_page_refuses_a_decision_at_an_earlier_meeting_as_a_form_error(
    client, senate, supported
):
    earlier = held_meeting(senate, date=BEFORE_OPENING)
    client.force_login(senate.chair)
    url = reverse("governance:proposal", args=[supported.pk])
    data = {"transition": "decide", "meeting": earlier.pk, "outcome": "agreed", "notes": ""}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400 and "nhsuk-error-summary" in html
    assert "came before it and cannot have decided it" in html
    assert nothing_decided(supported)


def test_the_page_refuses_to_hold_a_meeting_before_its_date_as_a_form_error(client, senate):
    ahead = planned(senate, localdate() + dt.timedelta(days=14))
    client.force_login(senate.chair)
    response = client.post(reverse("governance:meeting", args=[ahead.pk]), {"transition": "hold"})
    html = response.content.decode()
    assert response.status_code == 400 and "nhsuk-error-summary" in html
    assert "can be marked as held on that day or later" in html
    ahead.refresh_from_db()
    assert ahead.status == "planned"


def test_the_api_refuses_a_decision_at_an_earlier_meeting_with_409(client, senate, supported):
    earlier = held_meeting(senate, date=BEFORE_OPENING)
    _, token = ApiToken.objects.issue(user=senate.chair, name="test")
    response = client.post(
        f"/api/v1/governance/proposals/{supported.pk}/decisions",
        {"meeting": earlier.pk, "outcome": "agreed"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 409 and response["Content-Type"].startswith("application/json")
    assert "cannot have decided it" in response.json()["detail"]
    assert nothing_decided(supported)


def test_the_api_shows_when_a_version_was_put_and_whether_silence_is_consent(
    client, senate, supported
):
    _, token = ApiToken.objects.issue(user=senate.viewer, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    detail = client.get(f"/api/v1/governance/proposals/{supported.pk}", **auth).json()
    assert detail["versions"][0]["opened_on"] == OPENED.isoformat()
    forums = client.get("/api/v1/governance/forums", **auth).json()["items"]
    assert forums[0]["silence_is_consent"] is False


def test_the_page_never_says_carries_on_an_empty_board(client, senate):
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    html = proposal_page(client, senate.viewer, proposal)
    why = html.split('id="can-carry"', 1)[1].split("</div>", 1)[0]
    assert "carries" not in why and "Cannot carry yet" in why
    names = ", ".join(s.organisation.name for s in senate.seats)
    assert f"seats not yet answered: {names}" in why
    assert "No meeting has been held since this version was put to the forum on 1 March 2021" in why
    assert "at least 3 seats represented, including Seat organisation 0" in why


def test_the_page_names_objectors_the_silent_and_an_inquorate_meeting(client, senate):
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    actions.record_position(
        by=senate.rep(1),
        version=proposal.current,
        seat=senate.seats[1],
        stance="object",
        reason="Not costed",
    )
    support_from_every_seat(senate, proposal.current, but=(1, 3))
    meeting = planned(senate, dt.date(2021, 3, 10), present=0)
    for seat in senate.seats[1:3]:  # two seats, and not the required one
        person = senate.reps[seat.pk].person
        actions.record_attendance(by=senate.chair, meeting=meeting, person=person, seat=seat)
    actions.hold_meeting(by=senate.chair, meeting=meeting)
    why = proposal_page(client, senate.viewer, proposal).split('id="cannot-carry"', 1)[1]
    why = why.split("</ul>", 1)[0]
    assert "a standing objection blocks agreement: Seat organisation 1 object" in why
    assert "seats not yet answered: Seat organisation 3." in why
    assert "The meeting of 10 March 2021: Not quorate: 2 of at least 3 seats" in why
    assert "required seats absent: Seat organisation 0" in why


def test_the_page_says_it_can_carry_when_every_condition_is_met(client, senate, supported):
    held_meeting(senate)
    why = proposal_page(client, senate.viewer, supported).split('id="can-carry"', 1)[1]
    why = why.split("</div>", 1)[0]
    assert "Can carry" in why and "every seat has answered and none stands objecting" in why
    assert "The meeting of 10 March 2021 can decide it: Quorate: 4 seats represented" in why


def test_the_page_says_silence_is_consent_only_where_the_terms_say_so(client, senate):
    senate.forum.silence_is_consent = True
    senate.forum.save()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    held_meeting(senate)
    why = proposal_page(client, senate.viewer, proposal).split('id="can-carry"', 1)[1]
    assert "seats not yet answered (taken as consent): Seat organisation 0" in why
    forum = client.get(reverse("governance:forum", args=[senate.forum.slug])).content.decode()
    assert "Silence is consent" in forum


def test_the_forum_page_shows_that_silence_is_not_consent_by_default(client, senate):
    client.force_login(senate.viewer)
    forum = client.get(reverse("governance:forum", args=[senate.forum.slug])).content.decode()
    assert "Silence is not consent" in forum.split('id="silence"', 1)[1].split("</dd>")[0]
