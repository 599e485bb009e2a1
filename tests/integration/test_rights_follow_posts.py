"""Rights follow posts: the permission matrix across governance, contracts, pathways,
accountability and data submissions (roles × posts × actions). No one acts for an organisation
they hold no post in.

Organisation A is the commissioner (the CCG, seat 0 of the test senate), which puts the proposal,
commissions the contract, leads the programme and has the red flag; B is the acute trust. Each
role tries every action through the action itself, then a few through the pages and the API.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from concord.access import actions as logins
from concord.access.posts import REFUSAL
from concord.accountability import actions as accountability
from concord.accountability.models import FlagKind, RedFlag
from concord.contracts import actions as contracts
from concord.governance import actions as governance
from concord.governance.errors import NotAllowed
from concord.indicators.submissions import actions as submissions
from concord.indicators.submissions.queries import period_of
from concord.organisations import actions as registry
from concord.organisations.errors import NotAllowed as RegistryNotAllowed
from concord.organisations.kinds import Kind
from concord.pathways import actions as pathways
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    RelationshipFactory,
    UserFactory,
)
from tests.integration.contracting import (
    SINCE,
    acute_contract,
    build_world,
    dementia_programme,
    member_of,
)
from tests.integration.governance import (  # noqa: F401
    dementia_proposal,
    held_meeting,
    secretary,
)
from tests.integration.submitting import PERIOD, analyst_of
from tests.integration.test_governance_api import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]

ROLES = (
    "viewer of A",
    "editor of A",
    "editor on behalf of A",  # a post in the senate's secretariat held on behalf of A
    "editor whose post in A ended",
    "editor with no post",
    "editor of B",
    "chair",
    "the senate's secretary",  # an editor holding a post in the secretariat in its own right
    "A's representative",
    "admin",
    "analyst of A's commissioner",  # a post in the ICB the CCG is part of
)
FOR_A = {"editor of A", "editor on behalf of A"}
ALLOWED = {
    "amend A's proposal": FOR_A,
    "withdraw A's proposal": FOR_A | {"chair"},
    "open A's proposal": FOR_A,
    "record A's position": {"chair", "A's representative", "editor on behalf of A"},
    "record a decision": {"chair", "the senate's secretary"},
    "schedule a meeting": {"chair", "the senate's secretary"},
    "hold a meeting": {"chair", "the senate's secretary"},
    "add a seat to the senate": {"admin", "the senate's secretary"},
    "change the senate's terms": {"admin", "the senate's secretary"},
    "set the status of A's action": FOR_A | {"chair", "the senate's secretary"},
    "add a KPI to A's contract": FOR_A,
    "vary A's contract": FOR_A,
    "draft A's pathway": FOR_A,
    "start a programme led by A": FOR_A,
    "add to A's programme team": FOR_A,
    "end a membership of A's programme team": FOR_A,
    "set A's contract's status": FOR_A,
    "acknowledge a flag on A": FOR_A | {"chair"},
    "resolve a flag on A": FOR_A | {"chair"},
    "add a post in A": {"admin"},  # the registry is set up by administrators alone
    "link A to another organisation": {"admin"},
    "give a person a login": {"admin"},  # logins are given and kept by administrators alone
    "change a login's role": {"admin"},
    "close a login": {"admin"},
    "submit A's figures": FOR_A,
    "approve A's figures": {"analyst of A's commissioner"},
}


def user_for(role: str, world):
    a, b = world.ccg, world.acute
    if role == "editor on behalf of A":
        user = UserFactory(role="editor")
        secretariat = world.senate.forum.organisation
        PostFactory(person__user=user, organisation=secretariat, on_behalf_of=a, start=SINCE)
        return user
    if role == "editor whose post in A ended":
        user = UserFactory(role="editor")
        PostFactory(person__user=user, organisation=a, start=SINCE, end=dt.date(2021, 3, 31))
        return user
    if role == "analyst of A's commissioner":
        icb = OrganisationFactory(code="QXX", name="NHS Test Integrated Care Board", kind=Kind.ICB)
        RelationshipFactory(child=a, parent=icb, start=SINCE)
        return analyst_of(icb)
    return {
        "viewer of A": lambda: world.ccg_viewer,
        "editor of A": lambda: world.ccg_editor,
        "editor with no post": lambda: world.outsider_editor,
        "editor of B": lambda: member_of(b, "editor"),
        "chair": lambda: world.senate.chair,
        "the senate's secretary": lambda: secretary(world.senate),
        "A's representative": lambda: world.senate.rep(0),
        "admin": lambda: world.senate.admin,
    }[role]()


def flag_on(world, key: str = "failing") -> RedFlag:
    return RedFlag.objects.create(
        kind=FlagKind.FAILING,
        key=f"{key}:{world.ccg.pk}",
        title="Dementia diagnosis below target",
        evidence="Below 66.7% for six months",
        link="/",
        organisation=world.ccg,
        commitment=world.commitment_of(world.ccg),
    )


def team_member(world, programme):
    return pathways.add_team_member(
        by=world.ccg_editor,
        programme=programme,
        person=world.senate.rep(0).person,
        on_behalf_of=world.ccg,
        role="Clinical lead",
        start=SINCE,
    )


def figures_of_a(world, submit: bool = False):
    """A draft of A's figures for March 2022 made by A's editor (submitted, if asked)."""
    made, _ = submissions.enter_submission(
        by=world.ccg_editor,
        organisation=world.ccg,
        period=period_of(PERIOD),
        rows=[{"indicator": world.indicator.code, "numerator": "680", "denominator": "1000"}],
    )
    return submissions.submit_submission(by=world.ccg_editor, submission=made) if submit else made


def opened(world):
    proposal = dementia_proposal(world.senate)
    return governance.open_proposal(by=world.senate.editor, proposal=proposal)


def attempts(world):
    """Each action on a fresh object of A's, so that every role's attempt stands alone."""
    senate, contract = world.senate, acute_contract(world)
    programme, flag = dementia_programme(world), flag_on(world)
    member = team_member(world, programme)
    yesterday = localdate() - dt.timedelta(days=1)
    planned = governance.schedule_meeting(by=senate.chair, forum=senate.forum, date=yesterday)
    governance.record_attendance(
        by=senate.chair, meeting=planned, person=senate.rep(0).person, seat=senate.seats[0]
    )
    action_of_a = governance.add_meeting_action(
        by=senate.chair, meeting=planned, description="Audit", owner_organisation=world.ccg
    )
    return {
        "amend A's proposal": lambda by: governance.amend_proposal(
            by=by, proposal=dementia_proposal(senate), change_summary="Costed"
        ),
        "withdraw A's proposal": lambda by: governance.withdraw_proposal(
            by=by, proposal=dementia_proposal(senate), reason="Superseded by the ICB's plan"
        ),
        "open A's proposal": lambda by: governance.open_proposal(
            by=by, proposal=dementia_proposal(senate)
        ),
        "record A's position": lambda by: governance.record_position(
            by=by, version=opened(world).current, seat=senate.seats[0], stance="support"
        ),
        "record a decision": lambda by: governance.record_decision(
            by=by,
            meeting=held_meeting(senate, date=localdate()),
            proposal=opened(world),
            outcome="not_agreed",
        ),
        "schedule a meeting": lambda by: governance.schedule_meeting(
            by=by, forum=senate.forum, date=localdate() + dt.timedelta(days=30)
        ),
        "hold a meeting": lambda by: governance.hold_meeting(by=by, meeting=planned),
        "add a seat to the senate": lambda by: governance.add_seat(
            by=by, forum=senate.forum, organisation=OrganisationFactory()
        ),
        "change the senate's terms": lambda by: governance.set_terms(
            by=by, forum=senate.forum, quorum_min_seats=senate.forum.quorum_min_seats + 1
        ),
        "set the status of A's action": lambda by: governance.set_action_status(
            by=by, action=action_of_a, status="done"
        ),
        "add a KPI to A's contract": lambda by: contracts.add_kpi(
            by=by,
            contract=contract,
            code="DEM-9",
            name="Diagnosis within six weeks",
            indicator=world.indicator,
            threshold=66.7,
            measurement_period="quarter",
            consequence="Remedial action plan",
        ),
        "vary A's contract": lambda by: contracts.vary_contract(
            by=by,
            contract=contract,
            description="Extended by a year",
            effective_from=dt.date(2022, 4, 1),
            decision=world.decision,
            end=dt.date(2025, 3, 31),
        ),
        "draft A's pathway": lambda by: pathways.draft_pathway(
            by=by, programme=programme, title="Dementia pathway"
        ),
        "start a programme led by A": lambda by: pathways.create_programme(
            by=by, name="Frailty", condition="frailty", lead_organisation=world.ccg
        ),
        "add to A's programme team": lambda by: pathways.add_team_member(
            by=by,
            programme=programme,
            person=senate.rep(1).person,
            on_behalf_of=world.acute,
            role="Acute lead",
            start=SINCE,
        ),
        "end a membership of A's programme team": lambda by: pathways.end_team_membership(
            by=by, member=member, end=dt.date(2022, 3, 31)
        ),
        "set A's contract's status": lambda by: contracts.set_status(
            by=by, contract=acute_contract(world, reference=f"C-{by.pk}"), status="ended"
        ),
        "acknowledge a flag on A": lambda by: accountability.acknowledge_flag(by=by, flag=flag),
        "resolve a flag on A": lambda by: accountability.resolve_flag(
            by=by, flag=flag_on(world, key="resolve"), note="Back on target"
        ),
        "add a post in A": lambda by: registry.add_post(
            by=by,
            person=world.senate.rep(0).person,
            organisation=world.ccg,
            role="Clinical lead",
            start=localdate(),
        ),
        "link A to another organisation": lambda by: registry.link_organisations(
            by=by, child=world.ccg, parent=world.acute, kind="serves", start=localdate()
        ),
        "give a person a login": lambda by: logins.give_login(
            by=by,
            person=PersonFactory(),
            username=f"new-{by.pk}",
            email="",
            role="viewer",
            password="amber-lantern-harbour",
        ),
        "change a login's role": lambda by: logins.set_role(
            by=by, user=UserFactory(role="viewer"), role="editor", analyst=False
        ),
        "close a login": lambda by: logins.close_login(by=by, user=UserFactory(role="viewer")),
        "submit A's figures": lambda by: submissions.submit_submission(
            by=by, submission=figures_of_a(world)
        ),
        "approve A's figures": lambda by: submissions.approve_submission(
            by=by, submission=figures_of_a(world, submit=True)
        ),
    }


def outcome(attempt, by) -> str:
    try:
        attempt(by)
    except (NotAllowed, RegistryNotAllowed):
        return "refused"
    return "done"


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix(role):
    world = build_world()
    tried = attempts(world)
    by = user_for(role, world)
    found = {action: outcome(attempt, by) for action, attempt in tried.items()}
    assert found == {a: "done" if role in who else "refused" for a, who in ALLOWED.items()}


# -- the same refusals through the pages and the API -------------------------------------------

OUTSIDERS = ("editor with no post", "editor of B", "admin")


@pytest.fixture
def world():
    found = build_world()
    found.contract = acute_contract(found)
    found.programme = dementia_programme(found)
    return found


def page_posts(world):
    """(url, data, the object's state afterwards) for each page that changes something of A's."""
    proposal = dementia_proposal(world.senate)
    flag, figures = flag_on(world), figures_of_a(world)
    return {
        "withdraw A's proposal": (
            reverse("governance:proposal", args=[proposal.pk]),
            {"transition": "withdraw", "reason": "Superseded"},
            lambda: type(proposal).objects.get(pk=proposal.pk).status,
        ),
        "add a KPI to A's contract": (
            reverse("contracts:contract", args=[world.contract.reference]),
            {
                "change": "add-kpi",
                "code": "DEM-9",
                "name": "Diagnosis within six weeks",
                "indicator": world.indicator.pk,
                "comparison": "at_least",
                "threshold": "66.7",
                "measurement_period": "quarter",
                "consequence": "Remedial action plan",
                "commitment": world.commitment_of(world.acute).pk,
            },
            lambda: world.contract.kpis.count(),
        ),
        "draft A's pathway": (
            reverse("pathways:programme", args=[world.programme.slug]),
            {"title": "Dementia pathway", "summary": "Five stages"},
            lambda: world.programme.pathways.count(),
        ),
        "add to A's programme team": (
            reverse("pathways:programme", args=[world.programme.slug]),
            {
                "change": "add-member",
                "person": world.senate.rep(1).person.pk,
                "on_behalf_of": world.acute.code,
                "role": "Acute lead",
                "start_day": "1",
                "start_month": "4",
                "start_year": "2021",
            },
            lambda: world.programme.team.count(),
        ),
        "acknowledge a flag on A": (
            reverse("accountability:flag", args=[flag.pk]),
            {"action": "acknowledge", "note": "Seen"},
            lambda: RedFlag.objects.get(pk=flag.pk).state,
        ),
        "submit A's figures": (
            reverse("submissions:submission", args=[figures.pk]),
            {"step": "submit"},
            lambda: type(figures).objects.get(pk=figures.pk).state,
        ),
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_pages_refuse_outsiders_and_change_nothing(client, world, role):
    client.force_login(user_for(role, world))
    for action, (url, data, state) in page_posts(world).items():
        before = state()
        response = client.post(url, data)
        refused_as_form_error = response.status_code == 200 and "nhsuk-error-summary" in (
            html := response.content.decode()
        )
        assert response.status_code == 403 or refused_as_form_error, action
        assert response.status_code == 403 or "holding a post in the organisation" in html, action
        assert state() == before, action


def test_the_pages_let_an_editor_of_a_act_for_it(client, world):
    client.force_login(world.ccg_editor)
    for action, (url, data, state) in page_posts(world).items():
        before = state()
        assert client.post(url, data).status_code == 302, action
        assert state() != before, action


def api_posts(world):
    proposal = dementia_proposal(world.senate)
    kpi = {
        "code": "DEM-9",
        "name": "Diagnosis within six weeks",
        "indicator": world.indicator.code,
        "threshold": 66.7,
        "measurement_period": "quarter",
        "consequence": "Remedial action plan",
    }
    return {
        "amend A's proposal": (
            f"/api/v1/governance/proposals/{proposal.pk}/amend",
            {"change_summary": "Costed"},
        ),
        "withdraw A's proposal": (
            f"/api/v1/governance/proposals/{proposal.pk}/withdraw",
            {"reason": "Superseded"},
        ),
        "add a KPI to A's contract": (f"/api/v1/contracts/{world.contract.reference}/kpis", kpi),
        "draft A's pathway": (
            f"/api/v1/programmes/{world.programme.slug}/pathways",
            {"title": "Dementia pathway"},
        ),
        "start a programme led by A": (
            "/api/v1/programmes",
            {"name": "Frailty", "condition": "frailty", "lead_organisation": world.ccg.code},
        ),
        "add to A's programme team": (
            f"/api/v1/programmes/{world.programme.slug}/team",
            {
                "person": world.senate.rep(1).person.pk,
                "on_behalf_of": world.acute.code,
                "role": "Acute lead",
                "start": "2021-04-01",
            },
        ),
        "set A's contract's status": (
            f"/api/v1/contracts/{world.contract.reference}/status",
            {"status": "ended"},
        ),
        "acknowledge a flag on A": (
            f"/api/v1/accountability/flags/{flag_on(world).pk}/acknowledge",
            {"note": "Seen"},
        ),
        "submit A's figures": (f"/api/v1/submissions/{figures_of_a(world).pk}/submit", {}),
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_api_refuses_outsiders_with_403_json(client, world, role):
    headers = bearer(user_for(role, world))
    for action, (path, body) in api_posts(world).items():
        response = client.post(path, body, content_type="application/json", **headers)
        assert response.status_code == 403, action
        assert REFUSAL in response.json()["detail"], action


def test_the_api_lets_an_editor_of_a_act_for_it(client, world):
    headers = bearer(world.ccg_editor)
    for action, (path, body) in api_posts(world).items():
        response = client.post(path, body, content_type="application/json", **headers)
        assert response.status_code in (200, 201), (action, response.content)
