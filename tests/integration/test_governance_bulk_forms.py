"""Bulk work in one form and one transaction: a meeting's attendance for every seat, and the
chair's positions for the seats that have not answered. Posted as rendered they change nothing;
one refused row writes nothing, and the refusal names its seat."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.governance import actions
from concord.governance.errors import NotAllowed, RowsRefused
from concord.governance.models import Attendance, Position
from tests.integration.governance import (  # noqa: F401
    OPENED,
    build_senate,
    dementia_proposal,
    secretary,
)
from tests.integration.page_forms import rendered_form, submitted_as_rendered

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
MARCH = dt.date(2021, 3, 10)


@pytest.fixture
def senate():
    return build_senate()


@pytest.fixture
def meeting(senate):
    return actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=MARCH)


def attendance_url(meeting):
    return reverse("governance:meeting-attendance", args=[meeting.pk])


def everyone(senate):
    return {f"seat-{seat.pk}": senate.reps[seat.pk].person.pk for seat in senate.seats}


def first_row(senate) -> str:
    """The name of the first seat's choice: how the attendance form is found on the page."""
    return f"seat-{senate.seats[0].pk}"


def shows_error(response, text, status=400):
    html = response.content.decode()
    summary = status == 403 or "nhsuk-error-summary" in html  # a 403 is a page of its own
    return response.status_code == status and summary and text in html


# -- attendance ----------------------------------------------------------------------------------


def test_the_secretariat_records_every_seats_attendance_in_one_submission(client, senate, meeting):
    client.force_login(secretary(senate))
    response = submitted_as_rendered(
        client, attendance_url(meeting), first_row(senate), **everyone(senate)
    )
    assert response.status_code == 302
    recorded = set(meeting.attendance.values_list("seat_id", "person_id"))
    assert recorded == {(s.pk, senate.reps[s.pk].person.pk) for s in senate.seats}


def test_attendance_posted_as_rendered_or_again_changes_nothing(client, senate, meeting):
    client.force_login(senate.chair)
    assert (
        submitted_as_rendered(client, attendance_url(meeting), first_row(senate)).status_code == 302
    )
    assert not meeting.attendance.exists()
    client.post(attendance_url(meeting), everyone(senate))
    rows = list(Attendance.history.values_list("history_id", flat=True))
    assert (
        submitted_as_rendered(client, attendance_url(meeting), first_row(senate)).status_code == 302
    )
    assert list(Attendance.history.values_list("history_id", flat=True)) == rows
    assert meeting.attendance.count() == len(senate.seats)


def test_unticking_a_seat_removes_its_attendance(client, senate, meeting):
    client.force_login(senate.chair)
    client.post(attendance_url(meeting), everyone(senate))
    first = senate.seats[0]
    submitted_as_rendered(
        client, attendance_url(meeting), first_row(senate), **{f"seat-{first.pk}": ""}
    )
    assert not meeting.attendance.filter(seat=first).exists()
    assert meeting.attendance.count() == len(senate.seats) - 1


def test_one_bad_row_writes_nothing_and_names_its_seat(client, senate, meeting):
    """The same person for two seats: the second is refused, so the whole form is."""
    client.force_login(senate.chair)
    person = senate.rep(0).person
    actions.record_attendance(by=senate.chair, meeting=meeting, person=person)  # as a guest
    response = client.post(attendance_url(meeting), everyone(senate))
    assert shows_error(response, "Seat organisation 0: ")
    assert shows_error(response, "already recorded as attending")
    assert meeting.attendance.filter(seat__isnull=False).count() == 0


def test_only_the_chair_or_secretariat_records_attendance(client, senate, meeting):
    for user in (senate.rep(0), senate.editor, senate.admin):
        client.force_login(user)
        assert client.post(attendance_url(meeting), everyone(senate)).status_code == 403
    assert not meeting.attendance.exists()
    with pytest.raises(NotAllowed):
        actions.record_attendances(by=senate.rep(0), meeting=meeting, attended={})


def test_the_attendance_page_reads_in_few_queries(
    client, senate, meeting, django_assert_max_num_queries
):
    client.force_login(senate.chair)
    with django_assert_max_num_queries(40):
        assert client.get(attendance_url(meeting)).status_code == 200


# -- the chair's positions board -------------------------------------------------------------------


@pytest.fixture
def opened(senate):
    proposal = dementia_proposal(senate)
    return actions.open_proposal(by=senate.editor, proposal=proposal, on=OPENED)


def positions_url(proposal):
    return reverse("governance:chair-positions", args=[proposal.pk])


def test_the_chair_records_the_unanswered_seats_in_one_submission(client, senate, opened):
    actions.record_position(
        by=senate.rep(0), version=opened.current, seat=senate.seats[0], stance="support"
    )
    client.force_login(senate.chair)
    html = client.get(positions_url(opened)).content.decode()
    assert "Seat organisation 0" not in html[html.index("<form", html.index("<main")) :]
    s1, s2 = senate.seats[1], senate.seats[2]
    data = {f"seat-{s1.pk}-stance": "abstain", f"seat-{s2.pk}-stance": "object"}
    refused = submitted_as_rendered(client, positions_url(opened), "seat-seen", **data)
    assert shows_error(refused, "Seat organisation 2: An objection needs a reason")
    assert Position.objects.count() == 1
    data[f"seat-{s2.pk}-reason"] = "The memory service has no capacity"
    assert (
        submitted_as_rendered(client, positions_url(opened), "seat-seen", **data).status_code == 302
    )
    made = Position.objects.filter(by_chair=True)
    assert {(p.seat_id, p.stance) for p in made} == {(s1.pk, "abstain"), (s2.pk, "object")}


def test_the_board_posted_as_rendered_records_nothing(client, senate, opened):
    client.force_login(senate.chair)
    response = submitted_as_rendered(client, positions_url(opened), "seat-seen")
    assert shows_error(response, "Choose a position for at least one seat")
    assert not Position.objects.exists()


def test_a_seat_that_answered_meanwhile_is_refused_and_nothing_is_written(client, senate, opened):
    client.force_login(senate.chair)
    form = rendered_form(client.get(positions_url(opened)).content.decode(), "seat-seen")
    actions.record_position(
        by=senate.rep(1), version=opened.current, seat=senate.seats[1], stance="object", reason="No"
    )
    s1, s3 = senate.seats[1], senate.seats[3]
    data = {**form, f"seat-{s1.pk}-stance": "support", f"seat-{s3.pk}-stance": "support"}
    response = client.post(positions_url(opened), data)
    assert shows_error(response, "Seat organisation 1: ")
    assert Position.objects.count() == 1 and not Position.objects.filter(by_chair=True).exists()
    with pytest.raises(RowsRefused) as refused:
        actions.record_positions(
            by=senate.chair,
            version=opened.current,
            positions={s1: ("support", ""), s3: ("support", "")},
            seen=int(form["seat-seen"]),
        )
    assert list(refused.value.rows) == ["Seat organisation 1"]


def test_only_the_chair_records_on_the_seats_behalf(client, senate, opened):
    for user in (senate.rep(0), secretary(senate), senate.editor):
        client.force_login(user)
        assert client.get(positions_url(opened)).status_code == 403
    with pytest.raises(NotAllowed):
        actions.record_positions(
            by=senate.rep(0), version=opened.current, positions={senate.seats[0]: ("support", "")}
        )
    assert not Position.objects.exists()


def test_the_chairs_board_reads_in_few_queries(
    client, senate, opened, django_assert_max_num_queries
):
    client.force_login(senate.chair)
    with django_assert_max_num_queries(30):
        assert client.get(positions_url(opened)).status_code == 200
