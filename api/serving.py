"""How uvicorn serves the app: forwarded headers from trusted proxies only, a connection cap,
and a deadline for each request's head (uvicorn has none: a client trickling its headers held
its connection for ever, and 300 of them were all kept)."""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from peacegraph.graph.settings import Settings


class HeadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request line and headers have not all
    arrived ``head_timeout`` seconds after it opened (or after its previous response)."""

    head_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._arm_head_deadline()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head is in: the request is the app's now
            self._disarm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_deadline()  # the next request on this connection gets a deadline of its own

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        self._head_deadline = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _disarm_head_deadline(self) -> None:
        deadline = getattr(self, "_head_deadline", None)
        if deadline is not None:
            deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info("closing a connection whose request head took over %gs", self.head_timeout)
            self.transport.close()


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for ``settings``.

    ``X-Forwarded-For`` is believed only from configured proxies (uvicorn's default believes it
    from 127.0.0.1, so anyone on the machine could pose as any address and step around the
    per-client limits). Above ``api_max_connections`` open connections a request answers 503.
    """
    proxies = settings.trusted_proxies.strip()
    protocol = type("HeadDeadlineProtocol", (HeadDeadlineProtocol,), {"head_timeout": settings.api_header_timeout})
    return {
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or "",
        "server_header": False,
        "http": protocol,
        "limit_concurrency": settings.api_max_connections,
    }
