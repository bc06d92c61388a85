"""GET /nodes/{id}: any node with its relationships."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from peacegraph.api.deps import StoreDep
from peacegraph.api.schemas import NodeOut, RelationshipOut
from peacegraph.graph import pages, reads

router = APIRouter(prefix="/nodes", tags=["nodes"])

_HIDDEN = {"search_keys"}


def node_out(node: reads.Node, relationships: list[dict[str, Any]]) -> NodeOut:
    props = node.properties
    return NodeOut(
        id=node.id,
        labels=node.labels,
        name=node.name,
        properties={k: v for k, v in props.items() if k not in _HIDDEN},
        relationships=[RelationshipOut.model_validate(row) for row in relationships],
    )


@router.get("/{node_id}", response_model=NodeOut, responses={404: {"description": "no such node"}})
def get_node(
    store: StoreDep,
    node_id: Annotated[str, Path(examples=["person:vladimir-putin"])],
    limit: Annotated[int, Query(ge=1, le=5000, description="relationships returned at most")] = 500,
) -> NodeOut:
    """A node's properties and its relationships (stances with their evidence)."""
    node = reads.get_node(store, node_id)
    return node_out(node, pages.node_relationships(store, node, limit=limit))
