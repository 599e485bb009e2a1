"""Every write action through the API: the happy path, the refusal for the wrong person (403
JSON, nothing changed) and bad input (404 JSON for an unknown reference, 422 JSON for input that
does not fit the schema), each endpoint calling the same action as its page.

One world per endpoint: the senate with its agreement (tests/integration/contracting.py), the
CCG's acute contract, pooled budget, programme and red flag, and a meeting yesterday with an
agenda, an action and an item Concord proposes for it.
"""

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass

import pytest
from django.utils.timezone import localdate
from ninja.responses import NinjaJSONEncoder

from concord.accountability.models import AgendaProposal, RedFlag
from concord.api.api import api
from concord.contracts.models import Contract
from concord.governance import actions as governance
from concord.governance.models import Forum, MeetingAction, Position, Seat
from concord.pathways import actions as pathways
from concord.pathways.models import Programme, TeamMember
from tests.factories import OrganisationFactory, PersonFactory
from tests.integration.contracting import SINCE, acute_contract, build_world, dementia_programme
from tests.integration.governance import (  # noqa: F401
    OPENED,
    dementia_proposal,
)
from tests.integration.test_governance_api import bearer
from tests.integration.test_rights_follow_posts import flag_on

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
API = "/api/v1"
UNKNOWN = 999_999


@dataclass
class Case:
    path: str
    body: dict
    by: object  # who may
    refused: object  # who may not
    bad: tuple  # (path, body, status): an unknown reference (404) or input off the schema (422)
    state: object  # what the write changes, read afresh
    method: str = "post"


def set_up(world):
    """Everything the writes work on; a meeting yesterday with attendance, agenda and action."""
    senate = world.senate
    world.contract = acute_contract(world)
    world.pool = acute_contract(
        world,
        reference="S75-1",
        title="Better Care Fund pooled budget",
        kind="section_75",
        providers=[world.council],
        commissioners={world.ccg: None},
        annual_value=None,
    )
    world.programme = dementia_programme(world)
    world.flag = flag_on(world)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=localdate() - dt.timedelta(days=1)
    )
    governance.record_attendance(
        by=senate.chair, meeting=meeting, person=senate.rep(0).person, seat=senate.seats[0]
    )
    world.items = [
        governance.add_agenda_item(by=senate.chair, meeting=meeting, title=title)
        for title in ("Welcome", "Dementia update")
    ]
    world.action = governance.add_meeting_action(
        by=senate.chair, meeting=meeting, description="Cost the plan", owner_organisation=world.ccg
    )
    world.proposed = AgendaProposal.objects.create(
        meeting=meeting, kind="flag", flag=world.flag, title="Dementia below target", reason="Red"
    )
    world.meeting = meeting
    world.opened = governance.open_proposal(
        by=senate.editor, proposal=dementia_proposal(senate), on=OPENED
    )
    world.member = pathways.add_team_member(
        by=world.ccg_editor,
        programme=world.programme,
        person=PersonFactory(name="Programme lead (fictional)"),
        on_behalf_of=world.ccg,
        role="Clinical lead",
        start=SINCE,
    )
    world.draft = pathways.draft_pathway(by=world.ccg_editor, programme=world.programme, title="D")
    pathways.add_stage(
        by=world.ccg_editor,
        pathway=world.draft,
        name="Diagnosis",
        standard="Six weeks",
        responsible=[world.acute],
    )
    return world


def governance_cases(w):
    s, m, forum = w.senate, w.meeting, w.senate.forum
    chair, outsider, admin = s.chair, w.outsider_editor, s.admin
    g = f"{API}/governance"
    person = s.rep(1).person.pk
    return {
        "create a forum": Case(
            f"{g}/forums",
            {"name": "Frailty board", "kind": "programme_board", "organisation": w.ccg.code},
            admin,
            chair,
            (f"{g}/forums", {"name": "Frailty board", "kind": "no_such_kind"}, 422),
            lambda: Forum.objects.filter(slug="frailty-board").count(),
        ),
        "add a seat": Case(
            f"{g}/forums/{forum.slug}/seats",
            {"organisation": OrganisationFactory(name="Hospice (fictional)").code},
            admin,
            chair,
            (f"{g}/forums/{forum.slug}/seats", {"organisation": "NOPE"}, 404),
            lambda: forum.seats.count(),
        ),
        "change the terms of reference": Case(
            f"{g}/forums/{forum.slug}/terms",
            {"purpose": "Agree the dementia strategy", "quorum_min_seats": 2},
            admin,
            chair,
            (f"{g}/forums/{forum.slug}/terms", {"purpose": "x", "kind": "no_such_kind"}, 422),
            lambda: Forum.objects.values_list("purpose", "quorum_min_seats").get(pk=forum.pk),
            method="patch",
        ),
        "end a seat": Case(
            f"{g}/seats/{s.seats[3].pk}/end",
            {"end": "2031-03-31"},
            admin,
            chair,
            (f"{g}/seats/{s.seats[3].pk}/end", {"end": "the end of March"}, 422),
            lambda: Seat.objects.get(pk=s.seats[3].pk).end,
        ),
        "add a representative": Case(
            f"{g}/seats/{s.seats[0].pk}/representatives",
            {"person": person},
            admin,
            chair,
            (f"{g}/seats/{s.seats[0].pk}/representatives", {"person": UNKNOWN}, 404),
            lambda: s.seats[0].representatives.count(),
        ),
        "schedule a meeting": Case(
            f"{g}/forums/{forum.slug}/meetings",
            {"date": "2031-01-15"},
            chair,
            outsider,
            (f"{g}/forums/{forum.slug}/meetings", {"date": "15/01/2031"}, 422),
            lambda: forum.meetings.count(),
        ),
        "plan meetings": Case(
            f"{g}/forums/{forum.slug}/meetings/plan",
            {"first": "2031-01-15", "count": 3},
            chair,
            outsider,
            (f"{g}/forums/{forum.slug}/meetings/plan", {"first": "2031-01-15", "count": 0}, 422),
            lambda: forum.meetings.count(),
        ),
        "record attendance": Case(
            f"{g}/meetings/{m.pk}/attendance",
            {"person": person, "seat": s.seats[1].pk},
            chair,
            outsider,
            (f"{g}/meetings/{m.pk}/attendance", {"person": person, "seat": UNKNOWN}, 404),
            lambda: m.attendance.count(),
        ),
        "record every seat's attendance": Case(
            f"{g}/meetings/{m.pk}/attendances",
            {"attendance": [{"seat": s.seats[1].pk, "person": person}]},
            chair,
            outsider,
            (
                f"{g}/meetings/{m.pk}/attendances",
                {"attendance": [{"seat": UNKNOWN, "person": person}]},
                404,
            ),
            lambda: set(m.attendance.values_list("seat_id", "person_id")),
        ),
        "record the chair's positions": Case(
            f"{g}/proposals/{w.opened.pk}/chair-positions",
            {"positions": [{"seat": s.seats[2].pk, "stance": "support"}]},
            chair,
            s.rep(0),
            (f"{g}/proposals/{w.opened.pk}/chair-positions", {"positions": []}, 422),
            lambda: Position.objects.filter(version=w.opened.current).count(),
        ),
        "hold a meeting": Case(
            f"{g}/meetings/{m.pk}/hold",
            {},
            chair,
            outsider,
            (f"{g}/meetings/{UNKNOWN}/hold", {}, 404),
            lambda: type(m).objects.get(pk=m.pk).status,
        ),
        "cancel a meeting": Case(
            f"{g}/meetings/{m.pk}/cancel",
            {},
            chair,
            outsider,
            (f"{g}/meetings/{UNKNOWN}/cancel", {}, 404),
            lambda: type(m).objects.get(pk=m.pk).status,
        ),
        "add an agenda item": Case(
            f"{g}/meetings/{m.pk}/agenda",
            {"title": "Any other business"},
            chair,
            outsider,
            (f"{g}/meetings/{m.pk}/agenda", {"title": ""}, 422),
            lambda: m.items.count(),
        ),
        "move an agenda item": Case(
            f"{g}/agenda/{w.items[1].pk}/move",
            {"direction": "up"},
            chair,
            outsider,
            (f"{g}/agenda/{w.items[1].pk}/move", {"direction": "sideways"}, 422),
            lambda: list(m.items.order_by("order").values_list("title", flat=True)),
        ),
        "record the minutes": Case(
            f"{g}/meetings/{m.pk}/minutes",
            {"minutes": "Agreed to cost the plan."},
            chair,
            outsider,
            (f"{g}/meetings/{m.pk}/minutes", {"minutes": "x", "based_on": "latest"}, 422),
            lambda: type(m).objects.get(pk=m.pk).minutes,
        ),
        "add a meeting action": Case(
            f"{g}/meetings/{m.pk}/actions",
            {"description": "Write to the ICB", "owner_organisation": w.acute.code, "due": None},
            chair,
            outsider,
            (f"{g}/meetings/{m.pk}/actions", {"description": "x", "owner_organisation": "NO"}, 404),
            lambda: m.actions.count(),
        ),
        "change a meeting action": Case(
            f"{g}/actions/{w.action.pk}",
            {"description": "Cost the plan by May"},
            chair,
            outsider,
            (f"{g}/actions/{w.action.pk}", {"owner_person": UNKNOWN}, 404),
            lambda: MeetingAction.objects.get(pk=w.action.pk).description,
            method="patch",
        ),
        "set a meeting action's status": Case(
            f"{g}/actions/{w.action.pk}/status",
            {"status": "done"},
            chair,
            outsider,
            (f"{g}/actions/{w.action.pk}/status", {"status": "finished"}, 422),
            lambda: MeetingAction.objects.get(pk=w.action.pk).status,
        ),
    }


def programme_cases(w):
    p = f"{API}/programmes/{w.programme.slug}"
    editor, outsider = w.ccg_editor, w.outsider_editor
    start = {"name": "Frailty", "condition": "frailty", "lead_organisation": w.ccg.code}
    member = {
        "person": w.senate.rep(1).person.pk,
        "on_behalf_of": w.acute.code,
        "role": "Acute lead",
        "start": "2021-04-01",
    }
    published = pathways.publish_pathway(by=editor, pathway=w.draft)
    second = pathways.draft_pathway(by=editor, programme=w.programme, title="Second")
    return {
        "start a programme": Case(
            f"{API}/programmes",
            start,
            editor,
            outsider,
            (f"{API}/programmes", {**start, "condition": "gout"}, 422),
            lambda: Programme.objects.filter(slug="frailty").count(),
        ),
        "add to the team": Case(
            f"{p}/team",
            member,
            editor,
            outsider,
            (f"{p}/team", {**member, "on_behalf_of": "NOPE"}, 404),
            lambda: w.programme.team.count(),
        ),
        "end a membership": Case(
            f"{p}/team/{w.member.pk}/end",
            {"end": "2022-03-31"},
            editor,
            outsider,
            (f"{p}/team/{w.member.pk}/end", {"end": "the end of March"}, 422),
            lambda: TeamMember.objects.get(pk=w.member.pk).end,
        ),
        "remove a stage": Case(
            f"{p}/pathways/{second.number}/stages/1",
            {},
            editor,
            outsider,
            (f"{p}/pathways/{second.number}/stages/9", {}, 404),
            lambda: second.stages.count(),
            method="delete",
        ),
        "retire the pathway": Case(
            f"{p}/pathways/{published.number}/retire",
            {},
            editor,
            outsider,
            (f"{p}/pathways/{published.number}/retire", {"on": "soon"}, 422),
            lambda: type(published).objects.get(pk=published.pk).status,
        ),
    }


def contract_cases(w):
    c, pool = f"{API}/contracts/{w.contract.reference}", f"{API}/contracts/{w.pool.reference}"
    editor, outsider = w.ccg_editor, w.outsider_editor
    fresh = lambda ref: Contract.objects.get(reference=ref)  # noqa: E731
    line = {"year": "2021-22", "description": "Reablement", "amount": "50000"}
    return {
        "record the renewal decision": Case(
            f"{c}/renewal",
            {"decision": w.decision.pk},
            editor,
            outsider,
            (f"{c}/renewal", {"decision": UNKNOWN}, 404),
            lambda: fresh(w.contract.reference).renewal_decision_id,
        ),
        "set a contract's status": Case(
            f"{c}/status",
            {"status": "terminated"},
            editor,
            outsider,
            (f"{c}/status", {"status": "paused"}, 422),
            lambda: fresh(w.contract.reference).status,
        ),
        "add a contribution": Case(
            f"{pool}/contributions",
            {"partner": w.council.code, "year": "2021-22", "amount": "250000"},
            editor,
            outsider,
            (
                f"{pool}/contributions",
                {"partner": w.council.code, "year": "21/22", "amount": 1},
                422,
            ),
            lambda: w.pool.contributions.count(),
        ),
        "add a spend line": Case(
            f"{pool}/spend-lines",
            line,
            editor,
            outsider,
            (f"{pool}/spend-lines", {**line, "commitment": UNKNOWN}, 404),
            lambda: w.pool.spend_lines.count(),
        ),
        "add a budget metric": Case(
            f"{pool}/metrics",
            {"indicator": w.indicator.code, "ambition": 70},
            editor,
            outsider,
            (f"{pool}/metrics", {"indicator": "no-such-indicator"}, 404),
            lambda: w.pool.metrics.count(),
        ),
    }


def accountability_cases(w):
    a = f"{API}/accountability"
    editor, outsider, chair = w.ccg_editor, w.outsider_editor, w.senate.chair
    flag = lambda: RedFlag.objects.get(pk=w.flag.pk).state  # noqa: E731
    proposed = lambda: AgendaProposal.objects.get(pk=w.proposed.pk).state  # noqa: E731
    return {
        "acknowledge a flag": Case(
            f"{a}/flags/{w.flag.pk}/acknowledge",
            {"note": "Seen"},
            editor,
            outsider,
            (f"{a}/flags/{UNKNOWN}/acknowledge", {}, 404),
            flag,
        ),
        "resolve a flag": Case(
            f"{a}/flags/{w.flag.pk}/resolve",
            {"note": "Back on target"},
            editor,
            outsider,
            (f"{a}/flags/{w.flag.pk}/resolve", {"note": ["Back"]}, 422),
            flag,
        ),
        "accept a proposed agenda item": Case(
            f"{a}/proposals/{w.proposed.pk}/accept",
            {},
            chair,
            editor,
            (f"{a}/proposals/{UNKNOWN}/accept", {}, 404),
            proposed,
        ),
        "decide proposed agenda items": Case(
            f"{a}/proposals/decide",
            {"proposals": [w.proposed.pk], "accept": False, "reason": "Covered already"},
            chair,
            editor,
            (f"{a}/proposals/decide", {"proposals": [w.proposed.pk, UNKNOWN], "accept": True}, 404),
            proposed,
        ),
        "dismiss a proposed agenda item": Case(
            f"{a}/proposals/{w.proposed.pk}/dismiss",
            {"reason": "Covered already"},
            chair,
            editor,
            (f"{a}/proposals/{w.proposed.pk}/dismiss", {"reason": ""}, 422),
            proposed,
        ),
    }


GROUPS = {
    "governance": governance_cases,
    "programmes": programme_cases,
    "contracts": contract_cases,
    "accountability": accountability_cases,
}


def call(client, case: Case, user, path=None, body=None):
    send = getattr(client, case.method)
    return send(
        path or case.path,
        case.body if body is None else body,
        content_type="application/json",
        **bearer(user),
    )


ENDPOINTS = (
    [
        ("governance", name)
        for name in (
            "create a forum",
            "change the terms of reference",
            "add a seat",
            "end a seat",
            "add a representative",
            "schedule a meeting",
            "plan meetings",
            "record attendance",
            "record every seat's attendance",
            "record the chair's positions",
            "hold a meeting",
            "cancel a meeting",
            "add an agenda item",
            "move an agenda item",
            "record the minutes",
            "add a meeting action",
            "change a meeting action",
            "set a meeting action's status",
        )
    ]
    + [
        ("programmes", name)
        for name in (
            "start a programme",
            "add to the team",
            "end a membership",
            "remove a stage",
            "retire the pathway",
        )
    ]
    + [
        ("contracts", name)
        for name in (
            "record the renewal decision",
            "set a contract's status",
            "add a contribution",
            "add a spend line",
            "add a budget metric",
        )
    ]
    + [
        ("accountability", name)
        for name in (
            "acknowledge a flag",
            "resolve a flag",
            "accept a proposed agenda item",
            "decide proposed agenda items",
            "dismiss a proposed agenda item",
        )
    ]
)


@pytest.mark.parametrize("group,name", ENDPOINTS)
def test_each_write_refuses_the_wrong_person_rejects_bad_input_and_then_works(client, group, name):
    case = GROUPS[group](set_up(build_world()))[name]
    before = case.state()
    refused = call(client, case, case.refused)
    assert refused.status_code == 403, refused.content
    assert refused.json()["detail"]
    path, body, status = case.bad
    bad = call(client, case, case.by, path, body)
    assert bad.status_code == status, bad.content
    assert bad["Content-Type"].startswith("application/json") and bad.json()["detail"]
    assert case.state() == before
    done = call(client, case, case.by)
    assert done.status_code in (200, 201), done.content
    assert case.state() != before
    assert_documented(case, done)


@functools.cache
def openapi() -> dict:
    """The schema served at /api/v1/openapi.json (made once: it does not change in a run)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


def operation(schema: dict, path: str, method: str) -> dict:
    """The operation of the OpenAPI schema whose path template matches the path called."""
    for template, operations in schema["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if re.fullmatch(pattern, path) and method in operations:
            return operations[method]
    raise AssertionError(f"{method} {path} is not in the schema")


def properties(schema: dict, shape: dict) -> set[str]:
    if "$ref" in shape:
        shape = schema["components"]["schemas"][shape["$ref"].rsplit("/", 1)[-1]]
    return set(shape["properties"])


def assert_documented(case: Case, response) -> None:
    """The answer has the fields the OpenAPI schema documents for its status, no more or less."""
    schema = openapi()
    answers = operation(schema, case.path, case.method)["responses"]
    shape = answers[str(response.status_code)]["content"]["application/json"]["schema"]
    body = response.json()
    for each in body if shape.get("type") == "array" else [body]:
        expected = properties(schema, shape.get("items", shape))
        assert set(each) == expected, (case.path, set(each) ^ expected)


@pytest.mark.parametrize("what", ["minutes", "action"])
def test_a_stale_based_on_is_refused_with_409_and_changes_nothing(client, what):
    world = set_up(build_world())
    g, chair = f"{API}/governance", world.senate.chair
    path, body = {
        "minutes": (f"{g}/meetings/{world.meeting.pk}/minutes", {"minutes": "First draft"}),
        "action": (f"{g}/actions/{world.action.pk}", {"description": "Cost it by May"}),
    }[what]
    send = client.patch if what == "action" else client.post
    shown = send(path, body, content_type="application/json", **bearer(chair)).json()["change"]
    send(path, {**body, "based_on": shown}, content_type="application/json", **bearer(chair))
    stale = send(
        path, {**body, "based_on": shown - 1}, content_type="application/json", **bearer(chair)
    )
    assert stale.status_code == 409 and "while you were editing" in stale.json()["detail"]


def test_an_invalid_change_is_a_409_with_the_actions_sentence(client):
    world = set_up(build_world())
    path = f"{API}/governance/meetings/{world.meeting.pk}/agenda"
    body = {"title": "Decide the strategy", "kind": "for_decision"}
    refused = client.post(path, body, content_type="application/json", **bearer(world.senate.chair))
    assert refused.status_code == 409
    assert refused.json() == {"detail": "An item for decision needs the proposal it decides."}


DOMAINS = tuple(f"{API}/{group}" for group in GROUPS)


def test_every_write_documents_its_refusals_and_bad_input(client):
    schema = client.get(f"{API}/openapi.json").json()
    writes = {
        (path, method): operation["responses"]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "patch", "delete") and path.startswith(DOMAINS)
    }
    assert len(writes) >= 40
    for (path, method), responses in writes.items():
        assert {"403", "404", "409", "422"} <= set(responses), (method, path)


def test_the_terms_from_a_stale_change_or_unchanged_are_refused_with_409(client):
    world = set_up(build_world())
    path, admin = f"{API}/governance/forums/{world.senate.forum.slug}/terms", world.senate.admin
    shown = client.get(f"{API}/governance/forums/{world.senate.forum.slug}", **bearer(admin))
    shown = shown.json()["change"]
    patch = lambda body: client.patch(  # noqa: E731
        path, body, content_type="application/json", **bearer(admin)
    )
    assert patch({"purpose": "First", "based_on": shown}).json()["change"] != shown
    stale = patch({"purpose": "Second", "based_on": shown})
    assert stale.status_code == 409 and "while you were editing" in stale.json()["detail"]
    unchanged = patch({"purpose": "First"})
    assert unchanged.status_code == 409 and "Nothing changed" in unchanged.json()["detail"]
    assert Forum.objects.get(pk=world.senate.forum.pk).purpose == "First"


def refused_rows(response, path: str) -> dict:
    """The refused rows of a 409, by seat: documented as RowsRefusedOut."""
    assert response.status_code == 409, response.content
    shape = operation(openapi(), path, "post")["responses"]["409"]["content"]["application/json"]
    assert shape["schema"]["$ref"].endswith("/RowsRefusedOut")
    body = response.json()
    assert set(body) == {"detail", "rows"} and body["detail"]
    return {row["seat"]: row["reason"] for row in body["rows"]}


def test_attendance_with_a_refused_seat_is_a_409_naming_it_and_records_nothing(client):
    world = set_up(build_world())
    s, m = world.senate, world.meeting
    rows = [
        {"seat": s.seats[1].pk, "person": s.rep(1).person.pk},
        {"seat": s.seats[2].pk, "person": PersonFactory(name="Stranger (fictional)").pk},
    ]
    before = set(m.attendance.values_list("seat_id", "person_id"))
    path = f"{API}/governance/meetings/{m.pk}/attendances"
    refused = client.post(
        path,
        {"attendance": rows},
        content_type="application/json",
        **bearer(s.chair),
    )
    assert list(refused_rows(refused, path)) == [s.seats[2].organisation.name]
    assert set(m.attendance.values_list("seat_id", "person_id")) == before


def test_a_seat_that_answered_meanwhile_is_a_409_naming_it_and_records_nothing(client):
    world = set_up(build_world())
    s, opened = world.senate, world.opened
    governance.record_position(
        by=s.rep(1), version=opened.current, seat=s.seats[1], stance="object", reason="No"
    )
    path = f"{API}/governance/proposals/{opened.pk}/chair-positions"
    refused = client.post(
        path,
        {"positions": [{"seat": seat.pk, "stance": "support"} for seat in s.seats[1:3]], "seen": 0},
        content_type="application/json",
        **bearer(s.chair),
    )
    assert list(refused_rows(refused, path)) == [s.seats[1].organisation.name]
    assert not Position.objects.filter(version=opened.current, by_chair=True).exists()


def test_deciding_items_one_of_them_decided_already_is_a_409_and_decides_none(client):
    world = set_up(build_world())
    chair = world.senate.chair
    again = AgendaProposal.objects.create(
        meeting=world.meeting,
        kind="review",
        agreement=world.agreement,
        title="Review the dementia agreement",
        reason="Due",
    )
    client.post(
        f"{API}/accountability/proposals/{world.proposed.pk}/accept",
        {},
        **bearer(chair),
        content_type="application/json",
    )
    refused = client.post(
        f"{API}/accountability/proposals/decide",
        {"proposals": [again.pk, world.proposed.pk], "accept": True},
        content_type="application/json",
        **bearer(chair),
    )
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Dementia below target: This item was already")
    assert AgendaProposal.objects.get(pk=again.pk).state == "proposed"


def test_the_terms_name_the_chair_by_id_and_an_unknown_one_is_a_404(client):
    world = set_up(build_world())
    forum, admin = world.senate.forum, world.senate.admin
    path, chair = f"{API}/governance/forums/{forum.slug}/terms", world.senate.rep(1).person
    patch = lambda body: client.patch(  # noqa: E731
        path, body, content_type="application/json", **bearer(admin)
    )
    unknown = patch({"chair": UNKNOWN, "purpose": "Changed"})
    assert unknown.status_code == 404 and unknown.json()["detail"]
    assert Forum.objects.get(pk=forum.pk).purpose == forum.purpose
    changed = patch({"chair": chair.pk})
    assert changed.status_code == 200 and changed.json()["chair"]["id"] == chair.pk
    assert Forum.objects.get(pk=forum.pk).chair_id == chair.pk
