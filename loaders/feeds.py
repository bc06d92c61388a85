"""Inputs as a user names them on the command line: files, folders, article URLs, RSS/Atom feeds, OPML lists.

A feed (a URL that answers RSS or Atom, or a ``.rss``/``.atom`` file) stands for the pages
its entries link to; an ``.opml`` file for the feeds it lists. Each page is fetched through
the guarded fetcher of ``peacegraph.loaders.readers`` (http(s) only, no private addresses unless
allowed, size and time limits), and a page whose URL is already an Article's is not
fetched again. feedparser reads the feed from the fetched bytes: it never fetches anything.
"""

from __future__ import annotations

import io
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser

from peacegraph.graph.errors import ArticleReadError
from peacegraph.loaders.pipeline import read_paths
from peacegraph.loaders.readers import Fetched, ReadLimits, ReadReport, article_from_fetched, fetch_url

FEED_CONTENT_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
FEED_SUFFIXES = frozenset({".rss", ".atom"})
OPML_SUFFIX = ".opml"


def is_url(text: str) -> bool:
    return urllib.parse.urlsplit(text).scheme.lower() in ("http", "https")


def feed_links(raw: bytes, where: str) -> list[str]:
    """The entry links of an RSS or Atom document, in feed order, without repeats."""
    parsed = feedparser.parse(io.BytesIO(raw))
    if not parsed.get("version"):
        raise ArticleReadError(where, "not an RSS or Atom feed")
    links = [str(entry.get("link") or "") for entry in parsed.entries]
    return list(dict.fromkeys(link for link in links if is_url(link)))


def opml_feeds(raw: bytes, where: str) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML subscription list."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise ArticleReadError(where, f"not an OPML file: {error}") from error
    urls = [outline.get("xmlUrl", "") for outline in root.iter("outline")]
    found = [url for url in urls if is_url(url)]
    if not found:
        raise ArticleReadError(where, "the OPML file lists no feed (no outline with an http(s) xmlUrl)")
    return found


class InputReader:
    """Reads what ``peacegraph ingest`` is given; ``known`` says which URLs are already articles in the graph."""

    def __init__(self, limits: ReadLimits, known: Callable[[list[str]], set[str]]) -> None:
        self.limits = limits
        self.known = known
        self.already_present = 0  # feed entries not fetched: their URL is an Article's

    def read(self, inputs: list[str]) -> ReadReport:
        report = ReadReport()
        paths: list[Path] = []
        for given in inputs:
            try:
                if is_url(given):
                    report.extend(self._read_url(given))
                elif Path(given).suffix.lower() == OPML_SUFFIX:
                    report.extend(self._read_opml(Path(given)))
                elif Path(given).suffix.lower() in FEED_SUFFIXES:
                    report.extend(self._read_entries(feed_links(self._file(Path(given)), given), given))
                else:
                    paths.append(Path(given))
            except ArticleReadError as error:
                report.failures.append(error)
        if paths:
            report.extend(read_paths(paths, self.limits))
        return report

    def _fetch(self, url: str) -> Fetched:
        return fetch_url(url, self.limits)

    def _file(self, path: Path) -> bytes:
        try:
            with path.open("rb") as handle:
                raw = handle.read(self.limits.max_bytes + 1)
        except OSError as error:
            raise ArticleReadError(str(path), error.strerror or str(error)) from error
        if len(raw) > self.limits.max_bytes:
            raise ArticleReadError(str(path), f"above the limit of {self.limits.max_bytes:,} bytes")
        return raw

    def _read_url(self, url: str) -> ReadReport:
        """An article page, or a feed standing for its entries."""
        fetched = self._fetch(url)
        if fetched.content_type in FEED_CONTENT_TYPES:
            return self._read_entries(feed_links(fetched.raw, url), url)
        return article_from_fetched(fetched, self.limits)

    def _read_opml(self, path: Path) -> ReadReport:
        report = ReadReport()
        for feed in opml_feeds(self._file(path), str(path)):
            try:
                report.extend(self._read_entries(feed_links(self._fetch(feed).raw, feed), feed))
            except ArticleReadError as error:
                report.failures.append(error)
        return report

    def _read_entries(self, links: list[str], feed: str) -> ReadReport:
        """The pages a feed links to, but those already in the graph; each failure named by its URL."""
        report = ReadReport()
        known = self.known(links) if links else set()
        self.already_present += len(known)
        for link in links:
            if link in known:
                continue
            try:
                read = article_from_fetched(self._fetch(link), self.limits)
            except ArticleReadError as error:
                report.failures.append(ArticleReadError(link, f"{error.reason} (an entry of {feed})"))
                continue
            for article in read.articles:
                report.articles.append(article.model_copy(update={"url": link}))
            report.warnings.extend(read.warnings)
        return report
