"""Two people changing the same record at the same moment: one wins, the other is told, nothing
is lost, nothing crashes.

Seen: two people recording a position for the same seat at once gave HTTP 500 on PostgreSQL
(duplicate key position_one_per_seat) in 2 of 12 rounds and "database is locked" on SQLite in 1
of 12; in the other rounds one stance silently overwrote the other. Real threads, real requests,
real commits, on whichever database the suite runs on; several rounds each.
"""

import datetime as dt
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.timezone import localdate

from concord.governance import actions
from concord.governance.models import Forum, Position
from tests.factories import PersonFactory, UserFactory
from tests.integration.concurrency import (  # noqa: F401
    SQLITE,
    at_once,
)
from tests.integration.governance import (  # noqa: F401
    SINCE,
    build_senate,
    dementia_proposal,
    held_meeting,
)
from tests.integration.test_governance_api import BASE, bearer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_database"),
]
ROUNDS = 6
WHILE_EDITING = "while you were editing; review it and submit again"


@pytest.fixture
def senate():
    """A senate whose seat 1 has two people sitting for it: its member and an appointee."""
    found = build_senate()
    user = UserFactory(role="viewer", username="second_rep")
    person = PersonFactory(name="Second representative (fictional)", user=user)
    actions.add_representative(by=found.admin, seat=found.seats[1], person=person, start=SINCE)
    found.second = user
    return found


def opened(senate):
    proposal = dementia_proposal(senate)
    return actions.open_proposal(by=senate.editor, proposal=proposal)


def on_page(proposal, data):
    url = reverse("governance:proposal", args=[proposal.pk])
    return lambda client: client.post(url, {"transition": "position", **data})


def through_api(user, proposal, data):
    url = f"{BASE}/proposals/{proposal.pk}/positions"
    headers = bearer(user)
    return lambda client: client.post(url, data, content_type="application/json", **headers)


def entries(senate, proposal):
    seat = senate.seats[1]
    return list(proposal.current.positions.filter(seat=seat).order_by("pk"))


def test_two_representatives_record_the_first_position_at_once_on_the_page(senate):
    for _ in range(ROUNDS):
        proposal = opened(senate)
        seat = senate.seats[1].pk
        objection = {"seat": seat, "stance": "object", "reason": "Not costed", "seen": 0}
        support = {"seat": seat, "stance": "support", "reason": "", "seen": 0}
        answers = at_once(
            (senate.rep(1), on_page(proposal, objection)),
            (senate.second, on_page(proposal, support)),
        )
        assert sorted(a.status for a in answers) == [302, 409], answers
        (refused,) = [a for a in answers if a.status == 409]
        assert "nhsuk-error-summary" in refused.text and WHILE_EDITING in refused.text
        (entry,) = entries(senate, proposal)
        winner = objection if answers[0].status == 302 else support
        assert entry.stance == winner["stance"]


def test_two_representatives_change_the_same_position_at_once_through_the_api(senate):
    for _ in range(ROUNDS):
        proposal = opened(senate)
        first = actions.record_position(
            by=senate.rep(1),
            version=proposal.current,
            seat=senate.seats[1],
            stance="object",
            reason="Not costed",
        )
        seat = senate.seats[1].pk
        support = {"seat": seat, "stance": "support", "seen": first.pk}
        concerns = {"seat": seat, "stance": "concerns", "reason": "Costing", "seen": first.pk}
        answers = at_once(
            (senate.rep(1), through_api(senate.rep(1), proposal, support)),
            (senate.second, through_api(senate.second, proposal, concerns)),
        )
        assert sorted(a.status for a in answers) == [200, 409], answers
        (refused,) = [json.loads(a.text) for a in answers if a.status == 409]
        assert WHILE_EDITING in refused["detail"]
        trail = entries(senate, proposal)
        assert trail[0] == first and len(trail) == 2 and trail[1].replaces == first


def test_the_chair_and_the_seat_at_once_on_a_silent_seat(senate):
    for _ in range(ROUNDS):
        proposal = opened(senate)
        seat = senate.seats[1].pk
        by_chair = {"seat": seat, "stance": "support", "reason": "", "seen": 0}
        own = {"seat": seat, "stance": "object", "reason": "Not costed", "seen": 0}
        answers = at_once(
            (senate.chair, on_page(proposal, by_chair)),
            (senate.rep(1), on_page(proposal, own)),
        )
        assert sorted(a.status for a in answers) in ([302, 400], [302, 409]), (
            answers
        )  # the rules, or the record changed
        (entry,) = entries(senate, proposal)
        assert entry.by_chair == (answers[0].status == 302)
        assert Position.objects.filter(version=proposal.current).count() == 1


def amendment(proposal, summary):
    """The amendment form as posted from version 1 of the proposal."""
    url = reverse("governance:proposal", args=[proposal.pk])
    data = {"transition": "amend", "based_on": 1, "problem": "Low diagnosis"}
    data |= {"change_summary": summary, "strategy": summary}
    return lambda client: client.post(url, data)


def test_two_amendments_at_once_one_is_refused(senate):
    for _ in range(ROUNDS):
        proposal = opened(senate)
        answers = at_once(
            (senate.editor, amendment(proposal, "Fund memory clinics")),
            (senate.editor, amendment(proposal, "Train practice staff")),
        )
        assert sorted(a.status for a in answers) == [302, 409], answers
        (refused,) = [a for a in answers if a.status == 409]
        assert "amended it (version 2)" in refused.text and WHILE_EDITING in refused.text
        assert proposal.versions.count() == 2


def decide(proposal, meeting):
    url = reverse("governance:proposal", args=[proposal.pk])
    data = {"transition": "decide", "meeting": meeting.pk, "outcome": "agreed", "notes": ""}
    return lambda client: client.post(url, data)


def silence_is_consent(senate) -> None:
    """The race is between an objection and the decision alone: seats that have not answered
    do not hold the decision back (the forum's terms of reference say silence is consent)."""
    Forum.objects.filter(pk=senate.forum.pk).update(silence_is_consent=True)


def test_an_objection_and_the_decision_at_once_never_both_stand(senate):
    silence_is_consent(senate)
    meeting = held_meeting(senate, date=localdate())
    for _ in range(ROUNDS):
        proposal = opened(senate)
        objection = {"seat": senate.seats[1].pk, "stance": "object", "reason": "Not costed"}
        answers = at_once(
            (senate.rep(1), on_page(proposal, {**objection, "seen": 0})),
            (senate.chair, decide(proposal, meeting)),
        )
        assert sorted(a.status for a in answers) == [302, 400], answers
        proposal.refresh_from_db()
        if answers[0].status == 302:  # the objection was first: the decision was refused
            assert "standing objection" in answers[1].text and proposal.status == "open"
        else:  # the decision was first: no position is taken on an agreed proposal
            assert "only while the proposal is open" in answers[0].text
            assert proposal.status == "agreed" and not proposal.current.positions.exists()


def test_two_decisions_at_once_only_one_is_recorded(senate):
    silence_is_consent(senate)
    meeting = held_meeting(senate, date=localdate())
    for _ in range(ROUNDS):
        proposal = opened(senate)
        answers = at_once(
            (senate.chair, decide(proposal, meeting)), (senate.chair, decide(proposal, meeting))
        )
        assert sorted(a.status for a in answers) == [302, 400], answers
        assert proposal.current.decisions.count() == 1 and proposal.agreements.count() == 1


def meeting_of(senate, n):
    day = dt.date(2021, 3, 10) + dt.timedelta(days=7 * n)
    return actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=day)


def on_meeting(meeting, data):
    url = reverse("governance:meeting", args=[meeting.pk])
    return lambda client: client.post(url, data)


def test_two_agenda_items_added_at_once_are_both_kept_in_order(senate):
    for n in range(ROUNDS):
        meeting = meeting_of(senate, n)
        item = {"transition": "item", "item-kind": "for_discussion"}
        answers = at_once(
            (senate.chair, on_meeting(meeting, {**item, "item-title": "Welcome"})),
            (senate.chair, on_meeting(meeting, {**item, "item-title": "Dementia"})),
        )
        assert [a.status for a in answers] == [302, 302], answers
        items = meeting.items.order_by("order")
        assert sorted(i.title for i in items) == ["Dementia", "Welcome"]
        assert [i.order for i in items] == [1, 2]


def test_two_people_attending_for_one_seat_at_once_one_is_refused(senate):
    seat = senate.seats[1]
    for n in range(ROUNDS):
        meeting = meeting_of(senate, n)
        attend = {"transition": "attendance", "attend-seat": seat.pk}
        first, second = senate.rep(1).person, senate.second.person
        answers = at_once(
            (senate.chair, on_meeting(meeting, {**attend, "attend-person": first.pk})),
            (senate.chair, on_meeting(meeting, {**attend, "attend-person": second.pk})),
        )
        assert sorted(a.status for a in answers) == [302, 400], answers
        (refused,) = [a for a in answers if a.status == 400]
        assert "already represented at this meeting" in refused.text
        assert meeting.attendance.filter(seat=seat).count() == 1


def test_two_people_saving_the_minutes_at_once_one_is_refused(senate):
    for n in range(ROUNDS):
        meeting = meeting_of(senate, n)
        shown = meeting.history.order_by("-history_id").first().history_id
        minutes = {"transition": "minutes", "based_on": shown}
        answers = at_once(
            (senate.chair, on_meeting(meeting, {**minutes, "minutes": "Agreed the plan."})),
            (senate.chair, on_meeting(meeting, {**minutes, "minutes": "Deferred the plan."})),
        )
        assert sorted(a.status for a in answers) == [302, 409], answers
        (refused,) = [a for a in answers if a.status == 409]
        assert WHILE_EDITING in refused.text
        meeting.refresh_from_db()
        won = "Agreed the plan." if answers[0].status == 302 else "Deferred the plan."
        assert meeting.minutes == won


def action_update(action, description, status):
    """The action's form as posted from the page that showed its latest change."""
    url = reverse("governance:meeting-action", args=[action.pk])
    shown = action.history.order_by("-history_id").first().history_id
    data = {"action-owner_organisation": action.owner_organisation_id, "action-based_on": shown}
    data |= {"action-description": description, "action-status": status}
    return lambda client: client.post(url, data)


def test_two_people_updating_one_meeting_action_at_once_one_is_refused(senate):
    owner = senate.seats[1].organisation
    for n in range(ROUNDS):
        meeting = meeting_of(senate, n)
        action = actions.add_meeting_action(
            by=senate.chair, meeting=meeting, description="Report", owner_organisation=owner
        )
        answers = at_once(
            (senate.chair, action_update(action, "Report the waits", "done")),
            (senate.chair, action_update(action, "Report the waits by locality", "open")),
        )
        assert sorted(a.status for a in answers) == [302, 409], answers
        (refused,) = [a for a in answers if a.status == 409]
        assert WHILE_EDITING in refused.text
        action.refresh_from_db()
        first_won = answers[0].status == 302
        assert (action.description, action.status) == (
            ("Report the waits", "done") if first_won else ("Report the waits by locality", "open")
        )


@pytest.mark.skipif(not SQLITE, reason="SQLite's journal and busy timeout")
def test_sqlite_runs_in_wal_mode_and_waits_for_a_busy_database():
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        (busy_timeout_ms,) = cursor.execute("PRAGMA busy_timeout").fetchone()
    assert busy_timeout_ms >= 5000
    assert connection.settings_dict["NAME"].endswith(".sqlite3")  # a real file, as in use
