"""An analyst uploads an epraccur file in Chromium and watches its import finish, the page never
reloading: htmx polls the job's progress while `concord worker` (run here, in this process,
against the same database as the live server) imports the file."""

import os
import tempfile
from pathlib import Path

import pytest

from concord.organisations.models import Organisation
from tests.integration.jobs import an_analyst, epraccur_bytes, practice, run_worker

SCREENSHOTS = Path(os.environ.get("CONCORD_SCREENSHOTS", tempfile.gettempdir()))
pytestmark = [
    pytest.mark.functional,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media"),
]


def test_an_analyst_uploads_a_file_and_sees_it_imported(signed_in, tmp_path, missing_files):
    file = tmp_path / "epraccur.csv"
    file.write_bytes(epraccur_bytes(practice("P96001"), practice("P96002")))
    page = signed_in(an_analyst(), "/imports/")
    page.get_by_role("link", name="Import a national file").click()
    page.get_by_label("ODS GP practices (epraccur.csv) (epraccur)").check()
    page.get_by_label("The file", exact=True).set_input_files(str(file))
    page.screenshot(path=str(SCREENSHOTS / "import-upload.png"), full_page=True)
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url("**/imports/jobs/*/")
    page.get_by_text("Waiting to start").wait_for()
    page.evaluate("window.stillTheSamePage = true")

    run_worker()

    page.get_by_text("Imported 2 rows from epraccur.csv").wait_for()
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place, not reloaded
    assert page.locator("#job-progress a[href*='#batch-']").count() == 1
    assert Organisation.objects.filter(code__in=["P96001", "P96002"]).count() == 2
    assert not missing_files
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)  # the NHS.UK header folds its menu into "More" after a resize
    wider = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert not wider, wider  # fits a phone
    page.screenshot(path=str(SCREENSHOTS / "import-job.png"), full_page=True)
