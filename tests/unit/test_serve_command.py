"""The gunicorn command line `concord serve` builds: one worker process per core, one request at
a time each (threads can be asked for),
the control socket in the var folder rather than gunicorn's shared default in the home folder,
and the old sync workers still available (the load benchmark's baseline)."""

import sys
from pathlib import Path

from concord.cli.management.commands import concord_serve as serve


def options(command: list[str]) -> dict[str, str]:
    return dict(part.removeprefix("--").split("=", 1) for part in command if "=" in part)


def test_one_worker_process_per_core_one_request_at_a_time(tmp_path):
    command = serve.server_command("127.0.0.1", 8000, serve.default_workers(2), var_dir=tmp_path)
    assert command[:4] == [sys.executable, "-m", "gunicorn", "concord.config.wsgi:application"]
    found = options(command)
    assert found["bind"] == "127.0.0.1:8000"
    assert found["workers"] == "2"
    assert found["worker-class"] == "gthread"
    assert found["threads"] == "1" == str(serve.THREADS)


def test_a_process_takes_no_more_connections_than_it_has_threads(tmp_path):
    """Keep-alive connections stayed with the process that accepted them, busy or not: the load
    test's users piled onto one process while another sat idle."""
    found = options(serve.server_command("127.0.0.1", 8000, 3, threads=4, var_dir=tmp_path))
    assert found["worker-connections"] == "4"
    assert found["keep-alive"] == "0"


def test_workers_follow_the_cores():
    assert serve.default_workers(1) == 1
    assert serve.default_workers(8) == 8


def test_control_socket_in_the_var_folder_one_per_port(tmp_path):
    first = options(serve.server_command("127.0.0.1", 8000, 3, var_dir=tmp_path / "var"))
    second = options(serve.server_command("127.0.0.1", 8001, 3, var_dir=tmp_path / "var"))
    assert first["control-socket"] == str(tmp_path / "var" / "gunicorn-8000.ctl")
    assert second["control-socket"] != first["control-socket"]
    assert (tmp_path / "var").is_dir()  # gunicorn makes no parent folder for it
    assert str(Path.home()) not in first["control-socket"]


def test_no_control_socket_where_the_path_is_too_long_for_one(tmp_path):
    deep = tmp_path / ("v" * 120)
    command = serve.server_command("127.0.0.1", 8000, 3, var_dir=deep)
    assert "--no-control-socket" in command
    assert "control-socket" not in options(command)


def test_sync_workers_take_no_threads(tmp_path):
    command = serve.server_command("0.0.0.0", 80, 2, worker_class="sync", var_dir=tmp_path)
    found = options(command)
    assert found["worker-class"] == "sync"
    assert "threads" not in found  # gunicorn would turn threaded sync workers into gthread
    assert "worker-connections" not in found and "keep-alive" not in found
