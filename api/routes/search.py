"""GET /search?q=: entities by name or alias, case- and accent-insensitive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.schemas import SearchHit
from graph.store import GraphStore

router = APIRouter(prefix="/search", tags=["search"])


@router.get("", response_model=list[SearchHit])
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["zelensky"])],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[SearchHit]:
    """Entities whose name or an alias contains ``q``."""
    return search_hits(store, q, limit)


def search_hits(store: GraphStore, q: str, limit: int) -> list[SearchHit]:
    """The hits of ``GET /search`` and ``peacegraph search``: shortest names first."""
    return [SearchHit.model_validate({**row, "aliases": row.get("aliases") or []})
            for row in store.search(q, limit=limit)]  # fmt: skip
