"""Setting a forum up in the browser: a new forum (administrators), its seats and representatives
and its terms of reference (administrators and the forum's secretariat), with the stale-form
check on the terms; and the status of a meeting action, set by its owner or the chair."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.governance import actions
from concord.governance.errors import Conflict, GovernanceError, NotAllowed
from concord.governance.models import Forum, MeetingAction, Representative, Seat
from concord.organisations.models import Kind
from tests.factories import OrganisationFactory, PersonFactory, PostFactory, UserFactory
from tests.integration.governance import (  # noqa: F401
    SINCE,
    build_senate,
    person_with_login,
    secretary,
)
from tests.integration.page_forms import followed, rendered_form, submitted_as_rendered

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
MAY = dt.date(2021, 5, 12)


@pytest.fixture
def senate():
    return build_senate()


def shows_error(response, text, status=400):
    html = response.content.decode()
    summary = status == 403 or "nhsuk-error-summary" in html  # a 403 is a page of its own
    return response.status_code == status and summary and text in html


def terms_url(senate):
    return reverse("governance:forum-terms", args=[senate.forum.slug])


def seats_url(senate):
    return reverse("governance:forum-seats", args=[senate.forum.slug])


# -- a new forum ---------------------------------------------------------------------------------

NEW = {
    "name": "Frailty programme board",
    "kind": "programme_board",
    "chair": "",
    "organisation": "",
    "quorum_min_seats": "2",
    "decision_rule": "majority",
    "silence_is_consent": "no",
    "cadence": "quarterly",
    "purpose": "Agrees the frailty pathway",
}


def test_an_administrator_sets_up_a_forum_then_adds_its_seats(client, senate):
    client.force_login(senate.admin)
    response = client.post(reverse("governance:new-forum"), NEW)
    assert response.status_code == 302 and response.url.endswith("/seats/")
    forum = Forum.objects.get(name="Frailty programme board")
    assert (forum.quorum_min_seats, forum.decision_rule, forum.cadence) == (
        2,
        "majority",
        "quarterly",
    )
    assert forum.history.get().history_user == senate.admin


def test_a_new_forum_needs_a_name_and_a_quorum_of_at_least_one(client, senate):
    client.force_login(senate.admin)
    response = client.post(
        reverse("governance:new-forum"), {**NEW, "name": "", "quorum_min_seats": "0"}
    )
    assert shows_error(response, "Enter the forum&#x27;s name")
    assert shows_error(response, "A quorum is at least 1 seat")
    assert not Forum.objects.filter(kind="programme_board").exists()


def test_a_joint_committee_names_the_bodies_it_decides_for(client, senate):
    ccg, council = senate.seats[0].organisation, senate.seats[2].organisation
    client.force_login(senate.admin)
    data = {
        **NEW,
        "name": "Joint committee",
        "kind": "joint_committee",
        "acts_for": [ccg.pk, council.pk],
    }
    assert client.post(reverse("governance:new-forum"), data).status_code == 302
    assert set(Forum.objects.get(name="Joint committee").acts_for.all()) == {ccg, council}
    board = {**NEW, "acts_for": [ccg.pk]}
    assert shows_error(
        client.post(reverse("governance:new-forum"), board), "Only a joint committee"
    )


def test_only_administrators_and_a_secretariat_s_staff_set_up_a_new_forum(client, senate):
    for user in (senate.chair, senate.editor):
        client.force_login(user)
        assert client.get(reverse("governance:new-forum")).status_code == 403
        assert client.post(reverse("governance:new-forum"), NEW).status_code == 403
    assert not Forum.objects.filter(name=NEW["name"]).exists()


def test_a_secretariat_s_staff_set_up_a_forum_for_their_secretariat_only(client, senate):
    client.force_login(secretary(senate))
    other = OrganisationFactory(name="Another secretariat", kind=Kind.FORUM_SECRETARIAT)
    page = client.get(reverse("governance:new-forum")).content.decode()
    assert senate.forum.organisation.name in page and other.name not in page
    elsewhere = {**NEW, "organisation": str(other.pk)}
    assert shows_error(client.post(reverse("governance:new-forum"), elsewhere), "valid choice")
    assert not Forum.objects.filter(name=NEW["name"]).exists()
    mine = {**NEW, "organisation": str(senate.forum.organisation.pk)}
    assert client.post(reverse("governance:new-forum"), mine).status_code == 302
    assert Forum.objects.get(name=NEW["name"]).organisation == senate.forum.organisation
    with pytest.raises(NotAllowed):
        actions.create_forum(
            by=secretary(senate),
            name="Elsewhere",
            kind="programme_board",
            organisation=other,
            quorum_min_seats=1,
        )


# -- seats and representatives --------------------------------------------------------------------


def test_the_secretariat_adds_a_seat_by_its_code(client, senate):
    trust = OrganisationFactory(name="Community trust (fictional)", code="RTQ")
    client.force_login(secretary(senate))
    data = {
        "transition": "seat",
        "seat-code": "rtq",
        "seat-required": "on",
        "seat-start": "2021-04-01",
    }
    assert client.post(seats_url(senate), data).status_code == 302
    seat = Seat.objects.get(organisation=trust)
    assert (seat.forum, seat.required, seat.start) == (senate.forum, True, dt.date(2021, 4, 1))


def test_a_seat_needs_a_known_code_and_no_second_seat_for_the_same_body(client, senate):
    client.force_login(secretary(senate))
    unknown = client.post(seats_url(senate), {"transition": "seat", "seat-code": "ZZZ"})
    assert shows_error(unknown, "No organisation has the code ZZZ")
    code = senate.seats[1].organisation.code
    again = client.post(seats_url(senate), {"transition": "seat", "seat-code": code})
    assert shows_error(again, "already has a seat")
    assert senate.forum.seats.count() == len(senate.seats)


def test_the_secretariat_ends_a_seat_not_before_it_began(client, senate):
    seat = senate.seats[3]
    client.force_login(secretary(senate))
    early = {"transition": "end", "seat": seat.pk, "end-end": "2019-01-01"}
    assert shows_error(client.post(seats_url(senate), early), "cannot end before then")
    data = {"transition": "end", "seat": seat.pk, "end-end": "2022-03-31"}
    assert client.post(seats_url(senate), data).status_code == 302
    seat.refresh_from_db()
    assert seat.end == dt.date(2022, 3, 31)
    with pytest.raises(GovernanceError, match="already ended"):
        actions.end_seat(by=senate.admin, seat=seat, end=dt.date(2022, 6, 30))


def test_the_secretariat_appoints_a_representative(client, senate):
    person = PersonFactory(name="New member (fictional)")
    PostFactory(person=person, organisation=senate.seats[2].organisation, role="Director")
    client.force_login(secretary(senate))
    page = client.get(seats_url(senate)).content.decode()
    assert "New member (fictional)" in page
    data = {
        "transition": "representative",
        "rep-seat": senate.seats[2].pk,
        "rep-person": person.pk,
        "rep-start": "2021-04-01",
    }
    assert client.post(seats_url(senate), data).status_code == 302
    assert Representative.objects.get(person=person).seat == senate.seats[2]
    backwards = {**data, "rep-start": "2021-04-01", "rep-end": "2021-01-01"}
    assert shows_error(client.post(seats_url(senate), backwards), "ends on or after")


def test_the_seats_form_posted_as_rendered_adds_nothing(client, senate):
    client.force_login(secretary(senate))
    response = submitted_as_rendered(client, seats_url(senate), "representative")
    assert response.status_code == 400
    assert Representative.objects.count() == 1  # the senate's own appointee
    assert submitted_as_rendered(client, seats_url(senate), "seat-code").status_code == 400
    assert senate.forum.seats.count() == len(senate.seats)


def test_members_and_other_editors_do_not_set_the_forum_up(client, senate):
    """Sitting for a seat, chairing or editing for a member organisation is not the secretariat."""
    for user in (senate.editor, senate.chair, senate.rep(0), senate.viewer):
        client.force_login(user)
        assert client.get(seats_url(senate)).status_code == 403
        assert (
            client.post(seats_url(senate), {"transition": "seat", "seat-code": "X"}).status_code
            == 403
        )
        assert client.get(terms_url(senate)).status_code == 403
    with pytest.raises(NotAllowed, match="secretariat"):
        actions.add_seat(by=senate.editor, forum=senate.forum, organisation=OrganisationFactory())


def test_the_seats_page_reads_in_few_queries(client, senate, django_assert_max_num_queries):
    client.force_login(secretary(senate))
    with django_assert_max_num_queries(40):
        assert client.get(seats_url(senate)).status_code == 200


# -- the terms of reference ------------------------------------------------------------------------


def test_the_secretariat_changes_the_terms_and_the_history_shows_before_and_after(client, senate):
    client.force_login(secretary(senate))
    response = submitted_as_rendered(
        client,
        terms_url(senate),
        "quorum_min_seats",
        quorum_min_seats="2",
        silence_is_consent="yes",
    )
    assert response.status_code == 302
    forum = Forum.objects.get(pk=senate.forum.pk)
    assert (forum.quorum_min_seats, forum.silence_is_consent) == (2, True)
    before, after = forum.history.order_by("-history_id")[1], forum.history.latest("history_id")
    assert (before.quorum_min_seats, after.quorum_min_seats) == (3, 2)
    history = client.get(reverse("governance:history", args=["forum", forum.pk])).content.decode()
    assert "3 → 2" in history[history.index('id="history"') :]


def test_the_terms_posted_as_rendered_change_nothing(client, senate):
    client.force_login(senate.admin)
    changes = senate.forum.history.count()
    response = submitted_as_rendered(client, terms_url(senate), "quorum_min_seats")
    assert shows_error(response, "Nothing changed")
    assert senate.forum.history.count() == changes


def test_two_secretaries_editing_the_terms_at_once_the_second_is_refused_naming_the_first(
    client, senate
):
    first, second = secretary(senate), UserFactory(role="editor", username="second_secretary")
    PostFactory(person__user=second, organisation=senate.forum.organisation, role="Secretary")
    client.force_login(first)
    mine = rendered_form(client.get(terms_url(senate)).content.decode(), "quorum_min_seats")
    client.force_login(second)
    theirs = rendered_form(client.get(terms_url(senate)).content.decode(), "quorum_min_seats")
    assert client.post(terms_url(senate), {**theirs, "quorum_min_seats": "4"}).status_code == 302
    client.force_login(first)
    response = client.post(terms_url(senate), {**mine, "cadence": "quarterly"})
    assert shows_error(response, "second_secretary changed the terms of reference at", 409)
    forum = Forum.objects.get(pk=senate.forum.pk)
    assert (forum.quorum_min_seats, forum.cadence) == (4, "monthly")
    with pytest.raises(Conflict):
        actions.set_terms(by=first, forum=forum, based_on=int(mine["based_on"]), cadence="weekly")


# -- a meeting action's status ---------------------------------------------------------------------


@pytest.fixture
def owned_action(senate):
    meeting = actions.schedule_meeting(by=senate.chair, forum=senate.forum, date=MAY)
    return actions.add_meeting_action(
        by=senate.chair,
        meeting=meeting,
        description="Report the memory clinic waits",
        owner_organisation=senate.seats[1].organisation,
        owner_person=senate.rep(1).person,
    )


def action_url(action):
    return reverse("governance:meeting-action", args=[action.pk])


def test_the_actions_owner_marks_it_done_from_its_page(client, senate, owned_action):
    client.force_login(senate.rep(1))
    page = client.get(action_url(owned_action)).content.decode()
    assert "Save the status" in page and "Save the action" not in page
    response = submitted_as_rendered(
        client, action_url(owned_action), "status-status", **{"status-status": "done"}
    )
    assert "Action status saved" in followed(client, response)
    assert MeetingAction.objects.get().status == "done"


def test_the_chair_sets_the_status_inline_and_as_rendered_it_changes_nothing(
    client, senate, owned_action
):
    client.force_login(senate.chair)
    meeting_url = reverse("governance:meeting", args=[owned_action.meeting_id])
    html = client.get(meeting_url).content.decode()
    form = rendered_form(html, "status-status")
    changes = owned_action.history.count()
    assert client.post(action_url(owned_action), form).status_code == 302
    assert owned_action.history.count() == changes
    assert (
        client.post(action_url(owned_action), {**form, "status-status": "dropped"}).status_code
        == 302
    )
    assert MeetingAction.objects.get().status == "dropped"


def test_someone_else_may_not_set_the_actions_status(client, senate, owned_action):
    for user in (senate.rep(2), senate.viewer, senate.editor):
        client.force_login(user)
        data = {"transition": "status", "status-status": "done"}
        assert client.post(action_url(owned_action), data).status_code == 403
    assert MeetingAction.objects.get().status == "open"
    with pytest.raises(NotAllowed, match="owner"):
        actions.set_action_status(by=senate.rep(2), action=owned_action, status="done")


def test_an_editor_of_the_owner_organisation_sets_the_status(senate, owned_action):
    person, user = person_with_login("Trust manager (fictional)", role="editor")
    PostFactory(person=person, organisation=senate.seats[1].organisation, start=SINCE)
    assert actions.set_action_status(by=user, action=owned_action, status="done").status == "done"


def test_the_forum_page_links_its_set_up_for_the_secretariat_only(client, senate):
    forum_url = reverse("governance:forum", args=[senate.forum.slug])
    client.force_login(secretary(senate))
    assert terms_url(senate) in client.get(forum_url).content.decode()
    client.force_login(senate.viewer)
    assert terms_url(senate) not in client.get(forum_url).content.decode()
    assert (
        reverse("governance:new-forum")
        not in client.get(reverse("governance:forums")).content.decode()
    )
    client.force_login(senate.admin)
    assert (
        reverse("governance:new-forum") in client.get(reverse("governance:forums")).content.decode()
    )


def test_a_joint_committee_changes_the_bodies_it_decides_for(client, senate):
    ccg, council = senate.seats[0].organisation, senate.seats[2].organisation
    forum = actions.create_forum(
        by=senate.admin, name="Joint committee", kind="joint_committee", acts_for=[ccg]
    )
    url = reverse("governance:forum-terms", args=[forum.slug])
    client.force_login(senate.admin)
    response = submitted_as_rendered(client, url, "quorum_min_seats", acts_for=[ccg.pk, council.pk])
    assert response.status_code == 302
    assert set(forum.acts_for.all()) == {ccg, council}


def test_the_set_up_pages_read_in_few_queries(client, senate, django_assert_max_num_queries):
    client.force_login(senate.admin)
    for url in (terms_url(senate), reverse("governance:new-forum")):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
