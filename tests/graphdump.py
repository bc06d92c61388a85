"""A canonical dump of a whole graph, to prove that something changed nothing (or the same as something else)."""

from __future__ import annotations

import json
from typing import Any

from peacegraph.graph.store import GraphStore
from tests.conftest import cypher

_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
_EDGES = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"


def _canonical(rows: list[dict[str, Any]]) -> list[str]:
    def sort_lists(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: sort_lists(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((sort_lists(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
        return value

    return sorted(json.dumps(sort_lists(row), sort_keys=True, default=str) for row in rows)


def graph_dump(store: GraphStore) -> dict[str, list[str]]:
    """Every node with its labels and properties, every relationship with its ends and properties."""
    return {"nodes": _canonical(cypher(store, _NODES)), "edges": _canonical(cypher(store, _EDGES))}


def schema_dump(store: GraphStore) -> dict[str, list[str]]:
    """Indexes, constraints and the names the database knows (ArcadeDB keeps a type made by a rolled-back write)."""
    return {
        "indexes": _canonical(cypher(store, "SHOW INDEXES")),
        "constraints": _canonical(cypher(store, "SHOW CONSTRAINTS")),
        "labels": _canonical(cypher(store, "CALL db.labels()")),
        "types": _canonical(cypher(store, "CALL db.relationshipTypes()")),
        "keys": _canonical(cypher(store, "CALL db.propertyKeys()")),
    }


def full_dump(store: GraphStore) -> dict[str, list[str]]:
    return {**graph_dump(store), **schema_dump(store)}
