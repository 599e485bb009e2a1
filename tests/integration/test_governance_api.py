"""The governance API: the same actions and permissions as the pages, with a bearer token."""

import datetime as dt

import pytest
from django.utils.timezone import localdate

from concord.access.models import ApiToken
from concord.governance import actions
from concord.governance.models import Agreement, Proposal
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    held_meeting,
    support_from_every_seat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
BASE = "/api/v1/governance"


def bearer(user) -> dict:
    _, token = ApiToken.objects.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client, user, path, data):
    return client.post(BASE + path, data, content_type="application/json", **bearer(user))


def test_draft_open_position_and_decide_through_the_api(client):
    senate = build_senate()
    body = {
        "forum": senate.forum.slug,
        "title": "Dementia strategy",
        "author_organisation": senate.seats[0].organisation.code,
        "problem": "Low diagnosis rate",
        "strategy": "Diagnose earlier",
    }
    created = post(client, senate.editor, "/proposals", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert post(client, senate.editor, f"/proposals/{pk}/open", {}).json()["status"] == "open"

    objection = {"seat": senate.seats[1].pk, "stance": "object", "reason": "Not costed"}
    assert post(client, senate.rep(1), f"/proposals/{pk}/positions", objection).status_code == 200
    meeting = held_meeting(senate, date=localdate())  # opened through the API today
    refused = post(
        client,
        senate.chair,
        f"/proposals/{pk}/decisions",
        {"meeting": meeting.pk, "outcome": "agreed"},
    )
    assert refused.status_code == 409 and "standing objection" in refused.json()["detail"]

    amended = post(client, senate.editor, f"/proposals/{pk}/amend", {"change_summary": "Costed"})
    assert amended.status_code == 201
    support = {"seat": senate.seats[1].pk, "stance": "support"}
    assert post(client, senate.rep(1), f"/proposals/{pk}/positions", support).status_code == 200
    support_from_every_seat(senate, Proposal.objects.get(pk=pk).current, but=(1,))
    decided = post(
        client,
        senate.chair,
        f"/proposals/{pk}/decisions",
        {"meeting": meeting.pk, "outcome": "agreed"},
    )
    assert decided.status_code == 201
    agreement_id = decided.json()["agreement"]

    detail = client.get(f"{BASE}/proposals/{pk}", **bearer(senate.viewer)).json()
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    assert [p["stance"] for p in detail["versions"][0]["positions"]] == ["object"]
    assert [t["to_status"] for t in detail["transitions"]] == ["draft", "open", "agreed"]
    agreement = client.get(f"{BASE}/agreements/{agreement_id}", **bearer(senate.viewer)).json()
    assert agreement["version"] == 2 and agreement["in_force"] is True


def test_no_one_records_a_position_for_another_seat_through_the_api(client):
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    data = {"seat": senate.seats[2].pk, "stance": "support"}
    refused = post(client, senate.rep(1), f"/proposals/{proposal.pk}/positions", data)
    assert refused.status_code == 403
    assert "sitting for this seat" in refused.json()["detail"]
    assert proposal.current.positions.count() == 0


def test_agreements_and_commitments_cannot_be_changed_through_the_api(client):
    senate = build_senate()
    proposal = dementia_proposal(senate)
    actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    support_from_every_seat(senate, proposal.current)
    decision = actions.record_decision(
        by=senate.chair, meeting=held_meeting(senate), proposal=proposal, outcome="agreed"
    )
    agreement = decision.agreement
    for method in (client.put, client.patch, client.delete):
        response = method(
            f"{BASE}/agreements/{agreement.pk}",
            {"title": "x"},
            content_type="application/json",
            **bearer(senate.admin),
        )
        assert response.status_code == 405
    assert Agreement.objects.get().title == "Dementia strategy"

    ccg = senate.seats[0].organisation
    mine = client.get(f"{BASE}/commitments?party={ccg.code}", **bearer(senate.viewer)).json()
    assert mine["count"] == 1
    assert [c["what"] for c in mine["items"]] == ["Part 0 of the dementia strategy"]
    assert mine["items"][0]["trajectory"] == [{"period": "2021-22", "target": 66.7}]


def test_reading_needs_the_viewer_role(client):
    build_senate()
    assert client.get(f"{BASE}/forums").status_code == 401


@pytest.mark.parametrize(
    "path", ["/forums", "/forums/{slug}/meetings", "/proposals", "/agreements", "/commitments"]
)
def test_lists_are_paginated_with_a_total_count(client, path):
    senate = build_senate()
    for n in range(3):
        proposal = dementia_proposal(senate)
        actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
        support_from_every_seat(senate, proposal.current)
        meeting = held_meeting(senate, date=dt.date(2021, 3, 10 + n))
        actions.record_decision(
            by=senate.chair, meeting=meeting, proposal=proposal, outcome="agreed"
        )
    actions.create_forum(by=senate.admin, name="Second forum", kind="programme_board")
    url = BASE + path.format(slug=senate.forum.slug)
    whole = client.get(url, **bearer(senate.viewer)).json()
    assert whole["count"] == len(whole["items"]) >= 2
    second = client.get(f"{url}?limit=1&offset=1", **bearer(senate.viewer)).json()
    assert second["count"] == whole["count"]
    assert second["items"] == whole["items"][1:2]
