"""GET /graph/neighborhood/{id}, /graph/paths: subgraphs as nodes and edges, for visualisation and exploration."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import RelTypes
from peacegraph.api.schemas import PathOut, PathsOut, SubgraphOut
from peacegraph.api.views import graph_edges, graph_nodes, subgraph_out
from peacegraph.graph import subgraph
from peacegraph.graph.model import LinkType, StanceType
from peacegraph.graph.queries import MAX_PATH_HOPS

router = APIRouter(prefix="/graph", tags=["graph"])

TRUNCATED_HEADER = "X-Truncated"
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no node with this id"}}


def rel_types(types: list[StanceType | LinkType] | None) -> tuple[StanceType | LinkType, ...]:
    """The chosen relationship types in enum order, or the default (all but MENTIONS)."""
    if not types:
        return subgraph.DEFAULT_TYPES
    return tuple(t for t in (*StanceType, *LinkType) if t in types)


@router.get("/neighborhood/{node_id}", response_model=SubgraphOut, responses=_NOT_FOUND)
def neighborhood(
    store: StoreDep,
    response: Response,
    node_id: Annotated[str, Path(min_length=1, max_length=300, examples=["person:vladimir-putin"])],
    depth: Annotated[int, Query(ge=1, le=3, description="relationships away from the node")] = 1,
    types: RelTypes = None,
    limit: Annotated[int, Query(ge=1, le=2000, description="nodes at most (nearest first)")] = 200,
    per_pair: Annotated[
        int, Query(ge=1, le=5, description="relationships kept between two nodes (the newest stances)")
    ] = subgraph.PER_PAIR,
) -> SubgraphOut:
    """The nodes within ``depth`` relationships of a node and the edges between them, with their evidence.

    Nearer nodes first, then the most strongly connected (by the stance summaries kept at write time and
    the structural links); depth 2 and 3 read the neighbours of the 10 strongest nodes of the level before
    only. MENTIONS edges are left out unless ``types`` asks for them. Between two nodes the newest
    ``per_pair`` stances are kept. ``cuts`` says what each cap left out and why; when anything was cut,
    the response also carries ``X-Truncated: true``.
    """
    graph = subgraph.neighborhood(store, node_id, depth=depth, types=rel_types(types), limit=limit, per_pair=per_pair)
    if graph.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    return subgraph_out(graph)


@router.get("/paths", response_model=PathsOut, responses=_NOT_FOUND)
def paths(
    store: StoreDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=300, examples=["person:vladimir-putin"])],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=300, examples=["place:kupyansk"])],
    max_hops: Annotated[int, Query(alias="max", ge=1, le=MAX_PATH_HOPS, description="relationships at most")] = 4,
    types: RelTypes = None,
    limit: Annotated[int, Query(ge=1, le=100, description="paths at most")] = 10,
) -> PathsOut:
    """All shortest paths between two nodes (none if they are further apart than ``max``), edges with evidence."""
    graph = subgraph.shortest_paths(store, source, target, max_hops=max_hops, types=rel_types(types), limit=limit)
    return PathsOut(
        nodes=graph_nodes(graph),
        edges=graph_edges(graph),
        paths=[PathOut(nodes=path.nodes, edges=path.edges) for path in graph.paths],
    )
