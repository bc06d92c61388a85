"""How much a client may ask: a request body limit and a rate limit (the app makes one for writes and
one for wrong API keys in its ``lifespan``; ``peacegraph.api.deps.require_writer`` uses them)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from peacegraph.api.problems import problem
from peacegraph.graph.errors import BusyError, TooLargeError


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
