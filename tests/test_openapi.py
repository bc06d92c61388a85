"""The OpenAPI document reads well (ids, tags, security, 503) and /docs, /redoc are served from this server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peacegraph.api.app import TAGS, create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return create_app(Settings(_env_file=None)).openapi()  # type: ignore[call-arg]


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_operation_ids_are_the_route_names(schema: dict[str, Any]) -> None:
    ids = {(method, path): operation["operationId"] for path, method, operation in _operations(schema)}
    assert ids[("get", "/actors")] == "list_actors"
    assert ids[("post", "/articles")] == "add_articles"
    assert ids[("delete", "/articles/{article_id}")] == "remove_article"
    assert ids[("get", "/actors/{actor_id}/stances")] == "actor_stances"
    assert len(set(ids.values())) == len(ids), "operation ids must be unique"
    assert all(re.fullmatch(r"[a-z][a-z_]*[a-z]", name) for name in ids.values()), ids
    assert not any(name.endswith(("_get", "_post")) for name in ids.values()), ids


def test_write_endpoints_name_the_api_key_scheme(schema: dict[str, Any]) -> None:
    scheme = schema["components"]["securitySchemes"]["ApiKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-Key"}
    secured = {(method, path) for path, method, operation in _operations(schema) if operation.get("security")}
    assert secured == {("post", "/articles"), ("delete", "/articles/{article_id}")}
    assert schema["paths"]["/articles"]["post"]["security"] == [{"ApiKey": []}]
    assert schema["paths"]["/articles/{article_id}"]["delete"]["security"] == [{"ApiKey": []}]
    # The header is the scheme's, not a parameter of its own beside it.
    parameters = schema["paths"]["/articles"]["post"].get("parameters", [])
    assert not any(p["name"].lower() == "x-api-key" for p in parameters)


def test_every_operation_documents_503_as_a_problem(schema: dict[str, Any]) -> None:
    for path, method, operation in _operations(schema):
        unavailable = operation["responses"].get("503")
        assert unavailable, (method, path)
        assert "application/problem+json" in unavailable["content"], (method, path)
        assert "Retry-After" in unavailable["headers"], (method, path)


def test_every_tag_is_described(schema: dict[str, Any]) -> None:
    used = {tag for _, _, operation in _operations(schema) for tag in operation.get("tags", [])}
    described = {tag["name"]: tag["description"] for tag in schema["tags"]}
    assert used == set(described)
    assert all(len(text) > 20 for text in described.values())
    assert [tag["name"] for tag in schema["tags"]] == [tag["name"] for tag in TAGS]


@pytest.fixture(scope="module")
def docs_client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(server_settings)) as client:
        yield client


LOCAL_REF = re.compile(r"""(?:src|href)=["']?([^"'\s>]+)""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_doc_pages_load_only_from_this_server(docs_client: TestClient, page: str) -> None:
    response = docs_client.get(page)
    assert response.status_code == 200
    html = response.text
    references = LOCAL_REF.findall(html)
    assert references, html
    assert all(ref.startswith("/") for ref in references), references
    assert "cdn.jsdelivr" not in html and "fonts.googleapis" not in html and "tiangolo" not in html
    for reference in references:
        assert docs_client.get(reference).status_code == 200, reference
    assert "/openapi.json" in html


def test_doc_pages_say_what_is_missing_without_the_npm_packages(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    settings = server_settings.model_copy(update={"node_modules": tmp_path})
    with TestClient(create_app(settings)) as client:
        for page, package in (("/docs", "swagger-ui-dist"), ("/redoc", "redoc")):
            response = client.get(page)
            assert response.status_code == 503
            assert package in response.text and "npm ci" in response.text
        assert client.get("/openapi.json").status_code == 200
