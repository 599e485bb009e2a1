"""Home shows what needs the signed-in person, from concord.accountability.needs, and
`GET /api/v1/me/needs` says the same: positions their seats owe, their organisations'
commitments off track or at risk, open red flags, meeting actions due, their forums' next
meetings, and for an analyst the submissions awaiting them and the jobs under way."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from concord.access.roles import ANALYST, grant
from concord.accountability.models import CommitmentStatus, RedFlag
from concord.accountability.needs import WORRYING, needs_for, seats_sat_by
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from concord.governance import representation as rep
from concord.governance.models import Seat
from concord.jobs.models import Job
from tests.factories import OrganisationFactory, PostFactory
from tests.integration.accountable import measure, senate_with
from tests.integration.governance import (
    OPENED,
    SINCE,
    build_senate,
    dementia_proposal,
    person_with_login,
    secretary,
)
from tests.integration.submitting import PERIOD, csv_of, dementia, economy

pytestmark = pytest.mark.django_db
TODAY = localdate()
DURING = dt.date(2021, 12, 15)  # the commitments (April 2021 to March 2022) are being measured


def opened(senate, title="Dementia strategy"):
    proposal = dementia_proposal(senate)
    proposal.title = title
    proposal.save(update_fields=["title"])
    governance.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)
    return proposal


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def flag(org, title, **about):
    return RedFlag.objects.create(
        kind="overdue",
        key=f"test-{title}",
        title=title,
        evidence="",
        link="/",
        organisation=org,
        **about,
    )


# positions


def test_each_seat_owes_its_position_until_it_answers(client):
    senate = build_senate(seats=4)
    proposal = opened(senate)
    for n, seat in enumerate(senate.seats):  # by a post on behalf (0-2) or an appointment (3)
        [owed] = needs_for(senate.rep(n), TODAY).positions
        assert (owed.proposal_id, owed.seat, owed.version) == (
            proposal.pk,
            seat.organisation.name,
            1,
        )
    governance.record_position(
        by=senate.rep(1), version=proposal.current, seat=senate.seats[1], stance="support"
    )
    assert needs_for(senate.rep(1), TODAY).positions == []
    assert len(needs_for(senate.rep(2), TODAY).positions) == 1
    text = page(client, senate.rep(2))
    assert "Positions your seats owe" in text and "(1)" in text
    assert reverse("governance:proposal", args=[proposal.pk]) + "#positions" in text


def test_a_new_version_is_owed_again_and_a_draft_is_owed_by_nobody(client):
    senate = build_senate(seats=3)
    proposal = opened(senate)
    dementia_proposal(senate)  # a draft: not put to the forum
    governance.record_position(
        by=senate.rep(0), version=proposal.current, seat=senate.seats[0], stance="support"
    )
    assert needs_for(senate.rep(0), TODAY).positions == []
    current = proposal.current
    governance.amend_proposal(
        by=senate.editor,
        proposal=proposal,
        problem=current.problem,
        strategy="Diagnose earlier, and in care homes.",
        change_summary="care homes",
    )
    [owed] = needs_for(senate.rep(0), TODAY).positions
    assert owed.version == 2


def test_the_seats_read_at_once_are_those_sits_for_allows():
    senate = build_senate(seats=4)
    ended = senate.seats[1].organisation
    PostFactory(
        person=senate.rep(2).person,
        organisation=senate.forum.organisation,
        on_behalf_of=ended,
        start=SINCE,
        end=dt.date(2021, 1, 1),
    )
    people = [senate.rep(n).person for n in range(4)] + [senate.chair.person]
    for person in people:
        each = {seat.pk for seat in Seat.objects.all() if rep.sits_for(person, seat, TODAY)}
        assert {seat.pk for seat in seats_sat_by(person, TODAY)} == each


# commitments and flags


def measured_world():
    senate, agreement = senate_with(seats=4, measured=2)
    for seat in senate.seats[:2]:
        measure(seat.organisation, dt.date(2021, 4, 1), [60.0] * 8)
    refresh(today=DURING)
    return senate, agreement


def test_commitments_off_track_or_at_risk_are_their_organisations_own(client):
    senate, _ = measured_world()
    for n, seat in enumerate(senate.seats):
        worrying = CommitmentStatus.objects.current().filter(
            status__in=WORRYING, commitment__party=seat.organisation
        )
        shown = needs_for(senate.rep(n), TODAY).commitments
        assert {c.commitment_id for c in shown} == {row.commitment_id for row in worrying}
        assert {c.party for c in shown} <= {seat.organisation.name}
    assert needs_for(senate.rep(0), TODAY).commitments, "a measured seat is behind its target"
    assert needs_for(senate.viewer, TODAY).commitments == []
    text = page(client, senate.rep(0))
    assert "Commitments off track or at risk" in text
    assert reverse("governance:my-commitments") in text


def test_open_flags_on_their_organisations_commitments_and_forums(client):
    senate = build_senate(seats=3)
    mine, other = senate.seats[0].organisation, senate.seats[1].organisation
    against = flag(mine, "Against my body")
    on_forum = flag(other, "The senate is inquorate", forum=senate.forum)
    elsewhere = flag(other, "Someone else's")
    resolved = flag(mine, "Already resolved")
    resolved.state = "resolved"
    resolved.save()
    assert {f.flag_id for f in needs_for(senate.rep(0), TODAY).flags} == {against.pk, on_forum.pk}
    assert {f.flag_id for f in needs_for(senate.chair, TODAY).flags} == {on_forum.pk}
    assert {f.flag_id for f in needs_for(secretary(senate), TODAY).flags} == {on_forum.pk}
    assert {f.flag_id for f in needs_for(senate.rep(1), TODAY).flags} == {
        on_forum.pk,
        elsewhere.pk,
    }
    text = page(client, senate.rep(0))
    assert "Against my body" in text and "Someone else&#x27;s" not in text
    assert reverse("accountability:flags") in text


# meeting actions and meetings


def test_actions_due_soon_or_overdue_owned_by_them_or_their_organisations(client):
    senate = build_senate(seats=3)
    org = senate.seats[0].organisation
    meeting = governance.schedule_meeting(by=senate.chair, forum=senate.forum, date=TODAY)

    def action(text, due, **owner):
        owner.setdefault("owner_organisation", org)
        return governance.add_meeting_action(
            by=senate.chair, meeting=meeting, description=text, due=due, **owner
        )

    late = action("Send the audit", TODAY - dt.timedelta(days=3))
    soon = action("Book the room", TODAY + dt.timedelta(days=5))
    action("Plan next year", TODAY + dt.timedelta(days=60))
    action("No date", None)
    done = action("Done already", TODAY)
    governance.set_action_status(by=senate.chair, action=done, status="done")
    chair_own = action(
        "Chair writes to the ICB",
        TODAY,
        owner_organisation=senate.seats[1].organisation,
        owner_person=senate.chair.person,
    )
    shown = needs_for(senate.rep(0), TODAY).actions
    assert [(a.action_id, a.overdue) for a in shown] == [(late.pk, True), (soon.pk, False)]
    assert [a.action_id for a in needs_for(senate.chair, TODAY).actions] == [chair_own.pk]
    text = page(client, senate.rep(0))
    assert "Overdue" in text and "Send the audit" in text and "Plan next year" not in text


def test_the_next_meeting_of_each_of_their_forums_with_its_pack_when_built(client):
    senate = build_senate(seats=2)
    other = build_senate_elsewhere()
    first = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=TODAY + dt.timedelta(days=7)
    )
    governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=TODAY + dt.timedelta(days=37)
    )
    governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=TODAY - dt.timedelta(days=30)
    )
    for user in (senate.rep(0), senate.rep(1), senate.chair, secretary(senate)):
        assert [m.meeting_id for m in needs_for(user, TODAY).meetings] == [first.pk]
        assert needs_for(user, TODAY).meetings[0].pack_link is None
    assert needs_for(other, TODAY).meetings == []
    job = Job.objects.create(
        work=Job.Work.PACK,
        key=f"pack-{first.pk}",
        state=Job.State.DONE,
        meeting=first,
        output="packs/senate.pdf",
    )
    [shown] = needs_for(senate.rep(0), TODAY).meetings
    assert shown.pack_link == reverse("accountability:pack-built", args=[first.pk, job.pk])
    text = page(client, senate.rep(0))
    assert "Next meetings of your forums" in text and shown.pack_link in text


def build_senate_elsewhere():
    """A person in an organisation with no seat in the senate."""
    person, user = person_with_login("Outsider (fictional)")
    PostFactory(person=person, organisation=OrganisationFactory(name="Elsewhere"), start=SINCE)
    return user


# analysts


def submitted(world):
    from concord.indicators.submissions import actions
    from concord.indicators.submissions.queries import period_of

    made, _ = actions.upload_submission(
        by=world.editor,
        organisation=world.ccg,
        period=period_of(PERIOD),
        content=csv_of([dementia(world.ccg)]),
        file_name="figures.csv",
    )
    return actions.submit_submission(by=world.editor, submission=made)


def test_an_analyst_sees_the_submissions_the_rules_let_them_approve(client):
    world = economy()
    made = submitted(world)
    assert [s.submission_id for s in needs_for(world.analyst, TODAY).approvals] == [made.pk]
    assert needs_for(world.other_analyst, TODAY).approvals == []  # another ICB's analyst
    assert needs_for(world.icb_viewer, TODAY).approvals == []  # no analyst
    assert needs_for(world.editor, TODAY).approvals == []
    text = page(client, world.analyst)
    assert "Submissions awaiting your approval" in text
    assert reverse("submissions:submission", args=[made.pk]) in text
    assert "Submissions awaiting" not in page(client, world.icb_viewer)


def test_an_analyst_sees_the_jobs_under_way_and_others_do_not(client):
    world = economy()
    queued = Job.objects.create(work=Job.Work.REFRESH, key="refresh", requested_by=world.analyst)
    Job.objects.create(work=Job.Work.IMPORT, key="epraccur", state=Job.State.DONE)
    assert [j.job_id for j in needs_for(world.analyst, TODAY).jobs] == [queued.pk]
    assert needs_for(world.editor, TODAY).jobs == []
    text = page(client, world.analyst)
    assert (
        "Imports and jobs running or waiting" in text and reverse("job", args=[queued.pk]) in text
    )


# nothing, nobody, anonymous


def test_a_person_with_nothing_pending_is_told_so_with_the_main_sections(client):
    user = build_senate_elsewhere()
    needs = needs_for(user, TODAY)
    assert needs.person == "Outsider (fictional)" and needs.pending == 0
    text = page(client, user)
    assert "Nothing needs you today" in text
    for link in ("governance:my-commitments", "governance:forums", "accountability:flags"):
        assert reverse(link) in text


def test_a_login_without_a_person_is_told_so_and_sees_the_economy(client, admin_user):
    OrganisationFactory(kind="ccg")
    text = page(client, admin_user)
    assert "not linked to a person" in text
    assert "In this economy" in text and "Nothing needs you today" not in text


def test_home_asks_the_anonymous_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get("/api/v1/me/needs").status_code == 401


# the API says what the page shows


def test_the_api_gives_the_same_needs_as_the_page(client):
    senate, _ = measured_world()
    opened(senate, title="Frailty strategy")
    flag(senate.seats[0].organisation, "A flag for the API")
    user = senate.rep(0)
    client.force_login(user)
    body = client.get("/api/v1/me/needs").json()
    needs = needs_for(user, TODAY)
    assert body["person"] == needs.person and body["pending"] == needs.pending > 0
    assert [p["proposal_id"] for p in body["positions"]] == [p.proposal_id for p in needs.positions]
    assert [c["commitment_id"] for c in body["commitments"]] == [
        c.commitment_id for c in needs.commitments
    ]
    assert [f["flag_id"] for f in body["flags"]] == [f.flag_id for f in needs.flags]
    text = client.get(reverse("home")).content.decode()
    for item in body["positions"] + body["commitments"] + body["flags"]:
        assert item["link"] in text


def test_a_script_with_a_token_reads_its_owners_needs(client):
    from concord.access.models import ApiToken

    senate = build_senate(seats=3)
    opened(senate)
    _, token = ApiToken.objects.issue(user=senate.rep(1), name="script")
    body = client.get("/api/v1/me/needs", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [p["seat"] for p in body["positions"]] == [senate.seats[1].organisation.name]
    assert body["person"] == senate.rep(1).person.name


# query counts

FEW, MANY = 3, 8
HOME_QUERIES = 23  # the same ceiling for FEW and MANY of everything


def busy_person(seats: int):
    """A person sitting for every seat, in every seat's organisation, with proposals open,
    commitments measured, flags raised, actions due and meetings ahead."""
    senate, _ = senate_with(seats=seats)
    for seat in senate.seats[: seats // 2]:
        measure(seat.organisation, dt.date(2021, 4, 1), [60.0] * 8)
    refresh(today=DURING)
    person, user = person_with_login("Busy member (fictional)", role="editor")
    grant(user, ANALYST)
    for seat in senate.seats:
        PostFactory(
            person=person,
            organisation=senate.forum.organisation,
            on_behalf_of=seat.organisation,
            start=SINCE,
        )
    for n in range(seats):
        opened(senate, title=f"Proposal {n}")
        meeting = governance.schedule_meeting(
            by=senate.chair, forum=senate.forum, date=TODAY + dt.timedelta(days=n + 1)
        )
        governance.add_meeting_action(
            by=senate.chair,
            meeting=meeting,
            description=f"Action {n}",
            owner_organisation=senate.seats[n].organisation,
            due=TODAY,
        )
        Job.objects.create(work=Job.Work.IMPORT, key=f"kind-{n}")
    return user


@pytest.mark.parametrize("seats", [FEW, MANY])
def test_home_and_the_api_read_in_few_queries(client, seats, django_assert_max_num_queries):
    user = busy_person(seats)
    needs = needs_for(user, TODAY)
    assert len(needs.positions) == seats * seats and len(needs.actions) == seats
    assert needs.commitments and needs.flags and len(needs.jobs) == seats
    client.force_login(user)
    client.get(reverse("home"))
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get("/api/v1/me/needs").status_code == 200
