"""The write limits protect the key holder: the key is checked before the rate limit, and the client is the TCP peer.

Issue 12, item 11: keyless requests used up the key holder's write budget, and uvicorn
believed ``X-Forwarded-For`` from loopback, so rotating it gave unlimited wrong-key
attempts. Here the API runs as ``peacegraph serve`` runs it (a real uvicorn on
loopback); a second loopback address, 127.0.0.2, stands for another machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api.app import create_app
from peacegraph.graph.embedded import free_port
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import ROOT

KEY = "write-limits-test-key"
LIMIT = 3
ARTICLE = {"title": "Limits", "text": "Rustem Umerov met Steve Witkoff in Miami to discuss the revised peace plan."}


@dataclass(frozen=True)
class Served:
    url: str
    pid: int


@contextmanager
def served_api(settings: Settings, **env: str) -> Iterator[Served]:
    """``peacegraph serve`` on a free loopback port against the test server; yields its URL and pid."""
    port = free_port()
    environment = dict(
        os.environ,
        PEACEGRAPH_DATA_DIR=str(settings.data_dir),
        PEACEGRAPH_BOLT_PORT=str(settings.bolt_port),
        PEACEGRAPH_HTTP_PORT=str(settings.http_port),
        PEACEGRAPH_API_HOST="127.0.0.1",
        PEACEGRAPH_API_PORT=str(port),
        **env,
    )
    environment.pop("PEACEGRAPH_NEO4J_URI", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "peacegraph.api.cli", "serve"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded wait for the API to come up
            if process.poll() is not None:
                raise RuntimeError(f"peacegraph serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("peacegraph serve did not answer /health")
        yield Served(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()


def client_from(address: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (any 127.x.y.z is loopback on Linux)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=120)


def _write_env(**extra: str) -> dict[str, str]:
    return {"PEACEGRAPH_API_KEY": KEY, "PEACEGRAPH_WRITE_RATE_LIMIT": str(LIMIT), **extra}


def test_keyless_requests_and_forged_forwarded_for_do_not_get_around_the_limits(
    store: GraphStore, server_settings: Settings
) -> None:
    with served_api(server_settings, **_write_env()) as served, client_from("127.0.0.1") as local:
        url, articles = served.url, f"{served.url}/articles"
        keyless = [local.post(articles, json=ARTICLE).status_code for _ in range(4 * LIMIT)]
        assert set(keyless) == {401}
        answers = [local.post(articles, json=ARTICLE, headers={"X-API-Key": KEY}).status_code for _ in range(LIMIT)]
        assert answers[0] in (200, 201) and set(answers[1:]) == {200}  # the key holder's budget is whole
        assert local.post(articles, json=ARTICLE, headers={"X-API-Key": KEY}).status_code == 429

        guesses = []
        for number in range(2 * LIMIT):  # a new forged client address for every guess
            forged = {"X-API-Key": f"guess-{number}", "X-Forwarded-For": f"203.0.113.{number + 1}"}
            guesses.append(local.post(articles, json=ARTICLE, headers=forged))
        assert [g.status_code for g in guesses] == [401] * LIMIT + [429] * LIMIT
        assert int(guesses[-1].headers["retry-after"]) >= 1
        assert all(KEY not in g.text for g in guesses)

        with client_from("127.0.0.2") as elsewhere:
            assert elsewhere.post(articles, json=ARTICLE, headers={"X-API-Key": KEY}).status_code == 200
            assert elsewhere.post(articles, json=ARTICLE, headers={"X-API-Key": "wrong"}).status_code == 401
        assert local.get(f"{url}/health").status_code == 200


def test_a_configured_proxy_is_believed_and_its_clients_are_limited_one_by_one(
    store: GraphStore, server_settings: Settings
) -> None:
    with served_api(server_settings, **_write_env(PEACEGRAPH_TRUSTED_PROXIES="127.0.0.1")) as served:
        articles = f"{served.url}/articles"
        with client_from("127.0.0.1") as proxy:
            guesser = {"X-API-Key": "guess", "X-Forwarded-For": "198.51.100.7"}
            statuses = [proxy.post(articles, json=ARTICLE, headers=guesser).status_code for _ in range(LIMIT + 1)]
            assert statuses == [401] * LIMIT + [429]
            holder = {"X-API-Key": KEY, "X-Forwarded-For": "198.51.100.8"}
            assert proxy.post(articles, json=ARTICLE, headers=holder).status_code in (200, 201)
        with client_from("127.0.0.2") as untrusted:  # not the proxy: its header is not believed
            forged = {"X-API-Key": KEY, "X-Forwarded-For": "198.51.100.7"}
            assert untrusted.post(articles, json=ARTICLE, headers=forged).status_code in (200, 201)


@pytest.fixture
def limited(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    settings = server_settings.model_copy(update={"api_key": SecretStr(KEY), "write_rate_limit": LIMIT})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_wrong_keys_are_limited_apart_from_writes_and_then_no_key_is_confirmed(limited: TestClient) -> None:
    wrong = [limited.post("/articles", json=ARTICLE, headers={"X-API-Key": "nope"}) for _ in range(LIMIT + 1)]
    assert [r.status_code for r in wrong] == [401] * LIMIT + [429]
    assert "wrong API key" in wrong[-1].json()["detail"]
    # above the wrong-key budget even the right key answers 429: otherwise 429 vs 2xx would confirm a guess
    assert limited.post("/articles", json=ARTICLE, headers={"X-API-Key": KEY}).status_code == 429
    assert limited.post("/articles", json=ARTICLE).status_code == 401  # no key: refused, nothing to confirm
    assert limited.get("/health").status_code == 200
