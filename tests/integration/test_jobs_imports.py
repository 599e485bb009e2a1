"""National files uploaded on the imports page run on the task queue: the real worker
(`concord worker`) imports them, the job's page follows its progress, a bad file writes nothing
and says where it was wrong, and one import of a kind runs at a time."""

import datetime as dt
import os
import time

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from concord.jobs import actions, progress
from concord.jobs.models import Job
from concord.organisations.models import ImportBatch, Organisation
from tests.factories import UserFactory

from .importing import registry_counts, run_import
from .jobs import an_analyst, broken_upload, epraccur_upload, run_worker
from .page_forms import rendered_form, submitted_as_rendered

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]
NEW = reverse("import-new")


@pytest.fixture
def analyst(db):
    return an_analyst()


def upload(client, file, **fields):
    return client.post(NEW, {"kind": "epraccur", "file": file, **fields})


def test_an_uploaded_file_is_imported_by_the_worker(client, analyst):
    client.force_login(analyst)
    response = upload(client, epraccur_upload("P93001", "P93002"))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("job", args=[job.pk])
    assert job.state == Job.State.QUEUED and DBTaskResult.objects.count() == 1
    assert not Organisation.objects.filter(code="P93001").exists()  # nothing until the worker

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.rows_done == job.rows_total == 2
    assert job.batch == ImportBatch.objects.get(kind="epraccur", imported_by=analyst)
    assert set(Organisation.objects.practices().values_list("code", flat=True)) >= {
        "P93001",
        "P93002",
    }
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Imported 2 rows from epraccur.csv" in page and f"#batch-{job.batch.pk}" in page
    assert "hx-get" not in page  # finished: no more polling


def test_the_upload_is_kept_under_its_own_name_outside_the_source_tree(client, analyst, settings):
    root = settings.MEDIA_ROOT
    client.force_login(analyst)
    upload(client, epraccur_upload(name="epraccur.csv"))
    job = Job.objects.get()
    assert job.file_name == "epraccur.csv"
    assert os.path.commonpath([job.upload.path, root]) == str(root)


def test_the_form_posted_back_as_rendered_queues_the_import(client, analyst):
    client.force_login(analyst)
    response = submitted_as_rendered(
        client, NEW, "as_at_day", kind="epraccur", file=epraccur_upload(), force="on"
    )
    assert response.status_code == 302
    assert Job.objects.get().force is True


def test_the_form_shown_back_after_a_mistake_posts_as_shown_with_it_put_right(client, analyst):
    client.force_login(analyst)
    date = {"as_at_day": "1", "as_at_month": "12", "as_at_year": "2019"}
    mistaken = client.post(NEW, {"kind": "epraccur", "force": "on", **date})  # no file
    assert mistaken.status_code == 400 and not Job.objects.exists()
    shown = rendered_form(mistaken.content.decode(), "as_at_day")
    assert shown["kind"] == "epraccur" and shown["force"] == "on"
    assert client.post(NEW, {**shown, "file": epraccur_upload()}).status_code == 302
    job = Job.objects.get()
    assert (job.key, job.force, job.as_at) == ("epraccur", True, dt.date(2019, 12, 1))


def test_the_job_page_and_its_fragment_pin_their_queries(
    client, analyst, django_assert_max_num_queries
):
    client.force_login(analyst)
    upload(client, epraccur_upload())
    job = Job.objects.get()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("job", args=[job.pk])).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("job-progress", args=[job.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imports")).status_code == 200


def test_the_as_at_date_goes_to_the_importer(client, analyst):
    client.force_login(analyst)
    date = {"as_at_day": "1", "as_at_month": "12", "as_at_year": "2019"}
    upload(client, epraccur_upload(), **date)
    run_worker()
    assert ImportBatch.objects.get().as_at == dt.date(2019, 12, 1)


def test_a_file_that_fails_shows_its_error_and_writes_nothing(client, analyst):
    client.force_login(analyst)
    before = registry_counts()
    upload(client, broken_upload())
    run_worker()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and registry_counts() == before
    page = client.get(reverse("job-progress", args=[job.pk])).content.decode()
    assert "nhsuk-error-summary" in page
    assert "epraccur.csv, row 2, column 11 (open date): expected a date as YYYYMMDD" in page


def test_a_second_import_of_the_same_kind_is_refused_while_one_waits(client, analyst):
    client.force_login(analyst)
    upload(client, epraccur_upload())
    response = upload(client, epraccur_upload("P93003"))
    assert response.status_code == 409  # a conflict, as the API answers it
    assert "An import of epraccur is already waiting or running" in response.content.decode()
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1
    other = client.post(NEW, {"kind": "etr", "file": epraccur_upload(name="etr.csv")})
    assert other.status_code == 302  # another kind may run beside it


def test_the_database_holds_one_active_job_per_kind(analyst):
    Job.objects.create(work=Job.Work.IMPORT, key="epraccur", state=Job.State.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(work=Job.Work.IMPORT, key="epraccur")
    Job.objects.create(work=Job.Work.IMPORT, key="epraccur", state=Job.State.DONE)


def test_another_import_of_the_kind_may_start_once_the_first_is_done(client, analyst):
    client.force_login(analyst)
    upload(client, epraccur_upload())
    run_worker()
    assert upload(client, epraccur_upload("P93003")).status_code == 302


def test_the_progress_fragment_shows_rows_done_while_it_runs(client, analyst):
    client.force_login(analyst)
    job = Job.objects.create(work=Job.Work.IMPORT, key="epraccur", state=Job.State.RUNNING)
    progress.write(job.pk, 500, 2000)
    page = client.get(reverse("job-progress", args=[job.pk])).content.decode()
    assert "500 of 2,000 rows (25%)" in page and 'value="25"' in page
    assert f'hx-get="{reverse("job-progress", args=[job.pk])}"' in page
    assert 'hx-trigger="every 1s"' in page


def test_a_job_whose_worker_fell_silent_is_shown_failed(client, analyst):
    client.force_login(analyst)
    job = Job.objects.create(work=Job.Work.IMPORT, key="epraccur", state=Job.State.RUNNING)
    progress.write(job.pk, 10, 2000)
    silent_since = time.time() - progress.STALE_AFTER - 5
    os.utime(progress.progress_file(job.pk), (silent_since, silent_since))
    page = client.get(reverse("job-progress", args=[job.pk])).content.decode()
    assert "stopped without finishing it" in page
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert upload(client, epraccur_upload()).status_code == 302  # the kind is free again


def test_a_waiting_job_whose_task_the_queue_dropped_is_shown_failed(client, analyst):
    client.force_login(analyst)
    upload(client, epraccur_upload())
    job = Job.objects.get()
    DBTaskResult.objects.filter(pk=job.task_id).update(status="FAILED")  # died as it was taken
    long_ago = job.created_at - dt.timedelta(seconds=progress.STALE_AFTER + 5)
    Job.objects.filter(pk=job.pk).update(created_at=long_ago)
    assert actions.fail_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "stopped without finishing" in job.outcome


def test_a_waiting_job_is_not_stale(client, analyst):
    client.force_login(analyst)
    upload(client, epraccur_upload())
    job = Job.objects.get()
    long_ago = job.created_at - dt.timedelta(seconds=progress.STALE_AFTER + 5)
    Job.objects.filter(pk=job.pk).update(created_at=long_ago)  # the worker is not running
    assert actions.fail_stale() == 0
    page = client.get(reverse("job", args=[Job.objects.get().pk])).content.decode()
    assert "waiting for the worker" in page and "hx-get" in page


def test_the_importer_reports_its_progress(tmp_path):
    path = tmp_path / "epraccur.csv"
    path.write_bytes(epraccur_upload("P93001", "P93002", "P93003").read())
    seen = []
    from concord.importing import IMPORTERS

    IMPORTERS["epraccur"](path, progress=False, on_progress=lambda *n: seen.append(n)).run()
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_editors_cannot_upload(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(NEW).status_code == 403
    assert upload(client, epraccur_upload()).status_code == 403
    assert not Job.objects.exists()


def test_administrators_and_analysts_can_upload(client, analyst):
    for user in (UserFactory(role="admin"), analyst):
        client.force_login(user)
        assert client.get(NEW).status_code == 200
    assert 'href="/imports/new/"' in client.get(reverse("imports")).content.decode()


def test_a_kind_that_carries_its_own_dates_refuses_an_as_at_date(client, analyst):
    client.force_login(analyst)
    date = {"as_at_day": "1", "as_at_month": "12", "as_at_year": "2019"}
    response = client.post(NEW, {"kind": "etr", "file": epraccur_upload(), **date})
    assert response.status_code == 400
    assert "etr files carry their own dates" in response.content.decode()


def test_an_upload_without_a_file_is_shown_as_the_forms_error(client, analyst):
    client.force_login(analyst)
    response = client.post(NEW, {"kind": "epraccur"})
    assert response.status_code == 400 and "nhsuk-error-summary" in response.content.decode()
    assert not Job.objects.exists()


def test_the_command_line_import_still_runs_without_the_worker(tmp_path):
    path = tmp_path / "epraccur.csv"
    path.write_bytes(epraccur_upload("P93001").read())
    assert "Imported 1 rows" in run_import("epraccur", path)
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_the_upload_form_posted_empty_says_what_to_choose(client, analyst):
    client.force_login(analyst)
    response = client.post(NEW, {})
    summary = response.content.decode()
    assert response.status_code == 400 and not Job.objects.exists()
    assert "Choose what the file is" in summary and "Choose the file to upload" in summary
