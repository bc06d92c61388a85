"""The graph model of ``shared/design/graph-model.md`` as closed enums and pydantic models.

``Extraction`` is the JSON contract between the loaders, the store and the
evaluation tools: one article, the entities it names, the stance/action
relations read from it, and the structural links (MENTIONS, PART_OF, ...).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Label(StrEnum):
    """Every node label the graph uses. Query text takes labels from here only."""

    ACTOR = "Actor"
    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    EVENT = "Event"
    PLAN = "Plan"
    PLAN_POINT = "PlanPoint"
    ARTICLE = "Article"


class EntityType(StrEnum):
    """The ``type`` of an entity in the extraction contract."""

    PERSON = "Person"
    COUNTRY = "Country"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    EVENT = "Event"
    PLAN = "Plan"
    PLAN_POINT = "PlanPoint"

    @property
    def labels(self) -> tuple[Label, ...]:
        """The node labels of this entity type (actors carry ``Actor`` too)."""
        own = Label(self.value)
        return (Label.ACTOR, own) if self in ACTOR_TYPES else (own,)

    @property
    def id_prefix(self) -> str:
        return ID_PREFIXES[self.value]


ACTOR_TYPES = frozenset({EntityType.PERSON, EntityType.COUNTRY, EntityType.ORGANIZATION})

ID_PREFIXES: dict[str, str] = {
    "Person": "person",
    "Country": "country",
    "Organization": "org",
    "Place": "place",
    "Event": "event",
    "Plan": "plan",
    "PlanPoint": "planpoint",
    "Article": "article",
}
_LABEL_BY_PREFIX = {prefix: Label(label) for label, prefix in ID_PREFIXES.items()}


class StanceType(StrEnum):
    """Stance and action relationships, read from text; the source is always an actor."""

    PROPOSES = "PROPOSES"
    SUPPORTS = "SUPPORTS"
    REJECTS = "REJECTS"
    CRITICIZES = "CRITICIZES"
    CLAIMS = "CLAIMS"
    DEMANDS = "DEMANDS"
    THREATENS = "THREATENS"
    MEETS = "MEETS"
    ATTACKS = "ATTACKS"
    PARTICIPATES_IN = "PARTICIPATES_IN"


# Stances that hold both ways: "Rubio met Umerov" is "Umerov met Rubio" (one edge, in either direction).
SYMMETRIC_STANCES = frozenset({StanceType.MEETS})

# What each stance may point at (shared/design/graph-model.md, "typical targets"), for the rules and the model.
STANCE_TARGETS: dict[StanceType, frozenset[EntityType]] = {
    StanceType.PROPOSES: frozenset({EntityType.PLAN, EntityType.PLAN_POINT, EntityType.EVENT, *ACTOR_TYPES}),
    StanceType.SUPPORTS: frozenset({EntityType.PLAN, EntityType.PLAN_POINT, *ACTOR_TYPES}),
    StanceType.REJECTS: frozenset({EntityType.PLAN, EntityType.PLAN_POINT, EntityType.EVENT, *ACTOR_TYPES}),
    StanceType.CRITICIZES: frozenset({EntityType.PLAN, EntityType.PLAN_POINT, *ACTOR_TYPES}),
    StanceType.CLAIMS: frozenset(
        {EntityType.PLACE, EntityType.EVENT, EntityType.PLAN, EntityType.PLAN_POINT, *ACTOR_TYPES}
    ),
    StanceType.DEMANDS: frozenset({EntityType.PLACE, EntityType.PLAN_POINT, EntityType.PLAN, *ACTOR_TYPES}),
    StanceType.THREATENS: frozenset({EntityType.PLACE, *ACTOR_TYPES}),
    StanceType.MEETS: ACTOR_TYPES,
    StanceType.ATTACKS: frozenset({EntityType.PLACE, EntityType.COUNTRY, EntityType.ORGANIZATION}),
    StanceType.PARTICIPATES_IN: frozenset({EntityType.EVENT}),
}


class LinkType(StrEnum):
    """Structural relationships, from reference data and article bookkeeping."""

    PART_OF = "PART_OF"
    CONCERNS = "CONCERNS"
    LOCATED_IN = "LOCATED_IN"
    HELD_IN = "HELD_IN"
    LEADS = "LEADS"
    MENTIONS = "MENTIONS"
    REPORTS = "REPORTS"
    SUCCEEDS = "SUCCEEDS"


DatePrecision = Literal["day", "month", "year"]


def slugify(text: str) -> str:
    """A lowercase ASCII slug: ``"Volodymyr Zelenskyy"`` -> ``"volodymyr-zelenskyy"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def search_key(text: str) -> str:
    """Case- and accent-insensitive form used for name/alias search."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold().replace("’", "'")).strip()


def article_id(body: str) -> str:
    """``article:<first 16 hex of sha256(body)>``."""
    return "article:" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def label_for_id(node_id: str) -> Label | None:
    """The primary label implied by an id's prefix (``person:x`` -> Person), if known."""
    prefix, _, rest = node_id.partition(":")
    return _LABEL_BY_PREFIX.get(prefix) if rest else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class ArticleMeta(_Strict):
    """The ``article`` object of the contract and the properties of an ``Article`` node."""

    id: str = Field(description="article:<first 16 hex of sha256(body)>")
    title: str | None = None
    source: str | None = Field(default=None, description="outlet or site name")
    url: str | None = None
    published: datetime.date | None = Field(default=None, description="publication date")
    language: str | None = Field(default=None, description="ISO 639-1 code")
    path: str | None = Field(default=None, description="where the article was read from")
    chars: int | None = Field(default=None, description="length of the body in characters")


class Entity(_Strict):
    """A node named in an article (or in reference data)."""

    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    country: str | None = None
    wikidata: str | None = None
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: datetime.date | None = Field(default=None, description="event date (written as ISO)")
    end_date: datetime.date | None = None
    place: str | None = None
    proposer: str | None = None
    published: datetime.date | None = Field(default=None, description="plan: when it was published")
    points: int | None = None
    number: int | None = None
    plan: str | None = None
    title: str | None = None
    summary: str | None = None
    topics: list[str] | None = None

    def node_properties(self) -> dict[str, Any]:
        """Properties written to the node: everything but ``id`` and ``type``, no nulls."""
        props = self.model_dump(mode="json", exclude={"id", "type", "aliases"}, exclude_none=True)
        return props

    def search_keys(self) -> list[str]:
        return sorted({search_key(form) for form in [self.name, *self.aliases] if form.strip()})


class Relation(_Strict):
    """A stance/action edge with its provenance. Merge key: (source, type, target, article, start)."""

    source: str
    type: StanceType
    target: str
    article: str | None = Field(default=None, description="Article.id it was read from")
    evidence: str = Field(description="the sentence, verbatim")
    start: int = Field(ge=0, description="offset of the sentence in the article body")
    end: int = Field(ge=0)
    quote: str | None = Field(default=None, description="direct quotation inside the sentence")
    date: datetime.date | None = Field(default=None, description="when the stance was expressed (written as ISO)")
    date_precision: DatePrecision | None = None
    code: str | None = Field(default=None, description="CAMEO code")
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    method: str = "rules"

    def edge_properties(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"source", "type", "target"}, exclude_none=True)


class Link(_Strict):
    """A structural edge. Merge key: (source, type, target)."""

    source: str
    type: LinkType
    target: str
    count: int | None = Field(default=None, description="MENTIONS: how often")
    role: str | None = Field(default=None, description="LEADS: the role held")

    def edge_properties(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"source", "type", "target"}, exclude_none=True)


class Extraction(_Strict):
    """What one article yields: the JSON contract of the graph model."""

    article: ArticleMeta | None = None
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    def size(self) -> tuple[int, int]:
        """(nodes, relationships) rows it holds, repeats included: its article and entities; its relations and links."""
        nodes = len(self.entities) + (1 if self.article is not None else 0)
        return nodes, len(self.relations) + len(self.links)

    def distinct_size(self) -> tuple[int, int]:
        """(nodes, relationships) it writes, counted by merge key as the store merges them."""
        nodes = {entity.id for entity in self.entities} | ({self.article.id} if self.article else set())
        stances = {(r.source, r.type, r.target, r.article, r.start) for r in self.relations}
        links = {(link.source, link.type, link.target) for link in self.links}
        return len(nodes), len(stances) + len(links)


class WriteSummary(_Strict):
    """What a write changed."""

    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0

    def __add__(self, other: WriteSummary) -> WriteSummary:
        return WriteSummary(
            nodes_created=self.nodes_created + other.nodes_created,
            relationships_created=self.relationships_created + other.relationships_created,
            properties_set=self.properties_set + other.properties_set,
        )


class Removal(_Strict):
    """What removing articles (or replacing an article's extraction) deleted, and which nodes it touched."""

    articles: list[str] = Field(default_factory=list, description="the articles removed")
    relationships_deleted: int = Field(default=0, description="stance edges, MENTIONS and REPORTS links deleted")
    nodes_deleted: list[str] = Field(
        default_factory=list, description="nodes only those articles supported, deleted (the articles not included)"
    )
    touched: list[str] = Field(default_factory=list, description="nodes still in the graph that lost a relationship")
