"""POST /cypher: read-only Cypher for power users, behind the guards of ``peacegraph.graph.readonly``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from peacegraph.api.deps import CypherSlotsDep, SettingsDep, StoreDep
from peacegraph.api.schemas import CypherRequest, CypherResult
from peacegraph.graph.errors import TooLargeError
from peacegraph.graph.readonly import QuerySlots, run_read_only
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore

router = APIRouter(prefix="/cypher", tags=["cypher"])


def server_timeout(settings: Settings) -> float | None:
    """When the server stops a /cypher query by itself: Neo4j at the transaction timeout sent with
    it, the embedded server at ``server_command_timeout`` (None: never)."""
    if settings.neo4j_uri:
        return settings.cypher_timeout
    return settings.server_command_timeout or None


@router.post(
    "",
    response_model=CypherResult,
    responses={
        400: {"description": "not a read-only query (refused before it ran), or a syntax error"},
        413: {"description": "the query is longer than the configured limit"},
        429: {"description": "too many /cypher queries are running; retry after a moment"},
        503: {"description": "the graph server does not answer, or is full (Retry-After says when to retry)"},
        504: {"description": "the query ran past the time limit and was stopped"},
    },
)
def run_cypher(
    store: StoreDep,
    slots: CypherSlotsDep,
    settings: SettingsDep,
    body: Annotated[CypherRequest, Body()],
) -> CypherResult:
    """Run one read-only query: at most ``cypher_row_cap`` rows within ``cypher_timeout`` seconds.

    Writes, schema and admin commands, ``LOAD CSV`` and procedures other than ``db.labels``,
    ``db.relationshipTypes``, ``db.propertyKeys`` and ``db.schema.visualization`` are refused
    before anything runs; the query then runs in a transaction that is always rolled back.
    """
    return run_guarded(store, settings, slots, body.query, body.parameters)


def run_guarded(
    store: GraphStore, settings: Settings, slots: QuerySlots, query: str, parameters: dict[str, Any]
) -> CypherResult:
    """One read-only query under every limit of the settings (length, rows, bytes, time, slots): what
    ``POST /cypher`` and the MCP server's ``cypher`` tool run."""
    if len(query) > settings.cypher_max_query_chars:
        raise TooLargeError(
            f"the query has {len(query):,} characters; the limit is {settings.cypher_max_query_chars:,}"
        )
    result = run_read_only(
        store,
        query,
        parameters,
        row_cap=settings.cypher_row_cap,
        timeout=settings.cypher_timeout,
        max_bytes=settings.cypher_max_result_bytes,
        slots=slots,
        server_timeout=server_timeout(settings),
    )
    return CypherResult(columns=result.columns, rows=result.rows, truncated=result.truncated)
