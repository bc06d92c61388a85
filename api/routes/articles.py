"""GET /articles, GET /articles/{id}: the loaded source documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from peacegraph.api.deps import StoreDep
from peacegraph.api.params import Offset
from peacegraph.api.routes.nodes import node_out
from peacegraph.api.schemas import ArticleOut, NodeOut, Page
from peacegraph.graph import pages, reads
from peacegraph.graph.errors import NotFoundError
from peacegraph.graph.model import Label

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleOut])
def list_articles(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> Page[ArticleOut]:
    """Articles, newest first."""
    items = [ArticleOut.model_validate(row) for row in reads.list_articles(store, limit=limit, offset=offset)]
    return Page(items=items, total=reads.count(store, Label.ARTICLE), limit=limit, offset=offset)


@router.get("/{article_id}", response_model=NodeOut, responses={404: {"description": "no such article"}})
def get_article(
    store: StoreDep,
    article_id: Annotated[str, Path(examples=["article:ba0549949b1fb6b5"])],
) -> NodeOut:
    """One article with what it mentions and reports."""
    if not article_id.startswith("article:"):
        raise NotFoundError("article", article_id)
    node = reads.get_node(store, article_id)
    return node_out(node, pages.node_relationships(store, node, limit=500))
