"""GET /timeline: events and stance edges in date order."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.params import DateFrom, DateTo, Limit, StanceTypes, node_id, stance_types
from api.schemas import EventRef, Page, StanceOut, TimelineEntry
from graph import reads

router = APIRouter(prefix="/timeline", tags=["timeline"])

# Every page reads offset + limit rows of each kind: deep pages are for date filters.
MAX_OFFSET = 2_000


def event_ref(event: dict[str, Any]) -> EventRef:
    return EventRef(
        id=event["id"],
        name=event.get("name"),
        date=event.get("date"),
        end_date=event.get("end_date"),
        kind=event.get("kind"),
        place=event.get("place"),
    )


def _entry(row: dict[str, Any]) -> TimelineEntry:
    if row["kind"] == "event":
        return TimelineEntry(kind="event", date=row["date"], event=event_ref(row["event"]))
    return TimelineEntry(kind="stance", date=row["date"], stance=StanceOut.model_validate(row))


@router.get("", response_model=Page[TimelineEntry])
def timeline(
    store: StoreDep,
    actor: Annotated[str | None, node_id("stances this actor holds, events it took part in", "country:russia")] = None,
    place: Annotated[str | None, node_id("stances on this place, events held there", "place:kupyansk")] = None,
    types: StanceTypes = None,
    kind: Annotated[
        Literal["event", "stance"] | None, Query(description="only events, or only stances (default: both)")
    ] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 100,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="entries to skip (further back: narrow the date range)")
    ] = 0,
) -> Page[TimelineEntry]:
    """Dated events and stance edges, oldest first. A stance-type filter leaves events out."""
    where = reads.TimelineFilter(
        events=kind != "stance" and not types,
        stances=kind != "event",
        types=stance_types(types),
        actor=actor,
        place=place,
        date_from=date_from,
        date_to=date_to,
    )
    rows, total = reads.timeline(store, where, limit=limit, offset=offset)
    return Page(items=[_entry(row) for row in rows], total=total, limit=limit, offset=offset)
