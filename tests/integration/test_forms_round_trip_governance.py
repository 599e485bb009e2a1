"""Every governance form with a date gives back what it shows: the page is read as a browser
reads it, posted back unchanged (but for what a person must type, such as what an amendment
changes) and nothing that was shown is lost or altered. A form that creates is first shown back
after a mistake, then posted as shown with the mistake put right."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.governance import actions
from concord.governance.models import Meeting, MeetingAction, Proposal, ProposalVersion
from tests.integration.accountable import indicator
from tests.integration.governance import (  # noqa: F401
    SINCE,
    build_senate,
    dementia_proposal,
)
from tests.integration.page_forms import rendered_date, rendered_form, submitted_as_rendered

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
MAY = dt.date(2021, 5, 12)


@pytest.fixture
def senate():
    """A senate whose editor holds a post in the commissioner (the first seat's CCG)."""
    return build_senate()


def proposal_url(proposal) -> str:
    return reverse("governance:proposal", args=[proposal.pk])


def terms_of(version) -> list[dict]:
    """Every term of the version's commitments, indicators included."""
    found = version.commitments.prefetch_related("indicators").order_by("id")
    return [{**c.terms(), "indicators": [i.pk for i in c.indicators.all()]} for c in found]


def varied_proposal(senate) -> Proposal:
    """Four commitments, each with its own start, due and review dates and an indicator."""
    proposal = dementia_proposal(senate)
    for n, proposed in enumerate(proposal.current.commitments.order_by("id")):
        proposed.start = dt.date(2021, 4, 1 + n)
        proposed.due = dt.date(2023, 3, 28 + n)
        proposed.review = dt.date(2021, 10, 11 + n)
        proposed.save()
        proposed.indicators.set([indicator()])
    problem = "Too few people with dementia are diagnosed.\nFewer still are supported after."
    ProposalVersion.objects.filter(pk=proposal.current.pk).update(problem=problem)
    actions.open_proposal(by=senate.editor, proposal=proposal)
    return proposal


def test_the_amend_form_shows_every_date_of_every_commitment(client, senate):
    proposal = varied_proposal(senate)
    client.force_login(senate.editor)
    form = rendered_form(client.get(proposal_url(proposal)).content.decode(), "amend")
    shown = [
        tuple(rendered_date(form, f"commitments-{n}-{name}") for name in ("start", "due", "review"))
        for n in range(4)
    ]
    expected = [(c.start, c.due, c.review) for c in proposal.current.commitments.order_by("id")]
    assert shown == expected and None not in shown[0]


def test_an_amendment_posted_as_shown_keeps_every_commitment(client, senate):
    proposal = varied_proposal(senate)
    before = terms_of(proposal.current)
    client.force_login(senate.editor)

    response = submitted_as_rendered(
        client, proposal_url(proposal), "amend", change_summary="Nothing but the wording"
    )

    assert response.status_code == 302
    version, old = proposal.current, proposal.versions.get(number=1)
    assert version.number == 2 and terms_of(version) == before
    assert (version.problem, version.strategy) == (old.problem, old.strategy)


def test_changing_one_commitment_keeps_every_other_term_of_every_commitment(client, senate):
    proposal = varied_proposal(senate)
    before = terms_of(proposal.current)
    client.force_login(senate.editor)

    response = submitted_as_rendered(
        client,
        proposal_url(proposal),
        "amend",
        change_summary="A memory clinic",
        **{"commitments-0-what": "Fund a memory clinic"},
    )

    assert response.status_code == 302
    after = terms_of(proposal.current)
    assert after[0] == {**before[0], "what": "Fund a memory clinic"}
    assert after[1:] == before[1:]


def test_a_draft_shown_back_after_a_mistake_keeps_its_commitment_when_posted_as_shown(
    client, senate
):
    client.force_login(senate.editor)
    url = reverse("governance:draft-proposal", args=[senate.forum.slug])
    typed = {
        "title": "",
        "author_organisation": senate.seats[0].organisation.pk,
        "problem": "Too few people with dementia are diagnosed.",
        "strategy": "Diagnose earlier in primary care.",
        "commitments-TOTAL_FORMS": 1,
        "commitments-INITIAL_FORMS": 0,
        "commitments-0-party": senate.seats[1].organisation.pk,
        "commitments-0-what": "Run memory clinics",
        "commitments-0-trajectory": "2021-22: 63.5\r\n2022-23: 66.7",
        "commitments-0-start_day": "1",
        "commitments-0-start_month": "4",
        "commitments-0-start_year": "2021",
        "commitments-0-due_day": "31",
        "commitments-0-due_month": "3",
        "commitments-0-due_year": "2023",
        "commitments-0-review_day": "1",
        "commitments-0-review_month": "10",
        "commitments-0-review_year": "2021",
    }
    shown = rendered_form(client.post(url, typed).content.decode(), "title")

    assert client.post(url, {**shown, "title": "Dementia strategy"}).status_code == 302
    commitment = Proposal.objects.get().current.commitments.get()
    assert (commitment.start, commitment.due, commitment.review) == (
        dt.date(2021, 4, 1),
        dt.date(2023, 3, 31),
        dt.date(2021, 10, 1),
    )
    assert commitment.trajectory == [
        {"period": "2021-22", "target": 63.5},
        {"period": "2022-23", "target": 66.7},
    ]


def test_an_impossible_date_is_refused_by_name_and_shown_back_as_typed(client, senate):
    proposal = varied_proposal(senate)
    client.force_login(senate.editor)
    changes = {"commitments-1-due_day": "31", "commitments-1-due_month": "2"}

    response = submitted_as_rendered(
        client, proposal_url(proposal), "amend", change_summary="Dates", **changes
    )

    html = response.content.decode()
    assert "Commitment 2: Due date must be a real date" in html
    assert 'href="#id_commitments-1-due"' in html and "nhsuk-date-input__input" in html
    form = rendered_form(html, "amend")
    assert (form["commitments-1-due_day"], form["commitments-1-due_month"]) == ("31", "2")
    assert "nhsuk-input--width-2 nhsuk-input--error" in html
    assert proposal.versions.count() == 1


# -- meetings: the action update form, the action form, planning and scheduling ----------------


@pytest.fixture
def meeting_action(senate):
    meeting = actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=MAY)
    item = actions.add_agenda_item(by=senate.chair, meeting=meeting, title="Memory clinic")
    return actions.add_meeting_action(
        by=senate.chair,
        meeting=meeting,
        description="Report the memory clinic waits",
        owner_organisation=senate.seats[1].organisation,
        owner_person=senate.rep(1).person,
        due=dt.date(2021, 6, 30),
        item=item,
    )


def shown_action(action) -> tuple:
    action.refresh_from_db()
    fields = ("description", "owner_organisation", "owner_person", "due", "item", "status")
    return tuple(getattr(action, name) for name in fields)


def test_an_action_posted_as_shown_is_unchanged(client, senate, meeting_action):
    before = shown_action(meeting_action)
    client.force_login(senate.chair)
    url = reverse("governance:meeting-action", args=[meeting_action.pk])

    assert submitted_as_rendered(client, url, "action-status").status_code == 302
    assert shown_action(meeting_action) == before and before[3] == dt.date(2021, 6, 30)


def test_a_new_action_shown_back_after_a_mistake_keeps_its_due_date(client, senate):
    meeting = actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=MAY)
    client.force_login(senate.chair)
    url = reverse("governance:meeting", args=[meeting.pk])
    typed = {
        "transition": "action",
        "action-description": "",
        "action-owner_organisation": senate.seats[1].organisation.pk,
        "action-due_day": "30",
        "action-due_month": "6",
        "action-due_year": "2021",
    }
    shown = rendered_form(client.post(url, typed).content.decode(), "action-description")

    fixed = {**shown, "action-description": "Report the waits"}
    assert client.post(url, fixed).status_code == 302
    assert MeetingAction.objects.get().due == dt.date(2021, 6, 30)


def test_a_plan_shown_back_after_a_mistake_keeps_its_first_date(client, senate):
    client.force_login(senate.chair)
    url = reverse("governance:forum", args=[senate.forum.slug])
    typed = {"transition": "plan", "first_day": "12", "first_month": "5", "first_year": "2021"}
    shown = rendered_form(client.post(url, {**typed, "count": "0"}).content.decode(), "count")

    assert client.post(url, {**shown, "count": "2"}).status_code == 302
    assert list(Meeting.objects.values_list("date", flat=True)) == [
        MAY,
        dt.date(2021, 6, 9),
    ]  # the second Wednesday


def test_a_meeting_shown_back_after_a_mistake_keeps_its_date(client, senate):
    client.force_login(senate.chair)
    url = reverse("governance:forum", args=[senate.forum.slug])
    typed = {"transition": "schedule", "date_day": "12", "date_month": "5", "date_year": "2021"}
    shown = rendered_form(
        client.post(url, {**typed, "location": "x" * 201}).content.decode(), "location"
    )

    assert client.post(url, {**shown, "location": "Wigan Life Centre"}).status_code == 302
    assert Meeting.objects.get().date == MAY
