"""A meeting's pack drawn in the background, and a status refresh, both run by the real worker."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.accountability.models import CommitmentStatus
from concord.governance import actions as governance
from concord.jobs.models import Job
from tests.factories import UserFactory
from tests.integration.accountable import measure, senate_with

from .jobs import an_analyst, run_worker
from .test_jobs_api import bearer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]
STEADY = [70.0, 70.4, 69.8, 70.2, 69.9, 70.3, 70.1, 69.7, 70.2, 70.0, 69.8, 70.3, 70.1, 69.9]


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=2)
    measure(senate.seats[0].organisation, dt.date(2020, 10, 1), STEADY + [66.9] * 7)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    return senate, meeting


def test_the_chair_builds_the_pack_in_the_background(client, world):
    senate, meeting = world
    client.force_login(senate.chair)
    pack_page = reverse("accountability:pack", args=[meeting.pk])
    assert 'id="build-pack"' in client.get(pack_page).content.decode()
    response = client.post(reverse("accountability:pack-build", args=[meeting.pk]))
    assert response.status_code == 302 and response.url == pack_page
    assert "Waiting to start" in client.get(pack_page).content.decode()

    run_worker()

    job = Job.objects.get(meeting=meeting)
    assert job.state == Job.State.DONE
    page = client.get(pack_page).content.decode()
    built = reverse("accountability:pack-built", args=[meeting.pk, job.pk])
    assert built in page
    download = client.get(built)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    on_demand = client.get(reverse("accountability:pack-pdf", args=[meeting.pk]))
    assert on_demand.content.startswith(b"%PDF")  # the pack drawn on asking still works


def test_an_analyst_may_build_a_pack_and_a_viewer_may_not(client, world):
    senate, meeting = world
    build = reverse("accountability:pack-build", args=[meeting.pk])
    client.force_login(UserFactory(role="viewer"))
    assert (
        'id="build-pack"'
        not in client.get(reverse("accountability:pack", args=[meeting.pk])).content.decode()
    )
    assert client.post(build).status_code == 403
    client.force_login(an_analyst())
    assert client.post(build).status_code == 302
    assert Job.objects.filter(work=Job.Work.PACK).count() == 1


def test_a_second_build_while_one_waits_is_refused(client, world):
    senate, meeting = world
    client.force_login(senate.chair)
    build = reverse("accountability:pack-build", args=[meeting.pk])
    client.post(build)
    page = client.post(build, follow=True).content.decode()
    assert "already waiting or running" in page
    assert Job.objects.count() == 1


def test_an_analyst_refreshes_statuses_through_the_worker(client, world):
    client.force_login(an_analyst())
    response = client.post(reverse("refresh-statuses"))
    job = Job.objects.get(work=Job.Work.REFRESH)
    assert response.url == reverse("job", args=[job.pk])
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.outcome.startswith("Status refreshed: ")
    assert CommitmentStatus.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_editors_cannot_refresh_statuses(client, role):
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("refresh-statuses")).status_code == 403
    assert not Job.objects.exists()


def test_a_second_refresh_while_one_waits_is_refused_on_the_imports_page(client):
    client.force_login(an_analyst())
    client.post(reverse("refresh-statuses"))
    page = client.post(reverse("refresh-statuses"), follow=True).content.decode()
    assert "nhsuk-error-summary" in page and "A status refresh is already waiting" in page
    assert Job.objects.filter(work=Job.Work.REFRESH).count() == 1


def test_the_api_queues_a_refresh_and_a_pack_with_the_same_permissions(client, world):
    senate, meeting = world
    refresh, pack = "/api/v1/imports/refresh", f"/api/v1/imports/packs/{meeting.pk}"
    viewer = UserFactory(role="viewer")
    assert client.post(refresh, **bearer(viewer)).status_code == 403
    assert client.post(pack, **bearer(viewer)).status_code == 403
    assert not Job.objects.exists()
    queued = client.post(refresh, **bearer(an_analyst()))
    assert queued.status_code == 202 and queued.json()["work"] == "refresh"
    assert client.post(refresh, **bearer(an_analyst())).status_code == 409
    chair = bearer(senate.chair)
    assert client.post("/api/v1/imports/packs/99999", **chair).status_code == 404
    built = client.post(pack, **chair)
    assert built.status_code == 202 and built.json()["key"] == f"pack-{meeting.pk}"
    run_worker()
    done = client.get(f"/api/v1/imports/jobs/{built.json()['id']}", **chair).json()
    assert done["state"] == "done"
    assert Job.objects.get(work=Job.Work.REFRESH).state == Job.State.DONE
