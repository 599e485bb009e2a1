"""`concord demo`: migrate, collect static files, load the demo economy and its synthetic
person-level analytics, print the logins."""

import datetime as dt

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localdate

from concord.access.roles import ensure_roles
from concord.demo.accountability import load_accountability_demo
from concord.demo.analytics import load_analytics_demo
from concord.demo.continued import load_continuation
from concord.demo.contracts import load_contracts_demo
from concord.demo.governance import load_governance_demo
from concord.demo.indicators import load_demo_indicators
from concord.demo.loader import load_demo
from concord.demo.pathways import load_programmes_demo
from concord.demo.users import (
    CAPABILITIES,
    DEMO_PEOPLE,
    DEMO_USER_PEOPLE,
    DEMO_USERS,
    ensure_demo_people,
    ensure_demo_users,
    give_demo_emails,
)

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Set up the demo health economy (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-static", action="store_true", help="skip collectstatic (tests, quick reloads)"
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the load day the story is moved to (YYYY-MM-DD, today or earlier; default today)",
        )
        parser.add_argument(
            "--no-analytics",
            action="store_true",
            help="skip the synthetic person-level analytics (about 10 s)",
        )

    def handle(self, *args, no_static=False, no_analytics=False, today=None, **options):
        today = today or localdate()
        if today > localdate():
            raise CommandError("--today cannot be after today: meetings are held on their day.")
        call_command("migrate", interactive=False, verbosity=0)
        if not no_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        ensure_roles()
        batch = load_demo()
        load_demo_indicators()
        created = ensure_demo_users() + ensure_demo_people()
        load_governance_demo(today)
        load_contracts_demo()
        load_programmes_demo()
        if not no_analytics:
            self.stdout.write(load_analytics_demo())
        continued = load_continuation(today)
        if continued is not None:
            self.stdout.write(
                f"{continued.rows_written} synthetic figures carry the story to {today}."
            )
        load_accountability_demo(today)  # status, red flags, agenda proposals from the data
        give_demo_emails()  # from now on, changes notify the people they concern
        self.report(batch, created)

    def report(self, batch, created):
        self.stdout.write(f"Demo economy loaded (import batch {batch.pk}).")
        self.stdout.write(f"Open {URL} and sign in with one of these demo accounts:")
        for username, password, role in DEMO_USERS:
            note = "" if username in created else " (already existed: password unchanged)"
            role = " + ".join((role, *CAPABILITIES.get(username, ())))
            self.stdout.write(f"  {role:<16} username {username:<11} password {password}{note}")
            if username in DEMO_USER_PEOPLE:
                name, does = DEMO_USER_PEOPLE[username]
                self.stdout.write(f"          {name} (fictional), {does}")
        self.report_people(created)
        self.stdout.write("These are demo accounts with published passwords: not for real use.")

    def report_people(self, created):
        self.stdout.write("To run the Wigan Borough clinical senate by hand (fictional people):")
        for username, password, _, name, does in DEMO_PEOPLE:
            note = "" if username in created else " (already existed: password unchanged)"
            self.stdout.write(f"  {name}, who {does}")
            self.stdout.write(f"    username {username} password {password}{note}")
