"""``peacegraph mcp``: the graph as an MCP server over stdio, for LLM agents (the official ``mcp`` SDK).

Each tool answers what the REST endpoint of the same question answers, by calling the
same route function: search, an actor's stances with their evidence, who stands where on a
plan's point, a plan's matrix, the timeline, and read-only Cypher behind the guards of
``peacegraph.graph.readonly``. Errors of ours become tool errors (``is_error``) with their message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, Literal, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from peacegraph.api.routes import actors, plans, timeline
from peacegraph.api.routes.cypher import CypherResult, run_guarded
from peacegraph.api.routes.search import search_page
from peacegraph.api.schemas import CursorPage, Page, PlanPointDetail, SearchHit, StanceMatrix, StanceOut, TimelinePage
from peacegraph.graph.errors import PeacegraphError
from peacegraph.graph.model import StanceType
from peacegraph.graph.readonly import QuerySlots
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
INSTRUCTIONS = (
    "A knowledge graph of the Russia-Ukraine peace talks read from news articles. Find an id with `search` "
    "(ids look like person:vladimir-putin, country:ukraine, plan:us-28-point-plan), then ask for stances, "
    "positions on a plan's point, the plan matrix or the timeline. Every stance carries the sentence it was "
    "read from (evidence), its article and date."
)

P = ParamSpec("P")
R = TypeVar("R")


def _said(tool: Callable[P, R]) -> Callable[P, R]:
    """``tool`` with our errors (unknown id, refused query, server away) told to the agent as they read."""

    @functools.wraps(tool)
    def answer(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return tool(*args, **kwargs)
        except PeacegraphError as error:
            raise ToolError(str(error)) from error

    return answer


def build_server(store: GraphStore, settings: Settings) -> MCPServer:
    """The MCP server over ``store``; its tools are read-only."""
    server = MCPServer(name="peacegraph", instructions=INSTRUCTIONS, version="0.1.0")
    slots = QuerySlots(settings.cypher_concurrency, "queries")

    @server.tool(annotations=READ_ONLY)
    @_said
    def search(text: str, limit: int = 20) -> Page[SearchHit]:
        """Entities (actors, places, events, plans, points) whose name or an alias contains `text`."""
        return search_page(store, text, max(1, min(limit, 200)))

    @server.tool(annotations=READ_ONLY)
    @_said
    def actor_stances(
        actor_id: str,
        types: list[StanceType] | None = None,
        target: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        direction: Literal["out", "in", "both"] = "out",
        limit: int = 50,
        after: str | None = None,
    ) -> CursorPage[StanceOut]:
        """Every stance of an actor (SUPPORTS, REJECTS, DEMANDS, ...) with its evidence sentence, article and date,
        newest first; `target` keeps the stances on one node, `direction` "in" gives the stances on the actor;
        `after` is the `next` of the previous page."""
        return actors.actor_stances(store, actor_id, types, target, date_from, date_to, direction, limit, 0, after)

    @server.tool(annotations=READ_ONLY)
    @_said
    def positions(plan_id: str, number: int, limit: int = 100) -> PlanPointDetail:
        """Who supports, rejects, demands ... point `number` of a plan, with the evidence of each stance."""
        return plans.get_point(store, plan_id, number, None, None, None, limit, 0)

    @server.tool(annotations=READ_ONLY)
    @_said
    def plan_matrix(plan_id: str, limit: int = 100) -> StanceMatrix:
        """The actor x point stance matrix of a plan: per cell the stance types, their counts and latest date."""
        return plans.plan_matrix(store, plan_id, None, limit, 0)

    @server.tool(name="timeline", annotations=READ_ONLY)
    @_said
    def timeline_tool(
        actor: str | None = None,
        place: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> TimelinePage:
        """Dated events and stances newest first, optionally of one actor or at one place; without dates the
        latest 30 days with a stance (`window` says which); `after` is the `next` of the previous page."""
        return timeline.timeline(store, actor, place, None, None, date_from, date_to, limit, after)

    @server.tool(annotations=READ_ONLY)
    @_said
    def cypher(query: str, parameters: dict[str, Any] | None = None) -> CypherResult:
        """Run one read-only Cypher query (writes, schema commands and LOAD CSV are refused before it runs;
        rows and time are capped)."""
        return run_guarded(store, settings, slots, query, parameters or {})

    return server
