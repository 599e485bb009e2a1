"""`concord serve` runs a worker beside gunicorn and stops it when it stops; `--no-worker` runs
none. Real processes on a SQLite file of their own."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
CONCORD = [sys.executable, "-m", "concord.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """A migrated SQLite database in a folder of its own, as a fresh installation has."""
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "CONCORD_VAR_DIR": str(var), "DATABASE_URL": ""}
    subprocess.run([*CONCORD, "migrate", "--verbosity=0"], env=env, check=True, timeout=300)
    return env


def children(pid: int) -> dict[int, str]:
    """The processes this one started, with their command lines."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found[int(child)] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
    return {pid: line.decode() for pid, line in found.items()}


def serving(env, *options) -> tuple[subprocess.Popen, dict]:
    port = free_port()
    serve = subprocess.Popen(
        [*CONCORD, "serve", f"--port={port}", "--workers=1", *options], env=env
    )
    for _ in range(300):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return serve, children(serve.pid)
        time.sleep(0.1)
    serve.kill()
    raise AssertionError("concord serve did not start listening")


def gone(pid: int) -> bool:
    for _ in range(200):
        if not Path(f"/proc/{pid}").exists() or "Z" in stat_of(pid):
            return True
        time.sleep(0.1)
    return False


def stat_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return "Z"


def test_serve_starts_a_worker_and_stops_it_with_gunicorn(environment):
    serve, started = serving(environment)
    workers = [pid for pid, line in started.items() if "concord.cli worker" in line]
    assert len(workers) == 1 and any("gunicorn" in line for line in started.values())
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=60)
    assert gone(workers[0])


def test_serve_without_a_worker(environment):
    serve, started = serving(environment, "--no-worker")
    assert not [line for line in started.values() if "concord.cli worker" in line]
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=60)
