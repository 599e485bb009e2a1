"""`concord serve`: gunicorn on 127.0.0.1:8000 (static files through whitenoise), and beside it
one worker for the background jobs (`concord worker`) unless `--no-worker`.

Both are child processes: when gunicorn stops (Ctrl+C, or SIGTERM to this command) the worker is
asked to stop too, and given STOP_GRACE seconds before it is ended. A job it was running then is
rolled back and shown as failed once found stale (concord.jobs.progress)."""

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand

STOP_GRACE = 10  # seconds the worker has to finish its current step once asked to stop


class Command(BaseCommand):
    help = "Serve Concord with gunicorn, and run its background jobs beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CONCORD_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("CONCORD_PORT", 8000)))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-worker", action="store_true", help="no background worker (run `concord worker`)"
        )

    def handle(self, *args, host, port, workers, no_worker=False, **options):
        self.stdout.write(f"Concord is at http://{host}:{port}/ (Ctrl+C stops it)")
        self.stdout.flush()
        worker = None if no_worker else subprocess.Popen(worker_command())
        server = subprocess.Popen(server_command(host, port, workers))
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            code = wait(server)
        finally:
            stop(worker)
        sys.exit(code)


def server_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "concord.config.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        "--access-logfile=-",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "concord.cli", "worker", "--no-reload", "--verbosity=1"]


def wait(server: subprocess.Popen) -> int:
    """gunicorn's exit code; Ctrl+C reaches it from the terminal too, so it is waited for."""
    try:
        return server.wait()
    except KeyboardInterrupt:
        return server.wait()


def stop(worker: subprocess.Popen | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=STOP_GRACE)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
