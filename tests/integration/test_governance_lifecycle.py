"""A proposal's lifecycle, the consent and majority rules, and quorum, through the actions."""

import datetime as dt

import pytest

from concord.governance import actions
from concord.governance.errors import GovernanceError
from concord.governance.models import Agreement, Commitment, Decision, Position
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    support_from_every_seat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


def positions(senate, version, stances: dict):
    """Each seat's representative records (or changes, having seen the standing entry) it."""
    for n, (stance, reason) in stances.items():
        seat = senate.seats[n]
        seen = version.positions.filter(seat=seat).order_by("pk").values_list("pk", flat=True)
        actions.record_position(
            by=senate.rep(n),
            version=version,
            seat=seat,
            stance=stance,
            reason=reason,
            seen=seen.last(),
        )


def agree(senate, proposal, meeting):
    return actions.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome="agreed", notes="Agreed."
    )


def test_a_draft_is_opened_positions_are_taken_and_it_is_agreed():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    assert proposal.status == "draft" and proposal.current.number == 1
    actions.open_proposal(
        by=senate.editor, proposal=proposal, reason="Ready for the senate", on=OPENED
    )
    positions(
        senate,
        proposal.current,
        {0: ("support", ""), 1: ("concerns", "Staffing"), 2: ("abstain", ""), 3: ("support", "")},
    )
    meeting = held_meeting(senate)
    decision = agree(senate, proposal, meeting)

    proposal.refresh_from_db()
    assert proposal.status == "agreed"
    agreement = decision.agreement
    assert agreement.version == proposal.current and agreement.agreed_on == meeting.date
    proposed = list(proposal.current.commitments.values_list("party", "what"))
    assert list(agreement.commitments.values_list("party", "what")) == proposed
    assert decision.seats_present == len(senate.seats)
    steps = list(proposal.transitions.values_list("from_status", "to_status", "by"))
    assert steps == [
        ("", "draft", senate.editor.pk),
        ("draft", "open", senate.editor.pk),
        ("open", "agreed", senate.chair.pk),
    ]


def test_a_standing_objection_blocks_consent_until_an_amended_version():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    first = proposal.current
    positions(senate, first, {0: ("support", ""), 1: ("object", "No memory clinic capacity")})
    meeting = held_meeting(senate)

    with pytest.raises(GovernanceError, match="standing objection"):
        agree(senate, proposal, meeting)
    assert not Decision.objects.exists() and not Agreement.objects.exists()

    second = actions.amend_proposal(
        by=senate.editor,
        proposal=proposal,
        change_summary="Memory clinic funded",
        strategy="Diagnose earlier; fund memory clinic capacity.",
        on=OPENED,
    )
    assert second.number == 2 and second.positions.count() == 0
    assert second.commitments.count() == first.commitments.count()
    with pytest.raises(GovernanceError, match="latest version"):
        positions(senate, first, {2: ("support", "")})
    support_from_every_seat(senate, second)
    agreement = agree(senate, proposal, meeting).agreement
    assert agreement.version == second
    assert agreement.strategy == "Diagnose earlier; fund memory clinic capacity."


def test_the_objector_may_withdraw_the_objection():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    positions(senate, proposal.current, {1: ("object", "Not costed")})
    meeting = held_meeting(senate)
    positions(senate, proposal.current, {1: ("concerns", "Costing to follow")})
    support_from_every_seat(senate, proposal.current, but=(1,))
    trail = Position.objects.filter(seat=senate.seats[1]).order_by("pk")
    assert [(p.stance, p.reason) for p in trail] == [
        ("object", "Not costed"),
        ("concerns", "Costing to follow"),
    ]
    assert Position.objects.standing().get(seat=senate.seats[1]) == trail.last()
    assert agree(senate, proposal, meeting).outcome == "agreed"


def test_an_objection_needs_a_reason():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    with pytest.raises(GovernanceError, match="needs a reason"):
        positions(senate, proposal.current, {1: ("object", "  ")})
    assert not Position.objects.exists()


def test_no_positions_on_a_draft_or_a_closed_proposal():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    with pytest.raises(GovernanceError, match="only while the proposal is open"):
        positions(senate, proposal.current, {0: ("support", "")})
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    support_from_every_seat(senate, proposal.current)
    agree(senate, proposal, held_meeting(senate))
    with pytest.raises(GovernanceError, match="only while the proposal is open"):
        positions(senate, proposal.current, {0: ("object", "Too late")})


@pytest.mark.parametrize(
    "stances, carries",
    [
        ({0: "support", 1: "object", 2: "support"}, True),  # 2 for, 1 against
        ({0: "support", 1: "object", 2: "abstain"}, False),  # 1 for, 1 against: no majority
        ({0: "concerns", 1: "object", 2: "object"}, False),
    ],
)
def test_majority_rule(stances, carries):
    senate = build_senate(rule="majority")
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    positions(senate, proposal.current, {n: (s, "Reason given") for n, s in stances.items()})
    meeting = held_meeting(senate)
    if carries:
        assert agree(senate, proposal, meeting).outcome == "agreed"
    else:
        with pytest.raises(GovernanceError, match="No majority"):
            agree(senate, proposal, meeting)


def test_an_inquorate_meeting_decides_nothing():
    senate = build_senate(seats=4, quorum=3)
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    meeting = held_meeting(senate, present=2)
    with pytest.raises(GovernanceError, match="Not quorate: 2 of at least 3"):
        agree(senate, proposal, meeting)
    proposal.refresh_from_db()
    assert proposal.status == "open" and not Decision.objects.exists()


def test_a_required_seat_must_be_present():
    senate = build_senate(seats=4, quorum=2)
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    meeting = actions.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2021, 3, 1)
    )
    for seat in senate.seats[1:]:  # all but the required seat 0
        actions.record_attendance(
            by=senate.chair, meeting=meeting, person=senate.reps[seat.pk].person, seat=seat
        )
    actions.hold_meeting(by=senate.chair, meeting=meeting)
    with pytest.raises(GovernanceError, match="required seats absent: Seat organisation 0"):
        agree(senate, proposal, meeting)


def test_decisions_need_a_held_meeting_and_attendance_needs_a_sitting_person():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    meeting = actions.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2021, 5, 5)
    )
    with pytest.raises(GovernanceError, match="does not sit for"):
        actions.record_attendance(
            by=senate.chair, meeting=meeting, person=senate.rep(1).person, seat=senate.seats[0]
        )
    with pytest.raises(GovernanceError, match="has been held"):
        agree(senate, proposal, meeting)


def test_a_later_agreement_supersedes_the_earlier_and_keeps_the_chain():
    senate = build_senate()
    first = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=first, on=OPENED)
    support_from_every_seat(senate, first.current)
    meeting = held_meeting(senate)
    old = agree(senate, first, meeting).agreement
    variation = dementia_proposal(senate, varies=old)
    actions.open_proposal(by=senate.editor, proposal=variation, on=OPENED)
    support_from_every_seat(senate, variation.current)
    later = held_meeting(senate, date=dt.date(2022, 3, 9))
    new = agree(senate, variation, later).agreement

    old.refresh_from_db()
    first.refresh_from_db()
    assert new.supersedes == old and old.superseded_by == new
    assert not old.in_force and new.in_force
    assert first.status == "superseded"
    assert list(Agreement.objects.in_force()) == [new]
    assert set(Commitment.objects.in_force()) == set(new.commitments.all())


def test_withdrawing_needs_a_reason_and_ends_the_proposal():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    with pytest.raises(GovernanceError, match="reason"):
        actions.withdraw_proposal(by=senate.editor, proposal=proposal, reason="")
    actions.withdraw_proposal(by=senate.editor, proposal=proposal, reason="Replaced by STP plan")
    assert proposal.transitions.last().reason == "Replaced by STP plan"
    with pytest.raises(GovernanceError, match="cannot be amended"):
        actions.amend_proposal(by=senate.editor, proposal=proposal, change_summary="x")


def test_meetings_are_generated_ahead_for_the_cadence_on_the_same_weekday_of_the_month():
    senate = build_senate()
    made = actions.generate_meetings(  # the second Wednesday, and the last (fifth) Sunday
        by=senate.chair, forum=senate.forum, first=dt.date(2021, 1, 13), count=4
    )
    assert [m.date for m in made] == [
        dt.date(2021, 1, 13),
        dt.date(2021, 2, 10),
        dt.date(2021, 3, 10),
        dt.date(2021, 4, 14),
    ]
    assert {m.date.weekday() for m in made} == {2}
    again = actions.generate_meetings(
        by=senate.chair, forum=senate.forum, first=dt.date(2021, 1, 13), count=5
    )
    assert [m.date for m in again] == [dt.date(2021, 5, 12)]


def test_a_fifth_weekday_becomes_the_last_in_a_shorter_month():
    from concord.governance.actions.meetings import cadence_dates

    assert cadence_dates("monthly", dt.date(2021, 1, 31), 3) == [
        dt.date(2021, 1, 31),
        dt.date(2021, 2, 28),
        dt.date(2021, 3, 28),
    ]
