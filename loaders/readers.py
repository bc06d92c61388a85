"""Readers: files (txt, md, html, json, jsonl) -> ``RawArticle``.

A reader keeps the body exactly as the source gives it (offsets of extracted
evidence slice it verbatim) and takes metadata from where news text carries
it: ``Key: value`` header lines, a dateline ("Moscow, November 22, 2025 –",
"CaliToday (28/11/2025):"), HTML meta tags, JSON fields.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import logging
import os
import re
import socket
import stat
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import charset_normalizer
import dateparser
from pydantic import BaseModel, ConfigDict, Field

from peacegraph.graph.errors import ArticleReadError, TooLargeError
from peacegraph.graph.model import ArticleMeta, article_id
from peacegraph.graph.settings import Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
URL_LIST_SUFFIXES = frozenset({".urls"})  # one http(s) URL per line; blank lines and "# comments" skipped
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | URL_LIST_SUFFIXES
# Fewer words than this extracted from a page means a menu, a login wall or a cookie banner.
MIN_HTML_WORDS = 25

_HEADER_LINE = re.compile(r"^(title|source|date|published|url|language|author)\s*:\s*(.+)$", re.I)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "Moscow, November 22, 2025 –" / "KYIV, Ukraine (AP) — Nov. 22, 2025" / "22 November 2025 -"
_DATELINE = re.compile(
    r"^\s*(?:(?P<place>[A-Z][\w .'’-]{1,40}?)(?:,\s*[A-Z][\w .'-]{1,30})?(?:\s*\([\w .]+\))?(?:,|\s*[–—])\s*)?"
    r"(?P<date>(?:" + _MONTHS + r")\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:" + _MONTHS + r")\.?\s+\d{4})"
    r"\s*[–—-]",
)
# "CaliToday (28/11/2025):"
_SOURCE_DATE = re.compile(r"^\s*(?P<source>[A-Z][\w.&' -]{1,40}?)\s*\((?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{4})\)\s*:")


def dateline_length(body: str) -> int:
    """Characters taken by a leading dateline ("Moscow, November 22, 2025 –", "CaliToday (28/11/2025):"), else 0."""
    head = body[:200]
    match = _DATELINE.match(head) or _SOURCE_DATE.match(head)
    return match.end() if match else 0


class RawArticle(BaseModel):
    """An article as read: body text plus whatever metadata the source gives."""

    model_config = ConfigDict(extra="forbid")

    body: str = Field(description="the article text; offsets refer to it")
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    path: str | None = None

    @property
    def id(self) -> str:
        return article_id(self.body)

    def meta(self) -> ArticleMeta:
        return ArticleMeta(
            id=self.id,
            title=self.title,
            source=self.source,
            url=self.url,
            published=self.published,
            language=self.language,
            path=self.path,
            chars=len(self.body),
        )


# Longest text read as a date: a dateline with weekday, time and zone is some 40 characters.
MAX_DATE_CHARS = 100


def parse_date(text: str, *, day_first: bool = False) -> date | None:
    """A date from free text ("November 22, 2025", "28/11/2025", "2025-11-22"), or None.

    Text longer than ``MAX_DATE_CHARS`` is no date (dateparser's time grows with it: a
    150,000-character ``Date:`` header took seconds).
    """
    if len(text) > MAX_DATE_CHARS:
        return None
    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    parsed = dateparser.parse(text.strip(), languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if isinstance(parsed, datetime) else None


def _first_sentence_title(body: str, limit: int = 100) -> str | None:
    first = body.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].strip()
    if not sentence:
        return None
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


# spaCy's tokenizer strips a run of punctuation one character at a time, searching the rest of
# the run each time: quadratic (3,000 "$" took 2.3 s, 10,000 took 24 s, and the extraction lock
# made every other ingest wait). News text has no such runs beyond a separator line; at this
# length a run costs about what as many characters of prose do.
MAX_PUNCTUATION_RUN = 200
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCTUATION_RUN + 1},}}")


def _check_tokenizable(body: str, where: str) -> None:
    """Refuse a body holding a run of punctuation the tokenizer would take quadratic time over."""
    if (match := _PUNCTUATION_RUN.search(body)) is not None:
        raise ArticleReadError(
            where,
            f"{match.end() - match.start():,} punctuation characters in a row at character {match.start():,} "
            f"(at most {MAX_PUNCTUATION_RUN} without a letter, digit or space): not prose",
        )


def _header_fields(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ``Key: value`` lines opening a text (keys lower-cased) and how many lines they take."""
    fields: dict[str, str] = {}
    consumed = 0
    for line in lines:
        match = _HEADER_LINE.match(line.strip())
        if not match:
            break
        fields[match.group(1).lower()] = match.group(2).strip()
        consumed += 1
    return fields, consumed


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """The header fields of a text and its body: what follows the header and the blank line closing it."""
    lines = text.split("\n")
    fields, consumed = _header_fields(lines)
    if not fields:
        return fields, text
    if consumed < len(lines) and not lines[consumed].strip():
        consumed += 1
    return fields, "\n".join(lines[consumed:])


def _markdown_title(body: str) -> str | None:
    """The text of the Markdown ``# heading`` opening ``body``, else None."""
    head = body.lstrip()
    return head.split("\n", 1)[0][2:].strip() if head.startswith("# ") else None


def _with_dateline(body: str, source: str | None, published: date | None) -> tuple[str | None, date | None]:
    """``source`` and ``published``, each filled in when missing from the dateline opening ``body``."""
    head = body.lstrip()[:200]
    if (match := _SOURCE_DATE.match(head)) is not None:
        source = source or match.group("source").strip()
        published = published or parse_date(match.group("date"), day_first=True)
    elif (match := _DATELINE.match(head)) is not None:
        published = published or parse_date(match.group("date"))
    return source, published


def article_from_text(text: str, *, path: str | None = None) -> RawArticle:
    """A plain-text or Markdown article: optional ``Key: value`` header, then the body."""
    _check_tokenizable(text, path or "<text>")
    fields, body = _split_header(text)
    title = fields.get("title")
    if title is None:
        title = _markdown_title(body)
    published = parse_date(fields.get("date") or fields.get("published") or "") if fields else None
    source, published = _with_dateline(body, fields.get("source"), published)
    return RawArticle(
        body=body,
        title=title or _first_sentence_title(body),
        source=source,
        url=fields.get("url"),
        published=published,
        language=fields.get("language"),
        path=path,
    )


def _page_text(document: Any, where: str) -> str:
    """The main text trafilatura found in a page, refused when empty, not prose or too short for an article."""
    text = getattr(document, "text", None)
    if not text or not text.strip():
        raise ArticleReadError(where, "no article text found in the HTML")
    _check_tokenizable(text, where)
    words = len(text.split())
    if words < MIN_HTML_WORDS:
        raise ArticleReadError(where, f"no article text found in the HTML (only {words} words of menus or boilerplate)")
    return text


def _with_page_metadata(base: RawArticle, document: Any, published: date | None, url: str | None) -> RawArticle:
    """``base`` with the metadata trafilatura found in its page in place of what the text gave."""
    return base.model_copy(
        update={
            "title": getattr(document, "title", None) or base.title,
            "source": getattr(document, "sitename", None) or base.source,
            "url": getattr(document, "url", None) or url,
            "published": published or base.published,
            "language": getattr(document, "language", None) or base.language,
        }
    )


def article_from_html(html: str, *, path: str | None = None, url: str | None = None) -> RawArticle:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = _page_text(document, path or url or "<html>")
    date_text = getattr(document, "date", None)
    published = parse_date(date_text) if isinstance(date_text, str) else None
    return _with_page_metadata(article_from_text(text, path=path), document, published, url)


_RECORD_STRINGS = ("title", "source", "url", "language")


def _record_body(record: Any, where: str) -> str:
    """The text of a JSON article (``text``, else ``body``), refused unless the record is an object with text."""
    if not isinstance(record, dict):
        raise ArticleReadError(where, "a JSON article must be an object")
    body = record.get("text") or record.get("body")
    if not isinstance(body, str) or not body.strip():
        raise ArticleReadError(where, "JSON article has no 'text'")
    return body


def _check_record_strings(record: dict[str, Any], where: str) -> None:
    """Refuse a JSON article whose title, source, URL or language is given but not a string."""
    for key in _RECORD_STRINGS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ArticleReadError(where, f"JSON article field '{key}' must be a string")


def _record_published(record: dict[str, Any], where: str) -> str | int | None:
    """The publication date of a JSON article as given (``published``, else ``date``): text or a number."""
    published = record.get("published") or record.get("date")
    if published is not None and not isinstance(published, str | int):
        raise ArticleReadError(where, "JSON article field 'published' must be a string")
    return published


def article_from_record(record: dict[str, Any], *, where: str) -> RawArticle:
    """An article from a JSON object with ``text`` (or ``body``) and optional metadata."""
    body = _record_body(record, where)
    _check_record_strings(record, where)
    published = _record_published(record, where)
    base = article_from_text(body, path=where)
    return base.model_copy(
        update={
            "title": record.get("title") or base.title,
            "source": record.get("source") or base.source,
            "url": record.get("url") or base.url,
            "published": (parse_date(str(published)) if published else None) or base.published,
            "language": record.get("language") or base.language,
        }
    )


class NestingError(ValueError):
    """JSON nested deeper than the parser's recursion limit."""


def loads_json(text: str | bytes) -> Any:
    """``json.loads``, with nesting too deep for the parser as a ``NestingError`` instead of a ``RecursionError``.

    An article is an object or an array of objects: a few levels. The parser recurses
    once per level and gives up near Python's recursion limit (about 1,000 levels).
    """
    try:
        return json.loads(text)
    except RecursionError as error:
        raise NestingError("JSON nested too deeply (arrays or objects more than about 1,000 levels deep)") from error


@dataclass
class ReadReport:
    """What reading gave: the articles, one reason per file or record that failed, and warnings."""

    articles: list[RawArticle] = field(default_factory=list)
    failures: list[ArticleReadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: ReadReport) -> None:
        self.articles.extend(other.articles)
        self.failures.extend(other.failures)
        self.warnings.extend(other.warnings)


def _setting_default(name: str) -> Any:
    return Settings.model_fields[name].default


@dataclass(frozen=True)
class ReadLimits:
    """How much reading may take, from the settings: bytes of a file or page, characters of an
    article's text, seconds and addresses of a URL fetch, and URLs fetched from one ``.urls`` list.

    The defaults are the settings' defaults; ``from_settings`` takes the configured values.
    """

    max_bytes: int = _setting_default("max_article_bytes")
    max_chars: int = _setting_default("max_article_chars")
    url_timeout: float = _setting_default("url_fetch_timeout")
    allow_private_urls: bool = _setting_default("url_allow_private")
    max_urls: int | None = None  # per request of the API; None: no limit (the command line)

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        return cls(
            max_bytes=settings.max_article_bytes,
            max_chars=settings.max_article_chars,
            url_timeout=settings.url_fetch_timeout,
            allow_private_urls=settings.url_allow_private,
        )


DEFAULT_LIMITS = ReadLimits()


# Leading bytes of formats that are sometimes saved under a text suffix.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (docx, odt, xlsx, ...)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (doc, xls)"),
)
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (other than tab, newlines, form feed): not prose."""
    sample = text[:100_000]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    return controls > max(2, len(sample) // 100)


def _guess_encoding(raw: bytes, path: str) -> str:
    """The legacy encoding of ``raw``: charset detection, preferring cp1252 among equally good guesses.

    Latin-1/cp1252 text (French, German, Spanish news) reads about as well in cp1250 or
    cp1257 to a detector, but cp1252 is what such files are saved in by far the most.
    """
    matches = list(charset_normalizer.from_bytes(raw[:1_000_000]))
    if not matches:
        raise ArticleReadError(path, "not text in any encoding we recognise")
    least_chaos = min(match.chaos for match in matches)
    close = [match for match in matches if match.chaos <= least_chaos + 0.01]
    western = next((match for match in close if "cp1252" in match.could_be_from_charset), None)
    return "cp1252" if western is not None else close[0].encoding


def _encoding_of(raw: bytes, path: str) -> str | None:
    """The encoding ``raw`` is in: its byte-order mark's, None for UTF-8, else a guess; binary data refused."""
    marked = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if marked is not None:
        return marked
    if b"\x00" in raw[:4096]:
        raise ArticleReadError(path, "binary data, not text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return _guess_encoding(raw, path)
    return None


def _decode(raw: bytes, path: str) -> tuple[str, str | None]:
    """The text of ``raw`` and, when it was not UTF-8, the encoding it was read in."""
    if not raw:
        raise ArticleReadError(path, "the file is empty")
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            raise ArticleReadError(path, f"{kind}, not text: convert it to text first")
    encoding = _encoding_of(raw, path)
    try:
        text = raw.decode(encoding or "utf-8")
    except (UnicodeDecodeError, LookupError) as error:
        raise ArticleReadError(path, f"not valid {encoding} text") from error
    if _looks_binary(text):
        raise ArticleReadError(path, "binary data, not text")
    return text, None if encoding in (None, "utf-8-sig", "utf_8") else encoding


def read_bytes(raw: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> ReadReport:
    """The articles in one file's bytes, its type told by the suffix of ``name``.

    A problem with the whole file raises ``ArticleReadError``; in a JSON array or a
    JSONL file a bad record is reported and the other records are still read. A URL
    list of more than ``limits.max_urls`` URLs raises ``TooLargeError`` before anything is fetched.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleReadError(name, f"unsupported file type {suffix or '(none)'}")
    text, encoding = _decode(raw, name)
    if not text.strip():
        raise ArticleReadError(name, "the file holds only whitespace")
    report = ReadReport()
    if encoding is not None:
        report.warnings.append(f"{name}: not UTF-8; read as {encoding}")
    report.extend(_reader_for(suffix)(text, name, limits))
    return _without_too_long(report, name, limits.max_chars)


_Reader = Callable[[str, str, ReadLimits], ReadReport]


def _reader_for(suffix: str) -> _Reader:
    if suffix in URL_LIST_SUFFIXES:
        return _read_url_list
    if suffix in TEXT_SUFFIXES:
        return lambda text, name, _: ReadReport(articles=[article_from_text(text, path=name)])
    if suffix in HTML_SUFFIXES:
        return lambda text, name, _: ReadReport(articles=[article_from_html(text, path=name)])
    return _read_json if suffix == ".json" else _read_json_lines


def _read_json(text: str, name: str, limits: ReadLimits) -> ReadReport:
    """The records of a JSON object or array; a bad record is reported, the others read."""
    try:
        data = loads_json(text)
    except json.JSONDecodeError as error:
        raise ArticleReadError(name, f"invalid JSON: {error.msg} at line {error.lineno}") from error
    except NestingError as error:
        raise ArticleReadError(name, str(error)) from error
    records = data if isinstance(data, list) else [data]
    if not records:
        raise ArticleReadError(name, "an empty JSON array")
    report = ReadReport()
    for index, record in enumerate(records):
        _add_record(report, record, f"{name}[{index}]" if len(records) > 1 else name)
    return report


def _read_json_lines(text: str, name: str, limits: ReadLimits) -> ReadReport:
    """One record per line; a bad line is reported as ``<file>:<line>``, the others read."""
    report = ReadReport()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = loads_json(line)
        except json.JSONDecodeError as error:
            report.failures.append(ArticleReadError(f"{name}:{number}", f"invalid JSON line: {error.msg}"))
            continue
        except NestingError as error:
            report.failures.append(ArticleReadError(f"{name}:{number}", str(error)))
            continue
        _add_record(report, record, f"{name}:{number}")
    if not report.articles and not report.failures:
        raise ArticleReadError(name, "no JSON lines")
    return report


def _without_too_long(report: ReadReport, name: str, max_chars: int) -> ReadReport:
    """``report`` with each article above ``max_chars`` characters moved to the failures."""
    for article in report.articles:
        if len(article.body) > max_chars:
            reason = f"the text has {len(article.body):,} characters, above the limit of {max_chars:,}"
            report.failures.append(ArticleReadError(article.path or name, reason))
    report.articles = [a for a in report.articles if len(a.body) <= max_chars]
    return report


def _add_record(report: ReadReport, record: Any, where: str) -> None:
    try:
        report.articles.append(article_from_record(record, where=where))
    except ArticleReadError as error:
        report.failures.append(error)


def _url_lines(text: str) -> list[tuple[int, str]]:
    """(line number, URL) of each URL in a ``.urls`` file; blank lines and ``# comments`` skipped."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#")
    ]


def _read_url_list(text: str, name: str, limits: ReadLimits) -> ReadReport:
    """The articles at the URLs of a list file; a URL that fails is reported as ``<file>:<line> <url>``."""
    urls = _url_lines(text)
    if not urls:
        raise ArticleReadError(name, "the URL list holds no URL")
    if limits.max_urls is not None and len(urls) > limits.max_urls:
        raise TooLargeError(
            f"{name}: {len(urls):,} URLs; at most {limits.max_urls:,} are fetched per request "
            "(PEACEGRAPH_MAX_ARTICLES_PER_REQUEST)"
        )
    report = ReadReport()
    for number, url in urls:
        try:
            fetched = read_url(url, limits)
        except ArticleReadError as error:
            report.failures.append(ArticleReadError(f"{name}:{number}", f"{url}: {error.reason}"))
            continue
        for article in fetched.articles:
            report.articles.append(article.model_copy(update={"path": f"{name}:{number}"}))
        report.warnings.extend(fetched.warnings)
    return report


_SYMLINK_REASON = "a symbolic link; not followed (name the file it points to)"


def _refuse_unless_regular(name: str, mode: int) -> None:
    if stat.S_ISLNK(mode):
        raise ArticleReadError(name, _SYMLINK_REASON)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if not stat.S_ISREG(mode):
        kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"))  # fmt: skip
        kind = next((kind for test, kind in kinds if test(mode)), "a special file")
        raise ArticleReadError(name, f"not a regular file ({kind}); not read")


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of a supported type and at most ``max_bytes``.

    A symbolic link is refused, not followed (``pw.txt -> data/root_password`` must not
    become an article), and so are FIFOs, sockets and devices. The type is checked
    before opening (opening a device can act on it) and again on the open descriptor:
    ``O_NOFOLLOW`` and ``O_NONBLOCK`` make a link or FIFO swapped in between fail
    instead of being followed or blocking forever.
    """
    name = str(path)
    _refuse_unless_regular(name, path.lstat().st_mode)
    size = path.lstat().st_size
    if size > max_bytes:
        raise ArticleReadError(
            name, f"the file is {size:,} bytes, above the limit of {max_bytes:,} (PEACEGRAPH_MAX_ARTICLE_BYTES)"
        )
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ArticleReadError(name, f"unsupported file type {path.suffix.lower() or '(none)'}")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ArticleReadError(name, _SYMLINK_REASON) from error
        raise
    with os.fdopen(descriptor, "rb") as handle:
        _refuse_unless_regular(name, os.fstat(descriptor).st_mode)
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ArticleReadError(name, f"the file grew above the limit of {max_bytes:,} bytes while being read")
    return raw


def read_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadReport:
    """The articles in one file (a JSON array or JSONL file may hold several).

    Only a regular file is read: a symbolic link is refused, not followed, and so are
    FIFOs, sockets and devices.
    """
    name = str(path)
    try:
        raw = _read_regular(path, limits.max_bytes)
    except FileNotFoundError as error:
        raise ArticleReadError(name, "no such file or folder") from error
    except IsADirectoryError as error:
        raise ArticleReadError(name, "is a directory") from error
    except PermissionError as error:
        raise ArticleReadError(name, "permission denied") from error
    except OSError as error:
        raise ArticleReadError(name, f"cannot be read: {error.strerror or error}") from error
    return read_bytes(raw, name, limits)


def _check_public(url: str, host: str, port: int) -> None:
    """Refuse a host that resolves to a loopback, private, link-local or reserved address."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ArticleReadError(url, f"unknown host {host!r}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ArticleReadError(url, f"{host} is a local or private address ({address}); not fetched")


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs that pass the same address check."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        parts = urllib.parse.urlsplit(newurl)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ArticleReadError(newurl, "redirected to a URL that is not http(s)")
        if not self.allow_private:
            _check_public(newurl, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True)
class Fetched:
    """What an http(s) URL answered: its body, content type and final URL (after redirects)."""

    url: str
    raw: bytes
    content_type: str
    final_url: str


def read_url(url: str, limits: ReadLimits = DEFAULT_LIMITS) -> ReadReport:
    """The article at an http(s) URL: HTML through trafilatura, anything else as text."""
    return article_from_fetched(fetch_url(url, limits), limits)


def fetch_url(url: str, limits: ReadLimits = DEFAULT_LIMITS) -> Fetched:
    """The body of an http(s) URL, refused on a local or private address unless ``limits.allow_private_urls``."""
    max_bytes, allow_private = limits.max_bytes, limits.allow_private_urls
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArticleReadError(url, "only http:// and https:// URLs are fetched")
    if not allow_private:
        _check_public(url, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    request = urllib.request.Request(url, headers={"User-Agent": "peacegraph/0.1 (+article loader)"})
    opener = urllib.request.build_opener(_GuardedRedirects(allow_private))
    try:
        with opener.open(request, timeout=limits.url_timeout) as response:
            raw = response.read(max_bytes + 1)
            content_type = response.headers.get_content_type()
            final_url = response.geturl()
    except urllib.error.HTTPError as error:
        raise ArticleReadError(url, f"the server answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise ArticleReadError(url, f"could not be fetched: {reason}") from error
    if len(raw) > max_bytes:
        raise ArticleReadError(url, f"the page is larger than the limit of {max_bytes:,} bytes")
    return Fetched(url=url, raw=raw, content_type=content_type, final_url=final_url)


def article_from_fetched(fetched: Fetched, limits: ReadLimits = DEFAULT_LIMITS) -> ReadReport:
    """The article of a fetched page: HTML through trafilatura, anything else as text."""
    max_chars = limits.max_chars
    url, content_type, final_url = fetched.url, fetched.content_type, fetched.final_url
    text, encoding = _decode(fetched.raw, url)
    report = ReadReport()
    if encoding is not None:
        report.warnings.append(f"{url}: not UTF-8; read as {encoding}")
    if content_type in ("text/html", "application/xhtml+xml"):
        article = article_from_html(text, url=final_url)
    elif content_type.startswith("text/"):
        article = article_from_text(text).model_copy(update={"url": final_url})
    else:
        raise ArticleReadError(url, f"content type {content_type} is not an article (HTML or text)")
    if len(article.body) > max_chars:
        raise ArticleReadError(url, f"the text has {len(article.body):,} characters, above the limit of {max_chars:,}")
    report.articles.append(article)
    return report


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Files under ``paths`` (folders walked in name order) that a reader accepts or should report.

    Symbolic links are not followed: a link (to a file or a folder) is yielded as it
    is, so that ``read_file`` reports it; hidden files are skipped.
    """
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            yield from sorted(_walk(path))
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry under ``folder`` that is not a folder, descending into real folders only."""
    try:
        entries = list(os.scandir(folder))
    except OSError as error:
        log.warning("%s: cannot be listed: %s", folder, error.strerror or error)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif not entry.name.startswith("."):
            yield Path(entry.path)
