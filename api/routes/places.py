"""GET /places/{id}: a place and who claims, attacks, demands ... it, with the evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import DateFrom, DateTo, Limit, Offset, StanceTypes, stance_types
from peacegraph.api.schemas import PlaceOut
from peacegraph.api.views import node_row, positions, stance_page
from peacegraph.graph import reads
from peacegraph.graph.model import Label

router = APIRouter(prefix="/places", tags=["places"])

_PLACE = frozenset({Label.PLACE})


@router.get("/{place_id}", response_model=PlaceOut, responses={404: {"description": "no place with this id"}})
def get_place(
    store: StoreDep,
    place_id: Annotated[str, Path(min_length=1, max_length=300, examples=["place:kupyansk"])],
    types: StanceTypes = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> PlaceOut:
    """A place, where it lies, and every stance on it (claims, attacks, demands, threats) with evidence."""
    place = reads.get_node(store, place_id, "place", _PLACE)
    where = reads.StanceFilter(types=stance_types(types), outgoing=False, date_from=date_from, date_to=date_to)
    rows, total = reads.stances(store, place, where, limit=limit, offset=offset)
    row = node_row(
        place,
        links=reads.links(store, place),
        positions=positions(reads.stance_summary(store, place, where)),
        stances=stance_page(rows, total, limit, offset),
    )
    return PlaceOut.model_validate(row)
