"""Every Cypher statement of peacegraph, as constants or small builders.

Values always enter through ``$parameters``. Cypher cannot take a label or a
relationship type as a parameter, so the builders below put them into query
text, and they accept only members of the closed enums of ``graph.model``
(``_label``/``_rel`` refuse anything else). Everything here runs unchanged on
Neo4j 5 and on ArcadeDB's Bolt endpoint.
"""

from __future__ import annotations

from typing import LiteralString, cast

from graph.model import Label, LinkType, StanceType


def _label(label: Label) -> LiteralString:
    if not isinstance(label, Label):
        raise ValueError(f"not a graph label: {label!r}")
    return cast(LiteralString, label.value)


def _rel(rel_type: StanceType | LinkType) -> LiteralString:
    if not isinstance(rel_type, StanceType | LinkType):
        raise ValueError(f"not a relationship type: {rel_type!r}")
    return cast(LiteralString, rel_type.value)


def _labels(labels: tuple[Label, ...]) -> LiteralString:
    text: LiteralString = ""
    for label in labels:
        text = text + ":" + _label(label)
    return text


# --- schema ---------------------------------------------------------------


def unique_id_constraint(label: Label) -> LiteralString:
    name = "uniq_" + _label(label).lower() + "_id"
    return "CREATE CONSTRAINT " + name + " IF NOT EXISTS FOR (n:" + _label(label) + ") REQUIRE n.id IS UNIQUE"


def name_index(label: Label) -> LiteralString:
    name = "idx_" + _label(label).lower() + "_name"
    return "CREATE INDEX " + name + " IF NOT EXISTS FOR (n:" + _label(label) + ") ON (n.name)"


# --- writes ---------------------------------------------------------------


def create_missing_nodes(labels: tuple[Label, ...]) -> LiteralString:
    """Create the nodes of ``$rows`` whose id is not in the graph yet, with all their labels.

    The lookup is on the primary (last) label, whose ``id`` is indexed: ArcadeDB plans
    ``MERGE (n:Actor:Person {id: ...})`` as a scan (about 10 ms a row at 20k nodes).
    """
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (e:" + _label(labels[-1]) + " {id: row.id}) "
        "WITH row, e WHERE e IS NULL "
        "CREATE (n" + _labels(labels) + " {id: row.id}) "
        "RETURN count(n) AS n"
    )


def update_nodes(labels: tuple[Label, ...]) -> LiteralString:
    """Set the properties of the (present) nodes of ``$rows``; aliases and search keys are unions."""
    return (
        "UNWIND $rows AS row "
        "MATCH (n:" + _label(labels[-1]) + " {id: row.id}) "
        "SET n += row.props "
        "WITH n, row, coalesce(n.aliases, []) AS old_aliases, coalesce(n.search_keys, []) AS old_keys "
        "SET n.aliases = old_aliases + [a IN row.aliases WHERE NOT a IN old_aliases], "
        "n.search_keys = old_keys + [k IN row.search_keys WHERE NOT k IN old_keys] "
        "RETURN count(n) AS n"
    )


def stance_key(source: str, target: str, article: str, start: int) -> str:
    """The merge key of a stance edge of a given type, as ``update_stances`` computes it in Cypher."""
    return f"{source}|{target}|{article}|{start}"


def update_stances(rel_type: StanceType) -> LiteralString:
    """Set ``$props[key]`` on the present stance edges of ``$articles`` whose key is in ``$props``; return the keys.

    The edges are found through the index on ``article`` (``stance_article_index``):
    ``MERGE`` of an edge walks all edges of its source, and hubs gain edges with every article.
    """
    return (
        "MATCH (s)-[r:" + _rel(rel_type) + "]->(t) WHERE r.article IN $articles "
        "WITH r, s.id + '|' + t.id + '|' + r.article + '|' + toString(r.start) AS key "
        "WHERE $props[key] IS NOT NULL "
        "SET r += $props[key] "
        "RETURN key"
    )


def create_stances(rel_type: StanceType, source: Label, target: Label) -> LiteralString:
    """Create the stance edges of ``$rows`` (not present: ``update_stances`` said so)."""
    return (
        "UNWIND $rows AS row "
        "MATCH (s:" + _label(source) + " {id: row.source}) "
        "MATCH (t:" + _label(target) + " {id: row.target}) "
        "CREATE (s)-[r:" + _rel(rel_type) + "]->(t) "
        "SET r = row.props "
        "RETURN count(r) AS n"
    )


def stance_article_index(rel_type: StanceType) -> LiteralString:
    name = "idx_" + _rel(rel_type).lower() + "_article"
    return "CREATE INDEX " + name + " IF NOT EXISTS FOR ()-[r:" + _rel(rel_type) + "]-() ON (r.article)"


def upsert_links(link_type: LinkType, source: Label, target: Label) -> LiteralString:
    """Merge structural edges by (source, type, target)."""
    return (
        "UNWIND $rows AS row "
        "MATCH (s:" + _label(source) + " {id: row.source}) "
        "MATCH (t:" + _label(target) + " {id: row.target}) "
        "MERGE (s)-[r:" + _rel(link_type) + "]->(t) "
        "SET r += row.props "
        "RETURN count(r) AS n"
    )


# --- reads ----------------------------------------------------------------

PING: LiteralString = "RETURN 1 AS ok"

COUNT_NODES: LiteralString = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS: LiteralString = "MATCH ()-[r]->() RETURN count(r) AS n"


def count_label(label: Label) -> LiteralString:
    return "MATCH (n:" + _label(label) + ") RETURN count(n) AS n"


LIST_ARTICLES: LiteralString = (
    "MATCH (a:Article) RETURN a {.*} AS article ORDER BY a.published DESC, a.id SKIP $offset LIMIT $limit"
)


EXISTING_ARTICLE_IDS: LiteralString = "UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id"


def node_by_id(label: Label) -> LiteralString:
    return "MATCH (n:" + _label(label) + " {id: $id}) RETURN n {.*} AS node, labels(n) AS labels"


def node_relationships(label: Label) -> LiteralString:
    """A node's relationships in both directions, with the other end, capped."""
    return (
        "MATCH (n:" + _label(label) + " {id: $id})-[r]-(m) "
        "RETURN type(r) AS type, startNode(r).id = n.id AS outgoing, properties(r) AS props, "
        "m.id AS other_id, coalesce(m.name, m.title) AS other_name, labels(m) AS other_labels "
        "ORDER BY type, other_id, props.start "
        "LIMIT $limit"
    )


SEARCH_NODES: LiteralString = (
    "MATCH (n) WHERE n.search_keys IS NOT NULL "
    "AND any(k IN n.search_keys WHERE k CONTAINS $q) "
    "RETURN n.id AS id, n.name AS name, labels(n) AS labels, n.aliases AS aliases "
    "ORDER BY size(n.name), n.name "
    "LIMIT $limit"
)
