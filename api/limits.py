"""Who may write and how much: the API key check, a request body limit and a write rate limit."""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import SettingsDep
from api.problems import problem
from graph.errors import BusyError, TooLargeError


class BodySizeLimit:
    """ASGI middleware: a request body above ``max_bytes`` answers 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = problem(413, self._message(int(declared)), instance=scope.get("path", ""))
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLargeError(self._message(seen))
            return message

        await self.app(scope, limited, send)

    def _message(self, size: int) -> str:
        return (
            f"the request body has {size:,} bytes or more; the limit is {self.max_bytes:,} "
            "(PEACEGRAPH_MAX_REQUEST_BYTES)"
        )


class RateLimiter:
    """At most ``limit`` calls per client in any ``window`` seconds (a sliding window, in memory)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._calls: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            calls = self._calls[client]
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if len(calls) >= self.limit:
                wait = calls[0] + self.window - now
                raise BusyError(
                    f"more than {self.limit} write requests in {self.window:g}s; try again in {wait:.0f}s",
                    retry_after=wait,
                )
            calls.append(now)


_LIMITER_LOCK = threading.Lock()


def _write_limiter(request: Request, limit: int, window: float) -> RateLimiter:
    with _LIMITER_LOCK:
        limiter: RateLimiter | None = getattr(request.app.state, "write_limiter", None)
        if limiter is None:
            limiter = request.app.state.write_limiter = RateLimiter(limit, window)
        return limiter


def require_writer(
    request: Request,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="the API key of write endpoints")] = None,
) -> None:
    """Rate-limit, then let a request through only with the configured API key (constant-time compare)."""
    client = request.client.host if request.client else "unknown"
    _write_limiter(request, settings.write_rate_limit, settings.write_rate_window).hit(client)
    if settings.api_key is None:
        raise HTTPException(
            403, "write endpoints are off: no API key is configured (set PEACEGRAPH_API_KEY to turn them on)"
        )
    if not x_api_key:
        raise HTTPException(401, "this endpoint needs the X-API-Key header", headers={"WWW-Authenticate": "ApiKey"})
    expected = settings.api_key.get_secret_value().encode("utf-8")
    if not hmac.compare_digest(x_api_key.encode("utf-8"), expected):
        raise HTTPException(401, "wrong API key", headers={"WWW-Authenticate": "ApiKey"})


WriterDep = Annotated[None, Depends(require_writer)]
