"""Two uploads of the same kind at the same moment: the database lets one job through, and the
other person is told one is already running. Real threads and commits (a SQLite file on SQLite)."""

import pytest
from django.urls import reverse

from concord.jobs.models import Job
from tests.integration.concurrency import at_once

from .jobs import an_analyst, epraccur_upload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_database", "media"),
]


def test_two_uploads_of_a_kind_at_once_make_one_job():
    first, second = an_analyst(), an_analyst()

    def send(codes):
        new = reverse("import-new")
        return lambda client: client.post(
            new, {"kind": "epraccur", "file": epraccur_upload(*codes)}
        )

    answers = at_once((first, send(["P95001"])), (second, send(["P95002"])))
    assert sorted(answer.status for answer in answers) == [302, 409]  # a conflict, as the API's
    refused = next(answer for answer in answers if answer.status == 409)
    assert "An import of epraccur is already waiting or running" in refused.text
    assert Job.objects.filter(key="epraccur").count() == 1
