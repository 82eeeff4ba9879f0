"""The public API against its own description (issue 18, decision 0030).

- Every URL pattern under ``/api/v1/`` is an operation of the OpenAPI document, and every operation a
  pattern (``test_every_api_address_is_in_the_schema``).
- Schemathesis loads the LIVE document (``GET /api/v1/openapi.json`` through the WSGI application) and
  runs property-based cases against every operation: valid requests generated from the schema and
  invalid ones (wrong types, out-of-range numbers, unknown enum values, bad bodies). Every answer must
  not be a server error, must have a documented status, content type, headers and body, and an
  invalid request must be refused with a 4xx. The demo's data is loaded first, so lists have rows.

CI runs this file on SQLite and on PostgreSQL. Hypothesis is derandomized (the same cases every run,
so CI is not flaky); ``DANVAN_FUZZ_EXAMPLES`` and ``DANVAN_FUZZ_RANDOM=1`` explore further by hand.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from danvan.wsgi import application

SCHEMA_URL = "/api/v1/openapi.json"
# Addresses under /api/v1/ that are not operations: the description itself, its pages, and the
# root, which names nothing (a JSON 404).
NOT_OPERATIONS = {"/api/v1/openapi.json", "/api/v1/", "/api/v1/docs/", "/api/v1/docs/thu/"}
EXAMPLES = int(os.environ.get("DANVAN_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _as_openapi(route: str) -> str:
    """Django's ``api/v1/programmes/<int:pk>/results/`` → OpenAPI's ``/api/v1/programmes/{pk}/results/``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@contextmanager
def _one_connection() -> Iterator[None]:
    """Requests through the WSGI application close the database connection when they end (Django's
    ``close_old_connections``), which would end the test's transaction: as Django's test client does,
    keep it open while the cases run."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def live_schema(db: Any) -> Any:
    with _one_connection():
        yield schemathesis.openapi.from_wsgi(SCHEMA_URL, application)


def test_every_api_address_is_in_the_schema(live_schema: Any) -> None:
    routes = {_as_openapi(route) for route in _walk(get_resolver()) if route.startswith("api/v1/")}
    described = set(live_schema.raw_schema["paths"])
    assert routes - NOT_OPERATIONS, "no API address found: the walk itself is broken"
    assert routes - NOT_OPERATIONS == described, (
        f"addresses without a description: {sorted(routes - NOT_OPERATIONS - described)}; "
        f"descriptions without an address: {sorted(described - routes)}"
    )


def test_the_schema_is_openapi_3_in_vietnamese(live_schema: Any) -> None:
    raw = live_schema.raw_schema
    assert raw["openapi"].startswith("3.")
    operations = [op for item in raw["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert operations
    for operation in operations:
        # Every operation says what it does (its summary), in Vietnamese: at least one letter with a
        # Vietnamese diacritic, so an English-only or missing summary fails.
        summary = operation.get("summary") or ""
        assert re.search(
            r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", summary.lower()
        ), (
            operation["operationId"],
            summary,
        )
        # Every operation is under a rate limit (the API's own, or the endpoint's): 429 is documented.
        assert "429" in operation["responses"], operation["operationId"]


def _fuzz(operation: Any, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=os.environ.get("DANVAN_FUZZ_RANDOM") != "1",
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        # The WSGI transport does not decompress: ask for the body as it is.
        response = case.call(headers={"Accept-Encoding": "identity"})
        case.validate_response(response, checks=CHECKS)

    run()


def _takes_input(operation: Any) -> bool:
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


@pytest.mark.django_db
def test_every_operation_keeps_to_the_schema(demo: Any, settings: Any) -> None:
    # Hundreds of requests from one address: the limits are tested elsewhere (tests/test_ratelimit.py).
    settings.DANVAN_RATE_LIMITS = dict.fromkeys(settings.DANVAN_RATE_LIMITS, "1000000/m")
    failures: dict[str, str] = {}
    with _one_connection():
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
        operations = []
        for result in schema.get_all_operations():
            if isinstance(result, Err):  # an operation schemathesis cannot read is our error
                raise result.err()
            operations.append(result.ok())
        assert len(operations) >= len(schema.raw_schema["paths"])
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                if mode is GenerationMode.NEGATIVE and not _takes_input(operation):
                    continue  # no parameter, no body (/stats/visits/): nothing can be made invalid
                try:
                    _fuzz(operation, mode)
                except Exception as error:  # collected, reported together below
                    failures[f"{operation.label} ({mode.value})"] = str(error)[:3000]
    assert not failures, "\n\n".join(f"== {name}\n{text}" for name, text in failures.items())
