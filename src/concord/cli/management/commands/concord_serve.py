"""`concord serve`: gunicorn on 127.0.0.1:8000 (CONCORD_HOST and CONCORD_PORT, or --host and
--port; static files through whitenoise), and beside it one worker for the background jobs
(`concord worker`) unless `--no-worker`.

gunicorn runs one worker process per core (`default_workers()`), each serving one request at a
time (gthread with `THREADS` = 1). A page is mostly Python's own work, so threads in a process
only queue on its interpreter lock: on a quiet 2-core machine with 50 users, 2 processes of one
thread served 111 page views a second (p95 160 ms, SQLite) where 3 of four served 94 (p95 310 ms)
and 3 of one 106. `--threads` raises it where the database is far away and pages wait on it.
Each process accepts no more connections than it has threads, without keep-alive, so a busy
process never holds connections another could serve (a reverse proxy in front keeps browsers'
connections alive). `make bench` (tests/benchmarks/load.py) prints the figures, and compares
other shapes when asked (docs/TESTING.md).

gunicorn's control socket (`gunicornc`) is kept in the var folder, one per port, instead of
gunicorn's shared default in the home folder, where a second server on the machine would take it
over.

Both are child processes: when gunicorn stops (Ctrl+C, or SIGTERM to this command) the worker is
asked to stop too, and given STOP_GRACE seconds before it is ended. A job it was running then is
rolled back and shown as failed once found stale (concord.jobs.progress)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

__all__ = ["THREADS", "default_workers", "server_command"]

STOP_GRACE = 10  # seconds the worker has to finish its current step once asked to stop
THREADS = 1  # per gunicorn worker process: a page is CPU-bound, threads only queue on the GIL
SOCKET_PATH_MAX = 100  # a Unix socket's path must fit in 108 bytes; longer: no control socket


def default_workers(cores: int | None = None) -> int:
    """One process per core: more only took turns on the same cores (see the module's doc)."""
    return cores or os.cpu_count() or 1


class Command(BaseCommand):
    help = "Serve Concord with gunicorn, and run its background jobs beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.CONCORD_HOST)
        parser.add_argument("--port", type=int, default=settings.CONCORD_PORT)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="gunicorn worker processes (default: one per core)",
        )
        parser.add_argument(
            "--threads", type=int, default=THREADS, help=f"threads per process ({THREADS})"
        )
        parser.add_argument(
            "--worker-class",
            default="gthread",
            choices=["gthread", "sync"],
            help="gthread (threaded, the default) or sync (one request per process at a time)",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="no background worker (run `concord worker`)"
        )

    def handle(self, *args, host, port, workers, threads, worker_class, no_worker=False, **opts):
        self.stdout.write(f"Concord is at http://{host}:{port}/ (Ctrl+C stops it)")
        self.stdout.flush()
        command = server_command(
            host,
            port,
            workers or default_workers(),
            threads=threads,
            worker_class=worker_class,
            var_dir=Path(settings.VAR_DIR),
        )
        worker = None if no_worker else subprocess.Popen(_worker_command())
        server = subprocess.Popen(command)
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            code = wait(server)
        finally:
            stop(worker)
        sys.exit(code)


def server_command(
    host: str,
    port: int,
    workers: int,
    *,
    threads: int = THREADS,
    worker_class: str = "gthread",
    var_dir: Path,
) -> list[str]:
    """gunicorn's command line. sync workers take no threads (gunicorn would switch them to
    gthread), so `--threads` is given only to gthread."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "concord.config.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
    ]
    if worker_class == "gthread":
        # Each process takes only as many connections as it has threads, and closes each after
        # its response: the rest wait in the kernel's queue for the first free process. With
        # keep-alive (gunicorn's default) a process kept every connection it had accepted, busy
        # or not, and the load test's users piled onto one process while another sat idle.
        command += [f"--threads={threads}", f"--worker-connections={threads}", "--keep-alive=0"]
    return [*command, *_control_socket(var_dir, port), "--access-logfile=-"]


def _control_socket(var_dir: Path, port: int) -> list[str]:
    """gunicorn's control socket in the var folder, one per port; none where that path would be
    too long for a Unix socket."""
    path = var_dir / f"gunicorn-{port}.ctl"
    if len(str(path).encode()) > SOCKET_PATH_MAX:
        return ["--no-control-socket"]
    var_dir.mkdir(parents=True, exist_ok=True)
    return [f"--control-socket={path}"]


def _worker_command() -> list[str]:
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
