"""GET /export: the whole graph, or a node's neighborhood, as GraphML, JSON or Cypher."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from peacegraph.api.deps import ExportSlotsDep, StoreDep
from peacegraph.api.params import RelTypes, node_id
from peacegraph.api.routes.subgraph import rel_types
from peacegraph.api.views import subgraph_out
from peacegraph.graph import subgraph
from peacegraph.graph.export import to_cypher, to_graphml

router = APIRouter(prefix="/export", tags=["export"])

MEDIA_TYPES = {"graphml": "application/graphml+xml", "json": "application/json", "cypher": "text/plain"}
SUFFIXES = {"graphml": "graphml", "json": "json", "cypher": "cypher"}


@router.get(
    "",
    response_class=Response,
    responses={
        200: {
            "description": "the graph in the chosen format",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/SubgraphOut"}},
                "application/graphml+xml": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}, "example": "MERGE (n:Actor:Person {id: 'person:x'});"},
            },
        },
        404: {"description": "no node with this id"},
        429: {"description": "as many whole-graph exports as allowed are running; retry after a moment"},
    },
)
def export(
    store: StoreDep,
    slots: ExportSlotsDep,
    format: Annotated[
        Literal["graphml", "json", "cypher"],
        Query(description="graphml: Gephi, networkx; json: nodes and edges; cypher: statements for Neo4j"),
    ] = "json",
    node: Annotated[
        str | None, node_id("export this node's neighborhood only", "person:vladimir-putin", alias="id")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="neighborhood radius (with id)")] = 1,
    types: RelTypes = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="neighborhood nodes at most (with id)")] = 1000,
) -> Response:
    """The whole graph (every node and relationship), or the neighborhood of ``id``, for Gephi, networkx and Neo4j.

    The Cypher format is parameter-free, idempotent statements (constraints,
    then ``MERGE`` of nodes and relationships), one per line. Whole-graph exports run
    ``PEACEGRAPH_EXPORT_CONCURRENCY`` at a time; more answer 429 with ``Retry-After``.
    """
    if node is None:
        # The whole graph is held in memory, and read by statements that can take one of the
        # server's slots for long: only a few at once, the others are told to come back.
        with slots.held():
            return _response(subgraph.whole_graph(store), format)
    graph = subgraph.neighborhood(store, node, depth=depth, types=rel_types(types), limit=limit)
    return _response(graph, format)


def export_text(graph: subgraph.Subgraph, format: str) -> str:
    """``graph`` in ``format`` (graphml, cypher or json), as ``GET /export`` and ``peacegraph export`` give it."""
    if format == "graphml":
        return to_graphml(graph)
    if format == "cypher":
        return "\n".join(to_cypher(graph)) + "\n"
    return subgraph_out(graph).model_dump_json()


def _response(graph: subgraph.Subgraph, format: str) -> Response:
    """``graph`` in ``format``, as a file to save."""
    body = export_text(graph, format)
    headers = {"Content-Disposition": f'attachment; filename="peacegraph.{SUFFIXES[format]}"'}
    return Response(body, media_type=MEDIA_TYPES[format], headers=headers)
