"""Feeds and URLs as inputs: RSS/Atom (feedparser) and OPML, each entry fetched through the guarded fetcher,
entries already in the graph not fetched again; served by a real local HTTP server."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.feeds import InputReader
from peacegraph.loaders.readers import ReadLimits
from tests.conftest import SEEDS, cypher, run_cli

ARTICLES = sorted(SEEDS.glob("*.txt"))
ALLOW_PRIVATE = {"PEACEGRAPH_URL_ALLOW_PRIVATE": "true"}


def _rss(base: str, links: list[str]) -> bytes:
    items = "".join(f"<item><title>{link}</title><link>{base}{link}</link></item>" for link in links)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Talks</title><link>{base}/</link>'
        f"<description>peace talks</description>{items}</channel></rss>"
    ).encode()


def _atom(base: str, links: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>{link}</title><id>{base}{link}</id><link href="{base}{link}"/>'
        "<updated>2025-11-23T00:00:00Z</updated></entry>"
        for link in links
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Talks</title>'
        f"<id>{base}/atom</id><updated>2025-11-23T00:00:00Z</updated>{entries}</feed>"
    ).encode()


class Site:
    """A local site: articles as text, an RSS feed of two of them, a feed with a dead link; every request logged."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                found = site.pages.get(self.path)
                if found is None:
                    self.send_error(404)
                    return
                content_type, body = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.pages: dict[str, tuple[str, bytes]] = {
            f"/articles/{n}.txt": ("text/plain; charset=utf-8", path.read_bytes()) for n, path in enumerate(ARTICLES)
        }
        self.pages["/feed.xml"] = ("application/rss+xml", _rss(self.base, ["/articles/0.txt", "/articles/1.txt"]))
        self.pages["/dead.xml"] = ("text/xml", _rss(self.base, ["/articles/2.txt", "/gone.txt"]))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.close()


def _reader(known: set[str] | None = None, allow_private: bool = True) -> InputReader:
    limits = ReadLimits(max_bytes=5_000_000, max_chars=300_000, url_timeout=10.0, allow_private_urls=allow_private)
    return InputReader(limits, lambda urls: {url for url in urls if url in (known or set())})


def test_a_feed_url_stands_for_its_entries_and_a_dead_entry_is_named(site: Site) -> None:
    report = _reader().read([site.base + "/dead.xml"])
    assert [article.url for article in report.articles] == [site.base + "/articles/2.txt"]
    (failure,) = report.failures
    assert failure.path == site.base + "/gone.txt"
    assert "404" in failure.reason and "an entry of " + site.base + "/dead.xml" in failure.reason


def test_feed_and_opml_files_and_known_entries(site: Site, tmp_path: Path) -> None:
    atom = tmp_path / "talks.atom"
    atom.write_bytes(_atom(site.base, ["/articles/0.txt", "/articles/3.txt"]))
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Talks" type="rss" xmlUrl="{site.base}/feed.xml"/></body></opml>'
    )
    reader = _reader(known={site.base + "/articles/0.txt"})
    before = len(site.requests)
    report = reader.read([str(atom), str(opml)])
    assert [article.url for article in report.articles] == [
        site.base + "/articles/3.txt",
        site.base + "/articles/1.txt",
    ]
    assert report.failures == [] and reader.already_present == 2
    assert "/articles/0.txt" not in site.requests[before:]  # known: never fetched
    (tmp_path / "empty.opml").write_text('<opml version="2.0"><body/></opml>')
    (failure,) = _reader().read([str(tmp_path / "empty.opml")]).failures
    assert "lists no feed" in failure.reason
    (failure,) = _reader().read([site.base + "/articles/0.txt", str(tmp_path / "no.rss")]).failures
    assert failure.path.endswith("no.rss")


def test_a_feed_on_a_private_address_is_not_fetched_unless_allowed(site: Site) -> None:
    report = _reader(allow_private=False).read([site.base + "/feed.xml"])
    assert report.articles == []
    assert "local or private address" in report.failures[0].reason


def test_cli_ingests_a_feed_once_and_an_article_url(store: GraphStore, server_settings: Settings, site: Site) -> None:
    first = run_cli(server_settings, "ingest", "--json", site.base + "/feed.xml", env=ALLOW_PRIVATE)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["articles"] == 2
    urls = {row["url"] for row in cypher(store, "MATCH (a:Article) RETURN a.url AS url")}
    assert urls == {site.base + "/articles/0.txt", site.base + "/articles/1.txt"}
    before = len(site.requests)
    again = run_cli(server_settings, "ingest", "--json", site.base + "/feed.xml", env=ALLOW_PRIVATE)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["known"] == 2 and "2 feed entries already in the graph" in again.stderr
    assert site.requests[before:] == ["/feed.xml"]  # the entries were not fetched again
    page = run_cli(server_settings, "ingest", site.base + "/articles/3.txt", env=ALLOW_PRIVATE)
    assert page.returncode == 0, page.stderr
    assert cypher(store, "MATCH (a:Article) RETURN count(a) AS n") == [{"n": 3}]
    refused = run_cli(server_settings, "extract", site.base + "/articles/3.txt")
    assert refused.returncode == 2 and "local or private address" in refused.stderr
