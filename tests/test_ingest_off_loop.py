"""Uploads are read off the event loop, and what one upload may cost is bounded (issue 12, item 4).

A multipart upload was parsed on the event loop: a ``.urls`` file fetching a slow page, or a
150,000-character ``Date:`` header, froze every other request (``/health`` included). The
slow page here is a real HTTP server on loopback that holds its answer until the test lets
it go, so "another request finished while the upload was still reading" is a fact about
order, not about how fast the machine is.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.readers import MAX_DATE_CHARS, article_from_text, parse_date
from tests.conftest import ROOT, cypher

KEY = "off-loop-test-key"
BOUND = 120  # seconds a wait may take before the test calls it a hang
PAGE = (ROOT / "tests" / "data" / "mixed" / "e_good.html").read_bytes()


class _HeldPage(http.server.BaseHTTPRequestHandler):
    """Answers a page only once ``release`` is set; counts requests and signals the first."""

    hit = threading.Event()
    release = threading.Event()
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        type(self).hit.set()
        type(self).release.wait(BOUND)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def held_page() -> Iterator[str]:
    _HeldPage.hit, _HeldPage.release, _HeldPage.requests = threading.Event(), threading.Event(), 0
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HeldPage) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/slow.html"
        finally:
            _HeldPage.release.set()
            httpd.shutdown()
            thread.join(timeout=30)


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    settings = server_settings.model_copy(
        update={
            "api_key": SecretStr(KEY),
            "write_rate_limit": 1000,
            "url_allow_private": True,
            "max_articles_per_request": 3,
        }
    )
    with TestClient(create_app(settings), headers={"X-API-Key": KEY}) as test_client:
        yield test_client


def _upload(client: TestClient, *files: tuple[str, str]) -> Any:
    return client.post("/articles", files=[("file", (name, text.encode(), "text/plain")) for name, text in files])


def test_other_requests_are_answered_while_an_upload_waits_for_a_url(client: TestClient, held_page: str) -> None:
    uploaded: list[Any] = []
    upload = threading.Thread(target=lambda: uploaded.append(_upload(client, ("reading.urls", f"{held_page}\n"))))
    upload.start()
    assert _HeldPage.hit.wait(BOUND), "the upload never fetched its URL"
    health: list[Any] = []
    probe = threading.Thread(target=lambda: health.append(client.get("/health")))
    probe.start()
    probe.join(timeout=BOUND)  # returns at once unless the event loop is held by the upload
    answered_while_held = not probe.is_alive() and not _HeldPage.release.is_set()
    _HeldPage.release.set()
    probe.join(timeout=BOUND)
    upload.join(timeout=BOUND)
    assert answered_while_held, "/health waited for the upload's URL fetch: the event loop was blocked"
    assert health[0].status_code == 200
    assert uploaded[0].status_code in (200, 201), uploaded[0].text
    assert uploaded[0].json()["articles"][0]["title"] == "Envoys meet in Abu Dhabi"


def test_url_lists_above_the_request_budget_are_refused_before_fetching(client: TestClient, held_page: str) -> None:
    _HeldPage.release.set()  # whatever is fetched answers at once
    four = "".join(f"{held_page}?n={n}\n" for n in range(4))
    response = _upload(client, ("many.urls", "# four, one more than allowed\n" + four))
    assert response.status_code == 413, response.text
    assert "many.urls" in response.json()["detail"] and "at most 3" in response.json()["detail"]
    two = "".join(f"{held_page}?m={n}\n" for n in range(2))
    split = _upload(client, ("a.urls", two), ("b.urls", two))  # 2 + 2 over two files: the budget is per request
    assert split.status_code == 413, split.text
    assert _HeldPage.requests == 2  # the first file's two, nothing of the second


def test_a_huge_date_header_is_no_date_and_the_article_loads(client: TestClient, store: GraphStore) -> None:
    assert parse_date("2025-11-22 " + "x" * MAX_DATE_CHARS) is None
    assert str(parse_date("Saturday, November 22, 2025 14:05 UTC")) == "2025-11-22"
    text = "Title: Long date\nDate: " + "November 22, 2025 " * 8_500 + "\n\nRustem Umerov met Steve Witkoff in Miami."
    assert len(text) > 150_000 and article_from_text(text).published is None
    response = _upload(client, ("long_date.txt", text))
    assert response.status_code in (200, 201), response.text
    (article,) = response.json()["articles"]
    assert article["title"] == "Long date"
    rows = cypher(store, "MATCH (a:Article {id: $id}) RETURN a.published AS published", id=article["id"])
    assert rows == [{"published": None}]
