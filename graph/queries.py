"""Every Cypher statement of peacegraph, as constants or small builders.

Values always enter through ``$parameters``. Cypher cannot take a label or a
relationship type as a parameter, so the builders below put them into query
text, and they accept only members of the closed enums of ``peacegraph.graph.model``
(``_label``/``_rel`` refuse anything else). Everything here runs unchanged on
Neo4j 5 and on ArcadeDB's Bolt endpoint.
"""

from __future__ import annotations

from typing import LiteralString, cast

from peacegraph.graph.model import Label, LinkType, StanceType


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


def existing_ids(label: Label) -> LiteralString:
    """Which of ``$ids`` are in the graph under ``label`` (an index lookup on ``id``)."""
    return "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids RETURN n.id AS id"


def create_nodes(labels: tuple[Label, ...]) -> LiteralString:
    """Create the nodes of ``$rows`` (not present: ``existing_ids`` said so) with all their labels.

    ArcadeDB plans ``MERGE (n:Actor:Person {id: ...})`` as a scan (about 10 ms a row at
    20k nodes), so writes look up on the primary label and create with the full set.
    """
    return (
        "UNWIND $rows AS row "
        "CREATE (n" + _labels(labels) + ") "
        "SET n = row.props, n.id = row.id, n.aliases = row.aliases, n.search_keys = row.search_keys "
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
    """Set ``$props[key]`` on the present stance edges of ``$articles`` whose key is in ``$props``; return the
    keys and the dates the edges had (a changed date moves the edge in the read models).

    The edges are found through the index on ``article`` (``stance_article_index``):
    ``MERGE`` of an edge walks all edges of its source, and hubs gain edges with every article.
    """
    return (
        "MATCH (s)-[r:" + _rel(rel_type) + "]->(t) WHERE r.article IN $articles "
        "WITH r, s.id + '|' + t.id + '|' + r.article + '|' + toString(r.start) AS key "
        "WHERE $props[key] IS NOT NULL "
        "WITH r, key, r.date AS old_date "
        "SET r += $props[key] "
        "RETURN key, old_date"
    )


def create_relationships(rel_type: StanceType | LinkType, source: Label, target: Label) -> LiteralString:
    """Create the edges of ``$rows``: stance edges not present (``update_stances`` said so), or structural
    links whose source is new in this transaction (so none exists yet)."""
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

# Graph-wide reads leave the read models out (``peacegraph.graph.summaries``): they are not part of the graph model.
_NOT_READ_MODEL: LiteralString = (
    "NOT n:StanceSummary AND NOT n:StanceDay AND NOT n:StanceNeighbours AND NOT n:StanceCalendar"
)
COUNT_NODES: LiteralString = "MATCH (n) WHERE " + _NOT_READ_MODEL + " RETURN count(n) AS n"
COUNT_RELATIONSHIPS: LiteralString = "MATCH ()-[r]->() RETURN count(r) AS n"


def count_label(label: Label) -> LiteralString:
    return "MATCH (n:" + _label(label) + ") RETURN count(n) AS n"


LIST_ARTICLES: LiteralString = (
    "MATCH (a:Article) RETURN a {.*} AS article ORDER BY a.published DESC, a.id SKIP $offset LIMIT $limit"
)


EXISTING_ARTICLE_IDS: LiteralString = "UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id"
EXISTING_ARTICLE_URLS: LiteralString = "UNWIND $urls AS url MATCH (a:Article {url: url}) RETURN DISTINCT a.url AS url"


def node_by_id(label: Label) -> LiteralString:
    return "MATCH (n:" + _label(label) + " {id: $id}) RETURN n {.*} AS node, labels(n) AS labels"


def _search_in(label: Label) -> LiteralString:
    return (
        "MATCH (n:" + _label(label) + ") WHERE any(k IN n.search_keys WHERE k CONTAINS $q) "
        "RETURN n.id AS id, n.name AS name, labels(n) AS labels, n.aliases AS aliases"
    )


# Label by label over the entities: ``MATCH (n)`` would read every Article too, most of a big graph's nodes
# (CONTAINS cannot use an index; ``benchmarks/bench_api.py`` measures it).
_SEARCH_ALL: LiteralString = (
    "CALL () { "
    + _search_in(Label.ACTOR)
    + " UNION ALL "
    + _search_in(Label.PLACE)
    + " UNION ALL "
    + _search_in(Label.EVENT)
    + " UNION ALL "
    + _search_in(Label.PLAN)
    + " UNION ALL "
    + _search_in(Label.PLAN_POINT)
    + " } "
)
SEARCH_NODES: LiteralString = (
    _SEARCH_ALL + "RETURN id, name, labels, aliases ORDER BY size(name), name, id SKIP $offset LIMIT $limit"
)
SEARCH_COUNT: LiteralString = _SEARCH_ALL + "RETURN count(*) AS total"


# --- analyst reads (the REST API: actors, plans, timeline, places, events, subgraphs) ---------
#
# Filters enter as parameters that may be null (``$x IS NULL OR ...``). Relationship types in
# query text come from the enums only (``_alternation``); type filters chosen by a caller are
# the parameter ``$types``, a list matched with ``type(r) IN $types``.


def _alternation(rel_types: tuple[StanceType | LinkType, ...]) -> LiteralString:
    """``SUPPORTS|REJECTS``: a relationship-type alternation for a pattern, from enum members only."""
    if not rel_types:
        raise ValueError("an alternation needs at least one relationship type")
    text: LiteralString = _rel(rel_types[0])
    for rel_type in rel_types[1:]:
        text = text + "|" + _rel(rel_type)
    return text


STANCE_PATTERN: LiteralString = _alternation(tuple(StanceType))
_PROFILE_LINKS: LiteralString = _alternation(tuple(t for t in LinkType if t is not LinkType.MENTIONS))

# A stance edge ``r`` from ``src`` to ``tgt`` as flat columns.
_STANCE_COLUMNS: LiteralString = (
    "type(r) AS type, src.id AS source_id, coalesce(src.name, src.title) AS source_name, "
    "labels(src) AS source_labels, tgt.id AS target_id, coalesce(tgt.name, tgt.title) AS target_name, "
    "labels(tgt) AS target_labels, properties(r) AS props"
)

_ACTOR_FILTER: LiteralString = (
    "MATCH (n:Actor) "
    "WHERE ($type IS NULL OR $type IN labels(n)) "
    "AND ($country IS NULL OR n.country = $country OR n.id = $country) "
)
_DEGREE: LiteralString = "COUNT { (n)-[:" + STANCE_PATTERN + "]-() }"
_ACTOR_COLUMNS: LiteralString = (
    "RETURN n {.*} AS node, labels(n) AS labels, degree, COUNT { (:Article)-[:MENTIONS]->(n) } AS mentions"
)
# Degree is counted for every actor (it orders them); mentions only for the page.
LIST_ACTORS_BY_DEGREE: LiteralString = (
    _ACTOR_FILTER + "WITH n, " + _DEGREE + " AS degree "
    "ORDER BY degree DESC, toLower(n.name), n.id SKIP $offset LIMIT $limit " + _ACTOR_COLUMNS
)
LIST_ACTORS_BY_NAME: LiteralString = (
    _ACTOR_FILTER + "WITH n ORDER BY toLower(n.name), n.id SKIP $offset LIMIT $limit "
    "WITH n, " + _DEGREE + " AS degree " + _ACTOR_COLUMNS
)
COUNT_ACTORS: LiteralString = _ACTOR_FILTER + "RETURN count(n) AS n"


def _stance_match(label: Label) -> LiteralString:
    """Stance edges at node ``$id`` (outgoing if ``$outgoing``, incoming if ``$incoming``), filtered."""
    return (
        "MATCH (n:" + _label(label) + " {id: $id})-[r:" + STANCE_PATTERN + "]-(m) "
        "WITH n, r, m, startNode(r) AS src, endNode(r) AS tgt "
        "WHERE type(r) IN $types AND ($outgoing OR tgt.id = $id) AND ($incoming OR src.id = $id) "
        "AND ($other IS NULL OR m.id = $other) "
        "AND ($date_from IS NULL OR r.date >= $date_from) AND ($date_to IS NULL OR r.date <= $date_to) "
    )


def stance_edges(label: Label) -> LiteralString:
    """A page of the stance edges at a node, oldest first, with both ends and the provenance.

    The page is cut before the columns are built: ArcadeDB projects every row it
    sorts, and a hub holds tens of thousands of stance edges at 100k articles.
    """
    return (
        _stance_match(label) + "WITH r, m, src, tgt ORDER BY r.date, r.article, r.start, type(r), m.id "
        "SKIP $offset LIMIT $limit "
        "RETURN " + _STANCE_COLUMNS
    )


def count_stance_edges(label: Label) -> LiteralString:
    return _stance_match(label) + "RETURN count(r) AS n"


def stance_summary(label: Label) -> LiteralString:
    """Stance edges at a node grouped by type, direction and the other end: count and latest date."""
    return (
        _stance_match(label) + "RETURN type(r) AS type, src.id = $id AS outgoing, m.id AS other_id, "
        "coalesce(m.name, m.title) AS other_name, labels(m) AS other_labels, count(r) AS n, "
        "max(r.date) AS latest ORDER BY type, n DESC, other_id"
    )


# How many stance edges of each type the node ``$id`` holds (outgoing) and is the target of: from the summaries.
STANCE_TYPE_COUNTS: LiteralString = (
    "MATCH (p:StanceSummary {source: $id}) RETURN p.type AS type, true AS outgoing, sum(p.n) AS n "
    "UNION ALL "
    "MATCH (p:StanceSummary {target: $id}) RETURN p.type AS type, false AS outgoing, sum(p.n) AS n"
)


def node_links(label: Label) -> LiteralString:
    """A node's structural links (all but MENTIONS) of the types ``$types``, with the other end."""
    return (
        "MATCH (n:" + _label(label) + " {id: $id})-[r:" + _PROFILE_LINKS + "]-(m) "
        "WHERE type(r) IN $types "
        "RETURN type(r) AS type, startNode(r).id = n.id AS outgoing, properties(r) AS props, "
        "m.id AS other_id, coalesce(m.name, m.title) AS other_name, labels(m) AS other_labels "
        "ORDER BY type, other_id LIMIT $limit"
    )


def mention_count(label: Label) -> LiteralString:
    """How many articles mention the node."""
    return "MATCH (:Article)-[m:MENTIONS]->(n:" + _label(label) + " {id: $id}) RETURN count(m) AS n"


LIST_PLANS: LiteralString = (
    "MATCH (p:Plan) "
    "OPTIONAL MATCH (pt:PlanPoint)-[:PART_OF]->(p) "
    "WITH p, count(pt) AS points_in_graph "
    "RETURN p {.*} AS node, points_in_graph ORDER BY p.published, p.id SKIP $offset LIMIT $limit"
)

PLAN_POINTS: LiteralString = (
    "MATCH (pt:PlanPoint)-[:PART_OF]->(:Plan {id: $id}) RETURN pt {.*} AS point ORDER BY pt.number, pt.id"
)

PLAN_POINT_BY_NUMBER: LiteralString = (
    "MATCH (pt:PlanPoint)-[:PART_OF]->(:Plan {id: $id}) WHERE pt.number = $number RETURN pt {.*} AS point"
)

# The pair summaries (``peacegraph.graph.summaries``) of the stances on each of ``$ids`` (a plan and its points) of the
# types ``$types``, with the actor: the plan itself is a hub, thousands of edges at 100k articles. The ids
# come in a parameter: ArcadeDB seeks the index for a value of ``UNWIND $ids``, not for ``pt.id`` of an
# earlier match (a scan of every summary, measured).
STANCES_ON_NODES: LiteralString = (
    "UNWIND $ids AS id MATCH (p:StanceSummary {target: id}) WHERE p.type IN $types "
    "RETURN p.target AS target, p.source AS actor_id, p.type AS type, p.n AS n, p.last AS latest"
)

# The timeline of a place: its dated stance edges (``timeline_place_stances``), anchored on its id.
_TIMELINE_STANCE_FILTER: LiteralString = (
    "WHERE r.date IS NOT NULL AND type(r) IN $types "
    "AND ($actor IS NULL OR src.id = $actor) AND ($place IS NULL OR tgt.id = $place) "
    "AND ($date_from IS NULL OR r.date >= $date_from) AND ($date_to IS NULL OR r.date <= $date_to) "
)


def _timeline_stance_match(actor: Label | None, place: Label | None) -> LiteralString:
    source: LiteralString = "(src:" + _label(actor) + " {id: $actor})" if actor else "(src:Actor)"
    target: LiteralString = "(tgt:" + _label(place) + " {id: $place})" if place else "(tgt)"
    return "MATCH " + source + "-[r:" + STANCE_PATTERN + "]->" + target + " " + _TIMELINE_STANCE_FILTER


def count_timeline_stances(actor: Label | None, place: Label | None) -> LiteralString:
    return _timeline_stance_match(actor, place) + "RETURN count(r) AS n"


def neighbors(label: Label, rel_types: tuple[StanceType | LinkType, ...]) -> LiteralString:
    """The neighbors of the nodes ``$ids`` (all of ``label``) over the given types, most connected first.

    One row per (node, neighbor): how many relationships join them (``weight``) and at most
    ``$per_pair`` of them; at most ``$limit`` rows.
    """
    return (
        "UNWIND $ids AS id "
        "MATCH (n:" + _label(label) + " {id: id})-[r:" + _alternation(rel_types) + "]-(m) "
        "WITH n, m, count(r) AS weight, collect(r)[..$per_pair] AS rels "
        "RETURN m {.*} AS node, labels(m) AS labels, weight, "
        "[x IN rels | {source: startNode(x).id, type: type(x), target: endNode(x).id, props: properties(x)}] AS edges "
        "ORDER BY weight DESC, node.id LIMIT $limit"
    )


_HOPS: tuple[LiteralString, ...] = ("1", "2", "3", "4", "5", "6")
MAX_PATH_HOPS = len(_HOPS)


def shortest_paths(
    source: Label, target: Label, rel_types: tuple[StanceType | LinkType, ...], max_hops: int
) -> LiteralString:
    """All shortest paths of at most ``max_hops`` relationships of the given types, ``$source`` to ``$target``."""
    if not 1 <= max_hops <= MAX_PATH_HOPS:
        raise ValueError(f"max_hops must be 1..{MAX_PATH_HOPS}, not {max_hops!r}")
    return (
        "MATCH (a:" + _label(source) + " {id: $source}) "
        "MATCH (b:" + _label(target) + " {id: $target}) "
        "MATCH p = allShortestPaths((a)-[:" + _alternation(rel_types) + "*.." + _HOPS[max_hops - 1] + "]-(b)) "
        "RETURN [x IN nodes(p) | x {.*}] AS nodes, [x IN nodes(p) | labels(x)] AS labels, "
        "[r IN relationships(p) | {source: startNode(r).id, type: type(r), target: endNode(r).id, "
        "props: properties(r)}] AS edges "
        "LIMIT $limit"
    )


# The stance projection the analytics run on: per (source, type, target), how many stance edges.
STANCE_PROJECTION: LiteralString = (
    "MATCH (src:Actor)-[r:" + STANCE_PATTERN + "]->(tgt) "
    "RETURN src.id AS source_id, coalesce(src.name, src.id) AS source_name, labels(src) AS source_labels, "
    "type(r) AS type, tgt.id AS target_id, coalesce(tgt.name, tgt.title) AS target_name, "
    "labels(tgt) AS target_labels, count(r) AS n"
)

# For each of ``$pairs`` ({key, source, type, target}): its latest ``$limit`` stance edges.
PAIR_STANCES: LiteralString = (
    "UNWIND $pairs AS p "
    "MATCH (src:Actor {id: p.source})-[r:" + STANCE_PATTERN + "]->(tgt) "
    "WHERE tgt.id = p.target AND type(r) = p.type "
    "WITH p, src, tgt, r ORDER BY r.date DESC, r.article DESC, r.start DESC "
    "WITH p, collect({type: type(r), source_id: src.id, source_name: coalesce(src.name, src.id), "
    "source_labels: labels(src), target_id: tgt.id, target_name: coalesce(tgt.name, tgt.title), "
    "target_labels: labels(tgt), props: properties(r)})[..$limit] AS stances "
    "RETURN p.key AS key, stances"
)

ALL_NODES: LiteralString = (
    "MATCH (n) WHERE " + _NOT_READ_MODEL + " RETURN n {.*} AS node, labels(n) AS labels ORDER BY n.id"
)
ALL_RELATIONSHIPS: LiteralString = (
    "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props "
    "ORDER BY source, type, target"
)


# --- read models (``peacegraph.graph.summaries``): kept in the transaction that writes an article's stance edges ----
#
# ``StanceSummary``: one node per (source, stance type, target) pair: ``n``, ``first``, ``last`` date and
# ``latest`` (the newest few edges as ``date|article|start`` tokens). ``StanceDay``: one node per (node,
# day): how many stance edges of each type leave the node that day (``out``, counts in the order of
# ``StanceType``),
# ``n`` in all, and ``articles``, the articles they were read from; node ``*`` counts each edge of the whole
# graph once. Their labels are not entity labels (``peacegraph.graph.model.Label``): nothing outside this block and
# ``peacegraph.graph.summaries`` names them, and graph-wide reads leave them out (``_NOT_READ_MODEL``).

SUMMARY_LABEL: LiteralString = "StanceSummary"
DAY_LABEL: LiteralString = "StanceDay"
# ``StanceNeighbours``: one node per node with stance edges (``key`` = its id): ``joined``, a line
# ``other|weight|mask`` per neighbour (edges joining them, which pair summaries join them).
NEIGHBOURS_LABEL: LiteralString = "StanceNeighbours"
# ``StanceCalendar``: one node per node with days and ``*`` (``key`` = its id): ``days``, a line ``day|c1,c2,...``
# per day (its ``StanceDay``'s counts per type).
CALENDAR_LABEL: LiteralString = "StanceCalendar"
READ_MODEL_LABELS: tuple[LiteralString, ...] = (SUMMARY_LABEL, DAY_LABEL, NEIGHBOURS_LABEL, CALENDAR_LABEL)


def _read_model(label: LiteralString) -> LiteralString:
    if label not in READ_MODEL_LABELS:
        raise ValueError(f"not a read-model label: {label!r}")
    return label


def read_model_constraint(label: LiteralString) -> LiteralString:
    """A read-model node is unique by its ``key``."""
    own = _read_model(label)
    return "CREATE CONSTRAINT uniq_" + own.lower() + "_key IF NOT EXISTS FOR (n:" + own + ") REQUIRE n.key IS UNIQUE"


# What the reads look the read models up by.
READ_MODEL_INDEXES: tuple[LiteralString, ...] = (
    "CREATE INDEX idx_stancesummary_source IF NOT EXISTS FOR (n:StanceSummary) ON (n.source)",
    "CREATE INDEX idx_stancesummary_target IF NOT EXISTS FOR (n:StanceSummary) ON (n.target)",
    "CREATE INDEX idx_stanceday_node IF NOT EXISTS FOR (n:StanceDay) ON (n.node)",
)
EVENT_DATE_INDEX: LiteralString = "CREATE INDEX idx_event_date IF NOT EXISTS FOR (n:Event) ON (n.date)"


def lock_read_model(label: LiteralString) -> LiteralString:
    """The read-model nodes ``$keys``, write-locked before they are read: Neo4j then returns what the last
    writer committed and holds off the next until this transaction ends (ArcadeDB refuses a concurrent
    commit of the same records instead, and the writer retries)."""
    return (
        "MATCH (n:" + _read_model(label) + ") WHERE n.key IN $keys "
        "SET n.version = coalesce(n.version, 0) + 1 RETURN n {.*} AS props"
    )


def update_read_model(label: LiteralString) -> LiteralString:
    return (
        "UNWIND $rows AS row MATCH (n:" + _read_model(label) + " {key: row.key}) SET n = row.props RETURN count(n) AS n"
    )


def create_read_model(label: LiteralString) -> LiteralString:
    return "UNWIND $rows AS row CREATE (n:" + _read_model(label) + ") SET n = row.props RETURN count(n) AS n"


def delete_read_model(label: LiteralString) -> LiteralString:
    return "MATCH (n:" + _read_model(label) + ") WHERE n.key IN $keys DELETE n RETURN count(*) AS n"


def _article_edges(rel_type: StanceType) -> LiteralString:
    return (
        "MATCH (src)-[r:" + _rel(rel_type) + "]->(tgt) WHERE r.article IN $articles "
        "RETURN src.id AS source, type(r) AS type, tgt.id AS target, r.date AS date, r.article AS article, "
        "r.start AS start"
    )


# Every stance edge read from ``$articles``, found through the per-type index on ``article``. A top-level
# UNION ALL of one branch per type: ArcadeDB uses the index in each branch, but not inside ``CALL () {}``
# nor for an alternation ``[r:A|B]`` (a scan of every edge of the types: 1.2 s against 36 ms measured).
ARTICLE_STANCE_EDGES: LiteralString = " UNION ALL ".join([_article_edges(t) for t in StanceType])

# The stance edges of each of ``$pairs`` ({key, source, type, target}); recomputes a pair's summary.
PAIR_EDGES: LiteralString = (
    "UNWIND $pairs AS p "
    "MATCH (src:Actor {id: p.source})-[r:" + STANCE_PATTERN + "]->(tgt) "
    "WHERE tgt.id = p.target AND type(r) = p.type "
    "RETURN src.id AS source, type(r) AS type, tgt.id AS target, r.date AS date, r.article AS article, "
    "r.start AS start"
)


# --- pages of stance edges newest first, by cursor (``peacegraph.graph.pages``) ------------------------------------
#
# An edge's id is ``source|type|target|article|start`` (``peacegraph.graph.subgraph.edge_id``); pages are ordered by
# (date, id) descending, undated edges last, and a cursor ``$after_date``/``$after_id`` starts after an edge.

_EDGE_ID: LiteralString = "src.id + '|' + type(r) + '|' + tgt.id + '|' + r.article + '|' + toString(r.start)"
_AFTER: LiteralString = "($after_date IS NULL OR day < $after_date OR (day = $after_date AND eid < $after_id)) "
_PAGE_ORDER: LiteralString = "ORDER BY day DESC, eid DESC LIMIT $limit RETURN eid AS id, " + _STANCE_COLUMNS

# A node's counts of every day, from its one ``StanceCalendar`` (not its ``StanceDay`` nodes: they carry articles).
NODE_CALENDAR: LiteralString = "MATCH (c:StanceCalendar) WHERE c.key = $id RETURN c.days AS days"
# Whether any ``StanceCalendar`` / ``StanceDay`` exists, and the days of the nodes ``$ids`` (rebuild of calendars).
ANY_CALENDAR: LiteralString = "MATCH (c:StanceCalendar) RETURN c.key AS key LIMIT 1"
ANY_DAY: LiteralString = "MATCH (d:StanceDay) RETURN d.key AS key LIMIT 1"
NODES_WITH_DAYS: LiteralString = "MATCH (d:StanceDay) RETURN DISTINCT d.node AS id"
DAYS_OF_NODES: LiteralString = (
    "UNWIND $ids AS id MATCH (d:StanceDay {node: id}) RETURN d.node AS node, d.day AS day, d.out AS out"
)
DAY_ARTICLE_LISTS: LiteralString = "MATCH (d:StanceDay) WHERE d.key IN $keys RETURN d.articles AS articles"


def _page_branch(rel_type: StanceType) -> LiteralString:
    return (
        "MATCH (src)-[r:" + _rel(rel_type) + "]->(tgt) WHERE r.article IN $articles AND type(r) IN $types "
        "WITH r, src, tgt, coalesce(r.date, '') AS day, " + _EDGE_ID + " AS eid "
        "WHERE day IN $days AND ($source IS NULL OR src.id = $source) AND ($target IS NULL OR tgt.id = $target) "
        "AND " + _AFTER + _PAGE_ORDER
    )


# The newest ``$limit`` stance edges of each type after the cursor among those read from ``$articles`` and
# dated one of ``$days``, from ``$source`` (if not null) to ``$target`` (if not null): the edges come through
# the per-type index on ``article`` (one UNION ALL branch per type, see ``ARTICLE_STANCE_EDGES``), the days
# and articles from ``StanceDay``; the caller merges the branches and keeps the newest ``$limit``.
STANCE_PAGE_BY_DAYS: LiteralString = " UNION ALL ".join([_page_branch(t) for t in StanceType])


def stance_page_by_walk(label: Label) -> LiteralString:
    """The newest ``$limit`` stance edges at node ``$id`` after the cursor, walking the node's edges (for
    edges reaching a node, which have no days of their own: cheap where the node has few)."""
    return (
        _stance_match(label) + "WITH r, src, tgt, coalesce(r.date, '') AS day, " + _EDGE_ID + " AS eid "
        "WHERE " + _AFTER + _PAGE_ORDER
    )


# Stance summaries of pairs from ``$id`` (``PAIRS_FROM``) or to it (``PAIRS_TO``) of the types ``$types``.
PAIRS_FROM: LiteralString = (
    "MATCH (p:StanceSummary {source: $id}) WHERE p.type IN $types "
    "RETURN p.type AS type, p.target AS other, p.n AS n, p.first AS first, p.last AS last, p.latest AS latest"
)
# The ``$limit`` strongest pairs from (``TOP_PAIRS_FROM``) or to (``TOP_PAIRS_TO``) node ``$id``: a hub has 1,600.
TOP_PAIRS_FROM: LiteralString = PAIRS_FROM + " ORDER BY n DESC, type, other LIMIT $limit"
PAIRS_TO: LiteralString = (
    "MATCH (p:StanceSummary {target: $id}) WHERE p.type IN $types "
    "RETURN p.type AS type, p.source AS other, p.n AS n, p.first AS first, p.last AS last, p.latest AS latest"
)
TOP_PAIRS_TO: LiteralString = PAIRS_TO + " ORDER BY n DESC, type, other LIMIT $limit"

# Dated events of the days ``$days`` (served by ``idx_event_date``), newest first after the cursor, filtered
# as the timeline filters them (``_TIMELINE_EVENT_MATCH``).
_EVENTS_ON_DAYS: LiteralString = (
    "MATCH (e:Event) WHERE e.date IN $days "
    "AND ($place IS NULL OR e.place = $place OR EXISTS { (e)-[:HELD_IN]->(:Place {id: $place}) }) "
    "AND ($actor IS NULL OR EXISTS { (:Actor {id: $actor})-->(e) }) "
)
TIMELINE_EVENTS_ON_DAYS: LiteralString = (
    _EVENTS_ON_DAYS + "WITH e, e.date AS day, e.id AS eid WHERE " + _AFTER + ""
    "ORDER BY day DESC, eid DESC LIMIT $limit RETURN eid AS id, e.date AS date, e {.*} AS event"
)
COUNT_EVENTS_ON_DAYS: LiteralString = _EVENTS_ON_DAYS + "RETURN count(e) AS n"


def timeline_place_stances(place: Label) -> LiteralString:
    """The newest ``$limit`` dated stance edges on the place ``$place`` in the date range, after the cursor
    (by the place's own edges: a place has no days of its own, see ``peacegraph.graph.summaries``)."""
    return (
        _timeline_stance_match(None, place) + "WITH r, src, tgt, r.date AS day, " + _EDGE_ID + " AS eid "
        "WHERE " + _AFTER + _PAGE_ORDER
    )


# --- neighbourhoods from the read model (``peacegraph.graph.subgraph``) ---------------------------------------------

# The ``$limit`` strongest neighbours over stance edges from (then to) the nodes ``$ids``, by the pair summaries
# of the types ``$types``: the node, the neighbour, how many edges join them, and the summaries' keys (a top-level
# UNION ALL: ArcadeDB uses no index inside ``CALL () {}``).
PAIRS_OF_NODES: LiteralString = (
    "UNWIND $ids AS id MATCH (p:StanceSummary {source: id}) WHERE p.type IN $types "
    "WITH id, p.target AS other, sum(p.n) AS weight, collect(p.key) AS pairs "
    "RETURN id, other, weight, pairs ORDER BY weight DESC, other LIMIT $limit "
    "UNION ALL "
    "UNWIND $ids AS id MATCH (p:StanceSummary {target: id}) WHERE p.type IN $types "
    "WITH id, p.source AS other, sum(p.n) AS weight, collect(p.key) AS pairs "
    "RETURN id, other, weight, pairs ORDER BY weight DESC, other LIMIT $limit"
)
# The neighbours of the nodes ``$ids`` over stance edges, their weights and masks (``StanceNeighbours``).
NEIGHBOURS_OF_NODES: LiteralString = (
    "MATCH (n:StanceNeighbours) WHERE n.key IN $ids RETURN n.key AS id, n.joined AS joined"
)
# Every pair summary at the nodes ``$ids``, from them then to them (rebuilds their ``StanceNeighbours``).
PAIRS_AT_NODES: LiteralString = (
    "UNWIND $ids AS id MATCH (p:StanceSummary {source: id}) "
    "RETURN id, p.target AS other, true AS outgoing, p.type AS type, p.n AS n "
    "UNION ALL "
    "UNWIND $ids AS id MATCH (p:StanceSummary {target: id}) "
    "RETURN id, p.source AS other, false AS outgoing, p.type AS type, p.n AS n"
)
# Whether any ``StanceNeighbours`` / ``StanceSummary`` exists (a graph loaded before the neighbours had summaries only).
ANY_NEIGHBOURS: LiteralString = "MATCH (n:StanceNeighbours) RETURN n.key AS key LIMIT 1"
ANY_PAIR_SUMMARY: LiteralString = "MATCH (p:StanceSummary) RETURN p.key AS key LIMIT 1"
# Every node that has a pair summary (the nodes whose ``StanceNeighbours`` a rebuild writes).
NODES_WITH_PAIRS: LiteralString = (
    "MATCH (p:StanceSummary) RETURN p.source AS id UNION MATCH (p:StanceSummary) RETURN p.target AS id"
)
# The newest edges (``latest``) of the pair summaries ``$keys``: read for the pairs a neighbourhood keeps only.
# (one lookup per key: 35% faster than ``p.key IN $keys`` on ArcadeDB for 1,000-5,000 keys).
PAIRS_LATEST: LiteralString = (
    "UNWIND $keys AS key MATCH (p:StanceSummary {key: key}) RETURN p.key AS key, p.latest AS latest"
)


def nodes_by_ids(label: Label) -> LiteralString:
    return "UNWIND $ids AS id MATCH (n:" + _label(label) + " {id: id}) RETURN n {.*} AS node, labels(n) AS labels"


def articles_param(rel_type: StanceType) -> LiteralString:
    """The parameter of ``STANCES_BY_IDS`` that lists the articles holding the wanted edges of ``rel_type``."""
    return "articles_" + _rel(rel_type).lower()


def _edge_branch(rel_type: StanceType) -> LiteralString:
    return (
        "MATCH (src)-[r:" + _rel(rel_type) + "]->(tgt) WHERE r.article IN $" + articles_param(rel_type) + " "
        "WITH src, r, tgt, " + _EDGE_ID + " AS eid WHERE eid IN $ids RETURN eid AS id, " + _STANCE_COLUMNS
    )


# The stance edges ``$ids`` (edge ids) as flat columns, read through the per-type index on ``article``: the
# branch of each type looks up only the articles of that type's wanted edges (``$articles_<type>``, see
# ``articles_param``; one list for all branches looked up 840 articles ten times: 581 against 244 ms for
# 1,000 edges). The ids and articles come from the summaries' ``latest``; a branch per type, as in
# ``ARTICLE_STANCE_EDGES``.
STANCES_BY_IDS: LiteralString = " UNION ALL ".join([_edge_branch(t) for t in StanceType])


def node_mentions(label: Label) -> LiteralString:
    """The first ``$limit`` MENTIONS of a node found (an article's entities, or the articles naming an entity:
    a hub has 100k, so they are not sorted)."""
    return (
        "MATCH (n:" + _label(label) + " {id: $id})-[r:MENTIONS]-(m) WITH n, r, m LIMIT $limit "
        "RETURN type(r) AS type, startNode(r).id = n.id AS outgoing, properties(r) AS props, "
        "m.id AS other_id, coalesce(m.name, m.title) AS other_name, labels(m) AS other_labels"
    )


# --- removal: an article and what only it supported ---------------------------------
#
# An edge belongs to an article by its provenance: a stance edge by its ``article`` property,
# a MENTIONS or REPORTS link by its source. A removal or a replacement deletes an article's
# edges (all of them, or those its new extraction no longer holds), then the nodes at their
# ends that nothing supports any more (``delete_unsupported``).

_ARTICLE_LINKS: LiteralString = _alternation((LinkType.MENTIONS, LinkType.REPORTS))


def delete_article_stances(rel_type: StanceType) -> LiteralString:
    """Delete the stance edges of the articles ``$articles`` whose key (``stance_key``) is not in the map
    ``$kept``; one row per edge deleted, with its ends. Found through the index on ``article``."""
    return (
        "MATCH (s)-[r:" + _rel(rel_type) + "]->(t) WHERE r.article IN $articles "
        "WITH r, s.id AS source, t.id AS target, s.id + '|' + t.id + '|' + r.article + '|' + toString(r.start) AS key "
        "WHERE $kept[key] IS NULL "
        "DELETE r "
        "RETURN source, target"
    )


def article_link_key(article: str, link_type: LinkType, target: str) -> str:
    """The key of an article's MENTIONS or REPORTS link, as ``DELETE_ARTICLE_LINKS`` computes it in Cypher."""
    return f"{article}|{link_type.value}|{target}"


# The MENTIONS and REPORTS links of the articles ``$articles`` whose key is not in the map ``$kept``.
DELETE_ARTICLE_LINKS: LiteralString = (
    "UNWIND $articles AS id "
    "MATCH (a:Article {id: id})-[r:" + _ARTICLE_LINKS + "]->(n) "
    "WITH r, n.id AS target, a.id + '|' + type(r) + '|' + n.id AS key "
    "WHERE $kept[key] IS NULL "
    "DELETE r "
    "RETURN target"
)

# Delete the articles ``$ids`` with whatever edges they still have; the ids of those deleted.
DELETE_ARTICLES: LiteralString = (
    "UNWIND $ids AS id MATCH (a:Article {id: id}) WITH a, a.id AS removed DETACH DELETE a RETURN removed"
)


def delete_unsupported(label: Label) -> LiteralString:
    """Delete the nodes ``$ids`` of ``label`` that no article mentions or reports and no stance edge
    touches (with their structural links); the ids of those deleted."""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids "
        "AND NOT EXISTS { (:Article)-[:" + _ARTICLE_LINKS + "]->(n) } "
        "AND NOT EXISTS { (n)-[:" + STANCE_PATTERN + "]-() } "
        "WITH n, n.id AS removed DETACH DELETE n RETURN removed"
    )
