"""Accountability in Chromium: the senate's scorecard explains every status; the chair accepts a
proposed agenda item; an editor resolves a red flag; the pack page downloads the PDF."""

import datetime as dt

import pytest

from concord.accountability.models import RedFlag
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from tests.integration.accountable import measure, senate_with

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]
DURING = dt.date(2021, 12, 15)
STEADY = [70.0, 70.4, 69.8, 70.2, 69.9, 70.3, 70.1, 69.7, 70.2, 70.0, 69.8, 70.3, 70.1, 69.9]


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=2)
    measure(senate.seats[0].organisation, dt.date(2020, 10, 1), STEADY + [66.9] * 7)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    refresh(today=DURING)
    return senate, agreement, meeting


def test_scorecard_agenda_flag_and_pack(as_user, world):
    senate, agreement, meeting = world
    page = as_user(senate.viewer, f"/accountability/forums/{senate.forum.slug}/")
    rows = page.locator("#items .scorecard-item")
    assert rows.count() == agreement.commitments.count()
    for k in range(rows.count()):
        assert "(rule " in rows.nth(k).locator(".explanation").inner_text()

    chair = as_user(senate.chair, f"/accountability/meetings/{meeting.pk}/agenda/")
    first = chair.locator("#proposals tr.proposal-proposed").first
    title = first.locator("td").first.inner_text().split(" (evidence)")[0]
    first.get_by_role("button", name="Accept").click()
    chair.get_by_text("Decision recorded").wait_for()
    assert title in chair.locator("#agenda-items").inner_text()

    flag = RedFlag.objects.filter(organisation=senate.seats[0].organisation).first()
    editor = as_user(senate.editor, f"/accountability/flags/{flag.pk}/")
    editor.get_by_label("Note").fill("Taken to the senate")
    editor.get_by_role("button", name="Resolve").click()
    editor.get_by_text("Flag resolved").wait_for()
    assert "Resolved" in editor.locator("#flag-state").inner_text()

    pack = as_user(senate.viewer, f"/accountability/meetings/{meeting.pk}/pack/")
    with pack.expect_download() as downloading:
        pack.locator("#download-pack").click()
    path = downloading.value.path()
    assert open(path, "rb").read(4) == b"%PDF"
