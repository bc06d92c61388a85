"""The FastAPI application: ``create_app()`` wires settings and the routers; ``lifespan`` makes the app state
(the store, analytics, query and export slots, rate limiters) that ``peacegraph.api.deps`` hands to routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from peacegraph.api.limits import BodySizeLimit, RateLimiter
from peacegraph.api.problems import install_problem_handlers
from peacegraph.api.routes import (
    actors,
    analytics,
    apidocs,
    articles,
    cypher,
    events,
    export,
    health,
    ingest,
    nodes,
    places,
    plans,
    search,
    subgraph,
    timeline,
)
from peacegraph.api.routes import page as graph_page
from peacegraph.graph.analytics import GraphAnalytics
from peacegraph.graph.errors import StoreError
from peacegraph.graph.readonly import QuerySlots
from peacegraph.graph.settings import Settings, get_settings
from peacegraph.graph.store import GraphStore

log = logging.getLogger(__name__)

# The sections of /docs and /redoc, in this order: what each group of operations is for.
TAGS: list[dict[str, str]] = [
    {"name": "health", "description": "Is the graph server there, and how big is the graph."},
    {"name": "search", "description": "Find an entity by name or alias, case- and accent-insensitive."},
    {"name": "actors", "description": "People, countries, organisations and every stance they hold (with evidence)."},
    {"name": "plans", "description": "The peace plans, their points, and who stands where on each (the matrix)."},
    {"name": "timeline", "description": "Events and stance edges in date order."},
    {"name": "events", "description": "Dated happenings: where, who took part, what was said of them."},
    {"name": "places", "description": "Places and who claims, attacks or demands them."},
    {"name": "nodes", "description": "Any node with its relationships."},
    {"name": "graph", "description": "Subgraphs (neighborhoods, paths) as nodes and edges, for drawing."},
    {"name": "analytics", "description": "Centrality, communities and contradictions over the stance graph."},
    {"name": "articles", "description": "The source articles; adding articles needs the API key (X-API-Key)."},
    {"name": "export", "description": "The graph or a neighborhood as GraphML, JSON or Cypher."},
    {"name": "cypher", "description": "Read-only Cypher for power users, behind guards (row cap, time limit)."},
]


def operation_id(route: APIRoute) -> str:
    """The operation id of a route is its function's name (``list_actors``), unique across the app."""
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the graph configured by ``settings`` (default: the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = GraphStore.from_settings(settings)
        try:
            store.ensure_schema()
        except StoreError as error:  # the API starts anyway; /health reports the outage
            log.warning("schema not ensured at startup (graph server unavailable?): %s", error)
        app.state.store = store
        app.state.settings = settings
        app.state.analytics = GraphAnalytics(store)
        app.state.cypher_slots = QuerySlots(settings.cypher_concurrency, "queries")
        app.state.export_slots = QuerySlots(settings.export_concurrency, "whole-graph exports")
        app.state.write_limiter = RateLimiter(settings.write_rate_limit, settings.write_rate_window, "write requests")
        app.state.key_guess_limiter = RateLimiter(
            settings.write_rate_limit, settings.write_rate_window, "requests with a wrong API key"
        )
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="peacegraph",
        version="0.1.0",
        description="A knowledge graph of the Russia-Ukraine peace talks, read from news articles.",
        lifespan=lifespan,
        openapi_tags=TAGS,
        generate_unique_id_function=operation_id,
        docs_url=None,  # served by peacegraph.api.routes.apidocs from the npm packages, not from a CDN
        redoc_url=None,
    )
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    for module in (health, articles, nodes, search):
        app.include_router(module.router)
    for module in (actors, plans, timeline, events, places, subgraph, analytics, export):
        app.include_router(module.router)
    app.include_router(cypher.router)
    app.include_router(ingest.router)
    app.include_router(graph_page.router)
    app.include_router(apidocs.router)
    graph_page.mount_static(app, settings)
    return app
