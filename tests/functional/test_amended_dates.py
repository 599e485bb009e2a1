"""Dates survive an amendment, in Chromium: an editor amends a proposal with four commitments,
each with its own start, due and review dates, changing what one of them does and one review
date; every seat records its position through the page and the chair agrees it at a held meeting.
Every date reaches the agreement's commitments, in the database and on the agreement page."""

import datetime as dt

import pytest
from django.utils.timezone import localdate

from concord.governance import actions
from concord.governance.models import Agreement
from tests.functional.conftest import table_after
from tests.functional.dates import fill_date
from tests.functional.test_senate import record_position
from tests.integration.governance import (  # noqa: F401
    SINCE,
    build_senate,
    dementia_proposal,
    held_meeting,
)

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]
NEW_REVIEW = dt.date(2022, 1, 17)


def dated_proposal(senate):
    """An open proposal whose four commitments each have dates of their own (the senate's
    editor holds a post in the commissioner that puts it)."""
    proposal = dementia_proposal(senate)
    for n, proposed in enumerate(proposal.current.commitments.order_by("id")):
        proposed.start = dt.date(2021, 4, 1 + n)
        proposed.due = dt.date(2023, 3, 28 + n)
        proposed.review = dt.date(2021, 10, 11 + n)
        proposed.save()
    actions.open_proposal(by=senate.editor, proposal=proposal)
    return proposal


def expected_dates(proposal) -> list[tuple]:
    """The dates as proposed, with the third commitment's review moved by the amendment."""
    found = [(c.start, c.due, c.review) for c in proposal.current.commitments.order_by("id")]
    found[2] = (*found[2][:2], NEW_REVIEW)
    return found


def amend_through_the_page(editor):
    editor.get_by_text("Amend the proposal", exact=True).click()
    editor.get_by_label("What does this amendment change?").fill("A memory clinic; a later review")
    rows = editor.locator(".commitment-row")
    rows.nth(0).get_by_label("What it will do").fill("Fund a memory clinic")
    fill_date(rows.nth(2), "Review date", NEW_REVIEW)
    editor.get_by_role("button", name="Amend").click()
    editor.get_by_text("Amended: a new version is open for positions").wait_for()
    assert "Version 2" in editor.locator("#version").inner_text()


def agree_through_the_page(as_user, senate, path):
    meeting = held_meeting(senate, date=localdate())
    chair = as_user(senate.chair, path)
    form = chair.locator("form", has=chair.get_by_role("button", name="Record decision"))
    form.get_by_label("Meeting").select_option(str(meeting.pk))
    form.get_by_label("Agreed", exact=True).check()
    form.get_by_role("button", name="Record decision").click()
    chair.get_by_text("Decision recorded").wait_for()
    return chair


def test_every_date_survives_an_amendment_into_the_agreement(as_user):
    senate = build_senate(seats=4, quorum=3)
    proposal = dated_proposal(senate)
    expected = expected_dates(proposal)
    path = f"/governance/proposals/{proposal.pk}/"

    amend_through_the_page(as_user(senate.editor, path))
    for n in range(len(senate.seats)):
        record_position(as_user(senate.rep(n), path), "Support")
    chair = agree_through_the_page(as_user, senate, path)

    agreement = Agreement.objects.get()
    commitments = agreement.commitments.order_by("id")
    assert [(c.start, c.due, c.review) for c in commitments] == expected
    assert commitments[0].what == "Fund a memory clinic"
    chair.get_by_role("link", name="read the agreement and its commitments").click()
    rows = table_after(chair, "commitments").locator("tbody tr")
    assert rows.count() == 4
    for n, dates in enumerate(expected):
        shown = rows.nth(n).inner_text()
        for word, day in zip(("Start", "Due", "Review"), dates, strict=True):
            assert f"{word} {day:%-d %b %Y}" in shown
