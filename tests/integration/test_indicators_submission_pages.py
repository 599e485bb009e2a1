"""The data submission pages and API: sending figures by upload or form, the preview listing
every error, submitting, approving or returning with a reason, refusals as 403, and the
Idempotency-Key that keeps a retried upload from making a second submission."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concord.indicators.models import Measurement
from concord.indicators.submissions import actions
from concord.indicators.submissions.models import State, Submission
from concord.indicators.submissions.queries import period_of
from tests.integration.accountable import DEMENTIA
from tests.integration.page_forms import followed, rendered_form, submitted_as_rendered, summary
from tests.integration.submitting import PERIOD, csv_of, dementia, economy, xlsx_of
from tests.integration.test_governance_api import bearer

pytestmark = pytest.mark.django_db
API = "/api/v1/submissions"
DETAIL_QUERIES = 18  # the submission, its rows, its trail, who may see it and take the next step


@pytest.fixture
def world():
    return economy()


def new_page_post(client, world, content: bytes, name="figures.csv"):
    return client.post(
        reverse("submissions:new"),
        {
            "organisation": world.ccg.code,
            "period": PERIOD,
            "file": SimpleUploadedFile(name, content),
        },
    )


def submitted(world) -> Submission:
    made, _ = actions.upload_submission(
        by=world.editor, organisation=world.ccg, period=period_of(PERIOD),
        content=csv_of([dementia(world.ccg)]), file_name="figures.csv",
    )  # fmt: skip
    return actions.submit_submission(by=world.editor, submission=made)


# -- pages -------------------------------------------------------------------------------------
def test_an_upload_with_errors_is_shown_in_full_and_writes_nothing(client, world):
    client.force_login(world.editor)
    before = Measurement.objects.count()
    bad = csv_of([dementia(world.ccg), ("nope", world.ccg.code, PERIOD, 1, 2),
                  (DEMENTIA, world.ccg.code, PERIOD, 5, "x")])  # fmt: skip
    html = followed(client, new_page_post(client, world, bad))
    assert "2 problems in the figures" in html and 'id="error-table"' in html
    assert "unknown indicator &#x27;nope&#x27;" in html and "expected a number" in html
    assert "Submit for approval" not in html
    assert Measurement.objects.count() == before


def test_the_whole_flow_through_the_pages(client, world):
    client.force_login(world.editor)
    response = new_page_post(client, world, xlsx_of([dementia(world.ccg)]), "figures.xlsx")
    page = response.url
    assert "Submit for approval" in (html := client.get(page).content.decode())
    assert submitted_as_rendered(client, page, "submit").status_code == 302
    made = Submission.objects.get()
    assert made.state == State.SUBMITTED
    client.force_login(world.analyst)
    assert f"Submission {made.pk}" in client.get(reverse("submissions:list")).content.decode()
    html = followed(client, submitted_as_rendered(client, page, "approve"))
    assert "approved and published" in html and 'id="trail"' in html
    made.refresh_from_db()
    assert Measurement.objects.filter(organisation=world.ccg, batch=made.batch_id).exists()


def test_the_new_page_without_a_file_goes_on_to_the_values_form(client, world):
    client.force_login(world.editor)
    url = reverse("submissions:new")
    form = rendered_form(client.get(url).content.decode(), "period")
    response = client.post(url, {**form, "period": PERIOD})
    assert response.status_code == 302 and reverse("submissions:values") in response.url
    html = client.get(response.url).content.decode()
    assert "estimated diagnosis rate" in html  # the commitment binding the CCG is measured by it
    assert not Submission.objects.exists()


def values_url(world) -> str:
    return f"{reverse('submissions:values')}?organisation={world.ccg.code}&period={PERIOD}"


def test_the_values_form_posted_as_rendered_writes_nothing(client, world):
    client.force_login(world.editor)
    response = submitted_as_rendered(client, values_url(world), f"{DEMENTIA}-numerator")
    assert response.status_code == 400
    assert "Enter the numerator" in summary(response.content.decode())
    assert not Submission.objects.exists()


def test_values_entered_make_a_draft_of_the_organisations_own_indicators(client, world):
    client.force_login(world.editor)
    figures = {f"{DEMENTIA}-numerator": "680", f"{DEMENTIA}-denominator": "1000"}
    response = submitted_as_rendered(client, values_url(world), f"{DEMENTIA}-numerator", **figures)
    made = Submission.objects.get()
    assert response.url == reverse("submissions:submission", args=[made.pk])
    assert (made.source, made.errors, made.rows.get().numerator) == ("form", [], 680)


def test_a_return_needs_a_reason_shown_as_the_forms_error(client, world):
    made = submitted(world)
    client.force_login(world.analyst)
    url = reverse("submissions:submission", args=[made.pk])
    response = submitted_as_rendered(client, url, "return")
    assert "Say why" in summary(response.content.decode())
    html = followed(client, submitted_as_rendered(client, url, "return", reason="Wrong month"))
    assert "Wrong month" in html and Submission.objects.get().state == State.RETURNED


def test_the_analyst_rejects_figures_from_the_page_with_a_reason(client, world):
    made = submitted(world)
    client.force_login(world.analyst)
    url = reverse("submissions:submission", args=[made.pk])
    response = submitted_as_rendered(client, url, "return", reject="yes")
    assert "Say why" in summary(response.content.decode())
    assert Submission.objects.get().state == State.SUBMITTED
    html = followed(
        client, submitted_as_rendered(client, url, "return", reject="yes", reason="Not ours")
    )
    assert "Not ours" in html and Submission.objects.get().state == State.REJECTED
    assert not Measurement.objects.filter(organisation=world.ccg).exists()


@pytest.mark.parametrize("who", ["editor", "other_analyst", "icb_viewer"])
def test_the_page_refuses_approval_with_a_403(client, world, who):
    made = submitted(world)
    client.force_login(getattr(world, who))
    url = reverse("submissions:submission", args=[made.pk])
    page = client.get(url)
    assert page.status_code == 403 or "Approve and publish" not in page.content.decode()
    assert client.post(url, {"step": "approve"}).status_code == 403
    assert Submission.objects.get().state == State.SUBMITTED


def test_the_organisation_page_links_to_the_figures_it_sent(client, world):
    made = submitted(world)
    client.force_login(world.icb_viewer)
    html = client.get(reverse("organisation", args=[world.ccg.code])).content.decode()
    assert 'id="submissions-link"' in html
    listed = client.get(f"{reverse('submissions:list')}?organisation={world.ccg.code}")
    assert f"Submission {made.pk}" in listed.content.decode()


def test_a_viewer_outside_the_organisation_does_not_see_its_raw_counts(client, world):
    made = submitted(world)
    client.force_login(world.icb_viewer)
    response = client.get(reverse("submissions:submission", args=[made.pk]))
    assert response.status_code == 403


def test_an_editor_with_no_post_cannot_open_the_new_page(client, world):
    client.force_login(world.analyst)  # a viewer: no post as an editor
    assert client.get(reverse("submissions:new")).status_code == 403


def test_the_submission_page_queries(client, world, django_assert_max_num_queries):
    made = submitted(world)
    client.force_login(world.analyst)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        client.get(reverse("submissions:submission", args=[made.pk]))


# -- API ---------------------------------------------------------------------------------------
def upload(client, world, content: bytes, key="", name="figures.csv", user=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    data = {
        "organisation": world.ccg.code,
        "period": PERIOD,
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(API, data, **bearer(user or world.editor), **headers)


def test_an_upload_with_the_same_idempotency_key_returns_the_first(client, world):
    content = csv_of([dementia(world.ccg)])
    first = upload(client, world, content, key="k-1")
    again = upload(client, world, content, key="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Submission.objects.count() == 1
    other = upload(client, world, csv_of([dementia(world.ccg, 1, 2)]), key="k-1")
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["detail"]
    assert upload(client, world, content).status_code == 201  # no key: a new submission


def test_a_bad_file_is_422_listing_every_error(client, world):
    bad = xlsx_of(
        [("nope", world.ccg.code, PERIOD, 1, 2), (DEMENTIA, world.ccg.code, "2021-01", 1, 2)]
    )
    response = upload(client, world, bad, name="bad.xlsx")
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [
        (2, "indicator"), (3, "period"),
    ]  # fmt: skip
    assert not Measurement.objects.filter(organisation=world.ccg).exists()


def test_json_rows_submitted_and_approved_through_the_api(client, world):
    body = {"organisation": world.ccg.code, "period": PERIOD,
            "rows": [{"indicator": DEMENTIA, "numerator": 680, "denominator": 1000}]}  # fmt: skip
    made = client.post(
        API, json.dumps(body), content_type="application/json", **bearer(world.editor)
    )
    assert made.status_code == 201 and made.json()["source"] == "json"
    pk = made.json()["id"]
    assert client.post(f"{API}/{pk}/submit", **bearer(world.editor)).json()["state"] == "submitted"
    refused = client.post(f"{API}/{pk}/approve", **bearer(world.other_analyst))
    assert refused.status_code == 403 and "analyst" in refused.json()["detail"]
    done = client.post(f"{API}/{pk}/approve", **bearer(world.analyst)).json()
    assert done["state"] == "published"
    assert [s["state"] for s in done["steps"]] == ["draft", "submitted", "approved", "published"]
    seen = client.get(f"{API}/{pk}", **bearer(world.analyst)).json()
    assert seen["rows"][0]["numerator"] == 680
    refused = client.get(f"{API}/{pk}", **bearer(world.icb_viewer))  # raw counts: no analyst
    assert refused.status_code == 403 and "disclosure control" in refused.json()["detail"]


def test_return_through_the_api_says_why(client, world):
    made = submitted(world)
    response = client.post(f"{API}/{made.pk}/return", json.dumps({"reason": "Wrong month"}),
                           content_type="application/json", **bearer(world.analyst))  # fmt: skip
    assert response.status_code == 200 and response.json()["steps"][-1]["reason"] == "Wrong month"
    again = client.post(f"{API}/{made.pk}/approve", **bearer(world.analyst))
    assert again.status_code == 409


def test_an_outsider_cannot_send_figures_through_the_api(client, world):
    response = upload(client, world, csv_of([dementia(world.ccg)]), user=world.other_analyst)
    assert response.status_code == 403 and not Submission.objects.exists()


def test_the_openapi_schema_documents_both_ways_to_send_figures(client, world):
    schema = client.get("/api/v1/openapi.json", **bearer(world.editor)).json()
    create = schema["paths"]["/api/v1/submissions"]["post"]
    assert set(create["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert {"200", "201", "403", "409", "422"} <= set(create["responses"])
    assert "/api/v1/submissions/{pk}/approve" in schema["paths"]


def test_reject_through_the_api(client, world):
    made = submitted(world)
    body = json.dumps({"reason": "Not our data"})
    response = client.post(f"{API}/{made.pk}/reject", body, content_type="application/json",
                           **bearer(world.analyst))  # fmt: skip
    assert response.status_code == 200 and response.json()["state"] == "rejected"
