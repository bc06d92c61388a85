"""Errors as RFC 9457 problem details (``application/problem+json``), mapped in one place."""

from __future__ import annotations

import copy
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from peacegraph.graph.errors import (
    BusyError,
    InputError,
    NotFoundError,
    PeacegraphError,
    QueryTimeoutError,
    StoreBusyError,
    StoreUnavailableError,
    TooLargeError,
)

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


def problem(status: int, detail: str, *, title: str | None = None, **extra: object) -> JSONResponse:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _status_of(error: PeacegraphError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, TooLargeError):
        return 413
    if isinstance(error, InputError):
        return 400
    if isinstance(error, BusyError):
        return 429
    if isinstance(error, StoreUnavailableError):
        return 503
    if isinstance(error, QueryTimeoutError):
        return 504
    return 500


async def _peacegraph_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, PeacegraphError)
    status = _status_of(error)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, error)
    return with_retry_after(problem(status, str(error), instance=request.url.path), error)


def with_retry_after(response: JSONResponse, error: Exception) -> JSONResponse:
    """``response`` with a ``Retry-After`` header when ``error`` says when to come back."""
    if isinstance(error, BusyError | StoreBusyError):
        response.headers["Retry-After"] = str(max(1, round(error.retry_after)))
    return response


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    response = problem(error.status_code, str(error.detail), instance=request.url.path)
    if error.headers:
        response.headers.update(error.headers)
    return response


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"loc": list(item.get("loc", ())), "msg": item.get("msg", ""), "type": item.get("type", "")}
        for item in error.errors()
    ]
    return problem(422, "the request is not valid", instance=request.url.path, errors=errors)


PROBLEM_SCHEMA: dict[str, object] = {
    "title": "Problem",
    "description": "RFC 9457 problem details",
    "type": "object",
    "properties": {
        "type": {"type": "string", "examples": ["about:blank"]},
        "title": {"type": "string", "examples": ["Not Found"]},
        "status": {"type": "integer", "examples": [404]},
        "detail": {"type": "string", "examples": ["no actor with id 'person:nobody'"]},
        "instance": {"type": "string", "examples": ["/actors/person:nobody"]},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "422: what is wrong, where"},
    },
    "required": ["type", "title", "status", "detail"],
}


UNAVAILABLE: dict[str, Any] = {
    "description": "the graph server does not answer, or the API is at its connection limit: retry later",
    "headers": {
        "Retry-After": {"description": "seconds to wait, when known", "schema": {"type": "integer"}},
    },
}


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI schema say what the handlers send: every 4xx/5xx is ``application/problem+json``,
    and any operation can answer 503 (every one needs the graph server or a connection slot)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
            for path_item in schema.get("paths", {}).values():
                for operation in path_item.values():
                    responses = operation.setdefault("responses", {})
                    responses["503"] = {**copy.deepcopy(UNAVAILABLE), **responses.get("503", {})}
                    for status, response in operation.get("responses", {}).items():
                        if status[:1] in ("4", "5"):
                            response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_problem_handlers(app: FastAPI) -> None:
    """Errors of every kind answer as problem details, and the OpenAPI schema documents them so."""
    app.add_exception_handler(PeacegraphError, _peacegraph_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    _document_problems(app)
