"""Query parameters shared by the analyst's routers: paging, date ranges, relationship-type filters.

A type filter accepts repeated parameters (``?type=SUPPORTS&type=REJECTS``)
and comma-separated lists (``?types=SUPPORTS,REJECTS``); every item must be a
member of the closed enums, anything else is a 422.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator

from peacegraph.graph.model import LinkType, StanceType


def split_commas(value: Any) -> Any:
    """``["SUPPORTS,REJECTS", "MEETS"]`` -> ``["SUPPORTS", "REJECTS", "MEETS"]`` (an empty item stays, and fails)."""
    if isinstance(value, list):
        return [part.strip() for item in value for part in str(item).split(",")]
    return value


Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
After = Annotated[
    str | None,
    Query(
        min_length=3,
        max_length=1000,
        description="a cursor: the `next` of the previous page (DATE,ID); the page starts after that item",
    ),
]
DateFrom = Annotated[date | None, Query(description="on or after this day (ISO)", examples=["2025-11-20"])]
DateTo = Annotated[date | None, Query(description="on or before this day (ISO)", examples=["2025-11-30"])]
StanceTypes = Annotated[
    list[StanceType] | None,
    BeforeValidator(split_commas),
    Query(alias="type", description="stance types to keep (repeat or comma-separate)", examples=[["SUPPORTS"]]),
]
RelTypes = Annotated[
    list[StanceType | LinkType] | None,
    BeforeValidator(split_commas),
    Query(
        description="relationship types to follow (repeat or comma-separate); default: all but MENTIONS",
        examples=[["SUPPORTS", "REJECTS", "PART_OF"]],
    ),
]


def node_id(description: str, example: str, *, alias: str | None = None) -> Any:
    """A query parameter naming a node by id (a filter: an unknown id matches nothing)."""
    return Query(alias=alias, min_length=1, max_length=300, description=description, examples=[example])


def stance_types(types: list[StanceType] | None) -> tuple[StanceType, ...]:
    """The chosen stance types, in enum order, or all of them."""
    return tuple(t for t in StanceType if t in types) if types else tuple(StanceType)
