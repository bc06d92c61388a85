"""How much a client may ask: the API key check, a request body limit, a write rate limit, and slots
for work that is costly to run many of at once (``/cypher`` queries, whole-graph exports)."""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import SettingsDep
from api.problems import problem
from graph.errors import BusyError, TooLargeError
from graph.readonly import QuerySlots
from graph.settings import Settings


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

    def __init__(self, limit: int, window: float, what: str = "requests") -> None:
        self.limit = limit
        self.window = window
        self.what = what
        self._calls: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise ``BusyError`` if ``client`` has used up its calls of the window; count nothing."""
        with self._lock:
            self._full(client, time.monotonic())

    def hit(self, client: str) -> None:
        """Count a call of ``client``; ``BusyError`` (not counted) if it has used up the window."""
        now = time.monotonic()
        with self._lock:
            self._full(client, now)
            self._calls[client].append(now)

    def _full(self, client: str, now: float) -> None:
        calls = self._calls.get(client)
        if calls is None:
            return
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        if not calls:
            del self._calls[client]  # clients seen once do not pile up
        elif len(calls) >= self.limit:
            wait = calls[0] + self.window - now
            raise BusyError(
                f"more than {self.limit} {self.what} in {self.window:g}s; try again in {wait:.0f}s",
                retry_after=wait,
            )


_LIMITER_LOCK = threading.Lock()


def app_slots(request: Request, name: str, size: int, what: str) -> QuerySlots:
    """The app's shared slots called ``name`` (made on first use): at most ``size`` ``what`` at once."""
    with _LIMITER_LOCK:
        slots: QuerySlots | None = getattr(request.app.state, name, None)
        if slots is None:
            slots = QuerySlots(size, what)
            setattr(request.app.state, name, slots)
        return slots


def _limiter(request: Request, name: str, settings: Settings, what: str) -> RateLimiter:
    with _LIMITER_LOCK:
        limiter: RateLimiter | None = getattr(request.app.state, name, None)
        if limiter is None:
            limiter = RateLimiter(settings.write_rate_limit, settings.write_rate_window, what)
            setattr(request.app.state, name, limiter)
        return limiter


# The OpenAPI security scheme of write endpoints (the Authorize button of /docs). auto_error=False:
# require_writer answers a missing key itself (403 when writes are off, else 401 as a problem).
API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    scheme_name="ApiKey",
    description="the key of write endpoints (PEACEGRAPH_API_KEY of the server)",
    auto_error=False,
)


def require_writer(
    request: Request,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Security(API_KEY_HEADER)] = None,
) -> None:
    """Let a request through only with the configured API key (constant-time compare), then rate-limit it.

    The key comes first, so requests without one (401, at no cost) never use up the key
    holder's budget of writes. Wrong keys count in a budget of their own per client; above
    it every key from that client answers 429, the right one too, or the limit would not
    slow guessing. The client is the TCP peer (uvicorn believes ``X-Forwarded-For`` only
    from ``PEACEGRAPH_TRUSTED_PROXIES``).
    """
    if settings.api_key is None:
        raise HTTPException(
            403, "write endpoints are off: no API key is configured (set PEACEGRAPH_API_KEY to turn them on)"
        )
    if not x_api_key:
        raise HTTPException(401, "this endpoint needs the X-API-Key header", headers={"WWW-Authenticate": "ApiKey"})
    client = request.client.host if request.client else "unknown"
    guesses = _limiter(request, "key_guess_limiter", settings, "requests with a wrong API key")
    guesses.check(client)
    expected = settings.api_key.get_secret_value().encode("utf-8")
    if not hmac.compare_digest(x_api_key.encode("utf-8"), expected):
        guesses.hit(client)
        raise HTTPException(401, "wrong API key", headers={"WWW-Authenticate": "ApiKey"})
    _limiter(request, "write_limiter", settings, "write requests").hit(client)


WriterDep = Annotated[None, Depends(require_writer)]
