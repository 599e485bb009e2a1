"""`concord accountability refresh` recomputes status, flags and agenda proposals, and clears
the refreshes owed by changes of measurements; `concord accountability digest` sends the daily
summaries of notifications (the same as `concord notifications digest`)."""

import datetime as dt

from django.core.management.base import BaseCommand

from concord.accountability.refresh import refresh, summary
from concord.notifications.sending import send_digests


class Command(BaseCommand):
    help = "Recompute commitment status and red flags (refresh), or send the daily digest."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["refresh", "digest"])
        parser.add_argument("--today", type=dt.date.fromisoformat, help="as if on this date")

    def handle(self, *args, what, today=None, **options):
        if what == "digest":
            self.stdout.write(f"Digest sent: {send_digests()} emails.")
            return
        result = refresh(today=today)
        self.stdout.write(f"Status refreshed: {summary(result)}")
