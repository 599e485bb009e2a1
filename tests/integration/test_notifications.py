"""Notifications by email, end to end: a change commits, the real worker runs the database
queue, and the email reaches the test's real SMTP server through Django's SMTP backend, with its
link and the reason it was sent. Each person's choice (straight away, daily, never) is honoured;
a change is told once however often the worker, the digest or the refresh run; a change rolled
back tells no one; and two workers at once send each email once."""

import datetime as dt
import threading
from typing import get_args

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connections, transaction
from django.urls import reverse

from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from concord.governance.models import MeetingAction
from concord.indicators.submissions import actions as submissions
from concord.indicators.submissions.queries import period_of
from concord.jobs import actions as jobs
from concord.notifications import sending
from concord.notifications.actions import set_preferences
from concord.notifications.models import Delivery, Kind, Notification, Preference
from concord.notifications.outbox import Change, notify
from concord.notifications.schemas import Choice
from tests.factories import PersonFactory, PostFactory, UserFactory
from tests.integration.accountable import senate_with
from tests.integration.governance import (
    dementia_proposal,
)
from tests.integration.submitting import PERIOD, csv_of, dementia, economy
from tests.smtp import Mailbox, SMTPServer

from .jobs import run_worker

pytestmark = pytest.mark.django_db(transaction=True)
SITE = "https://concord.example.nhs.uk"
PREFERENCES = f"{SITE}/account/notifications/"
SINCE = dt.date(2013, 4, 1)


@pytest.fixture(autouse=True)
def site(settings):
    settings.CONCORD_SITE_URL = SITE


def owner_of(org, email="owner@example.nhs.uk", **choices):
    """A person with a login and an email address, holding a post in the organisation, who has
    chosen as given (kind -> delivery)."""
    user = UserFactory(role="editor")
    person = PersonFactory(name="Commitment owner (fictional)", email=email, user=user)
    PostFactory(person=person, organisation=org, role="Director", start=SINCE)
    if choices:
        set_preferences(by=user, choices=choices)
    return person


def body(smtp_server, message) -> str:
    return smtp_server.mailbox.body(message)


def published(world, numerator=680):
    made, _ = submissions.upload_submission(
        by=world.editor,
        organisation=world.ccg,
        period=period_of(PERIOD),
        content=csv_of([dementia(world.ccg, numerator, 1000)]),
        file_name="figures.csv",
    )
    submissions.submit_submission(by=world.editor, submission=made)
    return submissions.approve_submission(by=world.analyst, submission=made)


def test_changing_a_measurement_sends_the_owner_an_email_caught_by_the_test_s_smtp_server(
    smtp_server,
):
    world = economy()
    owner = owner_of(world.ccg, status=Delivery.IMMEDIATE)
    published(world)  # approved and published: the status refresh runs once it commits
    assert smtp_server.mailbox.messages == []  # sent by the worker, not by the change
    run_worker()
    [message] = smtp_server.mailbox.to(owner.email)
    assert message["Subject"].startswith("Commitment now met:")
    text = body(smtp_server, message)
    assert "68.0% for 2022-03" in text
    commitment = Notification.objects.get(recipient=owner).link
    assert f"{SITE}{commitment}" in text and commitment.startswith("/accountability/commitments/")
    assert f"you hold a post in {world.ccg}, which owes the commitment" in text
    assert PREFERENCES in text
    run_worker()
    refresh()  # the same status again: no new notification, nothing sent twice
    run_worker()
    assert len(smtp_server.mailbox.to(owner.email)) == 1
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_a_red_flag_tells_the_owner_once(smtp_server):
    senate, _ = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    owner = owner_of(ccg, status=Delivery.IMMEDIATE)
    refresh(today=dt.date(2022, 6, 1))  # no data at all, long after it was due: flagged
    refresh(today=dt.date(2022, 6, 1))
    run_worker()
    flagged = [m for m in smtp_server.mailbox.to(owner.email) if "Red flag" in m["Subject"]]
    assert flagged and len({m["Subject"] for m in flagged}) == len(flagged)
    assert Notification.objects.filter(recipient=owner, key__startswith="flag:").count() == len(
        flagged
    )


def test_a_position_awaited_tells_each_seat_s_representatives(smtp_server):
    from tests.integration.governance import build_senate

    senate = build_senate(seats=3)
    reps = [senate.rep(n).person for n in range(3)]
    for n, person in enumerate(reps):
        person.email = f"rep{n}@example.nhs.uk"
        person.save()
    proposal = dementia_proposal(senate)
    governance.open_proposal(by=senate.editor, proposal=proposal)
    run_worker()
    for n, person in enumerate(reps):
        [message] = smtp_server.mailbox.to(person.email)
        assert "position is awaited" in message["Subject"]
        text = body(smtp_server, message)
        seat = senate.seats[n]
        assert f"you represent {seat.organisation} on {senate.forum}'s seat" in text
        assert f"{SITE}{reverse('governance:proposal', args=[proposal.pk])}" in text
        assert PREFERENCES in text


@pytest.mark.usefixtures("media")
def test_a_pack_built_in_the_background_tells_the_forum(smtp_server):
    senate, _ = senate_with(seats=3, measured=1)
    rep = senate.rep(0).person
    rep.email = "member@example.nhs.uk"
    rep.save()
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    smtp_server.mailbox.messages.clear()
    jobs.start_pack(by=senate.chair, meeting=meeting)
    run_worker()
    [message] = smtp_server.mailbox.to(rep.email)
    assert message["Subject"] == f"The pack for {senate.forum} on 12 January 2022 is ready"
    text = body(smtp_server, message)
    assert f"{SITE}{reverse('accountability:pack', args=[meeting.pk])}" in text
    assert "you represent" in text and PREFERENCES in text


def test_a_submission_tells_the_analysts_who_may_approve_it(smtp_server):
    world = economy()
    analyst = world.analyst.person
    analyst.email = "analyst@example.nhs.uk"
    analyst.save()
    made, _ = submissions.upload_submission(
        by=world.editor,
        organisation=world.ccg,
        period=period_of(PERIOD),
        content=csv_of([dementia(world.ccg)]),
        file_name="figures.csv",
    )
    submissions.submit_submission(by=world.editor, submission=made)
    run_worker()
    [message] = smtp_server.mailbox.to(analyst.email)
    assert "await your approval" in message["Subject"]
    text = body(smtp_server, message)
    assert f"{SITE}{reverse('submissions:submission', args=[made.pk])}" in text
    assert f"you may approve figures from {world.ccg}" in text


def test_an_action_due_is_in_the_owner_s_daily_summary_once_per_due_date(smtp_server):
    senate, _ = senate_with(seats=3, measured=1)
    owner = owner_of(senate.seats[0].organisation)  # actions: daily by default
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    action = MeetingAction.objects.create(
        meeting=meeting,
        description="Write to every practice",
        owner_organisation=senate.seats[0].organisation,
        owner_person=owner,
        due=dt.date.today() + dt.timedelta(days=3),
    )
    call_command("concord_notifications", "digest")
    call_command("concord_notifications", "digest")
    [message] = smtp_server.mailbox.to(owner.email)
    assert message["Subject"] == sending.DIGEST_SUBJECT
    text = body(smtp_server, message)
    assert "Write to every practice" in text
    assert f"{SITE}{reverse('governance:meeting-action', args=[action.pk])}" in text
    assert "you own this action from the meeting of" in text
    MeetingAction.objects.filter(pk=action.pk).update(due=action.due + dt.timedelta(days=2))
    call_command("concord_notifications", "digest")  # a new due date: a new reminder
    assert len(smtp_server.mailbox.to(owner.email)) == 2


def test_off_sends_nothing_and_daily_waits_for_one_summary(smtp_server):
    world = economy()
    off = owner_of(world.ccg, "off@example.nhs.uk", status=Delivery.OFF)
    daily = owner_of(world.ccg, "daily@example.nhs.uk", status=Delivery.DAILY)
    published(world)
    run_worker()
    assert smtp_server.mailbox.to(off.email) == smtp_server.mailbox.to(daily.email) == []
    assert not Notification.objects.filter(recipient=off).exists()
    owed = Notification.objects.filter(recipient=daily, sent_at=None).count()
    assert owed >= 1
    call_command("concord_notifications", "digest", "--queue")  # the digest as a task
    run_worker()
    call_command("concord_accountability", "digest")  # the old name: nothing left to send
    [summary] = smtp_server.mailbox.to(daily.email)
    assert summary["Subject"] == sending.DIGEST_SUBJECT
    text = body(smtp_server, summary)
    assert text.count("\n- ") == owed and PREFERENCES in text
    assert smtp_server.mailbox.to(off.email) == []


def test_a_change_rolled_back_sends_nothing(smtp_server):
    senate, _ = senate_with(seats=3, measured=1)
    owner = owner_of(senate.seats[0].organisation, status=Delivery.IMMEDIATE)
    with pytest.raises(RuntimeError), transaction.atomic():
        refresh(today=dt.date(2022, 6, 1))
        assert Notification.objects.filter(recipient=owner).exists()
        raise RuntimeError("the change fails after the refresh")
    run_worker()
    assert not Notification.objects.exists()
    assert smtp_server.mailbox.to(owner.email) == []


@pytest.mark.usefixtures("live_database")
def test_two_workers_at_once_send_each_email_once(smtp_server):
    people = [PersonFactory(email=f"person{n}@example.nhs.uk") for n in range(12)]
    for n, person in enumerate(people):
        change = Change(Kind.PACK, f"test:{n}", f"Message {n}", "Ready.", "/")
        notify(change, {person: "you are in the test"})
    start = threading.Barrier(2)

    def worker():
        try:
            start.wait(timeout=10)
            sending.send_immediate()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    received = sorted(m["Subject"] for m in smtp_server.mailbox.wait_for(12))
    assert received == sorted(f"Message {n}" for n in range(12))
    assert not Notification.objects.filter(sent_at=None).exists()


def test_the_preferences_page_saves_each_choice_with_who_and_when(client):
    user = UserFactory(role="viewer")
    person = PersonFactory(email="someone@example.nhs.uk", user=user)
    client.force_login(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="position" type="radio" value="immediate" checked' in page
    assert 'name="status" type="radio" value="daily" checked' in page
    choices = {kind: Delivery.DAILY for kind in Kind.values} | {"pack": Delivery.OFF}
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    saved = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
    assert saved == choices
    record = Preference.history.filter(person=person, kind="pack").latest("history_date")
    assert record.history_user == user and record.delivery == Delivery.OFF
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="pack" type="radio" value="off" checked' in page
    assert "Your choices are saved." in page


def test_a_login_without_a_person_is_told_why_no_email_comes(client):
    client.force_login(UserFactory(role="viewer"))
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "not linked to a person" in page and "<form" not in page.split("<main")[-1]


def test_the_api_reads_and_changes_your_own_choices(client):
    user = UserFactory(role="viewer")
    PersonFactory(email="someone@example.nhs.uk", user=user)
    client.force_login(user)
    url = "/api/v1/me/notifications"
    assert list(get_args(Choice)) == Delivery.values  # the API takes the choices the page offers
    assert client.get(url).json() == {
        "position": "immediate",
        "status": "daily",
        "pack": "immediate",
        "action": "daily",
        "approval": "immediate",
    }
    answer = client.put(url, {"status": "off"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "off"
    assert client.get(url).json()["status"] == "off"
    wrong = client.put(url, {"status": "weekly"}, content_type="application/json")
    assert wrong.status_code == 422 and client.get(url).json()["status"] == "off"
    client.force_login(UserFactory(role="viewer"))  # no person
    refused = client.put(url, {"status": "off"}, content_type="application/json")
    assert refused.status_code == 403 and "not linked" in refused.json()["detail"]


class RefusingMailbox(Mailbox):
    """A mail server that refuses one address, as a relay refuses an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gone@"):
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing_smtp_server(settings):
    server = SMTPServer()
    server.mailbox = RefusingMailbox()
    server.controller = Controller(server.mailbox, hostname=server.host, port=server.port)
    with server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = False
        yield server


def test_an_address_the_mail_server_refuses_does_not_hold_up_the_others(refusing_smtp_server):
    gone, here = PersonFactory(email="gone@example.nhs.uk"), PersonFactory(email="here@x.nhs.uk")
    notify(Change(Kind.PACK, "test:refused", "Ready", "Ready.", "/"), {gone: "a", here: "b"})
    run_worker()
    [message] = refusing_smtp_server.mailbox.messages
    assert message["To"] == here.email
    refused = Notification.objects.get(recipient=gone)
    assert refused.sent_at is None and "refused gone@example.nhs.uk" in refused.error
    run_worker()
    assert len(refusing_smtp_server.mailbox.messages) == 1  # not tried again and again


def test_the_preferences_page_and_endpoint_read_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    user = UserFactory(role="viewer")
    person = PersonFactory(email="someone@example.nhs.uk", user=user)
    set_preferences(by=user, choices={kind: Delivery.DAILY for kind in Kind.values})
    client.force_login(user)
    with django_assert_num_queries(4):  # session, login, person, choices
        assert client.get(reverse("notifications:preferences")).status_code == 200
    with django_assert_num_queries(5):  # and the viewer role the API asks for
        assert client.get("/api/v1/me/notifications").json()["pack"] == "daily"
    assert person.preferences.count() == len(Kind.values)


def test_the_preferences_form_submitted_as_rendered_changes_nothing(client):
    from concord.notifications.actions import current
    from concord.notifications.models import DEFAULTS
    from tests.integration.page_forms import submitted_as_rendered

    user = UserFactory(role="viewer")
    person = PersonFactory(email="unchanged@example.nhs.uk", user=user)
    set_preferences(by=user, choices={"pack": Delivery.OFF})
    before = Preference.history.count()
    saved = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
    client.force_login(user)
    response = submitted_as_rendered(client, reverse("notifications:preferences"), "position")
    assert response.status_code == 302
    after = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
    assert {k: v for k, v in after.items() if k in saved} == saved
    assert after.get("pack") == Delivery.OFF
    assert current(person) == {**DEFAULTS, "pack": Delivery.OFF}  # every choice as it was
    assert Preference.history.filter(history_type="~").count() == 0  # none changed
    assert Preference.history.count() - before == len(after) - len(saved)  # defaults confirmed
