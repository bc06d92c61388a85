"""API models (DTOs), apart from the graph models: every request body and answer of the REST API, and
what the CLI prints with ``--json``.

Answers are built by validating rows into them (``StanceOut.model_validate(row)``); a model
whose fields are not the row's columns says how it reads a row in a ``mode="before"`` validator,
which passes its own shape through (FastAPI validates a returned answer again as a dict). An
answer about one node (``_NodeOut``) reads a row of its properties, ``node``, beside other columns.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from peacegraph.graph.model import ACTOR_TYPES, EntityType, LinkType, StanceType

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list: ``items`` from ``offset``, ``total`` in all."""

    items: list[T]
    total: int
    limit: int
    offset: int


class CursorPage(Page[T], Generic[T]):
    """A page of a list newest first: ``items`` after the cursor it was asked with (``after``), ``total``
    matching the filter in all, and ``next``, the cursor of the following page (null on the last)."""

    next: str | None = Field(
        default=None,
        description="pass as `after` for the next page: DATE,ID of this page's last item",
        examples=["2025-11-21,country:russia|REJECTS|plan:us-28-point-plan|article:fd66388dd941aed7|1043"],
    )


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    server: str = Field(description="the graph server's agent string", examples=["Neo4j/5.26.0"])
    nodes: int
    relationships: int
    by_label: dict[str, int]


class ArticleOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(examples=["article:ba0549949b1fb6b5"])
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    path: str | None = None
    chars: int | None = None


Direction = Literal["out", "in"]


class _SeenFromTheNode(BaseModel):
    """An edge at a node as seen from it, read from a row of the node's relationships or links: the columns
    ``type, outgoing, other_id, other_name, other_labels, props``."""

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, row: Any) -> Any:
        if not (isinstance(row, dict) and "outgoing" in row):
            return row
        direction = "out" if row["outgoing"] else "in"
        seen = {"type": row["type"], "direction": direction, "properties": row.get("props") or {}}
        return {**seen, **cls._other(NodeRef.at(row, "other"))}

    @classmethod
    def _other(cls, other: NodeRef) -> dict[str, Any]:
        """The other end as this answer's fields."""
        return {"other": other}


class RelationshipOut(_SeenFromTheNode):
    type: StanceType | LinkType = Field(examples=["SUPPORTS"])
    direction: Direction = Field(description="out: from this node; in: to this node", examples=["out"])
    other_id: str
    other_name: str | None = None
    other_labels: list[str]
    properties: dict[str, Any] = Field(description="evidence, start, end, date, confidence, ...")

    @classmethod
    def _other(cls, other: NodeRef) -> dict[str, Any]:
        return {"other_id": other.id, "other_name": other.name, "other_labels": other.labels}


class SearchHit(BaseModel):
    id: str
    name: str | None = None
    labels: list[str]
    aliases: list[str] = Field(default_factory=list)

    @field_validator("aliases", mode="before")
    @classmethod
    def _no_aliases(cls, aliases: Any) -> Any:
        return aliases or []


# --- the analyst's API: actors, stances, plans, timeline, places, events, subgraphs, analytics ---


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NodeRef(_Out):
    """A node named in an answer: enough to show it and to ask for it."""

    id: str = Field(examples=["person:vladimir-putin"])
    name: str | None = Field(default=None, examples=["Vladimir Putin"])
    labels: list[str] = Field(examples=[["Actor", "Person"]])

    @classmethod
    def of(cls, node_id: str, name: str | None, labels: list[str] | None) -> NodeRef:
        return cls(id=node_id, name=name, labels=list(labels or []))

    @classmethod
    def at(cls, row: dict[str, Any], end: str) -> NodeRef:
        """The node at one end of a row's edge: the columns ``<end>_id``, ``<end>_name``, ``<end>_labels``."""
        return cls.of(row[f"{end}_id"], row.get(f"{end}_name"), row.get(f"{end}_labels"))


class _NodeOut(_Out):
    """An answer about one node, read from a row: ``node`` (the node's properties: those named like a
    field are taken, nulls left to the field's default) and the row's other columns, which win over a
    property of the same name."""

    @model_validator(mode="before")
    @classmethod
    def _from_node_row(cls, row: Any) -> Any:
        if not (isinstance(row, dict) and isinstance(row.get("node"), dict)):
            return row
        columns = {key: value for key, value in row.items() if key != "node"}
        props = {key: value for key, value in row["node"].items() if key in cls.model_fields and value is not None}
        return {**props, **cls._derived({**props, **columns}), **columns}

    @classmethod
    def _derived(cls, fields: dict[str, Any]) -> dict[str, Any]:
        """Fields worked out from the others (none here)."""
        return {}


_ACTOR_TYPE_NAMES = frozenset(t.value for t in ACTOR_TYPES)


class _ActorOut(_NodeOut):
    @classmethod
    def _derived(cls, fields: dict[str, Any]) -> dict[str, Any]:
        """``type``: the actor's kind among its labels (Person, Country or Organization; None if it has none)."""
        return {"type": next((label for label in fields["labels"] if label in _ACTOR_TYPE_NAMES), None)}


class StanceOut(_Out):
    """One stance edge with its provenance: who, what, on what, when, and the sentence it was read from."""

    id: str | None = Field(
        default=None,
        description="the edge's id, source|type|target|article|start (on pages read newest first)",
        examples=["country:russia|REJECTS|plan:us-28-point-plan|article:fd66388dd941aed7|1043"],
    )
    type: StanceType = Field(examples=["REJECTS"])
    source: NodeRef
    target: NodeRef
    date: str | None = Field(default=None, description="when the stance was expressed, ISO", examples=["2025-11-27"])
    date_precision: str | None = Field(default=None, examples=["day"])
    evidence: str | None = Field(
        default=None,
        description="the sentence, verbatim",
        examples=['Putin noted that the document "might lead to some form of normalization".'],
    )
    quote: str | None = Field(default=None, description="the direct quotation inside the sentence")
    article: str | None = Field(default=None, description="Article.id", examples=["article:fd66388dd941aed7"])
    start: int | None = Field(default=None, description="offset of the sentence in the article body")
    end: int | None = None
    confidence: float | None = Field(default=None, examples=[0.8])
    code: str | None = Field(default=None, description="CAMEO code", examples=["12"])
    method: str | None = Field(default=None, examples=["rules/verb-cue/verb", "model:pairs"])

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, row: Any) -> Any:
        """From the columns ``type, source_*, target_*, props`` of a stance query."""
        if not (isinstance(row, dict) and "source_id" in row):
            return row
        props = row.get("props") or {}
        return {
            "id": row.get("id"),
            "type": row["type"],
            "source": NodeRef.at(row, "source"),
            "target": NodeRef.at(row, "target"),
            **{name: props.get(name) for name in _STANCE_PROVENANCE},
        }


_STANCE_PROVENANCE = (
    "date", "date_precision", "evidence", "quote", "article", "start", "end", "confidence", "code", "method",
)  # fmt: skip


class LinkOut(_SeenFromTheNode, _Out):
    """A structural link (PART_OF, CONCERNS, LOCATED_IN, HELD_IN, LEADS, REPORTS, SUCCEEDS)."""

    type: LinkType = Field(examples=["LEADS"])
    direction: Direction = Field(description="out: from this node; in: to this node", examples=["out"])
    other: NodeRef
    properties: dict[str, Any] = Field(default_factory=dict)


class ActorSummary(_ActorOut):
    id: str = Field(examples=["person:vladimir-putin"])
    name: str | None = Field(default=None, examples=["Vladimir Putin"])
    type: EntityType | None = Field(description="Person, Country or Organization", examples=["Person"])
    labels: list[str]
    aliases: list[str] = Field(default_factory=list, examples=[["Putin", "the Kremlin leader"]])
    role: str | None = Field(default=None, examples=["President of Russia"])
    country: str | None = Field(default=None, examples=["country:russia"])
    wikidata: str | None = Field(default=None, examples=["Q7747"])
    degree: int = Field(description="stance edges from and to this actor", examples=[12])
    mentions: int = Field(description="articles that mention this actor", examples=[4])


class StanceCounts(_Out):
    outgoing: int = Field(default=0, description="stances this node holds")
    incoming: int = Field(default=0, description="stances held on this node")


class ActorProfile(_ActorOut):
    id: str = Field(examples=["person:vladimir-putin"])
    name: str | None = Field(default=None, examples=["Vladimir Putin"])
    type: EntityType | None = Field(description="Person, Country or Organization", examples=["Person"])
    labels: list[str]
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    country: str | None = None
    wikidata: str | None = Field(default=None, examples=["Q7747"])
    properties: dict[str, Any] = Field(description="every other property of the node")
    mentions: int = Field(description="articles that mention this actor")
    stance_counts: dict[StanceType, StanceCounts] = Field(
        description="per stance type", examples=[{"REJECTS": {"outgoing": 2, "incoming": 1}}]
    )
    links: list[LinkOut] = Field(description="LEADS and other structural links")


class ActorCount(_Out):
    """An actor's stances of one type on one node: how many, and the latest date."""

    actor: NodeRef
    count: int
    latest: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, row: Any) -> Any:
        """From a stance summary row: ``other_*`` (the actor), ``n``, ``latest``."""
        if not (isinstance(row, dict) and "other_id" in row):
            return row
        return {"actor": NodeRef.at(row, "other"), "count": row["n"], "latest": row["latest"]}


class StanceGroup(_Out):
    """Who holds a stance of one type on a node (e.g. everyone who REJECTS a plan point)."""

    type: StanceType = Field(examples=["SUPPORTS"])
    actors: list[ActorCount]


class PlanSummary(_NodeOut):
    id: str = Field(examples=["plan:us-28-point-plan"])
    name: str | None = Field(default=None, examples=["US 28-point plan"])
    aliases: list[str] = Field(default_factory=list)
    proposer: str | None = Field(default=None, examples=["country:united-states"])
    published: str | None = Field(default=None, examples=["2025-11-20"])
    points: int | None = Field(default=None, description="points the plan declares", examples=[28])
    points_in_graph: int = Field(description="PlanPoint nodes of the plan in the graph", examples=[28])


class PlanPointOut(_NodeOut):
    id: str = Field(examples=["planpoint:us-28-point-plan:7"])
    number: int = Field(examples=[7])
    title: str | None = Field(default=None, examples=["No NATO membership"])
    summary: str | None = None
    topics: list[str] = Field(default_factory=list)
    stance_counts: dict[StanceType, int] = Field(default_factory=dict, examples=[{"REJECTS": 3, "SUPPORTS": 1}])

    @classmethod
    def _derived(cls, fields: dict[str, Any]) -> dict[str, Any]:
        """``number``: 0 for a point that has none."""
        return {"number": fields.get("number") or 0}


class PlanOut(_NodeOut):
    id: str = Field(examples=["plan:us-28-point-plan"])
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    proposer: str | None = None
    published: str | None = None
    declared_points: int | None = Field(default=None, description="points the plan declares")
    points: list[PlanPointOut] = Field(description="the plan's points, by number")
    stance_counts: dict[StanceType, int] = Field(default_factory=dict, description="stances on the plan as a whole")
    links: list[LinkOut] = Field(default_factory=list, description="SUCCEEDS and other structural links")


class PlanPointDetail(_Out):
    plan: NodeRef
    point: PlanPointOut
    concerns: list[NodeRef] = Field(description="places and actors the point is about")
    positions: list[StanceGroup] = Field(description="who supports, rejects, demands ... it, per stance type")
    stances: Page[StanceOut] = Field(description="the stance edges on the point, with evidence")


class MatrixColumn(_NodeOut):
    """A column of the matrix: one point of the plan, or the plan as a whole (``number`` null)."""

    id: str = Field(
        description="the PlanPoint id, or the Plan id for the plan as a whole",
        examples=["planpoint:us-28-point-plan:7"],
    )
    number: int | None = Field(default=None, description="null for the plan as a whole", examples=[7])
    title: str | None = Field(default=None, examples=["No NATO membership"])


class MatrixRow(_Out):
    """A row of the matrix: an actor with any stance on the plan or its points."""

    id: str = Field(examples=["country:ukraine"])
    name: str | None = Field(default=None, examples=["Ukraine"])
    labels: list[str] = Field(examples=[["Actor", "Country"]])
    total: int = Field(description="the actor's stances on the plan and its points", examples=[3])


class MatrixCell(_Out):
    actor: str = Field(description="the row's actor id", examples=["country:ukraine"])
    point: str = Field(description="the column's id", examples=["planpoint:us-28-point-plan:7"])
    number: int | None = Field(default=None, description="point number; null for the plan as a whole", examples=[7])
    stances: dict[StanceType, int] = Field(description="stance type -> count", examples=[{"REJECTS": 2}])
    latest_date: str | None = Field(default=None, examples=["2025-11-24"])


class StanceMatrix(_Out):
    """Actor x point: which stances each actor holds on each point of a plan (and on the plan itself)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "plan": {"id": "plan:us-28-point-plan", "name": "US 28-point plan", "labels": ["Plan"]},
                    "points": [
                        {"id": "plan:us-28-point-plan", "number": None, "title": "the plan as a whole"},
                        {"id": "planpoint:us-28-point-plan:7", "number": 7, "title": "No NATO membership"},
                    ],
                    "actors": [
                        {"id": "country:ukraine", "name": "Ukraine", "labels": ["Actor", "Country"], "total": 3}
                    ],
                    "cells": [
                        {"actor": "country:ukraine", "point": "planpoint:us-28-point-plan:7", "number": 7,
                         "stances": {"REJECTS": 2}, "latest_date": "2025-11-24"},
                        {"actor": "country:ukraine", "point": "plan:us-28-point-plan", "number": None,
                         "stances": {"SUPPORTS": 1}, "latest_date": "2025-11-23"},
                    ],
                    "total": 1,
                    "limit": 100,
                    "offset": 0,
                }
            ]
        }
    )  # fmt: skip

    plan: NodeRef
    points: list[MatrixColumn] = Field(description="the columns: the plan as a whole, then every point by number")
    actors: list[MatrixRow] = Field(description="the rows: actors, most stances first (one page of them)")
    cells: list[MatrixCell] = Field(description="the non-empty cells of these rows")
    total: int = Field(description="actors with any stance on the plan or its points")
    limit: int
    offset: int


class EventRef(_Out):
    id: str = Field(examples=["event:2025-11-21-russian-security-council-meeting"])
    name: str | None = None
    date: str | None = Field(default=None, examples=["2025-11-21"])
    end_date: str | None = None
    kind: str | None = Field(default=None, examples=["meeting"])
    place: str | None = Field(default=None, examples=["place:moscow"])


class TimelineEntry(_Out):
    kind: Literal["event", "stance"] = Field(examples=["stance"])
    date: str = Field(examples=["2025-11-21"])
    id: str = Field(description="the event's id or the stance edge's id: with `date`, a cursor", examples=["event:x"])
    event: EventRef | None = None
    stance: StanceOut | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, row: Any) -> Any:
        """From a timeline row: ``kind``, ``date``, ``id`` and the event's properties or a stance's columns."""
        if not (isinstance(row, dict) and "stance" not in row and ("props" in row or "event" in row)):
            return row
        if row["kind"] == "event":
            event = {name: row["event"].get(name) for name in EventRef.model_fields}
            return {"kind": "event", "date": row["date"], "id": row["id"], "event": EventRef.model_validate(event)}
        return {"kind": "stance", "date": row["date"], "id": row["id"], "stance": StanceOut.model_validate(row)}


class DateWindow(_Out):
    """The dates a timeline page covers, inclusive."""

    date_from: str | None = Field(examples=["2025-11-01"])
    date_to: str | None = Field(examples=["2025-11-30"])
    default: bool = Field(description="true: no range was asked, so the latest 30 days with a stance edge")


class TimelinePage(CursorPage[TimelineEntry]):
    window: DateWindow


class EventOut(_NodeOut):
    id: str
    name: str | None = None
    labels: list[str]
    date: str | None = None
    end_date: str | None = None
    kind: str | None = None
    place: NodeRef | None = Field(default=None, description="where it was held")
    properties: dict[str, Any]
    links: list[LinkOut] = Field(description="HELD_IN, REPORTS and other structural links")
    positions: list[StanceGroup] = Field(description="who takes part in, proposes, rejects ... it")
    stances: Page[StanceOut]


class PlaceOut(_NodeOut):
    id: str = Field(examples=["place:kupyansk"])
    name: str | None = Field(default=None, examples=["Kupyansk"])
    labels: list[str]
    aliases: list[str] = Field(default_factory=list)
    kind: str | None = Field(default=None, examples=["city"])
    country: str | None = Field(default=None, examples=["country:ukraine"])
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None
    links: list[LinkOut] = Field(description="LOCATED_IN, HELD_IN, CONCERNS")
    positions: list[StanceGroup] = Field(description="who claims, attacks, demands ... it")
    stances: Page[StanceOut] = Field(description="the stance edges on the place, with evidence")


class GraphNodeOut(_Out):
    id: str = Field(examples=["person:vladimir-putin"])
    labels: list[str] = Field(examples=[["Actor", "Person"]])
    name: str | None = Field(default=None, examples=["Vladimir Putin"])
    properties: dict[str, Any] = Field(examples=[{"role": "President of Russia", "wikidata": "Q7747"}])


class NodeOut(GraphNodeOut):
    """A node with its relationships (``GET /nodes/{id}``)."""

    relationships: list[RelationshipOut]


class GraphEdgeOut(_Out):
    id: str = Field(
        description="<source>|<type>|<target>|<article>|<start>",
        examples=["person:vladimir-putin|REJECTS|plan:us-28-point-plan|article:fd66388dd941aed7|2101"],
    )
    source: str = Field(examples=["person:vladimir-putin"])
    target: str = Field(examples=["plan:us-28-point-plan"])
    type: StanceType | LinkType = Field(examples=["REJECTS"])
    properties: dict[str, Any] = Field(
        description="evidence, date, article, start, end, confidence, ...",
        examples=[{"evidence": "...", "date": "2025-11-27", "article": "article:fd66388dd941aed7", "confidence": 0.8}],
    )


class CutOut(_Out):
    """What a cap of a neighbourhood left out, and why."""

    reason: Literal["nodes", "parallel_edges", "not_expanded", "edges"] = Field(examples=["parallel_edges"])
    count: int = Field(description="how many were left out", examples=[1204])
    description: str = Field(examples=["edges between two nodes beyond per_pair (the newest are kept)"])


class SubgraphOut(_Out):
    """Nodes and edges: the JSON a visualisation library eats."""

    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]
    cuts: list[CutOut] = Field(default_factory=list, description="what the caps left out, and why (none: nothing)")


class PathOut(_Out):
    nodes: list[str] = Field(description="node ids from `from` to `to`")
    edges: list[str] = Field(description="edge ids along the path")


class PathsOut(_Out):
    """Shortest paths between two nodes; every node and edge on them, edges with their evidence."""

    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]
    paths: list[PathOut]


class CentralityOut(_Out):
    node: NodeRef
    degree: int = Field(description="stance edges at the node", examples=[14])
    in_degree: int
    out_degree: int
    betweenness: float = Field(examples=[0.12])
    pagerank: float = Field(examples=[0.034])


class CommunityOut(_Out):
    id: int = Field(description="0 = the largest community")
    size: int
    members: list[NodeRef]


class CommunityPage(Page[CommunityOut]):
    modularity: float = Field(description="of the whole partition", examples=[0.41])


class ContradictionOut(_Out):
    """An actor holding opposite stances on one target: how often each, and the latest evidence of each side."""

    actor: NodeRef
    target: NodeRef
    positive_type: StanceType = Field(examples=["SUPPORTS"])
    negative_type: StanceType = Field(examples=["REJECTS"])
    positive_count: int = Field(description="stance edges of the positive type", examples=[2])
    negative_count: int = Field(description="stance edges of the negative type", examples=[1])
    positive: list[StanceOut] = Field(description="the latest of them, oldest first, with evidence and date")
    negative: list[StanceOut] = Field(description="the latest of them, oldest first, with evidence and date")


# --- POST /articles -----------------------------------------------------------


class ArticleIn(BaseModel):
    """One article as JSON: its text (or a URL to fetch it from) and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article body; without it, `url` is fetched")
    url: str | None = Field(default=None, description="where the article is (fetched when `text` is absent)")
    title: str | None = None
    published: str | None = Field(default=None, description="publication date, ISO or free text")
    source: str | None = Field(default=None, description="outlet or site name")
    language: str | None = Field(default=None, description="ISO 639-1 code")


class ArticleBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, description="several articles in one request")


class IngestedArticle(BaseModel):
    id: str = Field(examples=["article:ba0549949b1fb6b5"])
    title: str | None = None
    status: Literal["created", "already present"] = Field(
        description="created: written now; already present: the same text was loaded before, nothing changed"
    )
    nodes_created: int = 0
    relationships_created: int = 0


class IngestFailure(BaseModel):
    where: str = Field(description="the file, record or URL")
    reason: str


class IngestResult(BaseModel):
    articles: list[IngestedArticle]
    failed: list[IngestFailure] = Field(description="inputs that could not be read; the others were loaded")
    warnings: list[str] = Field(description="inputs loaded with a caveat (e.g. not UTF-8)")
    nodes_created: int
    relationships_created: int


class ArticleRemoved(BaseModel):
    """What ``DELETE /articles/{id}`` removed."""

    id: str = Field(description="the article removed", examples=["article:ba0549949b1fb6b5"])
    relationships_deleted: int = Field(description="stance edges read from it, its MENTIONS and REPORTS links")
    nodes_deleted: list[str] = Field(
        description="nodes only it supported (no other article mentions, reports or holds a stance edge with them)",
        examples=[["event:2025-11-21-november-21-call"]],
    )


# --- POST /cypher -------------------------------------------------------------


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        description="one read-only Cypher query (MATCH/OPTIONAL MATCH/WITH/UNWIND/RETURN, "
        "CALL db.labels() and the like, CALL { } subqueries that read)",
        examples=["MATCH (a:Actor)-[r:SUPPORTS]->(p:PlanPoint) RETURN a.name AS actor, p.id AS point LIMIT $n"],
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="values for the query's $parameters", examples=[{"n": 10}]
    )


class CypherResult(BaseModel):
    columns: list[str] = Field(description="the query's result columns, in order")
    rows: list[dict[str, Any]] = Field(description="one object per row, keyed by column")
    truncated: bool = Field(description="true when the row cap or the answer size cap cut the result short")


# --- the CLI's --json answers ----------------------------------------------------


class Tally(BaseModel):
    created: int = Field(description="written by this run")
    already_present: int = Field(description="submitted but already in the graph")


class WriteOut(BaseModel):
    """What a write did, as ``--json`` prints it (the table's figures)."""

    nodes: Tally
    relationships: Tally


class IngestOut(WriteOut):
    articles: int = Field(description="articles extracted and written")
    known: int = Field(default=0, description="articles already in the graph, not read again (`up`, feed entries)")
    replaced: int = Field(default=0, description="of `articles`, those in the graph before, extracted anew (--replace)")
    relationships_deleted: int = Field(default=0, description="edges the replaced articles no longer yield, deleted")
    nodes_deleted: list[str] = Field(default_factory=list, description="nodes only those edges supported, deleted")
    skipped: list[IngestFailure] = Field(default_factory=list, description="inputs not loaded, with the reason")
    warnings: list[str] = Field(default_factory=list, description="inputs loaded with a caveat")


class LoadOut(WriteOut):
    articles: int
    rows: int
    seconds: float
    transactions: int


class RemoveOut(BaseModel):
    """What `peacegraph remove` did, as ``--json`` prints it."""

    removed: list[str] = Field(description="the articles removed")
    unknown: list[str] = Field(description="ids given that are no article in the graph")
    relationships_deleted: int = Field(description="stance edges read from them, their MENTIONS and REPORTS links")
    nodes_deleted: list[str] = Field(description="nodes only they supported")
