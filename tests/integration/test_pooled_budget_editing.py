"""Changing a Section 75 pooled budget through its page: an editor of a commissioner adds a
partner's contribution for a financial year, a spend line and a metric the budget is judged on;
viewers and other editors see no forms and are refused; a bad form or a change the rules refuse is
summarised above the form (400), by the field it concerns, and writes nothing; a contract that is
not a pooled budget has no such forms."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from concord.contracts.models import BudgetMetric, Contribution, SpendLine
from tests.factories import UserFactory
from tests.integration.contracting import acute_contract, build_world
from tests.integration.page_forms import followed, main, summary

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]

FORMS = ("Add a contribution", "Add a spend line", "Add a metric")


@pytest.fixture
def world():
    found = build_world()
    found.pool = acute_contract(
        found,
        reference="S75-1",
        title="Better Care Fund pooled budget",
        kind="section_75",
        providers=[found.council],
        commissioners={found.ccg: None},
        annual_value=None,
    )
    return found


@pytest.fixture
def editor(client, world):
    client.force_login(world.ccg_editor)
    return client


def url(contract):
    return reverse("contracts:contract", args=[contract.reference])


def contribution_data(world, **more) -> dict:
    return {
        "change": "add-contribution",
        "partner": world.council.pk,
        "year": "2021-22",
        "amount": "£250,000",
        **more,
    }


def spend_line_data(world, **more) -> dict:
    return {
        "change": "add-spend-line",
        "year": "2021-22",
        "description": "Post-diagnosis reablement",
        "amount": "85000",
        "lead": world.council.pk,
        "commitment": world.commitment_of(world.council).pk,
        **more,
    }


def metric_data(world, **more) -> dict:
    return {
        "change": "add-metric",
        "indicator": world.indicator.pk,
        "ambition": "70",
        "note": "Better Care Fund metric",
        **more,
    }


def options(html: str, select_id: str) -> str:
    return html.split(f'id="{select_id}"')[1].split("</select>")[0]


def nothing_written():
    assert not Contribution.objects.exists()
    assert not SpendLine.objects.exists()
    assert not BudgetMetric.objects.exists()


def test_an_editor_adds_a_contribution_of_a_partner(editor, world):
    page = editor.get(url(world.pool)).content.decode()
    assert all(control in page for control in FORMS)
    partners = options(page, "id_contribution_partner")
    assert f'<option value="{world.council.pk}">{world.council.name}</option>' in partners
    assert f'<option value="{world.ccg.pk}">{world.ccg.name}</option>' in partners
    assert f'value="{world.acute.pk}"' not in partners
    assert page.index('id="contributions"') < page.index('id="add-contribution"')
    assert page.index('id="add-contribution"') < page.index('id="spend-lines"')

    page = followed(editor, editor.post(url(world.pool), contribution_data(world)))

    assert f"Contribution of {world.council.name} for 2021-22 added" in page
    made = Contribution.objects.get()
    assert (made.contract, made.partner, made.year, made.amount) == (
        world.pool,
        world.council,
        "2021-22",
        Decimal("250000"),
    )
    assert made.history.first().history_user == world.ccg_editor
    table = page[
        page.index('id="contributions"') : page.index("</table>", page.index("contributions"))
    ]
    assert world.council.name in table and "£250,000" in table


def test_an_editor_adds_a_spend_line(editor, world):
    page = editor.get(url(world.pool)).content.decode()
    leads = options(page, "id_spend_lead")
    assert leads.index(world.council.name) < leads.index(world.mental_health.name)
    assert f'value="{world.commitment_of(world.council).pk}"' in options(
        page, "id_spend_commitment"
    )

    page = followed(editor, editor.post(url(world.pool), spend_line_data(world)))

    assert "Spend line for 2021-22 added: Post-diagnosis reablement" in page
    line = SpendLine.objects.get()
    assert (line.contract, line.year, line.amount, line.lead, line.commitment) == (
        world.pool,
        "2021-22",
        Decimal("85000"),
        world.council,
        world.commitment_of(world.council),
    )
    assert "£85,000" in page and f"Commitment of {world.council.name}" in page

    data = spend_line_data(world, description="Carers", lead="", commitment="")
    followed(editor, editor.post(url(world.pool), data))
    line = SpendLine.objects.get(description="Carers")
    assert (line.lead, line.commitment) == (None, None)


def test_an_editor_adds_a_metric(editor, world):
    page = editor.get(url(world.pool)).content.decode()
    indicator = f'<option value="{world.indicator.pk}">{world.indicator.title}</option>'
    assert indicator in options(page, "id_metric_indicator")
    assert page.index('id="metrics"') < page.index('id="add-metric"')

    page = followed(editor, editor.post(url(world.pool), metric_data(world)))

    assert f"Metric added: {world.indicator.title}" in page
    metric = BudgetMetric.objects.get()
    assert (metric.contract, metric.indicator, metric.ambition, metric.note) == (
        world.pool,
        world.indicator,
        70.0,
        "Better Care Fund metric",
    )
    assert "ambition 70 (Better Care Fund metric)" in page


def test_an_administrator_holding_no_post_in_a_commissioner_sees_no_forms(client, world):
    client.force_login(UserFactory(role="admin"))
    page = client.get(url(world.pool)).content.decode()
    assert not any(control in page for control in FORMS)


@pytest.mark.parametrize("who", ["ccg_viewer", "acute_viewer", "outsider_editor"])
def test_viewers_and_other_editors_see_no_forms_and_are_refused(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(url(world.pool))
    assert response.status_code == 200
    html = main(response.content.decode())
    assert "<form" not in html
    assert not any(control in html for control in FORMS)

    for data in [contribution_data(world), spend_line_data(world), metric_data(world)]:
        assert client.post(url(world.pool), data).status_code == 403
    nothing_written()


def test_the_forms_are_posted_with_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.ccg_editor)
    page = client.get(url(world.pool)).content.decode()
    for change in ("add-contribution", "add-spend-line", "add-metric"):
        form = page[page.index(f'id="{change}"') :]
        assert form.index("csrfmiddlewaretoken") < form.index("</form>")
    assert client.post(url(world.pool), contribution_data(world)).status_code == 403
    nothing_written()


def test_a_bad_contribution_is_summarised_and_nothing_is_written(editor, world):
    data = contribution_data(world, year="2021", amount="lots")
    response = editor.post(url(world.pool), data)

    html = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in html
    found = summary(html)
    assert "A financial year is written like 2021-22, not &#x27;2021&#x27;." in found
    assert 'href="#id_contribution_year"' in found
    assert 'href="#id_contribution_amount"' in found
    assert "Enter the amount of the contribution in pounds" in found
    assert 'id="id_contribution_year-error"' in html
    assert 'value="2021"' in html and 'value="lots"' in html  # what was typed is kept
    assert f'<option value="{world.council.pk}" selected>' in html
    nothing_written()

    response = editor.post(url(world.pool), contribution_data(world, amount="-5"))
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert "A contribution cannot be negative." in found
    assert 'href="#id_contribution_amount"' in found and 'value="-5"' in html
    nothing_written()

    response = editor.post(url(world.pool), contribution_data(world, partner=world.acute.pk))
    assert response.status_code == 400
    assert "Choose a partner from the list" in summary(response.content.decode())
    nothing_written()


def test_contributions_the_rules_refuse_are_shown_by_their_field(editor, world):
    followed(editor, editor.post(url(world.pool), contribution_data(world)))
    response = editor.post(url(world.pool), contribution_data(world, amount="1"))
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert f"{world.council.name} already has a contribution for 2021-22." in found
    assert 'href="#id_contribution_year"' in found
    assert Contribution.objects.get().amount == Decimal("250000")


def test_a_bad_spend_line_or_metric_is_summarised_and_nothing_is_written(editor, world):
    data = spend_line_data(world, year="2021-23", description="", amount="")
    response = editor.post(url(world.pool), data)
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert "not &#x27;2021-23&#x27;" in found and 'href="#id_spend_year"' in found
    assert "Say what the money is spent on" in found and 'href="#id_spend_description"' in found
    assert "Enter the amount of the spend line" in found and 'href="#id_spend_amount"' in found
    nothing_written()

    response = editor.post(url(world.pool), spend_line_data(world, amount="-1"))
    assert response.status_code == 400
    found = summary(response.content.decode())
    assert "A spend line cannot be negative." in found and 'href="#id_spend_amount"' in found
    nothing_written()

    response = editor.post(url(world.pool), metric_data(world, indicator="", ambition="high"))
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert "Choose the indicator the pooled budget is judged on" in found
    assert 'href="#id_metric_indicator"' in found
    assert "Enter the ambition as a number" in found and 'value="high"' in html
    nothing_written()


def test_a_metric_already_there_is_refused_by_its_field(editor, world):
    followed(editor, editor.post(url(world.pool), metric_data(world)))
    response = editor.post(url(world.pool), metric_data(world, ambition="60"))
    assert response.status_code == 400
    found = summary(response.content.decode())
    assert f"{world.indicator.title} is already a metric of S75-1." in found
    assert 'href="#id_metric_indicator"' in found
    assert BudgetMetric.objects.get().ambition == 70.0


def test_a_contract_not_pooled_has_no_pooled_forms(editor, world):
    contract = acute_contract(world)
    html = editor.get(url(contract)).content.decode()
    assert "Add a KPI" in html
    assert not any(control in html for control in FORMS)
    for data in [contribution_data(world), spend_line_data(world), metric_data(world)]:
        assert editor.post(url(contract), data).status_code == 400
    nothing_written()
