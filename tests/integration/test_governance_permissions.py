"""The permission matrix (roles × actions): no one acts for an organisation they do not represent.

Roles: anonymous, no role, viewer, editor (holding a post in seat 0's organisation, the
proposal's author), admin (no post), the chair, the representative of seat 1 and the forum's
secretary (an editor holding a post in its secretariat). Each action is attempted through the
action itself; the expected outcome is read from the matrix below: viewers read; editors draft,
amend, open and withdraw for the organisation they hold a post in; the chair and the secretariat
manage meetings and the agenda and record decisions; a seat's representative records that
seat's position; admins and the secretariat set a forum up (seats, terms of reference).
tests/integration/test_rights_follow_posts.py has the matrix across apps.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from concord.governance import actions
from concord.governance.actions.common import require
from concord.governance.errors import GovernanceError, NotAllowed
from concord.governance.models import Position
from tests.factories import OrganisationFactory, UserFactory
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    secretary,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
APRIL = dt.date(2021, 4, 14)

ROLES = ("anonymous", "no role", "viewer", "editor", "admin", "chair", "seat 1", "secretary")
MANAGE = {"chair", "secretary"}
ALLOWED = {
    "view": {"viewer", "editor", "admin", "chair", "seat 1", "secretary"},
    "draft": {"editor"},  # for seat 0's organisation, where only the editor holds a post
    "amend": {"editor"},
    "open": {"editor"},
    "withdraw": {"editor", "chair"},
    "position for seat 1": {"chair", "seat 1"},
    "position for seat 2": {"chair"},
    "schedule meeting": MANAGE,
    "plan meetings ahead": MANAGE,
    "cancel meeting": MANAGE,
    "hold meeting": MANAGE,
    "record attendance": MANAGE,
    "add agenda item": MANAGE,
    "move agenda item": MANAGE,
    "record minutes": MANAGE,
    "add action": MANAGE,
    "update action": MANAGE,
    "record decision": MANAGE,
    "add seat": {"admin", "secretary"},
    "end seat": {"admin", "secretary"},
    "set terms": {"admin", "secretary"},
}


def user_for(role, senate):
    return {
        "anonymous": AnonymousUser(),
        "no role": UserFactory(),
        "viewer": senate.viewer,
        "editor": senate.editor,
        "admin": senate.admin,
        "chair": senate.chair,
        "seat 1": senate.rep(1),
        "secretary": secretary(senate),
    }[role]


def attempts(senate, proposal, meeting):
    return {**proposal_attempts(senate, proposal, meeting), **meeting_attempts(senate, meeting)}


def meeting_attempts(senate, meeting):
    """Managing meetings: a planned meeting (April), the held one (March) and its agenda."""
    planned = actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=APRIL)
    attended = actions.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=APRIL + dt.timedelta(days=7)
    )
    actions.record_attendance(
        by=senate.chair, meeting=attended, person=senate.rep(0).person, seat=senate.seats[0]
    )
    first = actions.add_agenda_item(by=senate.chair, meeting=meeting, title="Apologies")
    actions.add_agenda_item(by=senate.chair, meeting=meeting, title="Dementia update")
    done = actions.add_meeting_action(
        by=senate.chair,
        meeting=meeting,
        description="Report memory clinic waits",
        owner_organisation=senate.seats[1].organisation,
    )
    return {
        "plan meetings ahead": lambda by: actions.generate_meetings(
            by=by, forum=senate.forum, first=dt.date(2021, 5, 12), count=3
        ),
        "cancel meeting": lambda by: actions.cancel_meeting(by=by, meeting=planned),
        "hold meeting": lambda by: actions.hold_meeting(by=by, meeting=attended),
        "record attendance": lambda by: actions.record_attendance(
            by=by, meeting=planned, person=senate.rep(1).person, seat=senate.seats[1]
        ),
        "move agenda item": lambda by: actions.move_agenda_item(by=by, item=first, up=False),
        "add action": lambda by: actions.add_meeting_action(
            by=by,
            meeting=meeting,
            description="Circulate the plan",
            owner_organisation=senate.seats[0].organisation,
        ),
        "update action": lambda by: actions.update_meeting_action(
            by=by, action=done, status="done"
        ),
    }


def proposal_attempts(senate, proposal, meeting):
    seat1, seat2 = senate.seats[1], senate.seats[2]
    version = proposal.current
    return {
        "view": lambda by: require(by, "governance.view"),
        "draft": lambda by: dementia_proposal_by(by, senate),
        "amend": lambda by: actions.amend_proposal(by=by, proposal=proposal, change_summary="x"),
        "open": lambda by: actions.open_proposal(by=by, proposal=dementia_proposal(senate)),
        "withdraw": lambda by: actions.withdraw_proposal(
            by=by, proposal=dementia_proposal(senate), reason="no longer needed"
        ),
        "position for seat 1": lambda by: actions.record_position(
            by=by, version=version, seat=seat1, stance="support"
        ),
        "position for seat 2": lambda by: actions.record_position(
            by=by, version=version, seat=seat2, stance="support"
        ),
        "schedule meeting": lambda by: actions.schedule_meeting(
            by=by, forum=senate.forum, date=dt.date(2024, 1, 1) + dt.timedelta(days=by.pk or 0)
        ),
        "add agenda item": lambda by: actions.add_agenda_item(
            by=by, meeting=meeting, title="Dementia update"
        ),
        "record minutes": lambda by: actions.record_minutes(by=by, meeting=meeting, minutes="x"),
        "record decision": lambda by: actions.record_decision(
            by=by, meeting=meeting, proposal=proposal, outcome="not_agreed"
        ),
        "add seat": lambda by: actions.add_seat(
            by=by, forum=senate.forum, organisation=OrganisationFactory()
        ),
        "end seat": lambda by: actions.end_seat(by=by, seat=senate.seats[3], end=APRIL),
        "set terms": lambda by: actions.set_terms(by=by, forum=senate.forum, cadence="quarterly"),
    }


def dementia_proposal_by(by, senate):
    return actions.create_proposal(
        by=by,
        forum=senate.forum,
        title="t",
        author_organisation=senate.seats[0].organisation,
        problem="p",
        strategy="s",
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_matrix(role, action):
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    meeting = held_meeting(senate)
    by = user_for(role, senate)
    attempt = attempts(senate, proposal, meeting)[action]
    if role in ALLOWED[action]:
        attempt(by)
    else:
        with pytest.raises(NotAllowed):
            attempt(by)


def test_no_one_records_a_position_for_a_seat_they_do_not_represent():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    for n, seat in enumerate(senate.seats):
        for m in range(len(senate.seats)):
            if m == n:
                continue
            with pytest.raises(NotAllowed):
                actions.record_position(
                    by=senate.rep(m), version=proposal.current, seat=seat, stance="support"
                )
    assert not Position.objects.exists()


def test_a_position_recorded_by_the_chair_for_another_seat_is_marked_so():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    own = actions.record_position(
        by=senate.rep(2), version=proposal.current, seat=senate.seats[2], stance="support"
    )
    for_seat = actions.record_position(
        by=senate.chair, version=proposal.current, seat=senate.seats[1], stance="abstain"
    )
    assert (own.by_chair, own.person) == (False, senate.rep(2).person)
    assert (for_seat.by_chair, for_seat.person) == (True, senate.chair.person)


def test_a_representative_whose_post_has_ended_no_longer_sits():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    post = senate.rep(1).person.posts.get()
    post.end = dt.date(2020, 12, 31)
    post.save()
    with pytest.raises(NotAllowed):
        actions.record_position(
            by=senate.rep(1), version=proposal.current, seat=senate.seats[1], stance="support"
        )


def test_a_refused_action_changes_nothing():
    senate = build_senate()
    proposal = dementia_proposal(senate)
    with pytest.raises(GovernanceError):
        actions.open_proposal(by=senate.viewer, proposal=proposal, on=OPENED)
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.transitions.count() == 1
