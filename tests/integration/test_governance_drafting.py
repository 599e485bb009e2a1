"""Drafting a proposal through its page: an editor drafts one with commitments for two parties,
the commissioner among them; errors are summarised and nothing is written; viewers are refused;
the history records the draft. And an amendment that changes the proposed commitments."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.governance.models import Proposal, ProposalVersion, ProposedCommitment, Transition
from tests.factories import OrganisationFactory
from tests.integration.accountable import DEMENTIA, indicator
from tests.integration.governance import (  # noqa: F401
    build_senate,
    dementia_proposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def senate():
    """A senate whose editor holds a post in the commissioner (the first seat's CCG)."""
    return build_senate()


def url(senate):
    return reverse("governance:draft-proposal", args=[senate.forum.slug])


def row(n: int, **terms) -> dict:
    return {f"commitments-{n}-{name}": value for name, value in terms.items()}


def posted(senate, rows: list[dict], **fields) -> dict:
    data = {
        "title": "Dementia strategy",
        "condition": "dementia",
        "author_organisation": senate.seats[0].organisation.pk,
        "problem": "Too few people with dementia are diagnosed.",
        "strategy": "Diagnose earlier in primary care.",
        "commitments-TOTAL_FORMS": len(rows),
        "commitments-INITIAL_FORMS": 0,
        **fields,
    }
    for n, terms in enumerate(rows):
        data |= row(n, **terms)
    return data


def commissioner_row(senate, **extra) -> dict:
    return {
        "party": senate.seats[0].organisation.pk,
        "what": "Fund memory assessment in primary care",
        "indicator": indicator().pk,
        "baseline_value": "60.1",
        "baseline_period": "2019-20",
        "target": "66.7",
        "trajectory": "2021-22: 63.5\r\n2022-23: 66.7",
        "start": "2021-04-01",
        "due": "2023-03-31",
        "review": "2021-10-01",
        **extra,
    }


def test_the_forum_page_offers_drafting_to_editors_holding_a_post_only(client, senate):
    forum_url = reverse("governance:forum", args=[senate.forum.slug])
    for user, shown in [(senate.editor, True), (senate.admin, False), (senate.viewer, False)]:
        client.force_login(user)
        assert (url(senate) in client.get(forum_url).content.decode()) is shown


def test_an_editor_drafts_a_proposal_with_two_commitments(client, senate):
    client.force_login(senate.editor)
    form = client.get(url(senate)).content.decode()
    assert senate.seats[0].organisation.name in form and "Draft a proposal" in form
    trust = senate.seats[1].organisation
    outsider = OrganisationFactory(name="Voluntary dementia service (fictional)")
    second = {"party": outsider.pk, "what": "Run peer support groups", "target": "12"}
    data = posted(senate, [commissioner_row(senate), second, {}])
    data["commitments-TOTAL_FORMS"] = 3  # a blank row is ignored

    response = client.post(url(senate), data)

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("governance:proposal", args=[proposal.pk])
    assert (proposal.title, proposal.condition, proposal.status) == (
        "Dementia strategy",
        "dementia",
        "draft",
    )
    assert proposal.author_organisation == senate.seats[0].organisation
    version = proposal.current
    assert (version.number, version.problem) == (1, data["problem"])
    first, other = version.commitments.order_by("id")
    assert first.party == senate.seats[0].organisation and other.party == outsider
    assert first.trajectory == [
        {"period": "2021-22", "target": 63.5},
        {"period": "2022-23", "target": 66.7},
    ]
    assert (first.baseline_value, first.baseline_period, first.target) == (60.1, "2019-20", 66.7)
    assert (first.start, first.due, first.review) == (
        dt.date(2021, 4, 1),
        dt.date(2023, 3, 31),
        dt.date(2021, 10, 1),
    )
    assert [i.code for i in first.indicators.all()] == [DEMENTIA]
    assert (other.target, other.trajectory, other.indicators.count()) == (12.0, [], 0)
    page = client.get(response.url).content.decode()
    assert "Open for positions" in page and outsider.name in page and trust.name in page


def test_errors_are_summarised_and_nothing_is_written(client, senate):
    client.force_login(senate.editor)
    bad = commissioner_row(senate, trajectory="2021-22 about 63", due="2020-01-01", what="")
    data = posted(senate, [bad, {"what": "Nobody named"}], title="")

    response = client.post(url(senate), data)

    html = response.content.decode()
    assert response.status_code == 400 and "nhsuk-error-summary" in html
    start = html.index("nhsuk-error-summary")
    summary = html[start : html.index("</ul>", start)]
    for message in [
        "Enter the proposal&#x27;s title",
        "Commitment 1: Say what the party will do",
        "Commitment 1: Write “2021-22 about 63” as period: target",
        "Commitment 1: The due date must be on or after the start date",
        "Commitment 2: Choose the party that commits",
    ]:
        assert message in summary
    assert 'href="#id_commitments-0-due"' in summary
    assert "Nobody named" in html  # what was typed is kept
    assert not Proposal.objects.exists() and not ProposedCommitment.objects.exists()


def test_an_organisation_the_editor_holds_no_post_in_is_refused_as_author(client, senate):
    client.force_login(senate.editor)
    data = posted(senate, [], author_organisation=senate.seats[1].organisation.pk)
    response = client.post(url(senate), data)
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_viewer_is_refused(client, senate):
    client.force_login(senate.viewer)
    assert client.get(url(senate)).status_code == 403
    assert client.post(url(senate), posted(senate, [])).status_code == 403
    assert not Proposal.objects.exists()


def test_adding_a_row_keeps_what_was_typed_and_writes_nothing(client, senate):
    client.force_login(senate.editor)
    data = posted(senate, [commissioner_row(senate)], title="", more="1")
    html = client.post(url(senate), data).content.decode()
    assert 'name="commitments-1-what"' in html and "Fund memory assessment" in html
    assert "nhsuk-error-summary" not in html
    assert not Proposal.objects.exists()


def test_the_history_records_the_draft(client, senate):
    client.force_login(senate.editor)
    client.post(url(senate), posted(senate, [commissioner_row(senate)]))
    proposal = Proposal.objects.get()
    created = proposal.history.get()
    assert (created.history_type, created.history_user) == ("+", senate.editor)
    version = ProposalVersion.objects.get(proposal=proposal)
    assert version.history.get().history_user == senate.editor
    commitment = version.commitments.get()
    assert commitment.history.get().history_user == senate.editor
    transition = Transition.objects.get(proposal=proposal)
    assert (transition.from_status, transition.to_status, transition.by) == (
        "",
        "draft",
        senate.editor,
    )
    page = client.get(reverse("governance:history", args=["proposal", proposal.pk]))
    assert senate.editor.username in page.content.decode()


def amendment(proposal, **changes) -> dict:
    """The amend form as the page posts it: every current commitment as a row, plus a blank."""
    commitments = list(proposal.current.commitments.order_by("id"))
    data = {
        "transition": "amend",
        "change_summary": "Memory clinic capacity",
        "problem": proposal.current.problem,
        "strategy": proposal.current.strategy,
        "commitments-TOTAL_FORMS": len(commitments) + 1,
        "commitments-INITIAL_FORMS": len(commitments),
    }
    for n, c in enumerate(commitments):
        data |= row(n, party=c.party.pk, what=c.what, baseline_value=c.baseline_value)
        data |= row(n, baseline_period=c.baseline_period, target=c.target, start=c.start)
        data |= row(n, due=c.due, review=c.review, trajectory="2021-22: 66.7")
        data |= row(n, indicator=c.indicators.first().pk if c.indicators.exists() else "")
    return data | changes


def test_an_amendment_changes_removes_and_adds_commitments(client, senate):
    proposal = dementia_proposal(senate)
    before = [c.what for c in proposal.current.commitments.order_by("id")]
    n = len(before)
    client.force_login(senate.editor)
    data = amendment(proposal)
    data |= row(0, what="Fund a memory clinic")
    data |= row(1, DELETE="on")
    data |= row(n, party=senate.seats[0].organisation.pk, what="Report monthly")
    response = client.post(reverse("governance:proposal", args=[proposal.pk]), data)
    assert response.status_code == 302
    version = proposal.current
    assert version.number == 2
    expected = ["Fund a memory clinic", *before[2:], "Report monthly"]
    assert [c.what for c in version.commitments.order_by("id")] == expected


def test_an_amendment_that_leaves_the_rows_alone_carries_them_over(client, senate):
    proposal = dementia_proposal(senate)
    proposed = proposal.current.commitments.get(what__startswith="Part 0")
    proposed.indicators.set([indicator()])
    client.force_login(senate.editor)
    response = client.post(reverse("governance:proposal", args=[proposal.pk]), amendment(proposal))
    assert response.status_code == 302
    version = proposal.current
    old = proposal.versions.get(number=1)
    assert version.number == 2
    assert [c.terms() for c in version.commitments.all()] == [
        c.terms() for c in old.commitments.all()
    ]
    assert version.commitments.get(what__startswith="Part 0").indicators.get().code == DEMENTIA


def test_an_amendment_with_a_bad_row_writes_nothing(client, senate):
    proposal = dementia_proposal(senate)
    client.force_login(senate.editor)
    data = amendment(proposal) | row(0, what="")
    response = client.post(reverse("governance:proposal", args=[proposal.pk]), data)
    html = response.content.decode()
    assert "Commitment 1: Say what the party will do" in html
    assert proposal.versions.count() == 1
