"""`concord serve`: gunicorn on 127.0.0.1:8000 (static files through whitenoise)."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Concord with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CONCORD_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CONCORD_PORT", 8000)))
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(f"Concord is at http://{host}:{port}/ (Ctrl+C stops it)")
        self.stdout.flush()
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "concord.config.wsgi:application",
                f"--bind={host}:{port}",
                f"--workers={workers}",
                "--access-logfile=-",
            ],
        )
