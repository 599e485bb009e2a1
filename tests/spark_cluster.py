"""A Spark standalone cluster on this machine, for the tests and benchmarks that need one.

A master and `workers` workers, each its own Java process on 127.0.0.1 started from the jars
pyspark installs (`java -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master ...`).
pyspark's folder is not a Spark release, so the workers are given a Spark home of their own
beside them: a RELEASE file and a link to pyspark's jars (and SPARK_SCALA_VERSION), which is
what a worker needs to launch its executors. Each worker keeps its executors' logs in its own
work folder, from which `tasks_by_worker` counts the tasks each ran.

Every process is started in a session of its own and stopped with its process group (the
executors a worker launched go with it) when the context ends, whatever happened.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

MASTER = "org.apache.spark.deploy.master.Master"
WORKER = "org.apache.spark.deploy.worker.Worker"
SCALA_VERSION = "2.13"  # of the jars pyspark 4.0 ships
STARTUP_SECONDS = 120


class ClusterFailed(Exception):
    """The cluster did not come up; the message ends with the tail of the processes' logs."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def available() -> str | None:
    """Why no cluster can be started here (no pyspark, no java), else None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    if shutil.which("java") is None:
        return "no java on the PATH"
    return None


def spark_home(folder: Path) -> Path:
    """A Spark home for the cluster's processes: pyspark's jars and a RELEASE file."""
    import pyspark

    home = folder / "spark-home"
    home.mkdir(parents=True, exist_ok=True)
    jars = home / "jars"
    if not jars.exists():
        jars.symlink_to(Path(pyspark.__file__).parent / "jars", target_is_directory=True)
    (home / "RELEASE").write_text("the jars of pyspark, for a local standalone cluster\n")
    return home


@dataclass
class Cluster:
    master: str  # spark://127.0.0.1:port
    web: str  # the master's web UI: its state as JSON at web + "/json/"
    work_dirs: list[Path]
    logs: list[Path]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def state(self) -> dict:
        with urllib.request.urlopen(f"{self.web}/json/", timeout=10) as answer:
            return json.load(answer)

    def tasks_by_worker(self) -> list[int]:
        """Tasks each worker's executors ran, from their logs ("Running task ...")."""
        return [
            sum(
                log.read_text(errors="replace").count("Running task")
                for log in folder.rglob("stderr")
            )  # fmt: skip
            for folder in self.work_dirs
        ]

    def tail(self, lines: int = 15) -> str:
        return "\n".join(
            f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
            for log in self.logs
            if log.exists()
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def start(cluster: Cluster, env: dict, log: Path, *args: str) -> None:
    java = shutil.which("java")
    handle = open(log, "wb")
    cluster.logs.append(log)
    cluster.processes.append(
        subprocess.Popen(
            [java, "-Xmx512m", "-cp", str(Path(env["SPARK_HOME"]) / "jars" / "*"), *args],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    )
    handle.close()


def wait_for(cluster: Cluster, workers: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in cluster.processes):
            break
        try:
            if cluster.state().get("aliveworkers", 0) >= workers:
                return
        except OSError:
            pass
        time.sleep(1)
    raise ClusterFailed(f"no cluster of {workers} workers at {cluster.master}\n{cluster.tail()}")


@contextmanager
def cluster(
    folder: Path, workers: int = 2, cores: int = 1, memory: str = "1g"
) -> Iterator[Cluster]:
    """A running cluster of `workers` workers of `cores` cores and `memory` each, its files in
    `folder`; stopped when the context ends."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SPARK_HOME": str(spark_home(folder)),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_SCALA_VERSION": SCALA_VERSION,
    }
    port, web_port = free_port(), free_port()
    found = Cluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{web_port}", [], [])
    try:
        start(found, env, folder / "master.log", MASTER, "--host", "127.0.0.1",
              "--port", str(port), "--webui-port", str(web_port))  # fmt: skip
        wait_for(found, 0)
        for n in range(1, workers + 1):
            work = folder / f"worker-{n}"
            work.mkdir(exist_ok=True)
            found.work_dirs.append(work)
            start(found, env, folder / f"worker-{n}.log", WORKER, found.master,
                  "--host", "127.0.0.1", "--cores", str(cores), "--memory", memory,
                  "--webui-port", str(free_port()), "--work-dir", str(work))  # fmt: skip
        wait_for(found, workers)
        yield found
    finally:
        found.stop()
