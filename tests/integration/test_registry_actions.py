"""Setting the registry up: administrators add the organisations ODS does not hold, link
organisations, add people and posts, and end links and posts. Each action checks the
permission, refuses bad input naming the field at fault, and records who changed what."""

import datetime as dt

import pytest

from concord.access.posts import acts_for
from concord.organisations import actions
from concord.organisations.errors import Conflict, Invalid, NotAllowed, RegistryError
from concord.organisations.models import Organisation, Person, Post, Relationship
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    PracticeFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def locality(by, **more):
    return actions.create_organisation(
        by=by, name="Wigan Central locality", kind="locality", **more
    )


def refused(error, call, field=None):
    with pytest.raises(error) as caught:
        call()
    assert caught.value.field == field
    return str(caught.value)


# -- organisations ----------------------------------------------------------------------------


def test_an_administrator_adds_a_locality_with_the_next_free_local_code(admin_user):
    OrganisationFactory(code="LOC-1", kind="locality", is_local_code=True)
    made = locality(admin_user, postcode=" wn1  1aa ", opened=D("2020-04-01"))
    assert (made.code, made.is_local_code, made.kind) == ("LOC-2", True, "locality")
    assert (made.postcode, made.opened) == ("WN1 1AA", D("2020-04-01"))
    assert made.history.get().history_user == admin_user


def test_a_local_code_given_is_kept_in_capitals(admin_user):
    assert locality(admin_user, code="loc-02h-6").code == "LOC-02H-6"


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_administrators_add_organisations(role):
    message = refused(NotAllowed, lambda: locality(UserFactory(role=role)))
    assert message.startswith("Only administrators set up the registry")
    assert not Organisation.objects.exists()


def test_a_kind_ods_publishes_is_refused(admin_user):
    def make():
        return actions.create_organisation(by=admin_user, name="A surgery", kind="practice")

    assert "ODS publishes the kind GP practice" in refused(Invalid, make, "kind")


@pytest.mark.parametrize("code", ["02H", "P81001", "RRF"])
def test_a_code_in_the_shape_of_an_ods_code_is_refused(admin_user, code):
    message = refused(Invalid, lambda: locality(admin_user, code=code), "code")
    assert "shape of an ODS code" in message
    assert not Organisation.objects.exists()


def test_a_code_already_taken_is_refused(admin_user):
    locality(admin_user, code="LOC-9")
    message = refused(Conflict, lambda: locality(admin_user, code="LOC-9"), "code")
    assert "The code LOC-9 is already taken, by Wigan Central locality" in message
    assert Organisation.objects.count() == 1


def test_a_blank_name_is_refused(admin_user):
    def make():
        return actions.create_organisation(by=admin_user, name="  ", kind="locality")

    assert refused(Invalid, make, "name") == "Enter the name of the organisation"


def test_a_local_organisation_is_renamed_and_its_history_kept(admin_user):
    made = locality(admin_user)
    actions.update_organisation(
        by=admin_user, organisation=made, name="Wigan Centre", postcode="wn1 2bb"
    )
    made.refresh_from_db()
    assert (made.name, made.postcode) == ("Wigan Centre", "WN1 2BB")
    assert made.history.count() == 2


def test_an_unchanged_update_writes_nothing(admin_user):
    made = locality(admin_user, postcode="WN1 1AA")
    actions.update_organisation(
        by=admin_user, organisation=made, name=made.name, postcode="wn1 1aa"
    )
    assert made.history.count() == 1


def test_an_organisation_ods_holds_is_kept_by_the_importers(admin_user):
    ccg = CCGFactory()

    def change():
        return actions.update_organisation(by=admin_user, organisation=ccg, name="Renamed")

    assert "ODS holds" in refused(RegistryError, change)
    ccg.refresh_from_db()
    assert ccg.name != "Renamed"


def test_only_administrators_update_organisations(editor, admin_user):
    made = locality(admin_user)
    refused(NotAllowed, lambda: actions.update_organisation(by=editor, organisation=made, name="X"))


# -- links ------------------------------------------------------------------------------------


@pytest.fixture
def practice_and_locality(admin_user):
    return PracticeFactory(), locality(admin_user)


def link(by, child, parent, **dates):
    return actions.link_organisations(by=by, child=child, parent=parent, kind="part_of", **dates)


def test_an_administrator_links_a_practice_to_a_locality(admin_user, practice_and_locality):
    practice, loc = practice_and_locality
    made = link(admin_user, practice, loc, start=D("2020-04-01"))
    assert Organisation.objects.practices().within(loc, as_at=D("2021-01-01")).get() == practice
    assert made.history.get().history_user == admin_user


def test_a_link_ending_before_it_starts_is_refused(admin_user, practice_and_locality):
    def make():
        return link(admin_user, *practice_and_locality, start=D("2021-01-01"), end=D("2020-01-01"))

    assert refused(Invalid, make, "end") == "A link ends on or after the day it starts."
    assert not Relationship.objects.exists()


def test_a_link_to_itself_is_refused(admin_user, practice_and_locality):
    practice, _ = practice_and_locality

    def make():
        return link(admin_user, practice, practice)

    assert refused(Invalid, make, "parent") == "An organisation cannot be linked to itself"


def test_a_link_the_same_as_one_on_record_for_any_of_its_days_is_refused(
    admin_user, practice_and_locality
):
    practice, loc = practice_and_locality
    link(admin_user, practice, loc, start=D("2020-04-01"))

    def make():
        return link(admin_user, practice, loc, start=D("2022-04-01"))

    message = refused(Conflict, make, "start")
    assert message == f"{practice.name} is already part of {loc.name} from 1 April 2020."
    assert Relationship.objects.count() == 1


def test_a_link_after_one_ended_is_made(admin_user, practice_and_locality):
    practice, loc = practice_and_locality
    link(admin_user, practice, loc, start=D("2020-04-01"), end=D("2021-03-31"))
    link(admin_user, practice, loc, start=D("2022-04-01"))
    assert Relationship.objects.count() == 2


def test_only_administrators_link_organisations(editor, practice_and_locality):
    refused(NotAllowed, lambda: link(editor, *practice_and_locality))


def test_an_administrator_ends_a_link(admin_user):
    made = RelationshipFactory()
    actions.end_link(by=admin_user, link=made, end=D("2022-06-30"))
    made.refresh_from_db()
    assert made.end == D("2022-06-30")
    assert made.history.latest().history_user == admin_user


def test_ending_a_link_before_it_starts_or_twice_is_refused(admin_user):
    made = RelationshipFactory(start=D("2013-04-01"))

    def end(day):
        return actions.end_link(by=admin_user, link=made, end=D(day))

    refused(Invalid, lambda: end("2013-03-31"), "end")
    end("2020-03-31")
    assert "already ends on 31 March 2020" in refused(Conflict, lambda: end("2021-03-31"), "end")


def test_only_administrators_end_links(editor):
    made = RelationshipFactory()
    refused(NotAllowed, lambda: actions.end_link(by=editor, link=made, end=D("2022-06-30")))
    made.refresh_from_db()
    assert made.end is None


# -- people and posts -------------------------------------------------------------------------


def test_an_administrator_adds_a_person(admin_user):
    made = actions.create_person(by=admin_user, name=" Sam Example ", email="sam@example.nhs.uk")
    assert (made.name, made.email) == ("Sam Example", "sam@example.nhs.uk")
    assert made.history.get().history_user == admin_user


def test_a_person_needs_a_name_and_a_real_email_address(admin_user):
    refused(Invalid, lambda: actions.create_person(by=admin_user, name=""), "name")

    def bad():
        return actions.create_person(by=admin_user, name="Sam", email="sam@")

    refused(Invalid, bad, "email")
    assert not Person.objects.exists()


def test_only_administrators_add_people(editor):
    refused(NotAllowed, lambda: actions.create_person(by=editor, name="Sam"))


def post(by, person, organisation, **more):
    more.setdefault("start", D("2021-04-01"))
    return actions.add_post(
        by=by, person=person, organisation=organisation, role="Clinical lead", **more
    )


def test_an_administrator_adds_a_post_on_behalf_of_another_organisation(admin_user, editor):
    person = PersonFactory(user=editor)
    forum, ccg = CCGFactory(), CCGFactory()
    made = post(admin_user, person, forum, on_behalf_of=ccg)
    assert (made.organisation, made.on_behalf_of, made.end) == (forum, ccg, None)
    assert made.history.get().history_user == admin_user
    assert acts_for(editor, [ccg])  # rights follow the post


def test_a_post_needs_a_start_a_role_and_dates_in_order(admin_user):
    person, ccg = PersonFactory(), CCGFactory()
    refused(Invalid, lambda: post(admin_user, person, ccg, start=None), "start")

    def bad_role():
        return actions.add_post(
            by=admin_user, person=person, organisation=ccg, role=" ", start=D("2021-04-01")
        )

    refused(Invalid, bad_role, "role")
    refused(Invalid, lambda: post(admin_user, person, ccg, end=D("2021-03-31")), "end")
    refused(Invalid, lambda: post(admin_user, person, ccg, on_behalf_of=ccg), "on_behalf_of")
    assert not Post.objects.exists()


def test_the_same_post_held_twice_over_the_same_days_is_refused(admin_user):
    person, ccg = PersonFactory(), CCGFactory()
    post(admin_user, person, ccg)
    refused(Conflict, lambda: post(admin_user, person, ccg, start=D("2022-01-01")), "start")
    assert Post.objects.count() == 1


def test_only_administrators_add_posts(editor):
    person = PersonFactory(user=editor)
    refused(NotAllowed, lambda: post(editor, person, CCGFactory()))


def test_an_administrator_ends_a_post_and_the_rights_it_gave_end_with_it(admin_user, editor):
    held = PostFactory(person=PersonFactory(user=editor), start=D("2019-04-01"))
    actions.end_post(by=admin_user, post=held, end=D("2020-03-31"))
    held.refresh_from_db()
    assert held.end == D("2020-03-31")
    assert not acts_for(editor, [held.organisation])


def test_ending_a_post_before_it_starts_is_refused_and_only_administrators_end_posts(
    admin_user, editor
):
    held = PostFactory(start=D("2019-04-01"))
    refused(Invalid, lambda: actions.end_post(by=admin_user, post=held, end=D("2019-03-31")), "end")
    refused(NotAllowed, lambda: actions.end_post(by=editor, post=held, end=D("2020-03-31")))
    held.refresh_from_db()
    assert held.end is None
