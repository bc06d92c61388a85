"""Plan files: a peace plan (one file per version) and its numbered points, as graph data.

Each ``loaders/data/plans/*.yaml`` holds a plan's id, name, aliases,
proposer, publication date, number of points and its items with title,
summary, topics, the cue phrases that link a sentence to the point, and the
entities the point concerns.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from peacegraph.graph.model import Entity, EntityType, Extraction, Link, LinkType

PLANS_DIR = Path(__file__).parent / "data" / "plans"


class PlanPointSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    title: str
    summary: str
    topics: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list, description="phrases that point a sentence at this point")
    paraphrases: list[list[list[str]]] = Field(
        default_factory=list,
        description="lemma groups that speak of the point together ([[cap, limit], [army, armed force]])",
    )
    concerns: list[str] = Field(default_factory=list, description="entity ids the point is about")
    carries_over: str | None = Field(default=None, description="equivalent point of an earlier version")


class PlanSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    proposer: str | None = None
    published: str | None = None
    points: int | None = None
    succeeds: str | None = None
    cues: list[str] = Field(default_factory=list, description="generic words that refer to some plan")
    modifiers: list[str] = Field(
        default_factory=list, description="words that tell this version apart: 'revised', 'European' (lower case)"
    )
    events: list[str] = Field(
        default_factory=list, description="event ids the plan was made at or for: 'proposals before the Alaska summit'"
    )
    items: list[PlanPointSpec] = Field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.id.split(":", 1)[1]

    def point_id(self, number: int) -> str:
        return f"planpoint:{self.slug}:{number}"

    def entity(self) -> Entity:
        return Entity(
            id=self.id,
            type=EntityType.PLAN,
            name=self.name,
            aliases=self.aliases,
            proposer=self.proposer,
            published=date.fromisoformat(self.published) if self.published else None,
            points=self.points,
        )

    def point_entity(self, item: PlanPointSpec) -> Entity:
        return Entity(
            id=self.point_id(item.number),
            type=EntityType.PLAN_POINT,
            name=f"{self.name} #{item.number}",
            aliases=[f"{self.name}, point {item.number}", item.title],
            number=item.number,
            plan=self.id,
            title=item.title,
            summary=item.summary,
            topics=item.topics,
        )


def load_plans(directory: Path = PLANS_DIR) -> list[PlanSpec]:
    return [
        PlanSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.yaml"))
    ]


@lru_cache(maxsize=1)
def default_plans() -> tuple[PlanSpec, ...]:
    return tuple(load_plans())


def plans_extraction(plans: tuple[PlanSpec, ...] | list[PlanSpec], known_ids: set[str]) -> Extraction:
    """Plan and PlanPoint nodes with PART_OF, CONCERNS and SUCCEEDS links (no article).

    ``known_ids`` are the ids that exist as nodes (gazetteer entities written
    alongside); CONCERNS links to anything else are left out.
    """
    entities: list[Entity] = []
    links: list[Link] = []
    plan_ids = {plan.id for plan in plans}
    point_ids = {plan.point_id(item.number) for plan in plans for item in plan.items}
    for plan in plans:
        entities.append(plan.entity())
        if plan.succeeds in plan_ids:
            links.append(Link(source=plan.id, type=LinkType.SUCCEEDS, target=plan.succeeds))
        for item in plan.items:
            point = plan.point_entity(item)
            entities.append(point)
            links.append(Link(source=point.id, type=LinkType.PART_OF, target=plan.id))
            links.extend(
                Link(source=point.id, type=LinkType.CONCERNS, target=target)
                for target in item.concerns
                if target in known_ids
            )
            if item.carries_over in point_ids:
                links.append(Link(source=point.id, type=LinkType.SUCCEEDS, target=item.carries_over))
    return Extraction(entities=entities, links=links)
