"""API response models (DTOs), apart from the graph models."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list: ``items`` from ``offset``, ``total`` in all."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    server: str = Field(description="the graph server's agent string", examples=["Neo4j/5.26.0"])
    nodes: int
    relationships: int
    by_label: dict[str, int]


class ArticleOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(examples=["article:ba0549949b1fb6b5"])
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    path: str | None = None
    chars: int | None = None


class RelationshipOut(BaseModel):
    type: str = Field(examples=["SUPPORTS"])
    direction: str = Field(description="out: from this node; in: to this node", examples=["out"])
    other_id: str
    other_name: str | None = None
    other_labels: list[str]
    properties: dict[str, Any] = Field(description="evidence, start, end, date, confidence, ...")


class NodeOut(BaseModel):
    id: str = Field(examples=["person:vladimir-putin"])
    labels: list[str]
    name: str | None = None
    properties: dict[str, Any]
    relationships: list[RelationshipOut]


class SearchHit(BaseModel):
    id: str
    name: str | None = None
    labels: list[str]
    aliases: list[str] = Field(default_factory=list)
