"""The governance demo: the Wigan senate, the five localities and the Central Lancashire
joint committee, loaded through the actions, idempotently; every change has its author."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.timezone import localdate

from concord.access.posts import staffs
from concord.access.roles import is_analyst, role_of
from concord.accountability.models import RedFlag
from concord.demo.governance import load_governance_demo
from concord.demo.loader import load_demo
from concord.demo.users import DEMO_PEOPLE, DEMO_USER_PEOPLE, DEMO_USERS
from concord.governance import actions
from concord.governance import representation as rep
from concord.governance.models import Agreement, Decision, Forum, Meeting, Position, Proposal
from concord.governance.terms import quorum
from concord.organisations.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def demo():
    load_demo()
    return load_governance_demo()


def test_the_senate_agrees_its_dementia_strategy_after_one_amendment(demo):
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    proposal = senate.proposals.get(condition="dementia")
    first, second = proposal.versions.order_by("number")
    (objection,) = first.positions.filter(stance="object")
    assert objection.seat.organisation.code == "LA-WIGAN" and objection.reason
    assert not second.positions.filter(stance="object").exists()
    agreement = senate.agreements.get()
    assert agreement.version == second and proposal.status == "agreed"
    seat_codes = set(senate.seats.values_list("organisation__code", flat=True))
    parties = set(agreement.commitments.values_list("party__code", flat=True))
    assert parties == seat_codes and "02H" in parties


def test_the_localities_meet_monthly_with_minutes_and_actions(demo):
    localities = Forum.objects.filter(kind="locality_group")
    assert localities.count() == 5
    for forum in localities:
        held = forum.meetings.filter(status="held")
        assert held.count() == 3
        assert all(m.minutes and m.actions.exists() for m in held)


def test_the_joint_committee_decides_separately_for_each_ccg(demo):
    committee = Forum.objects.get(kind="joint_committee")
    assert committee.chair.name == "Rowan Example"
    bodies = Decision.objects.filter(meeting__forum=committee).values_list("acting_for__code")
    assert sorted(code for (code,) in bodies) == ["00X", "01E"]
    assert Agreement.objects.filter(forum=committee).count() == 2


def test_every_demo_decision_was_taken_where_it_could_have_been(demo):
    for decision in Decision.objects.select_related("meeting", "version"):
        meeting, version = decision.meeting, decision.version
        assert meeting.status == "held" and meeting.attendance.exists()
        assert version.opened_on <= meeting.date <= localdate()
        assert quorum(meeting).quorate
    for meeting in Meeting.objects.filter(status="held"):
        assert meeting.date <= localdate() and meeting.attendance.exists()


def test_the_open_demo_proposal_says_why_it_cannot_carry_yet(client, demo):
    frailty = Proposal.objects.get(condition="frailty")
    client.force_login(get_user_model().objects.get(username="concord-demo-secretariat"))
    html = client.get(reverse("governance:proposal", args=[frailty.pk])).content.decode()
    why = html.split('id="can-carry"', 1)[1].split("</div>", 1)[0]
    assert "Cannot carry yet" in why and "seats not yet answered" in why
    assert "carries" not in why


def test_loading_again_changes_nothing_and_history_names_who_acted(demo):
    counts = (Forum.objects.count(), Position.objects.count(), Agreement.objects.count())
    assert load_governance_demo() == []
    assert (Forum.objects.count(), Position.objects.count(), Agreement.objects.count()) == counts
    objection = Position.objects.get(stance="object")
    (record,) = objection.history.all()
    assert record.history_user == objection.person.user


# -- demo logins for running the senate by hand ---------------------------------------------------


def run_demo() -> str:
    out = io.StringIO()
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=out)
    return out.getvalue()


def test_the_demo_prints_logins_for_the_senate_chair_and_a_seat(db):
    text = run_demo()
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    council_seat = senate.seats.get(organisation__code="LA-WIGAN")
    for username, password, role, name, _ in DEMO_PEOPLE:
        assert f"username {username} password {password}" in text and name in text
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password) and role_of(user) == role
        assert Person.objects.get(name=name).user == user
    chair = get_user_model().objects.get(person=senate.chair)
    assert chair.has_perm("governance.manage_meeting", senate)
    assert chair.has_perm("governance.record_decision", senate)
    council = get_user_model().objects.get(person__name="Casey Illustra")
    assert council.has_perm("governance.record_position", council_seat)
    assert rep.seats_of(council.person, senate) == [council_seat]
    assert not council.has_perm("governance.manage_meeting", senate)


def test_the_senate_history_is_written_by_the_same_demo_logins(db):
    run_demo()
    objection = Position.objects.get(stance="object")
    assert objection.person.name == "Casey Illustra"
    assert objection.history.get().history_user.username == "casey.illustra"


def test_running_the_demo_again_keeps_the_people_logins(db):
    run_demo()
    users = set(get_user_model().objects.values_list("pk", "username", "password"))
    text = run_demo()
    assert set(get_user_model().objects.values_list("pk", "username", "password")) == users
    for username, *_ in DEMO_PEOPLE:
        assert f"username {username} password" in text
    assert text.count("already existed: password unchanged") == len(DEMO_USERS) + len(DEMO_PEOPLE)


def test_a_login_the_governance_demo_made_gets_its_password(demo):
    """A database loaded before the demo had these logins: the same account gains a password."""
    chair = get_user_model().objects.get(username="dr.jordan.specimen")
    assert not chair.has_usable_password()
    run_demo()
    chair.refresh_from_db()
    assert chair.check_password("concord-chair")
    assert chair.person.name == "Dr Jordan Specimen"


def test_an_account_that_can_sign_in_is_left_alone(db):
    get_user_model().objects.create_user(username="casey.illustra", password="their own")
    run_demo()
    user = get_user_model().objects.get(username="casey.illustra")
    assert user.check_password("their own")


def test_the_demo_chair_signs_in_and_plans_the_senates_meetings(client, db):
    run_demo()
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    # through the sign-in page, as the chair would (its throttling needs the request)
    signed_in = client.post(
        reverse("login"), {"username": "dr.jordan.specimen", "password": "concord-chair"}
    )
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session
    before = senate.meetings.count()
    last = senate.meetings.order_by("-date").first().date
    first = last.replace(year=last.year + 1)
    url = reverse("governance:forum", args=[senate.slug])
    response = client.post(url, {"transition": "plan", "first": first.isoformat(), "count": 2})
    assert response.status_code == 302
    assert senate.meetings.count() == before + 2


def test_the_demo_people_can_take_the_open_frailty_proposal_through_the_senate(db):
    run_demo()
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    frailty = senate.proposals.get(condition="frailty", status="open")
    council = get_user_model().objects.get(username="casey.illustra")
    chair = get_user_model().objects.get(username="dr.jordan.specimen")
    seat = senate.seats.get(organisation__code="LA-WIGAN")
    actions.record_position(by=council, version=frailty.current, seat=seat, stance="support")
    upcoming = senate.meetings.upcoming(localdate()).first()
    item = actions.add_agenda_item(
        by=chair, meeting=upcoming, title=frailty.title, kind="for_decision", proposal=frailty
    )
    assert item.order == 1 and frailty.current.positions.get().person == council.person


def test_the_demo_editor_holds_posts_at_wigan_borough_ccg_and_its_acute_trust_only(db):
    text = run_demo()
    editor = get_user_model().objects.get(username="editor")
    person, does = DEMO_USER_PEOPLE["editor"]
    assert f"{person} (fictional), {does}" in text
    assert editor.person.name == person
    assert {o.code for o in rep.organisations_of(editor)} == {"02H", "RRF"}
    wigan = Proposal.objects.get(status="open", author_organisation__code="02H")
    preston = Proposal.objects.exclude(author_organisation__code="02H").get()
    assert editor.has_perm("governance.amend_proposal", wigan)
    assert editor.has_perm("governance.withdraw_proposal", wigan)
    assert not editor.has_perm("governance.amend_proposal", preston)
    assert not editor.has_perm("governance.withdraw_proposal", preston)


def test_the_demo_analyst_and_secretariat_hold_the_posts_their_work_needs(db):
    text = run_demo()
    users = get_user_model().objects
    analyst, secretariat = users.get(username="analyst"), users.get(username="secretariat")
    assert "viewer + analyst" in text and is_analyst(analyst) and not is_analyst(secretariat)
    assert {o.code for o in rep.organisations_of(analyst)} == {"02H"}
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    locality = Forum.objects.get(slug="locality-loc-02h-1")
    for forum in (senate, locality):
        assert staffs(secretariat, forum.organisation), forum.name
        assert secretariat.has_perm("governance.manage_meeting", forum)
    elsewhere = Forum.objects.get(slug="locality-loc-02h-2")
    assert not secretariat.has_perm("governance.manage_meeting", elsewhere)


def test_the_demo_proposals_are_put_by_people_holding_posts_in_their_organisations(demo):
    for proposal in Proposal.objects.all():
        drafter = proposal.created_by
        assert proposal.author_organisation in rep.organisations_of(drafter), proposal.title


def test_the_demo_chair_drafts_and_amends_the_ccgs_proposals_and_handles_the_senates_flags(db):
    run_demo()
    chair = get_user_model().objects.get(username="dr.jordan.specimen")
    senate = Forum.objects.get(slug="wigan-borough-clinical-senate")
    wigan = Proposal.objects.get(status="open", author_organisation__code="02H")
    assert chair.has_perm("governance.draft_proposal", senate)
    assert chair.has_perm("governance.draft_for", wigan.author_organisation)
    assert chair.has_perm("governance.amend_proposal", wigan)
    senate_flags = RedFlag.objects.open().filter(commitment__agreement__forum=senate)
    others = RedFlag.objects.open().exclude(commitment__agreement__forum=senate)
    assert senate_flags.exists() and others.exists()
    assert all(chair.has_perm("accountability.handle_flag", flag) for flag in senate_flags)
    assert not any(chair.has_perm("accountability.handle_flag", flag) for flag in others)
