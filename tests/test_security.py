"""No one in: loopback-only server, a secret that never shows, the API key, and no query text built from input."""

from __future__ import annotations

import http.server
import stat
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api.app import create_app
from peacegraph.graph import queries
from peacegraph.graph.embedded import PASSWORD_FILE, EmbeddedServer
from peacegraph.graph.model import Label, StanceType
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import ROOT, run_cli
from tests.graphdump import full_dump
from tests.test_cypher_attacks import small_graph

KEY = "s3cret-key-for-tests"

INJECTIONS = [
    "Person) DETACH DELETE n //",
    "x'}) MATCH (n) DETACH DELETE n //",
    'x"}) CREATE (:Pwned) //',
    "`) CREATE (:Pwned) //",
    "SUPPORTS]->() DELETE r //",
    "person:vladimir-putin'}) SET n.name = 'pwned' //",
    "Actor:Pwned",
    "ＣＲＥＡＴＥ (:Pwned)",
    "*/ DROP INDEX idx_person_name /*",
    "$id",
    "../../etc/passwd",
]


def test_server_listens_on_loopback_only_as_ss_shows(embedded_server: EmbeddedServer) -> None:
    listening = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, check=True).stdout.splitlines()
    for port in (embedded_server.bolt_port, embedded_server.http_port):
        local = [line.split()[3] for line in listening if line.split()[3].endswith(f":{port}")]
        assert local, f"nothing listens on port {port}"
        for address in local:
            host = address.rsplit(":", 1)[0].strip("[]")
            assert host in ("127.0.0.1", "::ffff:127.0.0.1", "::1"), f"port {port} listens on {address}"


def test_password_file_is_private_and_the_password_never_shows(
    embedded_server: EmbeddedServer, server_settings: Settings, store: GraphStore
) -> None:
    password_file = embedded_server.data_dir / PASSWORD_FILE
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = embedded_server.password
    assert len(password) >= 24
    outputs = [
        run_cli(server_settings, "server", "start"),
        run_cli(server_settings, "query", "MATCH (n) RETURN count(n) AS n"),
        run_cli(server_settings, "query", "CREATE (n:Pwned)"),
    ]
    assert outputs[1].returncode == 0 and outputs[2].returncode != 0
    for result in outputs:
        assert password not in result.stdout and password not in result.stderr
    assert password not in embedded_server.log_file.read_text(errors="replace")


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    store.write_extraction(small_graph())
    settings = server_settings.model_copy(update={"api_key": SecretStr(KEY), "write_rate_limit": 5})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_write_endpoints_need_the_key_and_are_rate_limited(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"text": "Volodymyr Zelensky met Emmanuel Macron in Paris to discuss the peace plan."}
    missing = client.post("/articles", json=body)
    assert missing.status_code == 401 and "X-API-Key" in missing.json()["detail"]
    wrong = client.post("/articles", json=body, headers={"X-API-Key": KEY[:-1] + "x"})
    assert wrong.status_code == 401 and KEY not in wrong.text
    assert client.post("/articles", json=body, headers={"X-API-Key": KEY}).status_code in (200, 201)
    answers = [client.post("/articles", json=body, headers={"X-API-Key": KEY}).status_code for _ in range(5)]
    assert answers == [200] * 4 + [429]  # five writes per window; the refused ones above do not count
    limited = client.post("/articles", json=body, headers={"X-API-Key": KEY})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert KEY not in caplog.text


def test_without_a_configured_key_writes_are_off(store: GraphStore, server_settings: Settings) -> None:
    with TestClient(create_app(server_settings)) as keyless:
        response = keyless.post("/articles", json={"text": "x" * 50}, headers={"X-API-Key": "anything"})
    assert response.status_code == 403
    assert "PEACEGRAPH_API_KEY" in response.json()["detail"]


def test_query_builders_take_enum_members_only() -> None:
    for injection in INJECTIONS:
        with pytest.raises(ValueError):
            queries.count_label(injection)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            queries.upsert_links(injection, Label.ARTICLE, Label.PLACE)  # type: ignore[arg-type]
    assert queries.count_label(Label.PERSON) == "MATCH (n:Person) RETURN count(n) AS n"
    assert StanceType("SUPPORTS") is StanceType.SUPPORTS


def _requests(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """For every GET operation and each of its parameters: the URL and query with an injection in that spot."""
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", [])
        defaults = {p["name"]: ("7" if p["name"] == "number" else "person:vladimir-putin") for p in parameters
                    if p["in"] == "path"}  # fmt: skip
        for parameter in parameters:
            for injection in INJECTIONS:
                values = dict(defaults)
                query: dict[str, Any] = {}
                if parameter["in"] == "path":
                    values[parameter["name"]] = injection
                else:
                    query[parameter["name"]] = injection
                url = path.format(**{k: urllib.parse.quote(v, safe="") for k, v in values.items()})
                yield url, query


def test_injection_strings_through_every_filter_change_nothing(client: TestClient, store: GraphStore) -> None:
    before = full_dump(store)
    sent = 0
    for url, query in _requests(client.get("/openapi.json").json()):
        response = client.get(url, params=query)
        assert response.status_code < 500, (url, query, response.text)
        assert response.status_code in (200, 400, 404, 422), (url, query, response.status_code)
        sent += 1
    assert sent > 200  # every filter of every endpoint, not a vacuous loop
    after = full_dump(store)
    assert after == before
    assert not any("Pwned" in label for label in after["labels"])


class _Page(http.server.BaseHTTPRequestHandler):
    body = (ROOT / "tests" / "data" / "mixed" / "e_good.html").read_bytes()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def local_page() -> Iterator[str]:
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/envoys.html"
        httpd.shutdown()


def test_article_urls_on_local_addresses_are_not_fetched_unless_allowed(
    store: GraphStore, server_settings: Settings, local_page: str
) -> None:
    headers = {"X-API-Key": KEY}
    guarded = server_settings.model_copy(update={"api_key": SecretStr(KEY)})
    with TestClient(create_app(guarded)) as client:
        for url in (local_page, "http://localhost:2480/api/v1/server", "file:///etc/passwd", "gopher://127.0.0.1/"):
            response = client.post("/articles", json={"url": url}, headers=headers)
            assert response.status_code == 400, (url, response.text)
            assert "not fetched" in response.text or "only http" in response.text
    trusting = guarded.model_copy(update={"url_allow_private": True})
    with TestClient(create_app(trusting)) as client:
        response = client.post("/articles", json={"url": local_page}, headers=headers)
    assert response.status_code in (200, 201), response.text
    assert response.json()["articles"][0]["title"] == "Envoys meet in Abu Dhabi"
