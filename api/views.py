"""Graph rows and subgraphs shaped into the response models several routers share."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from peacegraph.api.schemas import (
    ActorCount,
    CutOut,
    GraphEdgeOut,
    GraphNodeOut,
    MatrixCell,
    MatrixColumn,
    MatrixRow,
    NodeRef,
    Page,
    StanceCounts,
    StanceGroup,
    StanceMatrix,
    StanceOut,
    SubgraphOut,
)
from peacegraph.graph.export import visible_properties
from peacegraph.graph.model import StanceType
from peacegraph.graph.reads import Node
from peacegraph.graph.subgraph import CUT_REASONS, Subgraph


def node_row(node: Node, **columns: Any) -> dict[str, Any]:
    """A node as the row an answer about it validates from (``_NodeOut``): its properties and labels (taken
    where the answer has such fields), and ``columns``."""
    return {"node": {**node.properties, "labels": node.labels}, **columns}


def ref(node: Node) -> NodeRef:
    return NodeRef(id=node.id, name=node.name, labels=list(node.labels))


def stance_page(rows: list[dict[str, Any]], total: int, limit: int, offset: int) -> Page[StanceOut]:
    items = [StanceOut.model_validate(row) for row in rows]
    return Page[StanceOut](items=items, total=total, limit=limit, offset=offset)


def type_counts(rows: list[dict[str, Any]]) -> dict[StanceType, int]:
    """Stance edges per type, from rows of ``type`` and ``n`` (in the order the types first come)."""
    counts: dict[StanceType, int] = defaultdict(int)
    for row in rows:
        counts[StanceType(row["type"])] += row["n"]
    return dict(counts)


def stance_counts(rows: list[dict[str, Any]]) -> dict[StanceType, StanceCounts]:
    """Stance edges per type held (``outgoing``) and received, from ``reads.stance_type_counts`` rows."""
    counts: dict[StanceType, StanceCounts] = {}
    for row in rows:
        entry = counts.setdefault(StanceType(row["type"]), StanceCounts())
        if row["outgoing"]:
            entry.outgoing += row["n"]
        else:
            entry.incoming += row["n"]
    return counts


def positions(summary: list[dict[str, Any]]) -> list[StanceGroup]:
    """Who holds which stance on a node, from ``reads.stance_summary`` rows of incoming edges."""
    by_type: dict[StanceType, list[ActorCount]] = {}
    for row in summary:
        if not row["outgoing"]:
            by_type.setdefault(StanceType(row["type"]), []).append(ActorCount.model_validate(row))
    order = list(StanceType)
    return [
        StanceGroup(type=name, actors=sorted(actors, key=lambda a: (-a.count, a.actor.id)))
        for name, actors in sorted(by_type.items(), key=lambda item: order.index(item[0]))
    ]


WHOLE_PLAN = "the plan as a whole"


def stance_matrix(
    plan: Node, points: list[dict[str, Any]], rows: list[dict[str, Any]], *, limit: int, offset: int
) -> StanceMatrix:
    """A plan's actor x point matrix from ``reads.plan_stance_cells`` rows: the plan as a whole and its points
    as columns; one page of the actors, most stances first, as rows; and the non-empty cells of these rows."""
    columns = [MatrixColumn(id=plan.id, number=None, title=WHOLE_PLAN)]
    columns += [MatrixColumn.model_validate({"node": point}) for point in points]
    column_id = {column.number: column.id for column in columns[1:]} | {None: plan.id}
    cells: dict[tuple[str, int | None], MatrixCell] = {}
    actors: dict[str, MatrixRow] = {}
    for row in rows:
        who = NodeRef.at(row, "actor")
        actor = actors.setdefault(who.id, MatrixRow.model_validate({**who.model_dump(), "total": 0}))
        actor.total += row["n"]
        number = row["number"]
        cell = cells.setdefault(
            (who.id, number), MatrixCell(actor=who.id, point=column_id[number], number=number, stances={})
        )
        stance = StanceType(row["type"])
        cell.stances[stance] = cell.stances.get(stance, 0) + row["n"]
        if row["latest"] and (cell.latest_date is None or row["latest"] > cell.latest_date):
            cell.latest_date = row["latest"]
    ranked = sorted(actors.values(), key=lambda a: (-a.total, a.id))
    page = ranked[offset : offset + limit]
    order = {actor.id: index for index, actor in enumerate(page)}
    page_cells = sorted(
        (cell for cell in cells.values() if cell.actor in order),
        key=lambda c: (order[c.actor], -1 if c.number is None else c.number),
    )
    return StanceMatrix(
        plan=ref(plan), points=columns, actors=page, cells=page_cells, total=len(ranked), limit=limit, offset=offset
    )


def graph_nodes(graph: Subgraph) -> list[GraphNodeOut]:
    return [
        GraphNodeOut(id=node.id, labels=node.labels, name=node.name, properties=visible_properties(node.properties))
        for node in graph.nodes.values()
    ]


def graph_edges(graph: Subgraph) -> list[GraphEdgeOut]:
    return [GraphEdgeOut.model_validate(edge, from_attributes=True) for edge in graph.edges.values()]


def subgraph_out(graph: Subgraph) -> SubgraphOut:
    cuts = [
        CutOut.model_validate({"reason": reason, "count": count, "description": CUT_REASONS[reason]})
        for reason, count in graph.cuts.items()
    ]
    return SubgraphOut(nodes=graph_nodes(graph), edges=graph_edges(graph), cuts=cuts)
