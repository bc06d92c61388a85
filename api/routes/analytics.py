"""GET /analytics/centrality, /communities, /contradictions: networkx over the stance projection, cached."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from peacegraph.api.deps import AnalyticsDep
from peacegraph.api.params import Limit, Offset, node_id
from peacegraph.api.schemas import CentralityOut, CommunityOut, CommunityPage, ContradictionOut, Page, StanceOut
from peacegraph.api.views import ref
from peacegraph.graph import reads
from peacegraph.graph.analytics import Contradiction
from peacegraph.graph.model import StanceType

router = APIRouter(prefix="/analytics", tags=["analytics"])


@router.get("/centrality", response_model=Page[CentralityOut])
def centrality(
    analytics: AnalyticsDep,
    actors_only: Annotated[bool, Query(description="leave out plans, places and other targets")] = True,
    sort: Annotated[Literal["pagerank", "betweenness", "degree"], Query(description="highest first")] = "pagerank",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CentralityOut]:
    """Degree, betweenness and PageRank of every node of the actor-stance graph."""
    rows = [row for row in analytics.centrality() if row.node.is_actor or not actors_only]
    rows.sort(key=lambda row: (-getattr(row, sort), row.node.id))
    items = [CentralityOut.model_validate(row, from_attributes=True) for row in rows[offset : offset + limit]]
    return Page(items=items, total=len(rows), limit=limit, offset=offset)


@router.get("/communities", response_model=CommunityPage)
def communities(analytics: AnalyticsDep, limit: Limit = 50, offset: Offset = 0) -> CommunityPage:
    """Louvain communities of the actor-stance graph (weighted, undirected), largest first."""
    groups, modularity = analytics.communities()
    items = [
        CommunityOut(id=index, size=len(group), members=[ref(node) for node in group])
        for index, group in enumerate(groups)
    ][offset : offset + limit]
    return CommunityPage(items=items, total=len(groups), limit=limit, offset=offset, modularity=modularity)


@router.get("/contradictions", response_model=Page[ContradictionOut])
def contradictions(
    analytics: AnalyticsDep,
    actor: Annotated[str | None, node_id("only this actor's contradictions", "person:vladimir-putin")] = None,
    evidence: Annotated[int, Query(ge=1, le=50, description="stance edges shown per side (the latest)")] = 3,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ContradictionOut]:
    """Actors holding opposite stances on one target (SUPPORTS vs REJECTS or CRITICIZES, PROPOSES vs REJECTS).

    Most evidence first; each side comes with its latest stance edges (evidence sentence, date, article).
    """
    found = [item for item in analytics.contradictions() if actor is None or item.actor.id == actor]
    page = found[offset : offset + limit]
    sides = [
        (item.actor.id, stance, item.target.id) for item in page for stance in (item.positive_type, item.negative_type)
    ]
    stances = reads.latest_stances(analytics.store, sides, limit=evidence)

    def side(item: Contradiction, stance: StanceType) -> list[StanceOut]:
        return [StanceOut.model_validate(row) for row in stances[(item.actor.id, stance, item.target.id)]]

    items = [
        ContradictionOut(
            actor=ref(item.actor),
            target=ref(item.target),
            positive_type=item.positive_type,
            negative_type=item.negative_type,
            positive_count=item.positive_count,
            negative_count=item.negative_count,
            positive=side(item, item.positive_type),
            negative=side(item, item.negative_type),
        )
        for item in page
    ]
    return Page(items=items, total=len(found), limit=limit, offset=offset)
