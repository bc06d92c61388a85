"""A ``Subgraph`` as GraphML (Gephi, networkx) or as Cypher statements a Neo4j (or this store) can run.

The Cypher dump is one statement per line, parameter-free, idempotent
(constraints ``IF NOT EXISTS``, ``MERGE`` on ids and on the merge key of stance
edges). Labels and relationship types in it come from the enums of
``peacegraph.graph.model`` only (anything else is left out and logged); property keys that
are not plain identifiers are backtick-quoted; every string is a
single-quoted literal with backslash, quote and control characters escaped,
so a value can never end the literal.
"""

from __future__ import annotations

import io
import json
import logging
import math
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from peacegraph.graph import queries
from peacegraph.graph.model import Label, LinkType, StanceType, label_for_id
from peacegraph.graph.reads import Node
from peacegraph.graph.subgraph import GraphEdge, Subgraph

log = logging.getLogger(__name__)

# Internal bookkeeping, kept in a Cypher dump (a faithful copy) but not in views of the graph.
HIDDEN_PROPERTIES = frozenset({"search_keys"})

_LABELS = {label.value: label for label in Label}
_REL_TYPES: dict[str, StanceType | LinkType] = {t.value: t for t in (*StanceType, *LinkType)}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Characters XML 1.0 cannot hold (C0 controls but tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): ingested text may carry them, and one would make the whole document
# unreadable. Each becomes U+FFFD, one for one, so offsets into a text still match.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def visible_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """A node's or edge's properties as shown to people: without ``id`` and internal keys."""
    return {key: value for key, value in properties.items() if key != "id" and key not in HIDDEN_PROPERTIES}


# --- GraphML --------------------------------------------------------------


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _graphml_value(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return xml_text(value)
    return xml_text(json.dumps(value, ensure_ascii=False, default=str))


def _graphml_attributes(properties: dict[str, Any]) -> dict[str, Any]:
    converted = {xml_text(key): _graphml_value(value) for key, value in visible_properties(properties).items()}
    return {key: value for key, value in converted.items() if value is not None}


def to_networkx(graph: Subgraph) -> nx.MultiDiGraph:
    """A directed multigraph: each node under its id with ``labels`` (a list), ``name`` and its properties, each
    relationship keyed by its edge id with ``type`` and its properties (values as the graph holds them)."""
    multigraph = nx.MultiDiGraph()
    for node in graph.nodes.values():
        attributes = {**visible_properties(node.properties), "labels": list(node.labels), "name": node.name}
        multigraph.add_node(node.id, **attributes)
    for edge in graph.edges.values():
        multigraph.add_edge(edge.source, edge.target, key=edge.id, **{**edge.properties, "type": edge.type})
    return multigraph


def to_graphml(graph: Subgraph) -> str:
    """GraphML of a directed multigraph: labels joined by ``:``, lists as JSON text.

    Characters XML cannot hold are replaced by U+FFFD (see ``xml_text``); the JSON
    and Cypher exports keep them, escaped.
    """
    multigraph = nx.MultiDiGraph()
    for node in graph.nodes.values():
        attributes = _graphml_attributes(node.properties)
        attributes.update(labels=xml_text(":".join(node.labels)), name=xml_text(node.name or node.id))
        multigraph.add_node(xml_text(node.id), **attributes)
    for edge in graph.edges.values():
        multigraph.add_edge(
            xml_text(edge.source),
            xml_text(edge.target),
            key=xml_text(edge.id),
            type=xml_text(edge.type),
            **_graphml_attributes(edge.properties),
        )
    buffer = io.BytesIO()
    nx.write_graphml(multigraph, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue().decode("utf-8")


# --- Cypher ---------------------------------------------------------------


def cypher_string(text: str) -> str:
    """``text`` as a single-quoted Cypher string literal."""
    out = []
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is None and (ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029"):
            escaped = f"\\u{ord(char):04x}"
        out.append(escaped or char)
    return "'" + "".join(out) + "'"


def cypher_key(key: str) -> str:
    return key if _IDENTIFIER.fullmatch(key) else "`" + key.replace("`", "``") + "`"


def cypher_value(value: Any) -> str | None:
    """A literal for a property value; None for values Cypher cannot store (null, NaN, infinities)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        items = [cypher_value(item) for item in value]
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    return cypher_string(str(value))


def cypher_map(properties: dict[str, Any]) -> str:
    entries = []
    for key, value in sorted(properties.items()):
        literal = cypher_value(value)
        if literal is not None:
            entries.append(f"{cypher_key(key)}: {literal}")
    return "{" + ", ".join(entries) + "}"


def _node_labels(node: Node) -> list[Label]:
    return [_LABELS[name] for name in node.labels if name in _LABELS]


def _match_label(graph: Subgraph, node_id: str) -> Label | None:
    """The label an edge's end is matched by: the one its id names, else its first known label."""
    label = label_for_id(node_id)
    if label is not None:
        return label
    node = graph.nodes.get(node_id)
    labels = _node_labels(node) if node else []
    return labels[-1] if labels else None


def _node_statement(node: Node) -> str | None:
    labels = _node_labels(node)
    if not labels:
        log.warning("export: node %s has no known label (%s); left out", node.id, node.labels)
        return None
    text = "MERGE (n" + "".join(":" + label.value for label in labels) + " {id: " + cypher_string(node.id) + "})"
    rest = {key: value for key, value in node.properties.items() if key != "id"}
    if rest:
        text += " SET n += " + cypher_map(rest)
    return text + ";"


def _edge_statement(graph: Subgraph, edge: GraphEdge) -> str | None:
    rel_type = _REL_TYPES.get(edge.type)
    source, target = _match_label(graph, edge.source), _match_label(graph, edge.target)
    if rel_type is None or source is None or target is None:
        log.warning("export: relationship %s has an unknown type or end; left out", edge.id)
        return None
    key: dict[str, Any] = {}
    if isinstance(rel_type, StanceType):
        key = {name: edge.properties.get(name) for name in ("article", "start")}
    rest = {name: value for name, value in edge.properties.items() if name not in key}
    text = (
        f"MATCH (s:{source.value} {{id: {cypher_string(edge.source)}}}) "
        f"MATCH (t:{target.value} {{id: {cypher_string(edge.target)}}}) "
        f"MERGE (s)-[r:{rel_type.value}" + (" " + cypher_map(key) if key else "") + "]->(t)"
    )
    if rest:
        text += " SET r += " + cypher_map(rest)
    return text + ";"


def to_cypher(graph: Subgraph) -> Iterator[str]:
    """Statements that recreate ``graph``: schema, then nodes, then relationships, one per line."""
    for label in Label:
        yield queries.unique_id_constraint(label) + ";"
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        statement = _node_statement(node)
        if statement:
            yield statement
    for edge in sorted(graph.edges.values(), key=lambda e: e.id):
        if edge.source in graph.nodes and edge.target in graph.nodes:
            statement = _edge_statement(graph, edge)
            if statement:
                yield statement
