"""POST /articles, DELETE /articles/{id}: add articles to the graph (text, a URL or uploaded files), remove one;
both need the API key."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from peacegraph.api import ingestion
from peacegraph.api.deps import SettingsDep, StoreDep, WriterDep
from peacegraph.api.schemas import (
    ArticleBatchIn,
    ArticleIn,
    ArticleRemoved,
    IngestedArticle,
    IngestFailure,
    IngestResult,
)
from peacegraph.graph.errors import ArticleReadError, InputError, NotFoundError, TooLargeError
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.readers import (
    URL_LIST_SUFFIXES,
    NestingError,
    ReadLimits,
    ReadReport,
    article_from_record,
    loads_json,
    read_bytes,
    read_url,
)

router = APIRouter(prefix="/articles", tags=["articles"])


_EXAMPLE = {
    "title": "Kremlin says it studies the plan",
    "text": "Moscow, November 22, 2025 – Vladimir Putin said on Friday ...",
    "published": "2025-11-22",
    "source": "TASS",
}
_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        _ARTICLE_SCHEMA,
                        {
                            "title": "ArticleBatchIn",
                            "type": "object",
                            "properties": {"articles": {"type": "array", "items": _ARTICLE_SCHEMA, "minItems": 1}},
                            "required": ["articles"],
                            "additionalProperties": False,
                        },
                    ]
                },
                "examples": {
                    "text": {"value": _EXAMPLE},
                    "url": {"value": {"url": "https://example.org/news/peace-plan.html"}},
                },
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    "required": ["file"],
                }
            },
        },
    }
}


def _record_report(item: ArticleIn, where: str, settings: Settings) -> ReadReport:
    if item.text is None:
        if not item.url:
            raise InputError(f"{where}: give the article's 'text' or a 'url' to fetch it from")
        return read_url(item.url, ReadLimits.from_settings(settings))
    report = ReadReport()
    record = item.model_dump(exclude_none=True)
    if len(item.text) > settings.max_article_chars:
        reason = f"the text has {len(item.text):,} characters, above the limit of {settings.max_article_chars:,}"
        report.failures.append(ArticleReadError(where, reason))
        return report
    report.articles.append(article_from_record(record, where=where))
    return report


def _read_json(body: bytes, settings: Settings) -> ReadReport:
    try:
        data = loads_json(body)
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"the body is not valid JSON: {error}") from error
    except NestingError as error:
        raise InputError(f"the body is not an article: {error}") from error
    except UnicodeEncodeError as error:
        reason = f"the body holds text that is not valid Unicode (a lone surrogate such as \\ud800): {error.reason}"
        raise InputError(reason) from error
    try:
        items = (
            ArticleBatchIn.model_validate(data).articles
            if isinstance(data, dict) and "articles" in data
            else [ArticleIn.model_validate(data)]
        )
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from error
    if len(items) > settings.max_articles_per_request:
        raise TooLargeError(_too_many(len(items), settings))
    report = ReadReport()
    for index, item in enumerate(items):
        where = item.url or ("request" if len(items) == 1 else f"request[{index}]")
        try:
            report.extend(_record_report(item, where, settings))
        except ArticleReadError as error:
            report.failures.append(error)
    return report


async def _read_files(request: Request, settings: Settings) -> ReadReport:
    form = await request.form(max_files=settings.max_articles_per_request, max_fields=10)
    uploads = [value for value in form.getlist("file") if isinstance(value, UploadFile)]
    if not uploads:
        raise InputError("a multipart request needs one or more 'file' fields")
    files: list[tuple[str, bytes]] = []
    for upload in uploads:
        name = PurePath(upload.filename or "upload.txt").name
        files.append((name, await upload.read(settings.max_article_bytes + 1)))
    await form.close()
    # Reading parses dates and HTML and fetches the URLs of a .urls file: off the event loop.
    return await run_in_threadpool(_read_uploads, files, settings)


def _read_uploads(files: list[tuple[str, bytes]], settings: Settings) -> ReadReport:
    """The articles of uploaded files; at most ``max_articles_per_request`` URLs fetched in all."""
    report = ReadReport()
    limits = ReadLimits.from_settings(settings)
    urls_left = settings.max_articles_per_request
    for name, raw in files:
        if len(raw) > settings.max_article_bytes:
            report.failures.append(ArticleReadError(name, f"above the limit of {settings.max_article_bytes:,} bytes"))
            continue
        try:
            read = read_bytes(raw, name, replace(limits, max_urls=urls_left))
        except ArticleReadError as error:
            report.failures.append(error)
            continue
        if PurePath(name).suffix.lower() in URL_LIST_SUFFIXES:
            urls_left -= len(read.articles) + len(read.failures)  # one or the other per URL
        report.extend(read)
    return report


def _too_many(count: int, settings: Settings) -> str:
    return (
        f"{count} articles in one request; the limit is {settings.max_articles_per_request} "
        "(PEACEGRAPH_MAX_ARTICLES_PER_REQUEST)"
    )


def _write(store: GraphStore, admitted: ingestion.Admitted) -> IngestResult:
    """Extract and write each new article (``peacegraph.api.ingestion``); the others are already present."""
    report = admitted.report
    written = {
        done.article.id: IngestedArticle(
            id=done.article.id,
            title=done.article.title,
            status="created",
            nodes_created=done.summary.nodes_created,
            relationships_created=done.summary.relationships_created,
        )
        for done in ingestion.ingest(store, admitted.new)
    }
    articles = ingestion.unique(report.articles)
    ingested = [
        written.get(article.id) or IngestedArticle(id=article.id, title=article.title, status="already present")
        for article in articles
    ]
    return IngestResult(
        articles=ingested,
        failed=[IngestFailure(where=f.path, reason=f.reason) for f in report.failures],
        warnings=report.warnings,
        nodes_created=sum(a.nodes_created for a in ingested),
        relationships_created=sum(a.relationships_created for a in ingested),
    )


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    openapi_extra=_OPENAPI_BODY,
    responses={
        200: {"description": "every article was already in the graph: nothing changed", "model": IngestResult},
        400: {"description": "nothing could be read (each reason is given)"},
        401: {"description": "missing or wrong X-API-Key"},
        403: {"description": "write endpoints are off (no API key configured)"},
        413: {"description": "the body, a file or the number of articles is above the limit"},
        415: {"description": "neither JSON nor multipart/form-data"},
        429: {"description": "too many write requests; retry later"},
        503: {"description": "the graph server does not answer"},
    },
)
async def add_articles(request: Request, _: WriterDep, store: StoreDep, settings: SettingsDep) -> Any:
    """Load articles: JSON ``{text, title, published, source, url}`` (or ``{url}`` alone, fetched),
    ``{articles: [...]}``, or uploaded files (txt, md, html, json, jsonl) as multipart ``file`` fields.

    Each article is written in one transaction; the same text sent again creates nothing.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        body = await request.body()
        report = await run_in_threadpool(_read_json, body, settings)
    elif content_type == "multipart/form-data":
        report = await _read_files(request, settings)
    else:
        raise HTTPException(415, "send application/json or multipart/form-data")
    if len(report.articles) > settings.max_articles_per_request:
        raise TooLargeError(_too_many(len(report.articles), settings))
    # An article not in English is skipped, named; one already in the graph is not extracted again.
    admitted = await run_in_threadpool(ingestion.admit, store, report)
    if not admitted.articles:
        reasons = "; ".join(str(failure) for failure in admitted.report.failures) or "no article in the request"
        raise InputError(f"nothing could be loaded: {reasons}")
    result = await run_in_threadpool(_write, store, admitted)
    status = 201 if any(a.status == "created" for a in result.articles) else 200
    return JSONResponse(result.model_dump(mode="json"), status_code=status)


@router.delete(
    "/{article_id}",
    response_model=ArticleRemoved,
    responses={
        401: {"description": "missing or wrong X-API-Key"},
        403: {"description": "write endpoints are off (no API key configured)"},
        404: {"description": "no such article"},
        429: {"description": "too many write requests; retry later"},
    },
)
async def remove_article(
    _: WriterDep,
    store: StoreDep,
    article_id: Annotated[str, Path(examples=["article:ba0549949b1fb6b5"])],
) -> ArticleRemoved:
    """Remove an article and what only it supported, in one transaction: the stance edges read from it, its
    MENTIONS and REPORTS links, and the nodes no other article mentions, reports or holds a stance edge with.
    Nodes other articles support, and the reference data (gazetteer, plans), stay."""
    removal = await run_in_threadpool(ingestion.remove, store, [article_id])
    if article_id not in removal.articles:
        raise NotFoundError("article", article_id)
    return ArticleRemoved(
        id=article_id, relationships_deleted=removal.relationships_deleted, nodes_deleted=removal.nodes_deleted
    )
