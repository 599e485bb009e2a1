"""Red flags raised from evidence, handled by a person, never deleted; agenda proposals."""

import datetime as dt

import pytest

from concord.accountability import actions
from concord.accountability.agenda import propose
from concord.accountability.models import (
    AgendaProposal,
    FlagKind,
    FlagState,
    ProposalKind,
    RedFlag,
)
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from concord.governance.errors import GovernanceError, NotAllowed
from concord.governance.models import AgendaItem
from concord.notifications.models import Notification
from tests.factories import PostFactory
from tests.integration.accountable import START, measure, senate_with
from tests.integration.governance import (
    held_meeting,
)

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 12, 15)
STEADY = [70.0, 70.4, 69.8, 70.2, 69.9, 70.3, 70.1, 69.7, 70.2, 70.0, 69.8, 70.3, 70.1, 69.9]
DROP = [66.9, 66.8, 67.0, 66.9, 66.8, 66.9]  # six points below the mean: a shift of concern


def kinds(org=None):
    found = RedFlag.objects.all() if org is None else RedFlag.objects.against(org)
    return set(found.values_list("kind", flat=True))


def test_a_special_cause_of_concern_on_a_committed_indicator_raises_a_flag():
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    measure(ccg, dt.date(2020, 4, 1), STEADY + DROP)  # April 2020 to September 2021
    owner = PostFactory(organisation=ccg, person__email="owner@example.org", start=START).person
    refresh(today=dt.date(2021, 9, 20))
    flag = RedFlag.objects.get(kind=FlagKind.SPECIAL_CAUSE)
    assert flag.organisation == ccg
    assert "66.9 for 2021-09" in flag.evidence
    assert flag.link == f"/accountability/commitments/{flag.commitment_id}/"
    assert Notification.objects.get(key=f"flag:{flag.pk}").recipient == owner  # told once


def test_a_commitment_without_data_for_three_periods_is_flagged_and_not_twice():
    senate, agreement = senate_with(seats=3, measured=1)
    refresh(today=DURING)
    refresh(today=DURING)
    flags = RedFlag.objects.filter(kind=FlagKind.NO_DATA)
    assert flags.count() == 1
    assert flags.get().organisation == senate.seats[0].organisation
    assert "9 periods" in flags.get().title  # April to December 2021


def test_an_overdue_commitment_not_met_is_flagged():
    senate, agreement = senate_with(seats=3, measured=1)
    measure(senate.seats[0].organisation, START, [60.0] * 12)
    refresh(today=dt.date(2022, 5, 1))
    assert FlagKind.OVERDUE in kinds(senate.seats[0].organisation)


def test_a_forum_inquorate_at_its_last_two_meetings_is_flagged():
    senate, agreement = senate_with(seats=3, measured=0)
    held_meeting(senate, present=1, date=dt.date(2021, 6, 9))
    held_meeting(senate, present=1, date=dt.date(2021, 7, 14))
    refresh(today=DURING)
    flag = RedFlag.objects.get(kind=FlagKind.INQUORATE)
    assert flag.forum == senate.forum and "Not quorate" in flag.evidence


def test_a_seat_nobody_sits_for_is_vacant():
    senate, agreement = senate_with(seats=3, measured=0)
    seat = senate.seats[2]
    seat.representatives.update(end=dt.date(2021, 6, 30))
    refresh(today=DURING)
    flag = RedFlag.objects.get(kind=FlagKind.SEAT_VACANT)
    assert flag.organisation == seat.organisation


def test_a_flag_whose_condition_clears_stays_until_a_person_resolves_it():
    senate, agreement = senate_with(seats=3, measured=1)
    refresh(today=DURING)
    flag = RedFlag.objects.get(kind=FlagKind.NO_DATA)
    measure(senate.seats[0].organisation, START, [68.0] * 9)
    refresh(today=DURING)
    flag.refresh_from_db()
    assert flag.state == FlagState.OPEN and flag.still_holds is False
    with pytest.raises(PermissionError):
        flag.delete()


def test_an_editor_acknowledges_then_resolves_a_flag_and_history_keeps_both():
    senate, agreement = senate_with(seats=3, measured=1)
    refresh(today=DURING)
    flag = RedFlag.objects.get(kind=FlagKind.NO_DATA)
    actions.acknowledge_flag(by=senate.editor, flag=flag, note="Data is on its way")
    actions.resolve_flag(by=senate.editor, flag=flag, note="Data received")
    states = list(flag.history.order_by("history_date").values_list("state", "history_user"))
    assert states[-2:] == [("acknowledged", senate.editor.pk), ("resolved", senate.editor.pk)]
    with pytest.raises(GovernanceError):
        actions.resolve_flag(by=senate.editor, flag=flag, note="again")


def test_a_viewer_may_not_handle_a_flag():
    senate, agreement = senate_with(seats=3, measured=1)
    refresh(today=DURING)
    with pytest.raises(NotAllowed):
        actions.acknowledge_flag(by=senate.viewer, flag=RedFlag.objects.first())


def next_meeting(senate, date=dt.date(2022, 1, 12)):
    return governance.schedule_meeting(by=senate.chair, forum=senate.forum, date=date)


def test_the_next_meeting_gets_the_forums_flags_and_the_reviews_due():
    senate, agreement = senate_with(seats=3, measured=1)
    meeting = next_meeting(senate)
    result = refresh(today=DURING)
    kinds_proposed = sorted(meeting.proposals.values_list("kind", flat=True))
    flags = RedFlag.objects.open().concerning_forum(senate.forum).count()
    assert kinds_proposed.count(ProposalKind.FLAG) == flags
    assert kinds_proposed.count(ProposalKind.REVIEW) == 1  # review due 1 October 2021
    assert result.proposed == flags + 1
    assert propose(meeting) == []  # nothing proposed twice


def test_the_chair_accepts_a_proposal_through_the_governance_agenda_action():
    senate, agreement = senate_with(seats=3, measured=1)
    meeting = next_meeting(senate)
    refresh(today=DURING)
    proposal = meeting.proposals.filter(kind=ProposalKind.REVIEW).get()
    actions.accept_proposal(by=senate.chair, proposal=proposal)
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == proposal.title and item.kind == "accountability_review"
    assert item.history.first().history_user == senate.chair
    proposal.refresh_from_db()
    assert proposal.agenda_item == item and proposal.decided_by == senate.chair


def test_dismissing_needs_a_reason_and_only_the_chair_decides():
    senate, agreement = senate_with(seats=3, measured=1)
    meeting = next_meeting(senate)
    refresh(today=DURING)
    proposal = AgendaProposal.objects.filter(meeting=meeting).first()
    with pytest.raises(NotAllowed):
        actions.dismiss_proposal(by=senate.editor, proposal=proposal, reason="no")
    with pytest.raises(GovernanceError):
        actions.dismiss_proposal(by=senate.chair, proposal=proposal, reason=" ")
    actions.dismiss_proposal(by=senate.chair, proposal=proposal, reason="Covered last month")
    assert proposal.history.first().state == "dismissed"
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
