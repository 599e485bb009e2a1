"""Every page and every API read pins its query count.

The routes are read from the project's URL configuration (`django.urls.get_resolver()`, every
include walked), so a route added without a pin here fails `test_every_route_has_a_pin`, naming
it. Each route is one entry of `PINS`, by its URL name: either `Read` (who reads it, its address
from the demo, the most queries one read may make) or `NotRead` (why it cannot be read with a
GET). The API's writes are out of scope: of its operations only the GET ones are listed. Django's
admin site is left out: its pages and their queries are Django's own.

The demo economy is loaded once for the module, in a transaction rolled back at its end; each
test runs inside it in its own savepoint. Each address is read twice, as the named demo login,
and the second read is counted (the first fills per-process caches), so the pin is the same
however the tests are ordered. A pin is the count measured, so one query more fails; where
SQLite and PostgreSQL differ (a savepoint, a query of PostgreSQL's own) the pin names each.
The list pages of governance and pathways are also counted again with more rows: the count
must not grow."""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.timezone import localdate


@dataclass(frozen=True)
class Read:
    """A GET read as `login` (a demo username, or None for nobody signed in), at the route's
    address with `args` (from the Demo) and `query` (formatted with the Demo as `d`), or at
    `url`; `queries` is the most one read may make (a dict by vendor where they differ)."""

    login: str | None
    queries: int | dict
    args: Callable = lambda d: []
    query: str = ""
    url: Callable | None = None
    follow: bool = False  # a redirect to follow (counted with the page it leads to)
    shows: str = ""  # what the page must say, where another page could answer 200 instead


@dataclass(frozen=True)
class NotRead:
    """A route no GET reads: why."""

    why: str


POST_ONLY = "an action: GET only redirects, the form is on another page"


@dataclass
class Demo:
    """The records the routes' addresses are built from, found in the demo once loaded."""

    senate: object
    held: object  # the senate's latest meeting held
    planned: object  # the senate's next meeting planned
    open_proposal: object  # open for positions
    agreement: object
    commitment: object
    meeting_action: object
    flag: object
    programme: object
    pathway: object
    contract: object
    person: object  # with a login
    post: object
    link: object
    job: object
    submission: object
    indicator: str
    ccg: str = "02H"
    trust: str = "RRF"
    locality: str = "LOC-02H-1"
    reset: str = ""  # a password reset link's address


def address(name: str, demo: "Demo") -> str:
    entry = PINS[name]
    if entry.url is not None:
        return entry.url(demo)
    return reverse(name, args=entry.args(demo)) + entry.query.format(d=demo)


def senate_args(d: "Demo") -> list:
    return [d.senate.slug]


def programme_args(d: "Demo") -> list:
    return [d.programme.slug]


def pathway_args(d: "Demo") -> list:
    return [d.programme.slug, d.pathway.number]


def pinned(entry: Read) -> int:
    if isinstance(entry.queries, dict):
        return entry.queries[connection.vendor]
    return entry.queries


PINS: dict[str, Read | NotRead] = {
    # -- the registry ----------------------------------------------------------------------
    "home": Read("viewer", 6),
    "login": Read(None, 0),
    "logout": NotRead("signing out is a POST (Django refuses GET with 405)"),
    "signed-out": Read(None, 0),
    "password-change": Read("viewer", 2),
    "password-changed": Read("viewer", 2),
    "password-reset": Read(None, 0),
    "password-reset-sent": Read(None, 0),
    "password-reset-confirm": Read(
        None, 7, url=lambda d: d.reset, follow=True, shows="Choose a new password"
    ),
    "password-reset-complete": Read(None, 0),
    "oidc-start": NotRead("signing in with an identity provider needs one (tests/oidc)"),
    "oidc-callback": NotRead("the provider's answer to a sign-in it was sent (tests/oidc)"),
    "search": Read("viewer", 16, query="?q=dementia"),
    "organisations": Read("viewer", 9),
    "organisation-add": Read("admin", 2),
    "organisation": Read("viewer", 20, args=lambda d: [d.ccg]),
    "organisation-change": Read("admin", 3, args=lambda d: [d.ccg]),
    "organisation-link": Read("admin", 3, args=lambda d: [d.ccg]),
    "organisation-end-link": Read("admin", 3, args=lambda d: [d.link.child.code, d.link.pk]),
    "organisation-add-post": Read("admin", 4, args=lambda d: [d.ccg]),
    "organisation-indicator": Read("viewer", 10, args=lambda d: [d.ccg, d.indicator]),
    "indicator-compare": Read("viewer", 13, args=lambda d: [d.ccg, d.indicator]),
    "indicators": Read("viewer", 4),
    "indicator": Read("viewer", 5, args=lambda d: [d.indicator]),
    "people": Read("viewer", 5),
    "person-add": Read("admin", 2),
    "person": Read("admin", 5, args=lambda d: [d.person.pk]),
    "person-add-post": Read("admin", 3, args=lambda d: [d.person.pk]),
    "person-end-post": Read("admin", 3, args=lambda d: [d.post.person_id, d.post.pk]),
    "person-login": Read("admin", 3, args=lambda d: [d.person.pk]),
    "person-login-role": Read("admin", 4, args=lambda d: [d.person.pk]),
    "person-login-close": Read("admin", 3, args=lambda d: [d.person.pk]),
    "imports": Read("viewer", 6),
    "computation-runs": Read("viewer", 5),
    "import-new": Read("analyst", 3),
    "refresh-statuses": NotRead(POST_ONLY),
    "job": Read("viewer", 4, args=lambda d: [d.job.pk]),
    "job-progress": Read("viewer", 4, args=lambda d: [d.job.pk]),
    "nhsuk-asset": Read(None, 0, args=lambda d: ["images/favicon.svg"]),
    "notifications:preferences": Read("secretariat", 4),
    "api:api-root": NotRead("the API's root is always a 404: it is there to reverse its address"),
    "api:openapi-json": Read("viewer", 0),
    "api:openapi-view": Read("viewer", 0),
    "api:organisations": Read("viewer", 5, query="?limit=50"),
    "api:organisation": Read("viewer", 12, args=lambda d: [d.ccg]),
    "api:members": Read("viewer", 8, args=lambda d: [d.ccg]),
    "api:people": Read("viewer", 6),
    "api:person": Read("viewer", 5, args=lambda d: [d.person.pk]),
    "api:imports": Read("viewer", 5),
    "api:import-job": Read("viewer", 4, args=lambda d: [d.job.pk]),
    "api:my-needs": Read("casey.illustra", 15),
    "api:search_all": Read("viewer", 20, query="?q=wigan"),
    "api:indicators": Read("viewer", 5),
    "api:indicator": Read("viewer", 5, args=lambda d: [d.indicator]),
    "api:measurements": Read("analyst", 6, query="?indicator={d.indicator}&limit=50"),
    "api:indicator_statistics": Read("viewer", 10, args=lambda d: [d.ccg, d.indicator]),
    "api:my_notifications": Read("secretariat", 5),
    # -- governance ------------------------------------------------------------------------
    "governance:forums": Read("viewer", 7),
    "governance:new-forum": Read("admin", 8),
    "governance:forum": Read("dr.jordan.specimen", 15, args=senate_args),
    "governance:forum-seats": Read("secretariat", 14, args=senate_args),
    "governance:forum-terms": Read("secretariat", 14, args=senate_args),
    "governance:draft-proposal": Read("editor", 15, args=senate_args),
    "governance:meeting": Read("dr.jordan.specimen", 30, args=lambda d: [d.held.pk]),
    "governance:meeting-attendance": Read("secretariat", 11, args=lambda d: [d.held.pk]),
    "governance:meeting-action": Read("secretariat", 21, args=lambda d: [d.meeting_action.pk]),
    "governance:proposal": Read("casey.illustra", 39, args=lambda d: [d.open_proposal.pk]),
    "governance:chair-positions": Read(
        "dr.jordan.specimen", 10, args=lambda d: [d.open_proposal.pk]
    ),
    "governance:agreement": Read("viewer", 7, args=lambda d: [d.agreement.pk]),
    "governance:my-commitments": Read("casey.illustra", 8),
    "governance:history": Read("viewer", 14, args=lambda d: ["proposal", d.open_proposal.pk]),
    "api:forums": Read("viewer", 6),
    "api:forum": Read("viewer", 10, args=senate_args),
    "api:forum_meetings": Read("viewer", 5, args=senate_args),
    "api:proposals": Read("viewer", 5),
    "api:proposal": Read("viewer", 10, args=lambda d: [d.open_proposal.pk]),
    "api:proposal_history": Read("viewer", 14, args=lambda d: [d.open_proposal.pk]),
    "api:meeting_history": Read("viewer", 9, args=lambda d: [d.held.pk]),
    "api:agreements": Read("viewer", 8),
    "api:agreement": Read("viewer", 7, args=lambda d: [d.agreement.pk]),
    "api:commitments": Read("viewer", 6),
    # -- programmes and pathways -----------------------------------------------------------
    "pathways:programmes": Read("viewer", 4),
    "pathways:start": Read("editor", 5),
    "pathways:programme": Read("editor", 19, args=programme_args),
    "pathways:pathway": Read("editor", 18, args=pathway_args),
    "pathways:on-a-page": Read("analyst", 23, args=pathway_args),
    "api:programmes": Read("viewer", 7),
    "api:programme": Read("viewer", 7, args=programme_args),
    "api:pathway": Read("viewer", 8, args=pathway_args),
    "api:on_a_page": Read("analyst", 23, args=pathway_args),
    # -- contracts -------------------------------------------------------------------------
    "contracts:contracts": Read("viewer", 9),
    "contracts:new": Read("editor", 5),
    "contracts:traceability": Read("viewer", 6),
    "contracts:obligations": Read("viewer", 10, args=lambda d: [d.trust]),
    "contracts:commitment": Read("viewer", 12, args=lambda d: [d.commitment.pk]),
    "contracts:export": Read("viewer", 4, args=lambda d: ["kpis", "csv"]),
    "contracts:contract": Read("editor", 11, args=lambda d: [d.contract.reference]),
    "api:contracts": Read("viewer", 21),
    "api:traceability": Read("viewer", 6),
    "api:obligations": Read("viewer", 17, args=lambda d: [d.trust]),
    "api:carried": Read("viewer", 10, args=lambda d: [d.commitment.pk]),
    "api:contract": Read("editor", 11, args=lambda d: [d.contract.reference]),
    # -- accountability --------------------------------------------------------------------
    "accountability:overview": Read("viewer", 11),
    "accountability:me": Read("casey.illustra", 10),
    "accountability:person": Read("viewer", 14, args=lambda d: [d.person.pk]),
    "accountability:organisation": Read("viewer", 10, args=lambda d: [d.ccg]),
    "accountability:locality": Read("viewer", 12, args=lambda d: [d.locality]),
    "accountability:forum": Read("viewer", 10, args=senate_args),
    "accountability:programme": Read("viewer", 10, args=programme_args),
    "accountability:commitment": Read("analyst", 9, args=lambda d: [d.commitment.pk]),
    "accountability:flags": Read("viewer", 6),
    "accountability:flag": Read("viewer", 9, args=lambda d: [d.flag.pk]),
    "accountability:agenda": Read("dr.jordan.specimen", 9, args=lambda d: [d.planned.pk]),
    "accountability:pack": Read("secretariat", 28, args=lambda d: [d.held.pk]),
    "accountability:pack-pdf": Read("secretariat", 25, args=lambda d: [d.held.pk]),
    "accountability:pack-build": NotRead(POST_ONLY),
    "accountability:pack-built": NotRead(
        "the PDF a finished background job drew: tests/integration/test_jobs_packs.py"
    ),
    "api:statuses": Read("viewer", 4),
    "api:flags": Read("viewer", 4),
    # -- data submissions ------------------------------------------------------------------
    "submissions:list": Read("editor", 8),
    "submissions:new": Read("editor", 8),
    "submissions:values": Read(
        "editor", 8, query="?organisation={d.trust}&period={d.submission.period.label}"
    ),
    "submissions:submission": Read("editor", 10, args=lambda d: [d.submission.pk]),
    "api:submission": Read("editor", 8, args=lambda d: [d.submission.pk]),
}


# -- the routes, from the URL configuration ---------------------------------------------------


def patterns(resolver, prefix: str = "", namespace: str = ""):
    """(route, URL name, pattern) of every pattern, includes walked."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(n for n in (namespace, entry.name or "") if n)
            yield prefix + str(entry.pattern), name, entry


def api_operation(entry: URLPattern, name: str):
    """The API operation a pattern routes to (ninja makes one pattern per operation), or None
    for the API's own pages (its root, schema and docs)."""
    from ninja.operation import PathView

    cells = getattr(entry.callback, "__closure__", None) or ()
    views = [c.cell_contents for c in cells if isinstance(c.cell_contents, PathView)]
    if not views:
        return None
    short = name.split(":", 1)[1]
    for operation in views[0].operations:
        if (getattr(operation, "url_name", "") or operation.view_func.__name__) == short:
            return operation
    raise AssertionError(f"no operation named {name} behind {entry.pattern}")


def routes() -> dict[str, str]:
    """URL name -> route of every page and every API read (admin left out, API writes too)."""
    found: dict[str, str] = {}
    for route, name, entry in patterns(get_resolver()):
        if name.split(":")[0] == "admin":
            continue
        if route.startswith("api/"):
            operation = api_operation(entry, name)
            if operation is not None and "GET" not in operation.methods:
                continue  # a write: out of scope
        assert name, f"the route {route} has no name to pin it by"
        assert name not in found, f"two routes named {name}: {found[name]} and {route}"
        found[name] = route
    return found


# -- the demo, once for the module ------------------------------------------------------------


def facts() -> Demo:
    """Find (and, for a job, a submission and a reset link, make) what the addresses need."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from concord.accountability.models import RedFlag
    from concord.contracts.models import Contract
    from concord.governance.models import Agreement, Commitment, Forum, MeetingAction, Proposal
    from concord.indicators.submissions.actions import enter_submission
    from concord.indicators.submissions.queries import own_indicators, period_of
    from concord.jobs.models import Job
    from concord.organisations.models import Organisation, Person, Post, Relationship
    from concord.pathways.models import Programme

    users = {u.username: u for u in get_user_model().objects.all()}
    today = localdate()
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    trust = Organisation.objects.get(code="RRF")
    submitted = own_indicators(trust)[0]
    month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    submission, _ = enter_submission(
        by=users["editor"],
        organisation=trust,
        period=period_of(month),
        rows=[{"indicator": submitted.code, "numerator": 60, "denominator": 100}],
    )
    programme = Programme.objects.first()
    admin = users["admin"]
    return Demo(
        senate=senate,
        held=senate.meetings.past(today).first(),
        planned=senate.meetings.upcoming(today).first(),
        open_proposal=Proposal.objects.get(forum=senate, status="open"),
        agreement=Agreement.objects.filter(forum=senate).first(),
        commitment=Commitment.objects.in_force().filter(agreement__forum=senate).first(),
        meeting_action=MeetingAction.objects.filter(meeting__forum=senate).first(),
        flag=RedFlag.objects.open().first(),
        programme=programme,
        pathway=programme.pathways.published().first(),
        contract=Contract.objects.order_by("reference").first(),
        person=Person.objects.get(user__username="editor"),
        post=Post.objects.filter(person__user__username="editor").first(),
        link=Relationship.objects.select_related("child").filter(child__code="02H").first(),
        job=Job.objects.create(
            work=Job.Work.REFRESH, key="refresh", state=Job.State.DONE, requested_by=admin
        ),
        submission=submission,
        indicator="dementia-diagnosis-rate-65",
        reset=reverse(
            "password-reset-confirm",
            args=[
                urlsafe_base64_encode(force_bytes(admin.pk)),
                default_token_generator.make_token(admin),
            ],
        ),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once in a transaction that is rolled back after the module's tests."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
            found = facts()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield found
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def as_login(db):
    """A client signed in as the demo login named (or nobody, for None)."""
    from django.contrib.auth import get_user_model

    def signed_in(login: str | None) -> Client:
        client = Client()
        if login is not None:
            client.force_login(get_user_model().objects.get(username=login))
        return client

    return signed_in


def counted(client: Client, url: str, entry: Read) -> int:
    """Queries of one read (the second: the first fills per-process caches)."""
    assert client.get(url, follow=entry.follow).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, follow=entry.follow)
    assert response.status_code == 200, url
    assert not entry.shows or entry.shows.encode() in response.content, url
    return len(captured)


# -- the tests --------------------------------------------------------------------------------


def test_every_route_has_a_pin():
    found = routes()
    missing = sorted(f"{name} ({route})" for name, route in found.items() if name not in PINS)
    assert not missing, "routes with no pin in PINS: " + ", ".join(missing)
    gone = sorted(set(PINS) - set(found))
    assert not gone, "pins for routes that are no more: " + ", ".join(gone)


def test_the_routes_are_read_from_the_url_configuration():
    found = routes()
    assert found["governance:forum"] == "governance/forums/<slug:slug>/"
    assert found["api:forum"] == "api/v1/governance/forums/<slug>"  # the API's reads are in
    assert "api:create_forum" not in found  # its writes are not
    assert not [name for name in found if name.startswith("admin:")]


READS = sorted(name for name, entry in PINS.items() if isinstance(entry, Read))


@pytest.mark.parametrize("name", READS)
def test_the_route_makes_no_more_queries_than_pinned(demo, as_login, name):
    entry = PINS[name]
    url = address(name, demo)
    count = counted(as_login(entry.login), url, entry)
    assert count <= pinned(entry), f"{name} ({url}) made {count} queries, pinned {pinned(entry)}"


# -- the lists do not grow with their rows ----------------------------------------------------

GOVERNANCE = [n for n in READS if n.startswith("governance:")] + [
    "api:forums",
    "api:forum",
    "api:forum_meetings",
    "api:proposals",
    "api:proposal",
    "api:proposal_history",
    "api:meeting_history",
]
PATHWAYS = [n for n in READS if n.startswith("pathways:")] + [
    "api:programmes",
    "api:programme",
    "api:pathway",
    "api:on_a_page",
]
MORE = 3  # of each kind of row


def counts(as_login, urls: dict[str, str]) -> dict[str, int]:
    return {
        name: counted(as_login(PINS[name].login), url, PINS[name]) for name, url in urls.items()
    }


def grown(before: dict, after: dict) -> list[str]:
    return [f"{n}: {before[n]} -> {after[n]}" for n in before if after[n] != before[n]]


def more_governance(demo: Demo, users: dict) -> None:
    """Forums; seats in the senate, sat for by appointment and by a secretariat post, at its
    meeting held and today; meetings planned; agenda items, attendance and actions of the
    meeting held; proposals."""
    from concord.governance import actions
    from concord.organisations.models import Kind, Organisation
    from tests.factories import OrganisationFactory, PersonFactory, PostFactory

    secretariat, since = users["secretariat"], demo.held.date - dt.timedelta(days=60)
    ccg = Organisation.objects.get(code=demo.ccg)
    for n in range(MORE):
        actions.create_forum(
            by=users["admin"],
            name=f"Added forum {n}",
            kind="clinical_senate",
            organisation=OrganisationFactory(kind=Kind.FORUM_SECRETARIAT),
            chair=PersonFactory(name=f"Added chair {n} (fictional)"),
            quorum_min_seats=1,
            decision_rule="consent",
        )
        org = OrganisationFactory(name=f"Added seat {n}", kind=Kind.ACUTE_TRUST)
        seat = actions.add_seat(by=secretariat, forum=demo.senate, organisation=org, start=since)
        appointed = PersonFactory(name=f"Added appointee {n} (fictional)")
        actions.add_representative(by=secretariat, seat=seat, person=appointed, start=since)
        PostFactory(
            person=PersonFactory(name=f"Added member {n} (fictional)"),
            organisation=demo.senate.organisation,
            on_behalf_of=org,
            role="Member",
            start=since,
        )
        actions.record_attendance(by=secretariat, meeting=demo.held, person=appointed, seat=seat)
        actions.add_agenda_item(by=secretariat, meeting=demo.held, title=f"Added item {n}")
        actions.add_meeting_action(
            by=secretariat,
            meeting=demo.held,
            description=f"Added action {n}",
            owner_organisation=org,
        )
        actions.schedule_meeting(
            by=secretariat,
            forum=demo.senate,
            date=demo.planned.date + dt.timedelta(days=7 * (n + 1)),
        )
        actions.create_proposal(
            by=users["editor"],
            forum=demo.senate,
            title=f"Added proposal {n}",
            author_organisation=ccg,
            problem="A problem",
            strategy="A strategy",
        )


def more_pathways(demo: Demo, users: dict, draft) -> None:
    """Programmes; members of the demo's programme's team; stages of its draft."""
    from concord.organisations.models import Organisation
    from concord.pathways import actions
    from tests.factories import PersonFactory

    editor, ccg = users["editor"], Organisation.objects.get(code=demo.ccg)
    for n in range(MORE):
        actions.create_programme(
            by=editor, name=f"Added programme {n}", condition="frailty", lead_organisation=ccg
        )
        actions.add_team_member(
            by=editor,
            programme=demo.programme,
            person=PersonFactory(name=f"Added member {n} (fictional)"),
            on_behalf_of=ccg,
            role="Member",
            start=localdate(),
        )
        actions.add_stage(
            by=editor,
            pathway=draft,
            name=f"Added stage {n}",
            standard="A standard",
            responsible=[ccg],
        )


def demo_users() -> dict:
    from django.contrib.auth import get_user_model

    return {user.username: user for user in get_user_model().objects.all()}


def test_the_governance_pages_do_not_grow_with_their_rows(demo, as_login):
    urls = {name: address(name, demo) for name in GOVERNANCE}
    before = counts(as_login, urls)
    more_governance(demo, demo_users())
    assert not grown(before, counts(as_login, urls))


def test_the_pathway_pages_do_not_grow_with_their_rows(demo, as_login):
    from concord.pathways import actions

    users = demo_users()
    draft = actions.draft_pathway(by=users["editor"], programme=demo.programme, title="Next")
    urls = {name: address(name, demo) for name in PATHWAYS}
    for name in ("pathways:pathway", "pathways:on-a-page"):
        urls[name] = reverse(name, args=[demo.programme.slug, draft.number])
    urls["api:pathway"] = f"/api/v1/programmes/{demo.programme.slug}/pathways/{draft.number}"
    urls["api:on_a_page"] = urls["api:pathway"] + "/on-a-page"
    before = counts(as_login, urls)
    more_pathways(demo, users, draft)
    assert not grown(before, counts(as_login, urls))
