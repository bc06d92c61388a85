"""GET /search?q=: entities by name or alias, case- and accent-insensitive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import Offset
from peacegraph.api.schemas import Page, SearchHit
from peacegraph.graph import reads
from peacegraph.graph.store import GraphStore

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=Page[SearchHit])
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["zelensky"])],
    limit: Annotated[int, Query(ge=1, le=200, description="items per page")] = 20,
    offset: Offset = 0,
) -> Page[SearchHit]:
    """Entities whose name or an alias contains ``q``, shortest names first, a page at a time."""
    return search_page(store, q, limit, offset)


def search_page(store: GraphStore, q: str, limit: int, offset: int = 0) -> Page[SearchHit]:
    """The page of ``GET /search`` and ``peacegraph search``: shortest names first."""
    rows, total = reads.search(store, q, limit=limit, offset=offset)
    items = [SearchHit.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)
