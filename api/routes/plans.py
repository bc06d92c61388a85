"""GET /plans, /plans/{id}, /plans/{id}/points/{n}, /plans/{id}/matrix: the plans and who stands where."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Path

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import DateFrom, DateTo, Limit, Offset, StanceTypes, stance_types
from peacegraph.api.schemas import (
    NodeRef,
    Page,
    PlanOut,
    PlanPointDetail,
    PlanPointOut,
    PlanSummary,
    StanceMatrix,
)
from peacegraph.api.views import node_row, positions, ref, stance_matrix, stance_page, type_counts
from peacegraph.graph import reads
from peacegraph.graph.model import Label, LinkType, StanceType
from peacegraph.graph.store import GraphStore

router = APIRouter(prefix="/plans", tags=["plans"])

PlanId = Annotated[str, Path(min_length=1, max_length=300, examples=["plan:us-28-point-plan"])]
_PLAN = frozenset({Label.PLAN})
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no plan (or point) with this id"}}


def _point_out(point: dict[str, Any], counts: dict[StanceType, int]) -> PlanPointOut:
    return PlanPointOut.model_validate({"node": point, "stance_counts": counts})


def _plan(store: GraphStore, plan_id: str) -> reads.Node:
    return reads.get_node(store, plan_id, "plan", _PLAN)


@router.get("", response_model=Page[PlanSummary])
def list_plans(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> Page[PlanSummary]:
    """The peace plans and frameworks, oldest first (one node per version)."""
    rows, total = reads.list_plans(store, limit=limit, offset=offset)
    items = [PlanSummary.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{plan_id}", response_model=PlanOut, responses=_NOT_FOUND)
def get_plan(store: StoreDep, plan_id: PlanId) -> PlanOut:
    """A plan with its points (number, title, summary) and the stance counts on each."""
    plan = _plan(store, plan_id)
    cells: dict[int | None, list[dict[str, Any]]] = defaultdict(list)  # by point number; None: the plan
    for cell in reads.plan_stance_cells(store, plan_id):
        cells[cell["number"]].append(cell)
    row = node_row(
        plan,
        declared_points=plan.properties.get("points"),
        points=[
            _point_out(point, type_counts(cells[point.get("number")])) for point in reads.plan_points(store, plan_id)
        ],
        stance_counts=type_counts(cells[None]),
        links=reads.links(store, plan, (LinkType.SUCCEEDS,)),
    )
    return PlanOut.model_validate(row)


@router.get("/{plan_id}/points/{number}", response_model=PlanPointDetail, responses=_NOT_FOUND)
def get_point(
    store: StoreDep,
    plan_id: PlanId,
    number: Annotated[int, Path(ge=1, le=1000, examples=[7])],
    types: StanceTypes = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> PlanPointDetail:
    """One point: what it says, what it concerns, and who supports, rejects, demands ... it, with evidence."""
    plan = _plan(store, plan_id)
    point = reads.plan_point(store, plan_id, number)
    where = reads.StanceFilter(types=stance_types(types), outgoing=False, date_from=date_from, date_to=date_to)
    rows, total = reads.stances(store, point, where, limit=limit, offset=offset)
    concerns = [NodeRef.at(row, "other") for row in reads.links(store, point, (LinkType.CONCERNS,)) if row["outgoing"]]
    summary = reads.stance_summary(store, point, where)
    return PlanPointDetail(
        plan=ref(plan),
        point=_point_out(point.properties, type_counts(summary)),
        concerns=concerns,
        positions=positions(summary),
        stances=stance_page(rows, total, limit, offset),
    )


@router.get("/{plan_id}/matrix", response_model=StanceMatrix, responses=_NOT_FOUND)
def plan_matrix(
    store: StoreDep,
    plan_id: PlanId,
    types: StanceTypes = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StanceMatrix:
    """The actor x point stance matrix: per actor and point, the stance types with counts and the latest date.

    Columns are the plan as a whole and then every point by number; rows are
    the actors with any stance on them, most stances first, paged.
    """
    plan = _plan(store, plan_id)
    cells = reads.plan_stance_cells(store, plan_id, stance_types(types))
    return stance_matrix(plan, reads.plan_points(store, plan_id), cells, limit=limit, offset=offset)
