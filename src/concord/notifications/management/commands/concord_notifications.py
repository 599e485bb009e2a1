"""`concord notifications digest` sends each person's daily summary (run it from cron once a
day); `concord notifications send` sends what is owed straight away (the worker does it too)."""

from django.core.management.base import BaseCommand

from concord.notifications import sending, tasks


class Command(BaseCommand):
    help = "Send the daily summaries (digest) or the emails owed straight away (send)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["digest", "send"])
        parser.add_argument(
            "--queue", action="store_true", help="hand it to the worker instead of sending here"
        )

    def handle(self, *args, what, queue=False, **options):
        if queue:
            (tasks.send_digests if what == "digest" else tasks.send_immediate).enqueue()
            self.stdout.write("Queued for the worker.")
            return
        if what == "digest":
            self.stdout.write(f"Digest sent: {sending.send_digests()} emails.")
        else:
            self.stdout.write(f"Sent: {sending.send_immediate()} emails.")
