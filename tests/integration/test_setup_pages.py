"""Setting programmes, teams and contracts up from their pages: "Start a programme", "Add to the
team" and "End membership" on the programme page, "Create a contract" from the contracts list.

Each create form shown back after a mistake and posted as shown, with the mistake put right,
creates exactly one record; the wrong person is refused (403) or, for an organisation they chose
and hold no post in, told so by the field; nothing is written until the form is right.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from concord.access.posts import REFUSAL
from concord.contracts.models import Contract
from concord.pathways import actions as pathways
from concord.pathways.models import Programme, TeamMember
from tests.factories import PersonFactory
from tests.integration.contracting import SINCE, build_world, dementia_programme
from tests.integration.page_forms import followed, rendered_date, rendered_form, summary

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def world():
    found = build_world()
    found.programme = dementia_programme(found)
    return found


@pytest.fixture
def editor(client, world):
    client.force_login(world.ccg_editor)
    return client


def day(name: str, date: dt.date) -> dict:
    return {f"{name}_day": date.day, f"{name}_month": date.month, f"{name}_year": date.year}


# -- start a programme -------------------------------------------------------------------------


def test_the_programmes_list_offers_to_start_one_to_editors_with_a_post(client, world):
    url = reverse("pathways:programmes")
    client.force_login(world.ccg_viewer)
    assert reverse("pathways:start") not in client.get(url).content.decode()
    client.force_login(world.ccg_editor)
    assert reverse("pathways:start") in client.get(url).content.decode()


def test_a_programme_shown_back_after_a_mistake_is_started_once_when_put_right(editor, world):
    url = reverse("pathways:start")
    typed = {"name": "Frailty", "condition": "frailty", "lead_organisation": "NOPE"}
    shown = editor.post(url, typed)
    assert shown.status_code == 400
    assert "No organisation has the code NOPE" in summary(shown.content.decode())
    assert not Programme.objects.filter(slug="frailty").exists()

    form = rendered_form(shown.content.decode(), "lead_organisation")
    assert (form["name"], form["condition"]) == ("Frailty", "frailty")
    done = editor.post(url, {**form, "lead_organisation": world.ccg.code.lower()})

    assert "Programme started: Frailty" in followed(editor, done)
    assert Programme.objects.get(slug="frailty").lead_organisation == world.ccg


def test_a_programme_led_by_an_organisation_you_hold_no_post_in_is_refused_by_its_field(
    editor, world
):
    url = reverse("pathways:start")
    typed = {"name": "Frailty", "condition": "frailty", "lead_organisation": world.acute.code}
    refused = editor.post(url, typed)
    assert refused.status_code == 400
    assert REFUSAL in summary(refused.content.decode())
    assert 'href="#id_lead_organisation"' in refused.content.decode()
    assert not Programme.objects.filter(slug="frailty").exists()


@pytest.mark.parametrize("who", ["ccg_viewer", "outsider_editor"])
def test_only_editors_holding_a_post_start_programmes(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("pathways:start")
    assert client.get(url).status_code == 403
    typed = {"name": "Frailty", "condition": "frailty", "lead_organisation": world.ccg.code}
    assert client.post(url, typed).status_code == 403
    assert not Programme.objects.filter(slug="frailty").exists()


def test_the_start_page_reads_a_handful_of_rows(editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert editor.get(reverse("pathways:start")).status_code == 200


# -- add to the team and end a membership -----------------------------------------------------


def programme_url(world) -> str:
    return reverse("pathways:programme", args=[world.programme.slug])


def test_a_member_shown_back_after_a_mistake_is_added_once_when_put_right(editor, world):
    lead = PersonFactory(name="Frailty lead (fictional)")
    typed = {
        "change": "add-member",
        "person": lead.pk,
        "on_behalf_of": world.acute.code,
        "role": "Acute lead",
        **day("start", dt.date(2021, 4, 1)),
        **day("end", dt.date(2021, 3, 31)),
    }
    shown = editor.post(programme_url(world), typed)
    assert shown.status_code == 400
    assert "A membership ends on or after the day it starts" in summary(shown.content.decode())
    assert not world.programme.team.exists()

    form = rendered_form(shown.content.decode(), "role")
    assert rendered_date(form, "start") == dt.date(2021, 4, 1)
    done = editor.post(programme_url(world), {**form, **day("end", dt.date(2023, 3, 31))})

    assert "Frailty lead (fictional) added to the team as Acute lead" in followed(editor, done)
    member = TeamMember.objects.get()
    assert (member.person, member.on_behalf_of, member.end) == (
        lead,
        world.acute,
        dt.date(2023, 3, 31),
    )


def test_a_membership_ends_from_the_programme_page(editor, world):
    member = pathways.add_team_member(
        by=world.ccg_editor,
        programme=world.programme,
        person=PersonFactory(name="Clinical lead (fictional)"),
        on_behalf_of=world.ccg,
        role="Clinical lead",
        start=SINCE,
    )
    form = rendered_form(editor.get(programme_url(world)).content.decode(), "member")
    assert form["member"] == ""  # no one chosen until the editor chooses
    too_early = {**form, "member": member.pk, **day("end", dt.date(2019, 1, 1))}
    shown = editor.post(programme_url(world), too_early)
    assert shown.status_code == 400 and TeamMember.objects.get().end is None

    again = rendered_form(shown.content.decode(), "member")
    done = editor.post(programme_url(world), {**again, **day("end", dt.date(2030, 3, 31))})

    assert "Clinical lead (fictional)&#x27;s membership ends on 31 March 2030" in followed(
        editor, done
    )
    assert TeamMember.objects.get().end == dt.date(2030, 3, 31)


@pytest.mark.parametrize("change", ["add-member", "end-membership"])
def test_outsiders_cannot_change_the_team(client, world, change):
    member = pathways.add_team_member(
        by=world.ccg_editor,
        programme=world.programme,
        person=PersonFactory(),
        on_behalf_of=world.ccg,
        role="Clinical lead",
        start=SINCE,
    )
    client.force_login(world.outsider_editor)
    page = client.get(programme_url(world)).content.decode()
    assert "Add to the team" not in page and "End membership" not in page
    data = {
        "change": change,
        "member": member.pk,
        "person": member.person.pk,
        "on_behalf_of": world.ccg.code,
        "role": "Lead",
        **day("start", SINCE),
        **day("end", dt.date(2030, 1, 1)),
    }
    assert client.post(programme_url(world), data).status_code == 403
    assert TeamMember.objects.get().end is None and TeamMember.objects.count() == 1


def test_an_unknown_change_to_a_programme_is_a_bad_request(editor, world):
    assert editor.post(programme_url(world), {"change": "rename"}).status_code == 400


# -- create a contract -------------------------------------------------------------------------

CONTRACT = {
    "reference": "NHSSC-2223-009",
    "title": "Memory assessment service",
    "kind": "nhs_standard",
    **day("start", dt.date(2022, 4, 1)),
    **day("end", dt.date(2025, 3, 31)),
    "annual_value": "£1,000,000",
    "description": "",
}


def contract_data(world, **more) -> dict:
    parties = {
        "providers": f"{world.acute.code}, {world.mental_health.code}",
        "commissioner_1": world.ccg.code,
        "share_1": "600,000",
        "commissioner_2": world.council.code,
        "share_2": "300000",
    }
    return {**CONTRACT, **parties, **more}


def test_the_contracts_list_offers_to_create_one_to_editors_with_a_post(client, world):
    url = reverse("contracts:contracts")
    client.force_login(world.ccg_viewer)
    assert reverse("contracts:new") not in client.get(url).content.decode()
    client.force_login(world.ccg_editor)
    assert reverse("contracts:new") in client.get(url).content.decode()


def test_a_contract_shown_back_after_a_mistake_is_created_once_when_put_right(editor, world):
    url = reverse("contracts:new")
    shown = editor.post(url, contract_data(world))  # the shares make £900,000, not £1,000,000
    assert shown.status_code == 400
    html = shown.content.decode()
    assert "add up to £900,000.00, not the annual value of £1,000,000.00" in summary(html)
    assert 'href="#id_share_1"' in html
    assert not Contract.objects.exists()

    form = rendered_form(html, "commissioner_1")
    assert rendered_date(form, "end") == dt.date(2025, 3, 31)
    done = editor.post(url, {**form, "share_2": "400000"})

    assert "Contract NHSSC-2223-009 created" in followed(editor, done)
    made = Contract.objects.get()
    shares = {p.organisation: p.share for p in made.commissioners}
    assert shares == {world.ccg: Decimal("600000"), world.council: Decimal("400000")}
    assert {p.organisation for p in made.providers} == {world.acute, world.mental_health}
    assert (made.start, made.annual_value) == (dt.date(2022, 4, 1), Decimal("1000000"))


@pytest.mark.parametrize(
    "mistake,message,field",
    [
        ({"providers": "RXL NOPE"}, "No organisation has the code RXL", "providers"),
        ({"share_2": "", "commissioner_2": ""}, "add up to £600,000.00", "share_1"),
        (
            {"commissioner_1": "", "commissioner_2": ""},
            "Enter the ODS code of the commissioner",
            "commissioner_1",
        ),
        (
            {"commissioner_3": "", "share_3": "5"},
            "Enter the commissioner whose share it is",
            "commissioner_3",
        ),
        ({**day("end", dt.date(2021, 3, 31))}, "A contract ends on or after", "end"),
        ({"end_month": ""}, "The end date must include a month", "end"),
        ({"annual_value": "-5"}, "The annual value cannot be negative", "annual_value"),
    ],
)
def test_a_contract_with_a_mistake_is_shown_back_by_its_field(
    editor, world, mistake, message, field
):
    shown = editor.post(reverse("contracts:new"), contract_data(world, **mistake))
    assert shown.status_code == 400
    html = shown.content.decode()
    assert message in summary(html) and f'href="#id_{field}"' in html
    assert not Contract.objects.exists()


def test_a_contract_of_a_commissioner_you_hold_no_post_in_is_refused_by_its_field(editor, world):
    data = contract_data(world, commissioner_1=world.council.code, commissioner_2="", share_2="")
    refused = editor.post(reverse("contracts:new"), {**data, "share_1": "1000000"})
    assert refused.status_code == 400
    assert REFUSAL in summary(refused.content.decode())
    assert not Contract.objects.exists()


def test_a_taken_reference_is_refused_by_its_field(editor, world):
    editor.post(reverse("contracts:new"), contract_data(world, share_2="400000"))
    again = editor.post(reverse("contracts:new"), contract_data(world, share_2="400000"))
    assert "There is already a contract NHSSC-2223-009" in summary(again.content.decode())
    assert 'href="#id_reference"' in again.content.decode()
    assert Contract.objects.count() == 1


@pytest.mark.parametrize("who", ["ccg_viewer", "outsider_editor"])
def test_only_editors_holding_a_post_create_contracts(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("contracts:new")).status_code == 403
    data = contract_data(world, share_2="400000")
    assert client.post(reverse("contracts:new"), data).status_code == 403
    assert not Contract.objects.exists()


def test_the_create_page_reads_a_handful_of_rows(editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert editor.get(reverse("contracts:new")).status_code == 200
