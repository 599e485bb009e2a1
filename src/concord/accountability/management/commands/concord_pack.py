"""`concord pack <meeting id>`: write the meeting's pack as PDF (and HTML with --html)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concord.accountability import agenda, pack
from concord.governance.models import Meeting


class Command(BaseCommand):
    help = "Build a meeting's pack as a PDF (A4, page numbers, vector charts)."

    def add_arguments(self, parser):
        parser.add_argument("meeting", type=int, help="the meeting's id")
        parser.add_argument("--out", type=Path, help="the PDF file (default: in this folder)")
        parser.add_argument("--html", action="store_true", help="write the HTML beside it")

    def handle(self, *args, meeting, out=None, html=False, **options):
        the_meeting = Meeting.objects.select_related("forum").filter(pk=meeting).first()
        if the_meeting is None:
            raise CommandError(f"No meeting {meeting}.")
        if the_meeting.status == "planned":
            agenda.propose(the_meeting)
        context = pack.pack_context(the_meeting)
        out = out or Path(f"{the_meeting.forum.slug}-{the_meeting.date.isoformat()}-pack.pdf")
        out.write_bytes(pack.render_pdf(the_meeting, context))
        self.stdout.write(f"Pack written to {out}")
        if html:
            out.with_suffix(".html").write_text(pack.render_html(the_meeting, context))
            self.stdout.write(f"HTML written to {out.with_suffix('.html')}")
