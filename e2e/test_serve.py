"""`make serve` as a province would run it (issue 17, decision 0027): Varnish in front of two app servers.

The test starts `make serve` itself on free ports with a folder of its own (SQLite and a Redis with
an append-only file started by serve), or — in CI's second pass, with DATABASE_URL and REDIS_URL set
— on a PostgreSQL database and a Redis database number of its own. Then, through the front:
- a publish is visible on the article, its category and home within 2 s, while an article of
  another category keeps its cached copy (the purge cascades, and only where it must);
- signed-in visitors, POSTs and the visit beacon never get a stored copy;
- stopping one app server under load loses no reader request and no beacon: every beacon answered
  204 is counted in the database.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from .conftest import _unavailable

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
START_TIMEOUT_S = 420
VISIBLE_WITHIN_S = 2.0
REDIS_DB = 15  # CI's pass on Redis: the xdist workers use 1 and 2

# One worker runs the whole module (ONE_WORKER_MODULES in conftest.py): the module's one `make serve`
# is shared by its tests.
pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Served:
    port: int
    app_port: int
    env: dict[str, str]
    var: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()

    def manage(self, code: str) -> str:
        """Python run in a process of the installation (an editor's publish, a count)."""
        result = subprocess.run(
            [str(PYTHON), "manage.py", "shell", "-c", code],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]


def _database(tmp: Path) -> tuple[dict[str, str], str | None]:
    """DATABASE_URL and REDIS_URL for the served site: its own PostgreSQL database when the suite runs
    on PostgreSQL, its own Redis database number when on Redis; else serve's SQLite and Redis."""
    env: dict[str, str] = {}
    created = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        url = urlsplit(os.environ["DATABASE_URL"])
        created = f"danvan_serve_{os.getpid()}"
        admin = urlunsplit(url._replace(path="/postgres"))
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {created}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {created}"], check=True)
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{created}"))
    if os.environ.get("REDIS_URL"):
        url = urlsplit(os.environ["REDIS_URL"])
        env["REDIS_URL"] = urlunsplit(url._replace(path=f"/{REDIS_DB}"))
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    return env, created


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not (shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()):
        _unavailable("varnishd is not installed (scripts/system_packages.sh test installs it)")
    if not os.environ.get("REDIS_URL") and not shutil.which("redis-server"):
        _unavailable("redis-server is not installed (scripts/system_packages.sh test installs it)")
    tmp = tmp_path_factory.mktemp("serve")
    port, app_port = free_port(), free_port()
    while app_port + 1 == port or not _free(app_port + 1):
        app_port = free_port()
    database_env, created = _database(tmp)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
    }
    env.update(
        database_env,
        HOST="127.0.0.1",
        PORT=str(port),
        SERVE_APP_PORT=str(app_port),
        DANVAN_VAR_DIR=str(tmp / "var"),
        DANVAN_MEDIA_ROOT=str(tmp / "media"),
        DANVAN_STATIC_ROOT=str(tmp / "static"),
        DANVAN_HITS_PER_MINUTE="1000000",
        WEB_CONCURRENCY="2",
    )
    log = (tmp / "serve.log").open("w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "Trang web:" not in (tmp / "serve.log").read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make serve did not start:\n" + (tmp / "serve.log").read_text()[-3000:])
            time.sleep(0.5)
        # the publishing process talks to the same database, Redis and front as the app servers
        manage_env = dict(env, DANVAN_FRONT_CACHES=f"http://127.0.0.1:{port}")
        if "REDIS_URL" not in database_env:
            manage_env["REDIS_URL"] = f"unix://{tmp / 'var' / 'redis' / 'redis.sock'}?db=0"
        yield Served(port=port, app_port=app_port, env=manage_env, var=tmp / "var")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        if created:
            url = urlsplit(os.environ["DATABASE_URL"])
            admin = urlunsplit(url._replace(path="/postgres"))
            subprocess.run(
                ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {created} WITH (FORCE)"], check=False
            )


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _urls(served: Served) -> dict[str, Any]:
    found = json.loads(
        served.manage(
            "import json; from danvan.portal.models import ArticlePage as A, CategoryPage as C; "
            "a = A.objects.live().order_by('-date').first(); c = a.get_parent(); "
            "o = A.objects.live().exclude(path__startswith=c.path).first(); "
            "print(json.dumps({'article': a.url, 'pk': a.pk, 'category': c.url, 'other': o.url}))"
        )
    )
    assert isinstance(found, dict)
    return found


def test_a_publish_is_seen_on_the_article_its_category_and_home_within_2_s(served: Served) -> None:
    urls = _urls(served)
    watched = [urls["article"], urls["category"], "/"]
    for path in [*watched, urls["other"]]:
        served.get(path)
        status, headers, _body = served.get(path)
        assert (status, headers["x-danvan-front"]) == (200, "hit"), path
    marker = f"Tin sửa lúc {time.time_ns()}"
    served.manage(
        f"from danvan.portal.models import ArticlePage; a = ArticlePage.objects.get(pk={urls['pk']}); "
        f"a.title = {marker!r}; a.save_revision().publish(); print('ok')"
    )
    published = time.monotonic()
    waiting = set(watched)
    while waiting and time.monotonic() - published <= VISIBLE_WITHIN_S:
        for path in list(waiting):
            if marker in served.get(path)[2]:
                waiting.discard(path)
        time.sleep(0.05)
    assert not waiting, f"not visible through the front within {VISIBLE_WITHIN_S} s: {waiting}"
    status, headers, _body = served.get(urls["other"])
    assert headers["x-danvan-front"] == "hit", "an article of another category keeps its copy"


def test_signed_in_visitors_posts_and_beacons_never_get_a_stored_copy(served: Served) -> None:
    served.get("/")
    assert served.get("/")[1]["x-danvan-front"] == "hit"
    status, headers, _body = served.get("/", {"Cookie": "sessionid=abc"})
    assert headers["x-danvan-front"] == "pass"
    assert served.get("/admin/login/")[1]["x-danvan-front"] == "pass"
    for _ in range(2):  # the case form sets the CSRF cookie: never stored, never served from a copy
        status, headers, _body = served.get("/gui-don/")
        assert (status, headers["x-danvan-front"]) == (200, "pass") and "csrftoken" in headers["set-cookie"]
    served.get("/", {"Accept-Language": "en-US,en;q=0.9"})
    assert served.get("/", {"Accept-Language": "fr"})[1]["x-danvan-front"] == "hit", (
        "one copy for every language"
    )
    for _ in range(2):
        status, headers = _beacon(served.port, "10.9.9.9", "Mozilla/5.0 beacon-check")
        assert (status, headers["x-danvan-front"]) == (204, "pass")


def _beacon(port: int, address: str, agent: str) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        body = json.dumps({"path": "/"})
        headers = {
            "Content-Type": "application/json",
            "Sec-Fetch-Site": "same-origin",
            "User-Agent": agent,
            "X-Forwarded-For": address,
        }
        conn.request("POST", "/api/v1/hits/", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def test_stopping_an_app_server_under_load_loses_no_request_and_no_beacon(served: Served) -> None:
    count_views = (
        "from django.db.models import Sum; from danvan.analytics.services import flush_buffer; "
        "from danvan.analytics.models import DailyTotals; flush_buffer(); "
        "print(DailyTotals.objects.aggregate(n=Sum('page_views'))['n'] or 0)"
    )
    before = int(served.manage(count_views))
    urls = _urls(served)
    paths = ["/", urls["article"], urls["category"], "/van-ban/", "/search/?q=dan+van"]
    statuses: list[int] = []
    beacons_answered: list[int] = []
    stop = threading.Event()
    lock = threading.Lock()

    def reader(n: int) -> None:
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)] + ("" if "?" in paths[i % len(paths)] else f"?v={n}-{i % 7}")
            status = served.get(path)[0]
            with lock:
                statuses.append(status)
            i += 1

    def beaconer(n: int) -> None:
        i = 0
        while not stop.is_set():
            status, _headers = _beacon(
                served.port, f"10.{n}.{i // 250 % 250}.{i % 250 + 1}", f"visitor {n}-{i}"
            )
            with lock:
                beacons_answered.append(status)
            i += 1

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(3)]
    threads += [threading.Thread(target=beaconer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    app_one = int((served.var / "serve" / "app-1.pid").read_text())
    os.kill(app_one, signal.SIGTERM)  # a graceful stop, as for an upgrade: the front sends the rest on
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()
    with pytest.raises(ConnectionRefusedError):  # it did stop
        socket.create_connection(("127.0.0.1", served.app_port), timeout=2).close()
    assert statuses and beacons_answered
    assert set(statuses) == {200}, f"reader answers: {sorted(set(statuses))}"
    assert set(beacons_answered) == {204}, f"beacon answers: {sorted(set(beacons_answered))}"
    after = int(served.manage(count_views))
    assert after - before == len(beacons_answered)
