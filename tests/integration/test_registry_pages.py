"""Setting the registry up from its pages: administrators add an organisation from the
directory, link it and end its links, add posts from an organisation's page and a person's,
and add people from the people list. A mistake shows the form back with the NHS.UK error
summary; the form posted back as shown, with the mistake put right, makes exactly one record;
an edit form posted unchanged changes nothing. Everyone else is refused (403)."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.organisations import actions
from concord.organisations.models import Organisation, Person, Post, Relationship
from tests.factories import (
    CCGFactory,
    PersonFactory,
    PostFactory,
    PracticeFactory,
    RelationshipFactory,
)
from tests.integration.page_forms import (
    followed,
    main,
    rendered_form,
    submitted_as_rendered,
    summary,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
D = dt.date.fromisoformat


def day_month_year(name: str, day: dt.date) -> dict:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def shown_back(client, url: str, having: str, **mistake):
    """The form posted as rendered with a mistake: the page shown back (400) and its form."""
    response = submitted_as_rendered(client, url, having, **mistake)
    assert response.status_code == 400
    html = response.content.decode()
    return html, rendered_form(html, having)


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return admin_user


@pytest.fixture
def locality(admin_user):
    return actions.create_organisation(by=admin_user, name="Leigh locality", kind="locality")


# -- who sees the buttons, who is refused -------------------------------------------------------


def test_administrators_see_the_set_up_buttons_and_viewers_do_not(
    client, viewer, admin_user, locality
):
    PostFactory(organisation=locality)
    pages = [
        reverse("organisations"),
        reverse("organisation", args=[locality.code]),
        reverse("people"),
    ]
    buttons = ["Add an organisation", "Link to another organisation", "Add a person"]
    client.force_login(viewer)
    for page, button in zip(pages, buttons, strict=True):
        assert button not in client.get(page).content.decode()
    client.force_login(admin_user)
    for page, button in zip(pages, buttons, strict=True):
        html = client.get(page).content.decode()
        assert html.count(button) == 1, button  # once, in the page's content
        head, content = html.split("<main", 1)
        assert button not in head  # not in its title or breadcrumbs


def form_urls(locality, post, link) -> list[str]:
    return [
        reverse("organisation-add"),
        reverse("organisation-change", args=[locality.code]),
        reverse("organisation-link", args=[locality.code]),
        reverse("organisation-end-link", args=[link.child.code, link.pk]),
        reverse("organisation-add-post", args=[locality.code]),
        reverse("person-add"),
        reverse("person-add-post", args=[post.person_id]),
        reverse("person-end-post", args=[post.person_id, post.pk]),
    ]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_everyone_but_administrators_is_refused_every_form(client, role, locality):
    from tests.factories import UserFactory

    post, link = PostFactory(), RelationshipFactory()
    client.force_login(UserFactory(role=role))
    for url in form_urls(locality, post, link):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "X", "end_day": "1"}).status_code == 403, url
    assert Organisation.objects.count() == 4 and Person.objects.count() == 1


# -- organisations --------------------------------------------------------------------------


def test_an_organisation_added_after_a_mistake_is_added_once(client, admin):
    url = reverse("organisation-add")
    html, form = shown_back(
        client, url, "name", name="Wigan Central locality", kind="locality", code="02H"
    )
    assert "02H has the shape of an ODS code" in summary(html)
    assert 'href="#id_code"' in summary(html) and "nhsuk-form-group--error" in html
    assert form["name"] == "Wigan Central locality" and form["kind"] == "locality"
    response = client.post(url, {**form, "code": "LOC-02H-6"})
    assert "Wigan Central locality added, with the code LOC-02H-6" in followed(client, response)
    assert Organisation.objects.get().code == "LOC-02H-6"


def test_a_missing_name_and_kind_are_both_summarised(client, admin):
    html, _ = shown_back(client, reverse("organisation-add"), "name")
    assert "Enter the name" in summary(html) and "Choose the kind of organisation" in summary(html)
    assert not Organisation.objects.exists()


def test_the_change_form_posted_unchanged_changes_nothing(client, admin, locality):
    url = reverse("organisation-change", args=[locality.code])
    assert submitted_as_rendered(client, url, "name").status_code == 302
    assert locality.history.count() == 1
    response = submitted_as_rendered(client, url, "name", name="Leigh and Lowton locality")
    assert response.status_code == 302
    locality.refresh_from_db()
    assert locality.name == "Leigh and Lowton locality" and locality.history.count() == 2


def test_an_ods_organisation_has_no_change_form(client, admin):
    ccg = CCGFactory()
    assert (
        "Change the name or postcode"
        not in client.get(reverse("organisation", args=[ccg.code])).content.decode()
    )
    response = submitted_as_rendered(
        client, reverse("organisation-change", args=[ccg.code]), "name", name="X"
    )
    assert response.status_code == 400 and "ODS holds" in summary(response.content.decode())


# -- links ----------------------------------------------------------------------------------


def test_a_link_shown_back_after_a_mistake_is_made_once(client, admin, locality):
    practice = PracticeFactory()
    url = reverse("organisation-link", args=[practice.code])
    typed = {"kind": "part_of", "parent": locality.code, **day_month_year("start", D("2021-04-01"))}
    html, form = shown_back(
        client, url, "parent", **typed, **day_month_year("end", D("2021-03-01"))
    )
    assert "A link ends on or after the day it starts." in summary(html)
    assert (
        form["start_day"] == "1"
        and form["start_year"] == "2021"
        and form["parent"] == locality.code
    )
    response = client.post(url, {**form, "end_day": "", "end_month": "", "end_year": ""})
    assert f"is now part of {locality.name}" in followed(client, response)
    made = Relationship.objects.get()
    assert (made.child, made.parent, made.start, made.end) == (
        practice,
        locality,
        D("2021-04-01"),
        None,
    )


def test_an_unknown_code_is_the_fields_error(client, admin, locality):
    url = reverse("organisation-link", args=[locality.code])
    html, form = shown_back(client, url, "parent", kind="serves", parent="nope")
    assert "No organisation has the code NOPE" in summary(html) and 'href="#id_parent"' in summary(
        html
    )
    assert form["parent"] == "nope"
    assert not Relationship.objects.exists()


def test_a_link_is_ended_from_the_organisation_page(client, admin):
    made = RelationshipFactory(start=D("2013-04-01"))
    page = client.get(reverse("organisation", args=[made.child.code])).content.decode()
    end_url = reverse("organisation-end-link", args=[made.child.code, made.pk])
    assert end_url in page and "End this link" in page
    html, form = shown_back(client, end_url, "end_day", **day_month_year("end", D("2013-03-31")))
    assert "A link ends on or after the day it starts." in summary(html)
    response = client.post(end_url, {**form, "end_year": "2022"})
    assert "ends on 31 March 2022" in followed(client, response)
    made.refresh_from_db()
    assert made.end == D("2022-03-31")
    assert (
        end_url not in client.get(reverse("organisation", args=[made.child.code])).content.decode()
    )


# -- people and posts -----------------------------------------------------------------------


def test_a_person_added_after_a_mistake_is_added_once(client, admin):
    url = reverse("person-add")
    html, form = shown_back(client, url, "name", name="Sam Example", email="sam@")
    assert "Enter an email address like name@example.nhs.uk" in summary(html)
    response = client.post(url, {**form, "email": "sam@example.nhs.uk"})
    assert "Sam Example added" in followed(client, response)
    assert Person.objects.get().email == "sam@example.nhs.uk"


def test_a_post_added_from_a_persons_page_after_a_mistake_is_added_once(client, admin, locality):
    person, ccg = PersonFactory(name="Sam Example"), CCGFactory()
    url = reverse("person-add-post", args=[person.pk])
    assert url in client.get(reverse("person", args=[person.pk])).content.decode()
    typed = {"organisation": locality.code, "role": "Clinical lead", "on_behalf_of": locality.code}
    html, form = shown_back(
        client, url, "role", **typed, **day_month_year("start", D("2021-04-01"))
    )
    assert "A post on behalf of an organisation names another one" in summary(html)
    response = client.post(url, {**form, "on_behalf_of": ccg.code})
    assert f"holds the post Clinical lead in {locality.name}" in followed(client, response)
    made = Post.objects.get()
    assert (made.organisation, made.on_behalf_of, made.start) == (locality, ccg, D("2021-04-01"))


def test_a_post_added_here_after_a_mistake_is_added_once(client, admin, locality):
    person = PersonFactory(name="Sam Example")
    url = reverse("organisation-add-post", args=[locality.code])
    html, form = shown_back(client, url, "role", person=str(person.pk), role="Chair")
    assert "Enter the start date" in summary(html) and form["person"] == str(person.pk)
    response = client.post(url, {**form, **day_month_year("start", D("2021-04-01"))})
    assert "Sam Example holds the post Chair here" in followed(client, response)
    assert Post.objects.get().organisation == locality


def test_a_post_is_ended_from_the_persons_page(client, admin):
    held = PostFactory(start=D("2019-04-01"))
    end_url = reverse("person-end-post", args=[held.person_id, held.pk])
    assert end_url in client.get(reverse("person", args=[held.person_id])).content.decode()
    html, form = shown_back(client, end_url, "end_day", end_day="31", end_month="2")
    assert "must include a year" in summary(html)
    response = client.post(end_url, {**form, "end_day": "31", "end_month": "3", "end_year": "2020"})
    assert "ends on 31 March 2020" in followed(client, response)
    held.refresh_from_db()
    assert held.end == D("2020-03-31")


def test_the_people_list_finds_people_by_name(client, viewer):
    PersonFactory(name="Sam Example"), PersonFactory(name="Alex Example")
    PostFactory(person=PersonFactory(name="Jo Other"))
    client.force_login(viewer)
    html = main(client.get(reverse("people"), {"q": "example"}).content.decode())
    assert "Alex Example" in html and "Sam Example" in html and "Jo Other" not in html


# -- queries --------------------------------------------------------------------------------


def test_the_new_pages_ask_a_fixed_number_of_queries(
    client, admin, locality, django_assert_max_num_queries
):
    for n in range(30):
        PostFactory(person=PersonFactory(name=f"Person {n}"), organisation=locality)
        RelationshipFactory(child=locality, parent=CCGFactory(), kind="serves")
    person = Person.objects.first()
    pages = {
        reverse("organisation", args=[locality.code]): 20,  # with its links to end
        reverse("people"): 8,
        reverse("person", args=[person.pk]): 8,
        reverse("organisation-add-post", args=[locality.code]): 8,
        reverse("organisation-link", args=[locality.code]): 8,
    }
    for url, most in pages.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
