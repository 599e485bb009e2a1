"""History shows every change: who, when, which record, before → after, on the History tab of a
proposal or a meeting and from the API. Positions, decisions, attendance, agenda, commitments.

Seen: a seat's objection recorded over by the chair appeared nowhere, not even in History,
which showed only the proposal's own row.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localdate

from concord.governance import actions
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    support_from_every_seat,
)
from tests.integration.test_governance_api import BASE, bearer

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def senate():
    return build_senate()


@pytest.fixture
def proposal(senate):
    found = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=found, reason="Ready")
    return found


def record(senate, proposal, by, n, stance, reason="", seen=None):
    return actions.record_position(
        by=by,
        version=proposal.current,
        seat=senate.seats[n],
        stance=stance,
        reason=reason,
        seen=seen,
    )


def history_page(client, user, model, pk) -> str:
    client.force_login(user)
    response = client.get(reverse("governance:history", args=[model, pk]))
    assert response.status_code == 200
    return response.content.decode()


def api_history(client, user, path) -> list[dict]:
    response = client.get(f"{BASE}{path}/history", **bearer(user))
    assert response.status_code == 200
    return response.json()


def test_a_changed_position_shows_what_it_changed_from_and_who(client, senate, proposal):
    objection = record(senate, proposal, senate.rep(1), 1, "object", "Not costed")
    record(senate, proposal, senate.rep(1), 1, "concerns", "Costing to follow", objection.pk)
    on_behalf = record(senate, proposal, senate.chair, 2, "support")
    html = history_page(client, senate.viewer, "proposal", proposal.pk)
    seat = senate.seats[1].organisation.name
    assert f"Position of {seat} on version 1" in html
    assert "Stance: Object → Support with concerns" in html
    assert "Reason: Not costed → Costing to follow" in html
    assert senate.rep(1).username in html and senate.chair.username in html
    assert "Stance: – → Support" in html and on_behalf.by_chair
    assert "By chair: – → True" in html


def test_decisions_agreements_and_amended_commitments_are_in_the_proposals_history(
    client, senate, proposal
):
    terms = [{**c.terms(), "due": dt.date(2023, 3, 31)} for c in proposal.current.commitments.all()]
    actions.amend_proposal(
        by=senate.editor, proposal=proposal, change_summary="Later", commitments=terms
    )
    support_from_every_seat(senate, proposal.current)
    meeting = held_meeting(senate, date=localdate())  # version 2 was put to the forum today
    decision = actions.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome="agreed"
    )
    changes = api_history(client, senate.viewer, f"/proposals/{proposal.pk}")
    records = {c["record"] for c in changes}
    assert "Version 2" in records and "Decision on version 2" in records
    party = senate.seats[0].organisation.name
    assert f"Commitment proposed in version 2: {party}" in records
    assert f"Agreed commitment: {party}" in records
    due = {
        (f["before"], f["after"])
        for c in changes
        if c["record"] == f"Agreed commitment: {party}"
        for f in c["changes"]
        if f["field"] == "due"
    }
    assert due == {(None, "2023-03-31")}
    decided = next(c for c in changes if c["record"] == "Decision on version 2")
    assert decided["by"] == senate.chair.username and decided["kind"] == "created"
    assert {"field": "outcome", "before": None, "after": "Agreed"} in decided["changes"]
    status = [c for c in changes if c["record"] == "Status"]
    assert [f["after"] for c in status for f in c["changes"] if f["field"] == "status"] == [
        "Agreed",
        "Open for positions",
        "Draft",
    ]
    assert decision.agreement.commitments.count() == len(terms)


def test_attendance_agenda_and_minutes_are_in_the_meetings_history(client, senate, proposal):
    meeting = actions.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2021, 3, 10)
    )
    person = senate.rep(0).person
    actions.record_attendance(by=senate.chair, meeting=meeting, person=person, seat=senate.seats[0])
    first = actions.add_agenda_item(by=senate.chair, meeting=meeting, title="Welcome")
    actions.add_agenda_item(by=senate.chair, meeting=meeting, title="Dementia strategy")
    actions.move_agenda_item(by=senate.chair, item=first, up=False)
    actions.record_minutes(by=senate.chair, meeting=meeting, minutes="Agreed to meet again.")
    html = history_page(client, senate.viewer, "meeting", meeting.pk)
    assert f"Attendance of {person.name}" in html
    assert f"Seat: – → {senate.seats[0]}" in html
    assert "Agenda item Welcome" in html and "Order: 1 → 0" in html and "Order: 0 → 2" in html
    assert "Minutes: – → Agreed to meet again." in html
    changes = api_history(client, senate.viewer, f"/meetings/{meeting.pk}")
    assert changes[0]["record"] == "Meeting" and changes[0]["by"] == senate.chair.username
    assert {"field": "minutes", "before": "", "after": "Agreed to meet again."} in changes[0][
        "changes"
    ]


def queries(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_history_reads_a_fixed_number_of_queries(client, senate, proposal):
    url = reverse("governance:history", args=["proposal", proposal.pk])
    record(senate, proposal, senate.rep(0), 0, "support")
    few = queries(client, senate.viewer, url)
    for n in (1, 2, 3):
        record(senate, proposal, senate.rep(n), n, "object", "Not costed")
    assert queries(client, senate.viewer, url) == few


def test_an_agreements_history_shows_its_commitments_and_what_superseded_it(client, senate):
    first = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=first, on=OPENED)
    support_from_every_seat(senate, first.current)
    old = actions.record_decision(
        by=senate.chair, meeting=held_meeting(senate), proposal=first, outcome="agreed"
    ).agreement
    variation = dementia_proposal(senate, varies=old)
    actions.open_proposal(by=senate.editor, proposal=variation, on=dt.date(2022, 3, 1))
    support_from_every_seat(senate, variation.current)
    later = held_meeting(senate, date=dt.date(2022, 3, 9))
    new = actions.record_decision(
        by=senate.chair, meeting=later, proposal=variation, outcome="agreed"
    ).agreement
    html = history_page(client, senate.viewer, "agreement", old.pk)
    assert f"Supersedes: – → {old}" in html and f"Agreement {new.title}" in html
    party = senate.seats[0].organisation.name
    assert f"Agreed commitment: {party}" in html
    assert ">Changed<" not in html  # agreed records are superseded, never edited
