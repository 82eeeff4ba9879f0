"""A database restart is not an outage (issue 17, decision 0022).

With persistent connections (CONN_MAX_AGE > 0) each worker keeps its connection between requests.
When PostgreSQL restarts, or fails over, that connection is dead; Django's health checks
(CONN_HEALTH_CHECKS) test it before the request's first query and open a new one, instead of
failing the request. The restart is simulated for this process alone: a second connection
terminates this one's server process (``pg_terminate_backend``), as a restart would, and the shared
server keeps running.

Requests go through ``WSGIHandler`` — what gunicorn calls — rather than the test client, which
leaves out the start-of-request connection check on purpose.
"""

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: SQLite has no server to restart (CI pass 2 runs it with DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),  # requests must see committed rows, outside a test transaction
]


def serve(path: str) -> int:
    """One request as the WSGI server makes it; its status code."""
    statuses: list[str] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        statuses.append(status)
        return lambda data: None

    body = WSGIHandler()(RequestFactory().get(path).environ, start_response)
    try:
        b"".join(body)
    finally:
        body.close()  # request_finished: what a server does after each answer
    return int(statuses[0].split()[0])


def restart_for_this_process() -> None:
    """Terminate the server process behind this process's kept connection, from a second connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
            for _n in range(100):  # terminating is asynchronous: wait until the process is gone
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() == (0,):
                    break
                time.sleep(0.05)
            else:
                raise AssertionError("the backend was not terminated")
    finally:
        other.close()


# Never from the page cache (/api/ is not cached): each of these reads the database.
QUERIED = "/api/v1/stats/visits/"


def test_a_request_after_a_restart_answers(home: Any) -> None:
    assert connection.settings_dict["CONN_MAX_AGE"] > 0, "connections are kept between requests"
    assert serve(QUERIED) == 200
    kept = connection.connection
    assert kept is not None, "the connection outlives the request"
    restart_for_this_process()
    assert serve(QUERIED) == 200
    assert connection.connection is not kept, "a new connection replaced the dead one"
    cache.clear()  # the home page rendered from the database again, not from the page cache
    assert [serve("/"), serve(QUERIED)] == [200, 200]


def test_without_health_checks_the_first_request_after_a_restart_fails(home: Any) -> None:
    """The control, and the reason for the setting: the kept, dead connection fails a request."""
    assert serve(QUERIED) == 200
    # As with CONN_HEALTH_CHECKS off (the setting is read when connecting); the stubs omit the attribute.
    connection.health_check_enabled = False  # type: ignore[attr-defined]
    restart_for_this_process()
    try:
        assert serve(QUERIED) == 500
        assert serve(QUERIED) == 200, "the failed request closed it: the next one reconnects"
    finally:
        connection.close()  # whatever happened, the test's teardown gets a live connection
