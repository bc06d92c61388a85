"""GET /events/{id}: a dated happening, where it was held, who took part and what was said of it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import Limit, Offset
from peacegraph.api.schemas import EventOut, LinkOut, NodeRef
from peacegraph.api.views import node_row, positions, stance_page
from peacegraph.graph import reads
from peacegraph.graph.export import visible_properties
from peacegraph.graph.model import Label, LinkType

router = APIRouter(prefix="/events", tags=["events"])

_EVENT = frozenset({Label.EVENT})


@router.get("/{event_id}", response_model=EventOut, responses={404: {"description": "no event with this id"}})
def get_event(
    store: StoreDep,
    event_id: Annotated[
        str, Path(min_length=1, max_length=300, examples=["event:2025-11-21-russian-security-council-meeting"])
    ],
    limit: Limit = 100,
    offset: Offset = 0,
) -> EventOut:
    """An event with its place, the articles that report it and the stances on it (participation first)."""
    event = reads.get_node(store, event_id, "event", _EVENT)
    links = [LinkOut.model_validate(row) for row in reads.links(store, event)]
    held_in = next((link.other for link in links if link.type == LinkType.HELD_IN and link.direction == "out"), None)
    where = reads.StanceFilter(outgoing=False)
    rows, total = reads.stances(store, event, where, limit=limit, offset=offset)
    place_id = event.properties.get("place")
    place = held_in or (NodeRef(id=place_id, labels=[Label.PLACE.value]) if place_id else None)
    row = node_row(
        event,
        place=place,
        properties=visible_properties(event.properties),
        links=links,
        positions=positions(reads.stance_summary(store, event, where)),
        stances=stance_page(rows, total, limit, offset),
    )
    return EventOut.model_validate(row)
