"""The chair's meeting pages: planning ahead, scheduling, attendance, agenda, minutes, actions,
held or cancelled. Each form calls its action; people without the right are refused and nothing
changes; a mistake shows the NHS.UK error summary."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.governance import actions
from concord.governance.models import AgendaItem, Attendance, Meeting, MeetingAction
from tests.integration.governance import (  # noqa: F401
    build_senate,
    dementia_proposal,
    held_meeting,
    secretary,
)
from tests.integration.page_forms import rendered_date, rendered_form

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
MAY = dt.date(2021, 5, 12)
REFUSAL = "secretariat manages this forum"


@pytest.fixture
def senate():
    return build_senate()


@pytest.fixture
def planned(senate):
    return actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=MAY)


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def forum_url(senate):
    return reverse("governance:forum", args=[senate.forum.slug])


def meeting_url(meeting):
    return reverse("governance:meeting", args=[meeting.pk])


def shows_error(response, text, status=400):
    html = response.content.decode()
    summary = status == 403 or "nhsuk-error-summary" in html  # a 403 is a page of its own
    return response.status_code == status and summary and text in html


# -- the forum page: planning ahead and scheduling ------------------------------------------------


def test_the_chair_plans_the_next_meetings_for_the_monthly_cadence(client, senate):
    data = {"transition": "plan", "first": MAY.isoformat(), "count": 3}
    response = post(client, senate.chair, forum_url(senate), data)
    assert response.status_code == 302
    # the second Wednesday of each month, as the first is
    expected = [MAY, dt.date(2021, 6, 9), dt.date(2021, 7, 14)]
    assert list(senate.forum.meetings.values_list("date", flat=True)) == expected
    assert "3 meetings planned" in client.get(forum_url(senate)).content.decode()


def test_planning_again_leaves_dates_already_planned_alone(client, senate, planned):
    data = {"transition": "plan", "first": MAY.isoformat(), "count": 2}
    post(client, senate.chair, forum_url(senate), data)
    assert senate.forum.meetings.count() == 2
    html = client.get(forum_url(senate)).content.decode()
    assert "1 meetings planned (1 already planned on those dates)" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"first": "2021-05-12", "count": 0}, "Plan at least 1 meeting"),
        ({"first": "2021-05-12", "count": 30}, "Plan at most 24 meetings at a time"),
        ({"first": "", "count": 3}, "Enter date of the first meeting"),
        ({"first": "12 May", "count": 3}, "Date of the first meeting must be a real date"),
        (
            {"first_day": "31", "first_month": "2", "first_year": "2021", "count": 3},
            "Date of the first meeting must be a real date",
        ),
        (
            {"first_day": "12", "first_month": "5", "first_year": "", "count": 3},
            "Date of the first meeting must include a year",
        ),
        (
            {"first_day": "12", "first_month": "May", "first_year": "2021", "count": 3},
            "Date of the first meeting must be a real date",
        ),
    ],
)
def test_a_mistake_in_planning_shows_the_error_summary(client, senate, data, message):
    response = post(client, senate.chair, forum_url(senate), {"transition": "plan", **data})
    assert shows_error(response, message)
    assert not Meeting.objects.exists()


def test_a_forum_that_meets_as_needed_is_scheduled_one_by_one(client, senate):
    senate.forum.cadence = "ad_hoc"
    senate.forum.save()
    data = {"transition": "plan", "first": MAY.isoformat(), "count": 3}
    assert shows_error(post(client, senate.chair, forum_url(senate), data), "one by one")
    assert not Meeting.objects.exists()


def test_the_chair_schedules_a_meeting_once_per_date(client, senate):
    data = {"transition": "schedule", "date": MAY.isoformat(), "location": "Town hall"}
    assert post(client, senate.chair, forum_url(senate), data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.location, meeting.status) == (MAY, "Town hall", "planned")
    again = post(client, senate.chair, forum_url(senate), data)
    assert shows_error(again, "already has a meeting on 12 May 2021")
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("who", ["viewer", "editor", "seat 1"])
def test_only_the_chair_plans_and_schedules(client, senate, who):
    user = {"viewer": senate.viewer, "editor": senate.editor, "seat 1": senate.rep(1)}[who]
    html = post(client, user, forum_url(senate), {}).content.decode()
    assert "Plan meetings" not in html and "Schedule meeting" not in html
    for data in (
        {"transition": "plan", "first": MAY.isoformat(), "count": 3},
        {"transition": "schedule", "date": MAY.isoformat()},
    ):
        assert shows_error(post(client, user, forum_url(senate), data), REFUSAL, 403)
    assert not Meeting.objects.exists()


def test_the_secretariat_plans_meetings_and_an_administrator_without_a_post_may_not(client, senate):
    data = {"transition": "schedule", "date": MAY.isoformat()}
    assert shows_error(post(client, senate.admin, forum_url(senate), data), REFUSAL, 403)
    assert post(client, secretary(senate), forum_url(senate), data).status_code == 302
    assert Meeting.objects.filter(forum=senate.forum, date=MAY).exists()


# -- the meeting page: attendance --------------------------------------------------------------


def test_the_chair_records_who_attended_for_which_seat(client, senate, planned):
    person, seat = senate.rep(1).person, senate.seats[1]
    data = {"transition": "attendance", "attend-person": person.pk, "attend-seat": seat.pk}
    assert post(client, senate.chair, meeting_url(planned), data).status_code == 302
    (attendance,) = Attendance.objects.all()
    assert (attendance.person, attendance.seat) == (person, seat)
    html = client.get(meeting_url(planned)).content.decode()
    assert f"{person.name}, for {seat.organisation.name}" in html


def test_the_chair_may_attend_without_a_seat(client, senate, planned):
    chair = senate.chair.person
    data = {"transition": "attendance", "attend-person": chair.pk, "attend-seat": ""}
    assert post(client, senate.chair, meeting_url(planned), data).status_code == 302
    assert Attendance.objects.get().seat is None


def test_no_one_attends_for_a_seat_they_do_not_sit_for(client, senate, planned):
    person, seat = senate.rep(1).person, senate.seats[2]
    data = {"transition": "attendance", "attend-person": person.pk, "attend-seat": seat.pk}
    response = post(client, senate.chair, meeting_url(planned), data)
    assert shows_error(response, f"does not sit for {seat.organisation.name}")
    assert not Attendance.objects.exists()


def test_attendance_needs_a_person(client, senate, planned):
    data = {"transition": "attendance", "attend-person": "", "attend-seat": ""}
    response = post(client, senate.chair, meeting_url(planned), data)
    assert shows_error(response, "Choose who attended")


# -- the meeting page: agenda ----------------------------------------------------------------------


def add_item(client, user, meeting, title, kind="for_discussion", proposal=""):
    data = {"transition": "item", "item-title": title, "item-kind": kind, "item-proposal": proposal}
    return post(client, user, meeting_url(meeting), data)


def titles(meeting):
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def test_the_chair_adds_items_of_every_kind_in_order(client, senate, planned):
    proposal = dementia_proposal(senate)
    kinds = ["for_decision", "for_discussion", "accountability_review", "for_information"]
    for kind in kinds:
        linked = proposal.pk if kind == "for_decision" else ""
        assert (
            add_item(client, senate.chair, planned, f"Item {kind}", kind, linked).status_code == 302
        )
    items = list(planned.items.order_by("order"))
    assert [i.kind for i in items] == kinds and [i.order for i in items] == [1, 2, 3, 4]
    assert items[0].proposal == proposal and items[1].proposal is None


def test_an_item_for_decision_needs_its_proposal(client, senate, planned):
    response = add_item(client, senate.chair, planned, "Dementia strategy", "for_decision")
    assert shows_error(response, "Choose the proposal an item for decision decides")
    assert not AgendaItem.objects.exists()


def test_a_proposal_of_another_forum_cannot_be_linked(client, senate, planned):
    other = build_other_forum_proposal(senate)
    response = add_item(client, senate.chair, planned, "Elsewhere", "for_decision", other.pk)
    assert shows_error(response, "Select a valid choice")
    assert not AgendaItem.objects.exists()


def build_other_forum_proposal(senate):
    forum = actions.create_forum(by=senate.admin, name="Other board", kind="programme_board")
    return actions.create_proposal(
        by=senate.editor,
        forum=forum,
        title="Elsewhere",
        author_organisation=senate.seats[0].organisation,
        problem="p",
        strategy="s",
    )


def test_the_chair_reorders_the_agenda(client, senate, planned):
    for title in ("Apologies", "Dementia", "Any other business"):
        actions.add_agenda_item(by=senate.chair, meeting=planned, title=title)
    dementia = planned.items.get(title="Dementia")
    move = {"transition": "move", "move-item": dementia.pk, "move-direction": "up"}
    assert post(client, senate.chair, meeting_url(planned), move).status_code == 302
    assert titles(planned) == ["Dementia", "Apologies", "Any other business"]
    again = post(client, senate.chair, meeting_url(planned), move)
    assert shows_error(again, "is already first")
    down = {**move, "move-direction": "down"}
    post(client, senate.chair, meeting_url(planned), down)
    post(client, senate.chair, meeting_url(planned), down)
    assert titles(planned) == ["Apologies", "Any other business", "Dementia"]


# -- the meeting page: minutes, actions, held and cancelled ------------------------------------


def test_the_chair_writes_the_minutes_in_markdown(client, senate, planned):
    data = {"transition": "minutes", "minutes": "**Agreed** to meet <script>x()</script>"}
    assert post(client, senate.chair, meeting_url(planned), data).status_code == 302
    planned.refresh_from_db()
    assert planned.minutes == data["minutes"]
    html = client.get(meeting_url(planned)).content.decode()
    assert "<strong>Agreed</strong> to meet" in html and "<script>x()" not in html


def test_minutes_sent_unchanged_write_nothing(client, senate, planned):
    data = {"transition": "minutes", "minutes": "Agreed to meet in March"}
    assert post(client, senate.chair, meeting_url(planned), data).status_code == 302
    kept = planned.history.count()
    response = post(client, senate.chair, meeting_url(planned), data)  # the same, unchanged
    assert response.status_code == 400
    assert "Nothing changed: the minutes are as they were." in response.content.decode()
    assert planned.history.count() == kept


def action_data(senate, meeting, **extra):
    item = actions.add_agenda_item(by=senate.chair, meeting=meeting, title="Memory clinic")
    return {
        "transition": "action",
        "action-description": "Report the memory clinic waits",
        "action-owner_organisation": senate.seats[1].organisation.pk,
        "action-owner_person": senate.rep(1).person.pk,
        "action-due": "2021-06-30",
        "action-item": item.pk,
        **extra,
    }


def test_the_chair_adds_an_action_with_its_owners_due_date_and_item(client, senate, planned):
    data = action_data(senate, planned)
    assert post(client, senate.chair, meeting_url(planned), data).status_code == 302
    action = MeetingAction.objects.get()
    assert action.owner_organisation == senate.seats[1].organisation
    assert action.owner_person == senate.rep(1).person
    assert (action.due, action.item.title, action.status) == (
        dt.date(2021, 6, 30),
        "Memory clinic",
        "open",
    )
    assert "Report the memory clinic waits" in client.get(meeting_url(planned)).content.decode()


def test_an_action_needs_what_and_whose(client, senate, planned):
    data = action_data(
        senate, planned, **{"action-description": "", "action-owner_organisation": ""}
    )
    response = post(client, senate.chair, meeting_url(planned), data)
    assert shows_error(response, "Say what the action is")
    assert "Choose the organisation that owns the action" in response.content.decode()
    assert not MeetingAction.objects.exists()


def test_the_chair_updates_an_action(client, senate, planned):
    post(client, senate.chair, meeting_url(planned), action_data(senate, planned))
    action = MeetingAction.objects.get()
    url = reverse("governance:meeting-action", args=[action.pk])
    form = client.get(url).content.decode()
    assert "Report the memory clinic waits" in form
    assert rendered_date(rendered_form(form, "action-status"), "action-due") == dt.date(2021, 6, 30)
    data = {
        "action-description": "Report the memory clinic waits by locality",
        "action-owner_organisation": senate.seats[2].organisation.pk,
        "action-owner_person": "",
        "action-due": "2021-07-31",
        "action-item": "",
        "action-status": "done",
    }
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.description, action.owner_organisation, action.owner_person) == (
        data["action-description"],
        senate.seats[2].organisation,
        None,
    )
    assert (action.due, action.item, action.status) == (dt.date(2021, 7, 31), None, "done")
    assert action.history.first().history_user == senate.chair


def test_the_chair_marks_a_meeting_held_and_it_cannot_then_be_cancelled(client, senate, planned):
    actions.record_attendance(
        by=senate.chair, meeting=planned, person=senate.rep(0).person, seat=senate.seats[0]
    )
    assert (
        post(client, senate.chair, meeting_url(planned), {"transition": "hold"}).status_code == 302
    )
    planned.refresh_from_db()
    assert planned.status == "held"
    refused = post(client, senate.chair, meeting_url(planned), {"transition": "cancel"})
    assert shows_error(refused, "cannot be cancelled")
    planned.refresh_from_db()
    assert planned.status == "held"


def test_a_cancelled_meeting_offers_no_forms(client, senate, planned):
    post(client, senate.chair, meeting_url(planned), {"transition": "cancel"})
    planned.refresh_from_db()
    assert planned.status == "cancelled"
    html = client.get(meeting_url(planned)).content.decode()
    assert "Record attendance" not in html and "Add item" not in html
    refused = add_item(client, senate.chair, planned, "Too late")
    assert shows_error(refused, "This meeting was cancelled")


@pytest.mark.parametrize("who", ["viewer", "editor", "seat 1"])
def test_only_the_chair_manages_a_meeting(client, senate, planned, who):
    user = {"viewer": senate.viewer, "editor": senate.editor, "seat 1": senate.rep(1)}[who]
    client.force_login(user)
    html = client.get(meeting_url(planned)).content.decode()
    assert "Mark as held" not in html and "Add item" not in html and "Save minutes" not in html
    item = actions.add_agenda_item(by=senate.chair, meeting=planned, title="Apologies")
    actions.add_agenda_item(by=senate.chair, meeting=planned, title="Dementia")
    attempts = [
        {"transition": "attendance", "attend-person": user.person.pk if who == "seat 1" else ""},
        {"transition": "item", "item-title": "Mine", "item-kind": "for_information"},
        {"transition": "move", "move-item": item.pk, "move-direction": "down"},
        {"transition": "minutes", "minutes": "Not the chair's"},
        {"transition": "hold"},
        {"transition": "cancel"},
    ]
    for data in attempts:
        response = post(client, user, meeting_url(planned), data)
        assert response.status_code in (400, 403)  # the form's error, or refused outright
    planned.refresh_from_db()
    assert (planned.status, planned.minutes) == ("planned", "")
    assert titles(planned) == ["Apologies", "Dementia"]
    assert not Attendance.objects.exists()
    refused = post(client, user, meeting_url(planned), action_data(senate, planned))
    assert shows_error(refused, REFUSAL, 403)
    assert not MeetingAction.objects.exists()


def test_only_the_chair_updates_an_action(client, senate, planned):
    action = actions.add_meeting_action(
        by=senate.chair,
        meeting=planned,
        description="Circulate the plan",
        owner_organisation=senate.seats[0].organisation,
    )
    url = reverse("governance:meeting-action", args=[action.pk])
    data = {
        "action-description": "Changed",
        "action-owner_organisation": senate.seats[0].organisation.pk,
        "action-status": "dropped",
    }
    assert shows_error(post(client, senate.rep(1), url, data), REFUSAL, 403)
    action.refresh_from_db()
    assert (action.description, action.status) == ("Circulate the plan", "open")


def test_the_secretariat_manages_a_meeting_and_an_administrator_without_a_post_may_not(
    client, senate, planned
):
    data = {"transition": "item", "item-title": "Welcome", "item-kind": "for_information"}
    assert shows_error(post(client, senate.admin, meeting_url(planned), data), REFUSAL, 403)
    assert post(client, secretary(senate), meeting_url(planned), data).status_code == 302
    assert titles(planned) == ["Welcome"]
