"""Readers: files (txt, md, html, json, jsonl) -> ``RawArticle``.

A reader keeps the body exactly as the source gives it (offsets of extracted
evidence slice it verbatim) and takes metadata from where news text carries
it: ``Key: value`` header lines, a dateline ("Moscow, November 22, 2025 –",
"CaliToday (28/11/2025):"), HTML meta tags, JSON fields.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import dateparser
from pydantic import BaseModel, ConfigDict, Field

from graph.errors import ArticleReadError
from graph.model import ArticleMeta, article_id

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

_HEADER_LINE = re.compile(r"^(title|source|date|published|url|language|author)\s*:\s*(.+)$", re.I)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "Moscow, November 22, 2025 –" / "KYIV, Ukraine (AP) — Nov. 22, 2025" / "22 November 2025 -"
_DATELINE = re.compile(
    r"^\s*(?:(?P<place>[A-Z][\w .'’-]{1,40}?)(?:,\s*[A-Z][\w .'-]{1,30})?(?:\s*\([\w .]+\))?,\s*)?"
    r"(?P<date>(?:" + _MONTHS + r")\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:" + _MONTHS + r")\.?\s+\d{4})"
    r"\s*[–—-]",
)
# "CaliToday (28/11/2025):"
_SOURCE_DATE = re.compile(
    r"^\s*(?P<source>[A-Z][\w.&' -]{1,40}?)\s*\((?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{4})\)\s*:"
)


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


def parse_date(text: str, *, day_first: bool = False) -> date | None:
    """A date from free text ("November 22, 2025", "28/11/2025", "2025-11-22"), or None."""
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


def article_from_text(text: str, *, path: str | None = None) -> RawArticle:
    """A plain-text or Markdown article: optional ``Key: value`` header, then the body."""
    fields: dict[str, str] = {}
    lines = text.split("\n")
    consumed = 0
    for line in lines:
        match = _HEADER_LINE.match(line.strip())
        if not match:
            break
        fields[match.group(1).lower()] = match.group(2).strip()
        consumed += 1
    if fields and consumed < len(lines) and not lines[consumed].strip():
        body = "\n".join(lines[consumed + 1 :])
    elif fields:
        body = "\n".join(lines[consumed:])
    else:
        body = text
    title = fields.get("title")
    if title is None and body.lstrip().startswith("# "):
        title = body.lstrip().split("\n", 1)[0][2:].strip()
    published = parse_date(fields.get("date") or fields.get("published") or "") if fields else None
    source = fields.get("source")
    head = body.lstrip()[:200]
    if (match := _SOURCE_DATE.match(head)) is not None:
        source = source or match.group("source").strip()
        published = published or parse_date(match.group("date"), day_first=True)
    elif (match := _DATELINE.match(head)) is not None:
        published = published or parse_date(match.group("date"))
    return RawArticle(
        body=body,
        title=title or _first_sentence_title(body),
        source=source,
        url=fields.get("url"),
        published=published,
        language=fields.get("language"),
        path=path,
    )


def article_from_html(html: str, *, path: str | None = None, url: str | None = None) -> RawArticle:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ArticleReadError(path or url or "<html>", "no article text found in the HTML")
    published = parse_date(document.date) if getattr(document, "date", None) else None
    base = article_from_text(text, path=path)
    return base.model_copy(
        update={
            "title": getattr(document, "title", None) or base.title,
            "source": getattr(document, "sitename", None) or base.source,
            "url": getattr(document, "url", None) or url,
            "published": published or base.published,
            "language": getattr(document, "language", None) or base.language,
        }
    )


def article_from_record(record: dict[str, Any], *, where: str) -> RawArticle:
    """An article from a JSON object with ``text`` (or ``body``) and optional metadata."""
    if not isinstance(record, dict):
        raise ArticleReadError(where, "a JSON article must be an object")
    body = record.get("text") or record.get("body")
    if not isinstance(body, str) or not body.strip():
        raise ArticleReadError(where, "JSON article has no 'text'")
    base = article_from_text(body, path=where)
    published = record.get("published") or record.get("date")
    return base.model_copy(
        update={
            "title": record.get("title") or base.title,
            "source": record.get("source") or base.source,
            "url": record.get("url") or base.url,
            "published": (parse_date(str(published)) if published else None) or base.published,
            "language": record.get("language") or base.language,
        }
    )


def _decode(raw: bytes, path: str) -> str:
    if not raw.strip():
        raise ArticleReadError(path, "the file is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleReadError(path, "binary data, not text")
    for encoding in ("utf-8-sig", "utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ArticleReadError(path, "not UTF-8 text (re-save it as UTF-8)")


def read_file(path: Path, *, max_bytes: int = 5_000_000) -> list[RawArticle]:
    """The articles in one file (a JSON array or JSONL file may hold several)."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleReadError(name, f"unsupported file type {suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleReadError(name, f"file is {size:,} bytes, above the limit of {max_bytes:,}")
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise ArticleReadError(name, "no such file") from error
    except IsADirectoryError as error:
        raise ArticleReadError(name, "is a directory") from error
    except PermissionError as error:
        raise ArticleReadError(name, "permission denied") from error
    text = _decode(raw, name)
    if not text.strip():
        raise ArticleReadError(name, "the file holds only whitespace")
    if suffix in TEXT_SUFFIXES:
        return [article_from_text(text, path=name)]
    if suffix in HTML_SUFFIXES:
        return [article_from_html(text, path=name)]
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ArticleReadError(name, f"invalid JSON: {error.msg} at line {error.lineno}") from error
        records = data if isinstance(data, list) else [data]
        return [article_from_record(r, where=f"{name}[{i}]" if len(records) > 1 else name)
                for i, r in enumerate(records)]  # fmt: skip
    articles = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ArticleReadError(f"{name}:{number}", f"invalid JSON line: {error.msg}") from error
        articles.append(article_from_record(record, where=f"{name}:{number}"))
    return articles


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Files under ``paths`` (folders walked in name order) that a reader accepts or should report."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield child
        else:
            yield path
