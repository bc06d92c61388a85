"""GET /health: is the graph server there, and how big is the graph."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from peacegraph.api.deps import StoreDep
from peacegraph.api.problems import problem, with_retry_after
from peacegraph.api.schemas import Health
from peacegraph.graph import reads
from peacegraph.graph.errors import StoreError

router = APIRouter(prefix="/health", tags=["health"])


@router.get("", response_model=Health, responses={503: {"description": "the graph server does not answer"}})
def health(store: StoreDep) -> Health | JSONResponse:
    """Runs ``RETURN 1`` on the graph server and reports its kind and the graph's counts."""
    try:
        store.ping()
        counts = reads.counts(store)
        agent = store.server_agent()
    except StoreError as error:
        return with_retry_after(problem(503, f"graph server unavailable: {error}", title="Service Unavailable"), error)
    return Health(
        status="ok",
        server=agent,
        nodes=counts.nodes,
        relationships=counts.relationships,
        by_label=counts.by_label,
    )
