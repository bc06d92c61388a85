"""Every read of the graph: counts, articles, search, any node and its relationships, actors, stance
edges, plans and their points, the timeline.

Each function runs statements of ``peacegraph.graph.queries`` through ``GraphStore.read`` (the store
itself only connects, writes and answers health checks) and returns rows as dicts or a
``Node``; the API shapes them into its response models. A node is looked up one way,
``get_node``, here and by ``peacegraph.graph.subgraph``. An id
resolves to its label by its prefix (``person:`` -> Person), so every lookup
matches on a label whose ``id`` is unique and indexed; an id of the wrong kind
is not found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from peacegraph.graph import queries
from peacegraph.graph.errors import NotFoundError
from peacegraph.graph.model import ACTOR_TYPES, EntityType, Label, LinkType, StanceType, label_for_id, search_key
from peacegraph.graph.store import GraphStore

ACTOR_LABELS = frozenset(Label(t.value) for t in ACTOR_TYPES)
ALL_LABELS = frozenset(Label)

Page = tuple[list[dict[str, Any]], int]
"""Rows of one page and the total number of rows."""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _types_and_dates(types: tuple[StanceType, ...], date_from: date | None, date_to: date | None) -> dict[str, Any]:
    """The parameters ``$types``, ``$date_from`` and ``$date_to`` (inclusive, ISO) of a filtered read."""
    return {"types": [t.value for t in types], "date_from": _iso(date_from), "date_to": _iso(date_to)}


@dataclass(frozen=True)
class StanceFilter:
    """Which stance edges at a node: types, direction, the other end, a date range (inclusive)."""

    types: tuple[StanceType, ...] = tuple(StanceType)
    outgoing: bool = True
    incoming: bool = True
    other: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def params(self) -> dict[str, Any]:
        where = {"outgoing": self.outgoing, "incoming": self.incoming, "other": self.other}
        return {**where, **_types_and_dates(self.types, self.date_from, self.date_to)}


@dataclass(frozen=True)
class Node:
    """A node read from the graph: its id, labels and properties (by id, or in a subgraph)."""

    id: str
    labels: list[str]
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        """What to call it: its name, or an article's title."""
        name = self.properties.get("name") or self.properties.get("title")
        return None if name is None else str(name)

    @property
    def is_actor(self) -> bool:
        return Label.ACTOR.value in self.labels

    @property
    def label(self) -> Label:
        """The label its id names (``person:`` -> Person): the one on which its ``id`` is unique and indexed."""
        label = label_for_id(self.id)
        if label is None:
            raise NotFoundError("node", self.id)
        return label


def get_node(store: GraphStore, node_id: str, kind: str = "node", allowed: frozenset[Label] = ALL_LABELS) -> Node:
    """The node ``node_id`` if its id names one of the ``allowed`` labels and it exists; else NotFoundError."""
    label = label_for_id(node_id)
    if label is None or label not in allowed:
        raise NotFoundError(kind, node_id)
    found = store.read(queries.node_by_id(label), id=node_id)
    if not found:
        raise NotFoundError(kind, node_id)
    return Node(node_id, found[0]["labels"], found[0]["node"])


# --- the graph as a whole, articles, search -------------------------------------


class GraphCounts(BaseModel):
    nodes: int
    relationships: int
    by_label: dict[str, int]


def count(store: GraphStore, label: Label) -> int:
    return int(store.read(queries.count_label(label))[0]["n"])


def size(store: GraphStore) -> tuple[int, int]:
    """(nodes, relationships) in the whole graph."""
    nodes = store.read(queries.COUNT_NODES)[0]["n"]
    relationships = store.read(queries.COUNT_RELATIONSHIPS)[0]["n"]
    return int(nodes), int(relationships)


def counts(store: GraphStore) -> GraphCounts:
    nodes, relationships = size(store)
    by_label = {label.value: count(store, label) for label in Label}
    return GraphCounts(nodes=nodes, relationships=relationships, by_label=by_label)


def list_articles(store: GraphStore, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Articles' properties, newest first."""
    return [row["article"] for row in store.read(queries.LIST_ARTICLES, limit=limit, offset=offset)]


def existing_article_ids(store: GraphStore, ids: list[str]) -> set[str]:
    """Which of ``ids`` are articles in the graph."""
    return {row["id"] for row in store.read(queries.EXISTING_ARTICLE_IDS, ids=ids)}


def existing_article_urls(store: GraphStore, urls: list[str]) -> set[str]:
    """Which of ``urls`` are the URLs of articles in the graph."""
    return {row["url"] for row in store.read(queries.EXISTING_ARTICLE_URLS, urls=urls)} if urls else set()


def search(store: GraphStore, text: str, *, limit: int = 20, offset: int = 0) -> Page:
    """A page of the entities whose name or an alias contains ``text`` (ignoring case and accents), and how
    many there are: shortest names first."""
    key = search_key(text)
    if not key:
        return [], 0
    rows = store.read(queries.SEARCH_NODES, q=key, limit=limit, offset=offset)
    if offset == 0 and len(rows) < limit:
        return rows, len(rows)  # a short first page is all of them: no count needed
    return rows, int(store.read(queries.SEARCH_COUNT, q=key)[0]["total"])


# --- actors ------------------------------------------------------------------


def list_actors(
    store: GraphStore,
    *,
    actor_type: EntityType | None = None,
    country: str | None = None,
    sort: Literal["degree", "name"] = "degree",
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Actors with their stance degree and mention count, most connected (or by name) first."""
    if actor_type is not None and actor_type not in ACTOR_TYPES:
        raise ValueError(f"not an actor type: {actor_type}")
    params = {"type": actor_type.value if actor_type else None, "country": country}
    query = queries.LIST_ACTORS_BY_DEGREE if sort == "degree" else queries.LIST_ACTORS_BY_NAME
    rows = store.read(query, limit=limit, offset=offset, **params)
    total = store.read(queries.COUNT_ACTORS, **params)[0]["n"]
    return rows, int(total)


def mention_count(store: GraphStore, node: Node) -> int:
    return int(store.read(queries.mention_count(node.label), id=node.id)[0]["n"])


# --- stance edges at any node -------------------------------------------------


def stances(store: GraphStore, node: Node, where: StanceFilter, *, limit: int, offset: int) -> Page:
    """A page of the stance edges at ``node`` that pass ``where``, oldest first."""
    params = where.params()
    rows = store.read(queries.stance_edges(node.label), id=node.id, limit=limit, offset=offset, **params)
    total = store.read(queries.count_stance_edges(node.label), id=node.id, **params)[0]["n"]
    return rows, int(total)


def stance_summary(store: GraphStore, node: Node, where: StanceFilter) -> list[dict[str, Any]]:
    """Stance edges at ``node`` grouped by (type, direction, other end): count and latest date."""
    return store.read(queries.stance_summary(node.label), id=node.id, **where.params())


def stance_type_counts(store: GraphStore, node: Node) -> list[dict[str, Any]]:
    """Per stance type and direction (``outgoing``): how many stance edges the node has."""
    return store.read(queries.STANCE_TYPE_COUNTS, id=node.id)


def latest_stances(
    store: GraphStore, pairs: list[tuple[str, StanceType, str]], *, limit: int
) -> dict[tuple[str, StanceType, str], list[dict[str, Any]]]:
    """For each (actor, stance type, target): its latest ``limit`` stance edges, oldest first."""
    rows = [{"key": i, "source": s, "type": t.value, "target": o} for i, (s, t, o) in enumerate(pairs)]
    found = {row["key"]: row["stances"] for row in store.read(queries.PAIR_STANCES, pairs=rows, limit=limit)}
    return {pair: list(reversed(found.get(i, []))) for i, pair in enumerate(pairs)}


def links(
    store: GraphStore, node: Node, types: tuple[LinkType, ...] = tuple(LinkType), *, limit: int = 500
) -> list[dict[str, Any]]:
    """The node's structural links of ``types`` (never MENTIONS), with the other end."""
    return store.read(queries.node_links(node.label), id=node.id, types=[t.value for t in types], limit=limit)


# --- plans -------------------------------------------------------------------


def list_plans(store: GraphStore, *, limit: int, offset: int) -> Page:
    rows = store.read(queries.LIST_PLANS, limit=limit, offset=offset)
    return rows, count(store, Label.PLAN)


def plan_points(store: GraphStore, plan_id: str) -> list[dict[str, Any]]:
    """The plan's points, by number."""
    return [row["point"] for row in store.read(queries.PLAN_POINTS, id=plan_id)]


def plan_point(store: GraphStore, plan_id: str, number: int) -> Node:
    """Point ``number`` of the plan; NotFoundError if the plan has no such point."""
    found = store.read(queries.PLAN_POINT_BY_NUMBER, id=plan_id, number=number)
    if not found:
        raise NotFoundError("plan point", f"{plan_id} #{number}")
    point = found[0]["point"]
    return Node(point["id"], [Label.PLAN_POINT.value], point)


def plan_stance_cells(
    store: GraphStore, plan_id: str, types: tuple[StanceType, ...] = tuple(StanceType)
) -> list[dict[str, Any]]:
    """Per (actor, point number, stance type): count and latest date; number None = the plan as a whole.
    From the pair summaries: the plan's points by id, their summaries, then the actors' names."""
    numbers: dict[str, int | None] = {point["id"]: point.get("number") for point in plan_points(store, plan_id)}
    numbers[plan_id] = None
    cells = store.read(queries.STANCES_ON_NODES, ids=list(numbers), types=[t.value for t in types])
    actors = {
        row["node"]["id"]: row
        for row in store.read(queries.nodes_by_ids(Label.ACTOR), ids=sorted({c["actor_id"] for c in cells}))
    }
    rows = []
    for cell in cells:
        actor = actors.get(cell["actor_id"])
        if actor is None:
            continue
        node = actor["node"]
        rows.append(
            {
                "number": numbers[cell["target"]],
                "actor_id": cell["actor_id"],
                "actor_name": node.get("name") or cell["actor_id"],
                "actor_labels": actor["labels"],
                "type": cell["type"],
                "n": cell["n"],
                "latest": cell["latest"],
            }
        )
    return rows


# --- timeline ----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineFilter:
    """Which entries: events, stance edges (of ``types``), by actor, place and date range."""

    events: bool = True
    stances: bool = True
    types: tuple[StanceType, ...] = tuple(StanceType)
    actor: str | None = None
    place: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def params(self) -> dict[str, Any]:
        return {"actor": self.actor, "place": self.place, **_types_and_dates(self.types, self.date_from, self.date_to)}


def stances_by_ids(store: GraphStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stance edges ``ids`` (``source|type|target|article|start``, as summary tokens name them) by id,
    each looked up through its type's index on ``article``; ids of no edge are absent."""
    articles: dict[str, set[str]] = {queries.articles_param(t): set() for t in StanceType}
    for edge_id in ids:
        _, rel_type, _, article, _ = edge_id.split("|")
        articles[queries.articles_param(StanceType(rel_type))].add(article)
    if not ids:
        return {}
    params = {name: sorted(found) for name, found in articles.items()}
    return {row["id"]: row for row in store.read(queries.STANCES_BY_IDS, ids=list(ids), **params)}
