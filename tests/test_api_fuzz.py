"""Property-based fuzz of the whole OpenAPI schema (schemathesis): no request may get a 5xx.

Every response must also match the schema (status code, content type, body,
headers) and invalid input must be refused. Not checked: that every
schema-valid request succeeds, since a syntactically valid but wrong Cypher
query or an unknown id is rightly refused. Runs in-process against the real app (lifespan and all) on the real Bolt
server holding the hand-made graph, one test per operation, with valid and
invalid inputs drawn from the schema. Bounded: a few examples per operation, so
the module stays within about a minute. (Schemathesis's own pytest plugin does
not run under pytest 9, so the operations' Hypothesis strategies are used
directly.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests import analyst_data as d

EXAMPLES_PER_OPERATION = 40

# Every operation of the schema, read without a server (the schema needs none).
OPERATIONS = sorted(
    (method.upper(), path)
    for path, methods in create_app(Settings(_env_file=None)).openapi()["paths"].items()  # type: ignore[call-arg]
    for method in methods
)


@pytest.fixture(scope="module")
def app(store: GraphStore, server_settings: Settings) -> Iterator[FastAPI]:
    d.load(store)
    app = create_app(server_settings)
    with TestClient(app):  # runs the lifespan: the store and the analytics cache
        yield app


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_fuzz_covers_the_analyst_api() -> None:
    paths = {path for _, path in OPERATIONS}
    assert {"/actors", "/plans/{plan_id}/matrix", "/timeline", "/graph/neighborhood/{node_id}", "/export"} <= paths


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_server_error_and_answers_match_the_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    operation = api_schema[path][method]
    cases = st.one_of(
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    fuzz()
