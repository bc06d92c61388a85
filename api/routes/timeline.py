"""GET /timeline: events and stance edges of a date window, newest first."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import After, DateFrom, DateTo, Limit, StanceTypes, node_id, stance_types
from peacegraph.api.schemas import DateWindow, TimelineEntry, TimelinePage
from peacegraph.graph import pages, reads

router = APIRouter(prefix="/timeline", tags=["timeline"])


@router.get("", response_model=TimelinePage, responses={400: {"description": "`after` is not a cursor"}})
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
    after: After = None,
) -> TimelinePage:
    """Dated events and stance edges of a date window, newest first; `next` pages on within the window.

    Without `date_from` and `date_to` the window is the latest 30 days with a stance edge in the graph
    (`window` says which, and `default: true`). A stance-type filter leaves events out."""
    where = reads.TimelineFilter(
        events=kind != "stance" and not types,
        stances=kind != "event",
        types=stance_types(types),
        actor=actor,
        place=place,
        date_from=date_from,
        date_to=date_to,
    )
    found = pages.timeline(store, where, limit=limit, after=pages.Cursor.parse(after) if after else None)
    window = DateWindow(
        date_from=found.window.date_from.isoformat() if found.window.date_from else None,
        date_to=found.window.date_to.isoformat() if found.window.date_to else None,
        default=found.window.default,
    )
    items = [TimelineEntry.model_validate(row) for row in found.rows]
    return TimelinePage(items=items, total=found.total, limit=limit, offset=0, next=found.next, window=window)
