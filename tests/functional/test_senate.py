"""A senate run end to end in Chromium: an editor drafts a proposal with its commitments through
the draft page and opens it, three seats take positions, one
objects, the proposal is amended and every seat supports it; the chair schedules a meeting for
today, records who attended for which seat, puts the proposal on the agenda and marks the meeting
held; the proposal is agreed at that quorate meeting; its agreement and commitments appear and
offer no way to edit them."""

import datetime as dt

import pytest
from django.utils.timezone import localdate

from concord.governance.models import Proposal
from tests.functional.conftest import table_after
from tests.functional.dates import fill_date
from tests.integration.accountable import indicator
from tests.integration.governance import (  # noqa: F401
    SINCE,
    build_senate,
)

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


def record_position(page, stance: str, reason: str = ""):
    form = page.locator("form", has=page.get_by_role("button", name="Record position"))
    form.get_by_label(stance, exact=True).check()
    if reason:
        form.get_by_label("Reason").fill(reason)
    form.get_by_role("button", name="Record position").click()
    page.get_by_text("Position recorded").wait_for()


def board_row(page, seat):
    return page.locator("#positions-board tr", has_text=seat.organisation.name)


def run_a_meeting(as_user, senate, proposal):
    """The chair schedules a meeting, records attendance and the agenda, and marks it held."""
    chair = as_user(senate.chair, f"/governance/forums/{senate.forum.slug}/")
    today = localdate()  # the proposal was put to the senate today: it meets today to decide
    fill_date(chair, "Date of the meeting", today)
    chair.get_by_role("button", name="Schedule meeting").click()
    chair.get_by_text(f"Meeting scheduled for {today:%-d %B %Y}").wait_for()
    chair.get_by_role("link", name=f"{today:%-d %B %Y}").click()
    for seat in senate.seats[:3]:
        chair.get_by_label("Who attended").select_option(label=senate.reps[seat.pk].person.name)
        chair.get_by_label("On behalf of which seat").select_option(label=seat.organisation.name)
        chair.get_by_role("button", name="Record attendance").click()
        chair.get_by_text("Attendance recorded").wait_for()
    chair.get_by_label("Title").fill("Dementia strategy")
    chair.get_by_label("For decision").check()
    chair.get_by_label("Linked proposal").select_option(label=proposal.title)
    chair.get_by_role("button", name="Add item").click()
    chair.get_by_text("Item added to the agenda").wait_for()
    chair.get_by_role("button", name="Mark as held").click()
    chair.get_by_text("The meeting is marked as held").wait_for()
    assert "Held" in chair.locator("#meeting-status").inner_text()
    assert chair.locator("#quorum").inner_text().startswith("Quorate")
    assert "Dementia strategy" in chair.locator("#agenda-items").inner_text()
    return senate.forum.meetings.get()


def fill_commitment(page, n: int, party, what: str):
    row = page.locator(".commitment-row").nth(n)
    row.get_by_label("Party").select_option(label=party.name)
    row.get_by_label("What it will do").fill(what)
    row.get_by_label("Indicator").select_option(label=indicator().title)  # loaded before
    row.get_by_label("Baseline value").fill("60.1")
    row.get_by_label("Baseline period").fill("2019-20")
    row.get_by_label("Target", exact=True).fill("66.7")
    row.get_by_label("Trajectory").fill("2021-22: 63.5\n2022-23: 66.7")
    fill_date(row, "Start date", dt.date(2021, 4, 1))
    fill_date(row, "Due date", dt.date(2023, 3, 31))
    fill_date(row, "Review date", dt.date(2021, 10, 1))


def draft_through_the_page(as_user, senate):
    """The editor, holding a post in the commissioner, drafts a commitment for every seat."""
    commissioner = senate.seats[0].organisation
    indicator()  # the governed definitions, to choose from
    editor = as_user(senate.editor, f"/governance/forums/{senate.forum.slug}/")
    editor.get_by_role("button", name="Draft a proposal").click()
    editor.get_by_label("Title").fill("Dementia strategy")
    editor.get_by_label("Programme or condition (optional)").fill("dementia")
    editor.get_by_label("Put by which organisation").select_option(label=commissioner.name)
    editor.get_by_label("The problem").fill("Too few people with dementia are diagnosed.")
    editor.get_by_label("The proposed strategy").fill("Diagnose earlier in primary care.")
    for n, seat in enumerate(senate.seats):
        if n >= editor.locator(".commitment-row").count():
            editor.get_by_role("button", name="Add another commitment").click()
            editor.locator(".commitment-row").nth(n).wait_for()
        fill_commitment(editor, n, seat.organisation, f"Part {n} of the dementia strategy")
    editor.get_by_role("button", name="Save the draft").click()
    editor.get_by_text("Proposal drafted").wait_for()
    return editor, Proposal.objects.get()


def test_a_senate_agrees_an_amended_proposal(as_user):
    senate = build_senate(seats=4, quorum=3)
    editor, proposal = draft_through_the_page(as_user, senate)
    path = f"/governance/proposals/{proposal.pk}/"
    assert proposal.current.commitments.count() == len(senate.seats)

    editor.get_by_role("button", name="Open for positions").click()
    assert "Open for positions" in editor.locator("#status").inner_text()

    for n, stance, reason in [
        (0, "Support", ""),
        (1, "Object", "No memory clinic capacity"),
        (2, "Support with concerns", "Staffing"),
    ]:
        page = as_user(senate.rep(n), path)
        record_position(page, stance, reason)
    assert "No memory clinic capacity" in board_row(page, senate.seats[1]).inner_text()
    assert "standing objection" in page.content()

    editor.reload()
    editor.get_by_text("Amend the proposal", exact=True).click()
    editor.get_by_label("What does this amendment change?").fill("Funds memory clinic capacity")
    editor.get_by_role("button", name="Amend").click()
    assert "Version 2" in editor.locator("#version").inner_text()

    for n in range(len(senate.seats)):  # silence is not consent: every seat answers
        record_position(as_user(senate.rep(n), path), "Support")

    meeting = run_a_meeting(as_user, senate, proposal)
    chair = as_user(senate.chair, path)
    form = chair.locator("form", has=chair.get_by_role("button", name="Record decision"))
    form.get_by_label("Meeting").select_option(str(meeting.pk))
    form.get_by_label("Agreed", exact=True).check()
    form.get_by_role("button", name="Record decision").click()
    chair.get_by_text("Decision recorded").wait_for()
    assert "Agreed" in chair.locator("#status").inner_text()

    chair.get_by_role("link", name="read the agreement and its commitments").click()
    assert chair.get_by_role("heading", level=1).inner_text() == "Dementia strategy"
    commitments = table_after(chair, "commitments")
    for seat in senate.seats:
        assert seat.organisation.name in commitments.inner_text()
    assert chair.locator("#immutable").is_visible()
    assert chair.locator("main form").count() == 0
    assert chair.locator("main").get_by_role("button").count() == 0
