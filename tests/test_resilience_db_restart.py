"""A database restart is not an outage — with a PostgreSQL of the test's own (issue 17, decision 0025).

tests/test_resilience_db.py simulates the restart for one process (its backend is terminated); here
a whole cluster is created in a temporary folder (initdb, a free port, its socket in that folder),
the analytics tables are made in it, and two gunicorns serve the visit counts API from it with the
project's settings, each with two sync workers keeping their connections (CONN_MAX_AGE 60): one as
shipped (Django's health checks on), the control with them turned off in its workers. Then one
``pg_ctl restart -m fast`` — what a minor upgrade or a failover does to every connection — and every
one of the next 32 requests must answer 200; the control's kept, dead connections fail requests.

It needs the PostgreSQL server binaries (initdb, pg_ctl), not a running server, so it runs in both
CI passes when they are installed; as root the cluster runs as the ``postgres`` user.
"""

import glob
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
QUERIED = "/api/v1/stats/visits/"  # under /api/: never from the page cache, reads the database each time
WORKERS = 2
AFTER_RESTART = 32  # requests after the restart, as in the measurement


def _server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/<version>/bin, else PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(os.path.realpath(initdb)).parent
    return None


def _cluster_user() -> str | None:
    """initdb refuses root: as root, run the cluster as ``postgres``; otherwise as ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return ""
    return "postgres"


BIN = _server_binaries()
USER = _cluster_user()
pytestmark = pytest.mark.skipif(
    BIN is None or USER == "" or (shutil.which("runuser") is None and USER is not None),
    reason="needs the PostgreSQL server binaries (initdb, pg_ctl) and, as root, a 'postgres' user",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, *command: str) -> None:
        prefix = ["runuser", "-u", USER, "--"] if USER else []
        assert BIN is not None
        # Output to a file, not a pipe: a server started by pg_ctl would hold the pipe open.
        with (self.folder / "commands.log").open("ab") as log:
            subprocess.run(
                [*prefix, str(BIN / command[0]), *command[1:]],
                check=True,
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=60,
            )

    def restart(self) -> None:
        """What a minor upgrade or a failover does: every connection is closed, the server comes back."""
        log = str(self.folder / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-l", log, "-m", "fast", "-w", "restart")

    def url(self, database: str, app: str = "") -> str:
        query = f"?application_name={app}" if app else ""
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}{query}"

    def backends(self, app: str) -> int:
        """Connections open from one app server's workers (told apart by their application_name)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [app]
            ).fetchone()
        assert row is not None
        return int(row[0])


def _app_environment(cluster: Cluster, folder: Path, app: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "PYTEST", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings.test",
        DATABASE_URL=cluster.url("danvan", app),
        DANVAN_CONN_MAX_AGE="60",  # the default, said here: each worker keeps its connection
        DANVAN_VAR_DIR=str(folder / "var"),
        DANVAN_SCHEDULER="0",
        DANVAN_TASK_WORKER="0",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
    )
    return env


# The control's workers: health checks off (a connection reads the setting when it connects).
CONTROL_CONFIG = """
def post_fork(server, worker):
    from django.conf import settings

    settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
"""


@dataclass
class App:
    """One gunicorn serving the project from the cluster, on a free port."""

    name: str
    process: "subprocess.Popen[bytes]"
    port: int
    log: Path

    @classmethod
    def start(cls, name: str, cluster: Cluster, folder: Path, *, health_checks: bool) -> "App":
        port = _free_port()
        command = [sys.executable, "-m", "gunicorn", "danvan.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(WORKERS), "--worker-class", "sync", "--timeout", "30"]
        command += ["--preload"]  # Django imported once, before the fork: the workers start at once
        command += ["--no-control-socket"]  # gunicorn's default socket is one path for every server
        if not health_checks:
            (folder / "control.py").write_text(CONTROL_CONFIG)
            command += ["--config", str(folder / "control.py")]
        log = folder / f"{name}.log"
        with log.open("ab") as out:
            # In a folder without a gunicorn.conf.py: the project's (scheduler, threads) is not loaded.
            process = subprocess.Popen(
                command,
                cwd=folder,
                env=_app_environment(cluster, folder, name),
                stdout=out,
                stderr=out,
                start_new_session=True,  # its own process group: stop() ends the master and its workers
            )
        return cls(name, process, port, log)

    def wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + 60
        while _get(self.port) != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
            time.sleep(0.1)

    def stop(self) -> None:
        """The master and its workers, at once (a graceful stop takes seconds and nothing is in flight)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def _get(port: int) -> int:
    """One request on a new connection; its status, 0 when nothing answered."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", QUERIED)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def _load(port: int, requests: int, concurrency: int = WORKERS) -> Counter[int]:
    """``requests`` requests from ``concurrency`` threads at once, so that every worker gets some."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def client(n: int) -> None:
        for _n in range(n):
            status = _get(port)
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=client, args=(requests // concurrency,)) for _n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _create_tables(url: str) -> None:
    """The analytics tables — all the request path reads — made by this process's Django on the
    cluster: the whole schema's migrations would take most of a minute (the models are what the
    migrations make: ``makemigrations --check`` holds them to it)."""
    import dj_database_url
    from django.apps import apps
    from django.db import connections
    from django.db.utils import load_backend

    configured = connections.configure_settings({"default": dict(dj_database_url.parse(url))})
    settings_dict = configured["default"]
    own = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "own")
    try:
        with own.schema_editor(atomic=False) as editor:  # atomic() would look the alias up in connections
            for model in apps.get_app_config("analytics").get_models():
                editor.create_model(model)
    finally:
        own.close()


@dataclass
class Outcome:
    kept: int  # connections its workers kept before the restart
    left_after_restart: int  # of those, still open once the restart is over
    statuses: Counter[int]  # the next AFTER_RESTART requests
    connected_at_the_end: int


@pytest.fixture(scope="module")
def restarted(django_db_blocker: Any) -> Iterator[dict[str, Outcome]]:
    """One cluster, two app servers on it — health checks on (as shipped) and off (the control) —
    both serving with every worker's connection kept; then one ``pg_ctl restart -m fast``, and
    AFTER_RESTART requests to each."""
    folder = Path(tempfile.mkdtemp(prefix="danvan-pg-"))
    if USER:
        entry = pwd.getpwnam(USER)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(folder, _free_port())
    apps: list[App] = []
    try:
        cluster.run(
            "initdb", "-D", str(cluster.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"
        )
        options = (
            f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"  # a throw-away cluster
        )
        cluster.run(
            "pg_ctl", "-D", str(cluster.data), "-l", str(folder / "server.log"), "-w", "-o", options, "start"
        )
        import psycopg

        with psycopg.connect(cluster.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE danvan")
        # The servers start (import Django) while the tables are made; they query nothing until asked.
        apps = [
            App.start("shipped", cluster, folder, health_checks=True),
            App.start("control", cluster, folder, health_checks=False),
        ]
        with django_db_blocker.unblock():
            _create_tables(cluster.url("danvan"))
        kept: dict[str, int] = {}
        for app in apps:
            app.wait_until_it_answers()
            for _round in range(50):  # until each worker holds its kept connection
                assert _load(app.port, 8) == Counter({200: 8}), app.log.read_text(errors="replace")[-3000:]
                if cluster.backends(app.name) == WORKERS:
                    break
            kept[app.name] = cluster.backends(app.name)
        cluster.restart()
        left = {app.name: cluster.backends(app.name) for app in apps}
        outcomes = {}
        for app in apps:
            statuses = _load(app.port, AFTER_RESTART)
            outcomes[app.name] = Outcome(kept[app.name], left[app.name], statuses, cluster.backends(app.name))
        yield outcomes
    finally:
        for app in apps:
            app.stop()
        try:
            cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop")
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(folder, ignore_errors=True)


def test_after_a_restart_of_its_postgresql_every_request_answers(restarted: dict[str, Outcome]) -> None:
    outcome = restarted["shipped"]
    assert outcome.kept == WORKERS, "every worker kept its connection before the restart"
    assert outcome.left_after_restart == 0, "the restart closed them all"
    assert outcome.statuses == Counter({200: AFTER_RESTART})
    assert outcome.connected_at_the_end == WORKERS, (
        "every worker served after the restart, on a new connection"
    )


def test_without_health_checks_a_restart_fails_requests(restarted: dict[str, Outcome]) -> None:
    """The control: the same restart, with the workers' health checks off, answers 500s."""
    outcome = restarted["control"]
    assert outcome.kept == WORKERS and outcome.left_after_restart == 0
    assert 1 <= outcome.statuses[500] <= outcome.kept, outcome.statuses  # each dead connection fails once
    assert outcome.statuses[200] == AFTER_RESTART - outcome.statuses[500]
