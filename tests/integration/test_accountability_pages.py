"""The accountability pages, the API, the pack (HTML and PDF) and the daily digest."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from concord.accountability import actions as accountability
from concord.accountability import pack
from concord.accountability.models import CommitmentStatus, RedFlag
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from concord.notifications.models import Notification
from concord.notifications.sending import send_digests
from tests.factories import PostFactory
from tests.integration.accountable import measure, senate_with
from tests.integration.page_forms import submitted_as_rendered

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 12, 15)
STEADY = [70.0, 70.4, 69.8, 70.2, 69.9, 70.3, 70.1, 69.7, 70.2, 70.0, 69.8, 70.3, 70.1, 69.9]


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=2)
    measure(senate.seats[0].organisation, dt.date(2020, 10, 1), STEADY + [66.9] * 7)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    refresh(today=DURING)
    return senate, agreement, meeting


def test_the_forum_scorecard_shows_every_status_with_its_explanation(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    response = client.get(reverse("accountability:forum", args=[senate.forum.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    for row in CommitmentStatus.objects.current():
        assert row.explanation.split(":")[0] in page
    assert "How each status is decided" in page


def test_the_commitment_page_has_its_history_and_chart(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    commitment = agreement.commitments.get(party=senate.seats[0].organisation)
    page = client.get(reverse("accountability:commitment", args=[commitment.pk])).content.decode()
    assert page.count('class="explanation"') == commitment.statuses.count() + 1
    assert "<svg" in page


def test_how_are_we_doing_covers_every_body_a_person_serves(client, world):
    senate, agreement, meeting = world
    ccg, acute = senate.seats[0].organisation, senate.seats[1].organisation
    post = PostFactory(organisation=ccg, role="Accountable officer", start=dt.date(2020, 1, 1))
    PostFactory(person=post.person, organisation=acute, role="Director", start=dt.date(2020, 1, 1))
    client.force_login(senate.viewer)
    page = client.get(reverse("accountability:person", args=[post.person.pk])).content.decode()
    assert ccg.name in page and acute.name in page


def test_the_chair_accepts_a_proposed_item_on_the_agenda_page(client, world):
    senate, agreement, meeting = world
    proposal = meeting.proposals.first()
    client.force_login(senate.chair)
    url = reverse("accountability:agenda", args=[meeting.pk])
    response = client.post(url, {"proposal": proposal.pk, "decision": "accept", "reason": ""})
    assert response.status_code == 302
    assert meeting.items.get().title == proposal.title


def test_an_editor_of_the_flagged_organisation_resolves_a_flag_on_its_page(client, world):
    senate, agreement, meeting = world
    flag = RedFlag.objects.filter(organisation=senate.seats[0].organisation).first()
    client.force_login(senate.editor)
    url = reverse("accountability:flag", args=[flag.pk])
    client.post(url, {"action": "resolve", "note": "Dealt with at the senate"})
    flag.refresh_from_db()
    assert flag.state == "resolved" and flag.handled_by == senate.editor


def test_the_api_returns_statuses_and_flags(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    statuses = client.get("/api/v1/accountability/statuses").json()
    assert len(statuses) == agreement.commitments.count()
    assert all(s["explanation"] for s in statuses)
    assert len(client.get("/api/v1/accountability/flags").json()) == RedFlag.objects.count()


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
def test_the_pack_pdf_has_the_expected_pages(world, tmp_path):
    senate, agreement, meeting = world
    out = tmp_path / "pack.pdf"
    call_command("concord_pack", str(meeting.pk), "--out", str(out), "--html")
    text = pdf_text(out)
    pages = text.split("\f")[:-1]
    assert "Meeting pack" in pages[0] and senate.forum.name in pages[0]
    for heading in ("1. Agenda", "3. Action log", "5. Scorecard", "6. Red flags", "Appendix"):
        assert any(heading in page for page in pages[1:]), heading
    assert f"Page 1 of {len(pages)}" in pages[0]
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(out), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == len(pages)
    html = (tmp_path / "pack.html").read_text()
    assert html.count("<svg") >= 1  # the SPC chart of the flagged indicator, as vector


def test_the_pack_page_offers_the_pdf(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    page = client.get(reverse("accountability:pack", args=[meeting.pk])).content.decode()
    assert reverse("accountability:pack-pdf", args=[meeting.pk]) in page
    response = client.get(reverse("accountability:pack-pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_digest_goes_to_the_owners_once_per_change(world, settings):
    """Status changes go in the daily summary by default: one email listing each change."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    senate, agreement, meeting = world
    ccg = senate.seats[0].organisation
    owner = PostFactory(
        organisation=ccg, person__email="owner@example.org", start=dt.date(2020, 1, 1)
    ).person
    refresh(today=dt.date(2022, 6, 1))  # long after the commitments were due: they changed
    assert send_digests() == 1
    assert mail.outbox[0].to == ["owner@example.org"]
    told = Notification.objects.filter(recipient=owner)
    assert told.count() == mail.outbox[0].body.count("\n- ") >= 1
    assert send_digests() == 0 and len(mail.outbox) == 1


def test_the_pack_covers_the_forums_flags_and_scorecard(world):
    senate, agreement, meeting = world
    context = pack.pack_context(meeting)
    flags = RedFlag.objects.open().concerning_forum(senate.forum).count()
    assert len(context["flag_entries"]) == flags
    assert context["card"].total == agreement.commitments.count()


def agenda_url(meeting):
    return reverse("accountability:agenda", args=[meeting.pk])


def test_the_chair_accepts_several_proposed_items_at_once(client, world):
    senate, agreement, meeting = world
    chosen = list(meeting.proposals.values_list("pk", flat=True)[:2])
    client.force_login(senate.chair)
    data = {"several": "1", "chosen": chosen, "bulk": "accept", "reason": ""}
    assert client.post(agenda_url(meeting), data).status_code == 302
    assert meeting.items.count() == len(chosen)
    assert set(meeting.proposals.filter(pk__in=chosen).values_list("state", flat=True)) == {
        "accepted"
    }


def test_dismissing_several_needs_a_reason_and_as_rendered_decides_nothing(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.chair)
    response = submitted_as_rendered(client, agenda_url(meeting), "several")
    assert "Choose at least one proposed item" in response.content.decode()
    chosen = list(meeting.proposals.values_list("pk", flat=True))
    data = {"several": "1", "chosen": chosen, "bulk": "dismiss", "reason": ""}
    assert (
        "Say why the chosen items are dismissed"
        in client.post(agenda_url(meeting), data).content.decode()
    )
    assert not meeting.proposals.exclude(state="proposed").exists()
    data["reason"] = "Covered by the quarterly review"
    assert client.post(agenda_url(meeting), data).status_code == 302
    assert set(meeting.proposals.values_list("state", flat=True)) == {"dismissed"}


def test_one_item_decided_meanwhile_decides_none_and_is_named(client, world):
    senate, agreement, meeting = world
    first, *others = list(meeting.proposals.all())
    accountability.dismiss_proposal(by=senate.chair, proposal=first, reason="Done elsewhere")
    with pytest.raises(accountability.AccountabilityError, match=first.title):
        accountability.decide_proposals(by=senate.chair, proposals=[*others, first], accept=True)
    assert not meeting.items.exists()
    assert not meeting.proposals.filter(state="accepted").exists()


def test_only_the_chair_or_secretariat_decides_several(client, world):
    senate, agreement, meeting = world
    chosen = list(meeting.proposals.values_list("pk", flat=True))
    client.force_login(senate.editor)
    data = {"several": "1", "chosen": chosen, "bulk": "accept", "reason": ""}
    client.post(agenda_url(meeting), data)
    assert not meeting.proposals.exclude(state="proposed").exists()
