"""FastAPI dependencies: what the app made in its ``lifespan`` (``peacegraph.api.app``), and the writers' gate."""

from __future__ import annotations

import hmac
from typing import Annotated, cast

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from peacegraph.api.limits import RateLimiter
from peacegraph.graph.analytics import GraphAnalytics
from peacegraph.graph.readonly import QuerySlots
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    return cast(GraphStore, request.app.state.store)


def get_app_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_analytics(request: Request) -> GraphAnalytics:
    return cast(GraphAnalytics, request.app.state.analytics)


def get_cypher_slots(request: Request) -> QuerySlots:
    """At most ``cypher_concurrency`` read-only queries at once."""
    return cast(QuerySlots, request.app.state.cypher_slots)


def get_export_slots(request: Request) -> QuerySlots:
    """At most ``export_concurrency`` whole-graph exports at once."""
    return cast(QuerySlots, request.app.state.export_slots)


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
AnalyticsDep = Annotated[GraphAnalytics, Depends(get_analytics)]
CypherSlotsDep = Annotated[QuerySlots, Depends(get_cypher_slots)]
ExportSlotsDep = Annotated[QuerySlots, Depends(get_export_slots)]


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
    guesses = cast(RateLimiter, request.app.state.key_guess_limiter)
    guesses.check(client)
    expected = settings.api_key.get_secret_value().encode("utf-8")
    if not hmac.compare_digest(x_api_key.encode("utf-8"), expected):
        guesses.hit(client)
        raise HTTPException(401, "wrong API key", headers={"WWW-Authenticate": "ApiKey"})
    cast(RateLimiter, request.app.state.write_limiter).hit(client)


WriterDep = Annotated[None, Depends(require_writer)]
