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
        found = Meeting.objects.select_related("forum").filter(pk=meeting).first()
        if found is None:
            raise CommandError(f"No meeting {meeting}.")
        if found.status == "planned":
            agenda.propose(found)
        context = pack.pack_context(found)
        out = out or Path(f"{found.forum.slug}-{found.date.isoformat()}-pack.pdf")
        out.write_bytes(pack.render_pdf(found, context))
        self.stdout.write(f"Pack written to {out}")
        if html:
            out.with_suffix(".html").write_text(pack.render_html(found, context))
            self.stdout.write(f"HTML written to {out.with_suffix('.html')}")
