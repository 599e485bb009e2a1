"""The demo: the Wigan senate's next meeting has a proposed agenda with red flags drawn from
Wigan's measured dementia diagnosis rate, one against the CCG itself; every status explains
itself; the pack renders."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils.timezone import localdate

from concord.accountability import pack
from concord.accountability.models import CommitmentStatus, FlagKind
from concord.governance.models import Forum

pytestmark = pytest.mark.django_db
SENATE, CCG = "wigan-borough-clinical-senate", "02H"


@pytest.fixture(scope="module")
def demo(module_db, django_db_blocker):
    """The demo, loaded once for the module's tests, which read it."""
    email = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with django_db_blocker.unblock(), email:
        call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
        return Forum.objects.get(slug=SENATE)


def test_the_senates_next_meeting_has_red_flags_from_measured_data(demo):
    meeting = demo.meetings.filter(status="planned").order_by("date").first()
    flags = [p.flag for p in meeting.proposals.filter(kind="flag").select_related("flag")]
    against_ccg = {f.kind for f in flags if f.organisation.code == CCG}
    assert FlagKind.SPECIAL_CAUSE in against_ccg  # from the 48 published monthly values
    special = next(
        f for f in flags if f.kind == FlagKind.SPECIAL_CAUSE and f.organisation.code == CCG
    )
    last_month = localdate().replace(day=1) - dt.timedelta(days=1)
    assert f"for {last_month:%Y-%m})" in special.evidence  # the synthetic continuation's latest


def test_every_status_explains_itself_with_its_rule(demo):
    rows = CommitmentStatus.objects.all()
    assert rows.exists()
    assert all("(rule " in r.explanation for r in rows)


def test_the_senate_pack_renders_as_pdf(demo):
    meeting = demo.meetings.filter(status="planned").order_by("date").first()
    assert pack.render_pdf(meeting).startswith(b"%PDF")
