"""`POST /api/v1/imports` queues the same job as the imports page, with the same permission;
`GET /api/v1/imports/jobs/{id}` follows it. The worker is the real one."""

import pytest
from django.urls import reverse

from concord.access.models import ApiToken
from concord.jobs import progress
from concord.jobs.models import Job
from concord.organisations.models import Organisation
from tests.factories import UserFactory

from .jobs import an_analyst, broken_upload, epraccur_upload, run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]
UPLOAD = "/api/v1/imports"


def bearer(user) -> dict:
    _, token = ApiToken.objects.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client, user, file, **fields):
    return client.post(UPLOAD, {"kind": "epraccur", "file": file, **fields}, **bearer(user))


def test_an_analyst_uploads_and_follows_the_job(client):
    analyst = an_analyst()
    response = post(client, analyst, epraccur_upload("P94001"), as_at="2019-12-01")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["state"] == "queued" and job["key"] == "epraccur" and job["as_at"] == "2019-12-01"
    run_worker()
    followed = client.get(f"{UPLOAD}/jobs/{job['id']}", **bearer(analyst)).json()
    assert followed["state"] == "done" and followed["percent"] == 100
    assert followed["rows_done"] == followed["rows_total"] == 1 and followed["batch_id"]
    assert Organisation.objects.filter(code="P94001").exists()


def test_a_running_job_reports_its_progress(client):
    analyst = an_analyst()
    job = Job.objects.create(work=Job.Work.IMPORT, key="epraccur", state=Job.State.RUNNING)
    progress.write(job.pk, 30, 120)
    followed = client.get(f"{UPLOAD}/jobs/{job.pk}", **bearer(analyst)).json()
    assert (followed["rows_done"], followed["rows_total"], followed["percent"]) == (30, 120, 25)


def test_a_failed_import_gives_the_files_error(client):
    analyst = an_analyst()
    job = post(client, analyst, broken_upload()).json()
    run_worker()
    followed = client.get(f"{UPLOAD}/jobs/{job['id']}", **bearer(analyst)).json()
    assert followed["state"] == "failed"
    assert "epraccur.csv, row 2, column 11 (open date)" in followed["outcome"]


def test_a_second_upload_of_the_kind_is_a_conflict(client):
    analyst = an_analyst()
    assert post(client, analyst, epraccur_upload()).status_code == 202
    second = post(client, analyst, epraccur_upload("P94002"))
    assert second.status_code == 409
    assert "already waiting or running" in second.json()["detail"]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_editors_are_refused(client, role):
    refused = post(client, UserFactory(role=role), epraccur_upload())
    assert refused.status_code == 403 and "analysts and administrators" in refused.json()["detail"]
    assert not Job.objects.exists()


def test_an_administrator_may_upload(client):
    assert post(client, UserFactory(role="admin"), epraccur_upload()).status_code == 202


@pytest.mark.parametrize(
    "fields",
    [{"kind": "measurements-csv"}, {"kind": "etr", "as_at": "2019-12-01"}, {"as_at": "1 Dec"}],
)
def test_bad_input_is_unprocessable(client, fields):
    refused = post(client, an_analyst(), epraccur_upload(), **fields)
    assert refused.status_code == 422
    assert not Job.objects.exists()


def test_a_job_that_does_not_exist_is_not_found(client):
    assert client.get(f"{UPLOAD}/jobs/999", **bearer(an_analyst())).status_code == 404


def test_the_upload_is_in_the_api_docs(client):
    client.force_login(an_analyst())
    schema = client.get(reverse("api:openapi-json")).json()
    assert "post" in schema["paths"]["/api/v1/imports"]
