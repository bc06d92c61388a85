"""GET /actors, /actors/{id}, /actors/{id}/stances: who the actors are and every stance they hold."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import After, DateFrom, DateTo, Limit, Offset, StanceTypes, node_id, stance_types
from peacegraph.api.schemas import ActorProfile, ActorSummary, CursorPage, Page, StanceOut
from peacegraph.api.views import node_row, stance_counts
from peacegraph.graph import pages, reads
from peacegraph.graph.model import EntityType

router = APIRouter(prefix="/actors", tags=["actors"])

ActorId = Annotated[str, Path(min_length=1, max_length=300, examples=["person:vladimir-putin"])]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no actor with this id"}}
_PROFILED = {"id", "name", "aliases", "search_keys"}  # fields of the profile, or hidden: not among its properties


@router.get("", response_model=Page[ActorSummary])
def list_actors(
    store: StoreDep,
    actor_type: Annotated[
        Literal["Person", "Country", "Organization"] | None, Query(alias="type", description="kind of actor")
    ] = None,
    country: Annotated[
        str | None,
        Query(
            min_length=1, max_length=300, description="a Country id: its people and itself", examples=["country:russia"]
        ),
    ] = None,
    sort: Annotated[Literal["degree", "name"], Query(description="most stance edges first, or by name")] = "degree",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ActorSummary]:
    """Actors (people, countries, organisations), most connected first."""
    rows, total = reads.list_actors(
        store,
        actor_type=EntityType(actor_type) if actor_type else None,
        country=country,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    items = [ActorSummary.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{actor_id}", response_model=ActorProfile, responses=_NOT_FOUND)
def get_actor(store: StoreDep, actor_id: ActorId) -> ActorProfile:
    """An actor's profile: aliases, Wikidata id, role, what it leads, stance counts per type."""
    node = reads.get_node(store, actor_id, "actor", reads.ACTOR_LABELS)
    row = node_row(
        node,
        properties={key: value for key, value in node.properties.items() if key not in _PROFILED},
        mentions=reads.mention_count(store, node),
        stance_counts=stance_counts(reads.stance_type_counts(store, node)),
        links=reads.links(store, node),
    )
    return ActorProfile.model_validate(row)


@router.get(
    "/{actor_id}/stances",
    response_model=CursorPage[StanceOut],
    responses={**_NOT_FOUND, 400: {"description": "`after` is not a cursor"}},
)
def actor_stances(
    store: StoreDep,
    actor_id: ActorId,
    types: StanceTypes = None,
    target: Annotated[str | None, node_id("only stances on (or from) this node", "plan:us-28-point-plan")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    direction: Annotated[
        Literal["out", "in", "both"], Query(description="out: stances the actor holds; in: stances on the actor")
    ] = "out",
    limit: Limit = 100,
    offset: Annotated[int, Query(ge=0, le=0, description="unused: page on with `after`")] = 0,
    after: After = None,
) -> CursorPage[StanceOut]:
    """Every stance edge of an actor with its evidence sentence, article and date, newest first; `next` is the
    cursor of the following page and `total` counts the whole filter (from the read model, not a recount)."""
    node = reads.get_node(store, actor_id, "actor", reads.ACTOR_LABELS)
    where = reads.StanceFilter(
        types=stance_types(types),
        outgoing=direction in ("out", "both"),
        incoming=direction in ("in", "both"),
        other=target,
        date_from=date_from,
        date_to=date_to,
    )
    found = pages.stance_page(store, node, where, limit=limit, after=pages.Cursor.parse(after) if after else None)
    items = [StanceOut.model_validate(row) for row in found.rows]
    return CursorPage[StanceOut](items=items, total=found.total, limit=limit, offset=offset, next=found.next)
