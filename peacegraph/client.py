"""The Python API: ``connect()`` to the graph, then ask it for pandas DataFrames and networkx graphs, or add
and remove articles.

Every answer is built from the reads of ``peacegraph.graph.reads`` (the statements the REST API runs) and every
write goes through ``peacegraph.api.ingestion``, the service of the command line and of ``POST /articles``:
nothing here writes Cypher of its own. Ids are the graph's (``person:vladimir-putin``,
``plan:us-28-point-plan``); ``search`` finds them by name. An unknown id raises
``peacegraph.NotFoundError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal

import networkx as nx
import pandas as pd
from pydantic import SecretStr

from peacegraph.api import ingestion
from peacegraph.graph import pages, reads, subgraph
from peacegraph.graph.embedded import EmbeddedServer
from peacegraph.graph.export import to_networkx
from peacegraph.graph.model import Label, Removal, StanceType, WriteSummary
from peacegraph.graph.settings import Settings, get_settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.feeds import InputReader
from peacegraph.loaders.pipeline import reference_extraction
from peacegraph.loaders.readers import RawArticle, ReadLimits

StanceTypes = Iterable[StanceType | str] | None
Day = date | str | None

# The provenance of a stance edge (shared/design/graph-model.md), as columns after its two ends.
PROVENANCE = ("evidence", "quote", "article", "start", "end", "confidence", "method", "code", "date_precision")
STANCE_COLUMNS = ("date", "type", "source_id", "source", "target_id", "target", *PROVENANCE)
TIMELINE_COLUMNS = ("date", "kind", "type", "source_id", "source", "target_id", "target", "event_id", "event",
                    "evidence", "article")  # fmt: skip
POSITION_COLUMNS = ("actor_id", "actor", "type", "count", "latest")
WHOLE_PLAN = "plan"
"""The column of ``matrix`` for stances on the plan as a whole; the others are the points' numbers."""

_FIRST_PAGE = 1000


def _types(types: StanceTypes) -> tuple[StanceType, ...]:
    return tuple(StanceType) if types is None else tuple(StanceType(str(t).upper()) for t in types)


def _day(value: Day) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _every(page: Callable[[int, int], reads.Page]) -> list[dict[str, Any]]:
    """All the rows of a paged read: one page, or, when there are more, all of them at once."""
    rows, total = page(_FIRST_PAGE, 0)
    if total > len(rows):
        rows, _ = page(total, 0)
    return rows


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    frame["date"] = pd.to_datetime(frame["date"], format="ISO8601", errors="coerce")
    return frame


def _stance_record(row: dict[str, Any]) -> dict[str, Any]:
    props = row["props"]
    return {
        "date": props.get("date"),
        "type": row["type"],
        "source_id": row["source_id"],
        "source": row["source_name"],
        "target_id": row["target_id"],
        "target": row["target_name"],
        **{key: props.get(key) for key in PROVENANCE},
    }


def _timeline_record(row: dict[str, Any]) -> dict[str, Any]:
    if row["kind"] == "stance":
        return {"kind": "stance", **_stance_record(row), "date": row["date"]}
    event = row["event"]
    return {"kind": "event", "date": row["date"], "type": event.get("kind"), "event_id": event["id"],
            "event": event.get("name")}  # fmt: skip


def _unique_names(names: dict[str, str]) -> dict[str, str]:
    """Each id's name, or ``name (id)`` where two ids share one."""
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {node_id: name if seen[name] == 1 else f"{name} ({node_id})" for node_id, name in names.items()}


class PeaceGraph:
    """The graph, to read as DataFrames and networkx graphs and to add articles to; ``connect()`` makes one."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._schema_ready = False

    def close(self) -> None:
        """Close the connection (an embedded server started by ``connect`` keeps running, as after the CLI)."""
        self.store.close()

    def __enter__(self) -> PeaceGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reads ---------------------------------------------------------------------

    def stances(
        self,
        node_id: str,
        *,
        types: StanceTypes = None,
        target: str | None = None,
        direction: Literal["out", "in", "both"] = "out",
        date_from: Day = None,
        date_to: Day = None,
    ) -> pd.DataFrame:
        """Every stance edge of an actor (``direction="in"``: the stances on any node), oldest first: one row
        each with its date, type, both ends and its provenance (the evidence sentence, article, offsets, ...)."""
        node = reads.get_node(self.store, node_id)
        where = reads.StanceFilter(
            types=_types(types),
            outgoing=direction != "in",
            incoming=direction != "out",
            other=target,
            date_from=_day(date_from),
            date_to=_day(date_to),
        )
        rows = _every(lambda limit, offset: reads.stances(self.store, node, where, limit=limit, offset=offset))
        return _dated(pd.DataFrame([_stance_record(row) for row in rows], columns=list(STANCE_COLUMNS)))

    def matrix(self, plan_id: str, *, types: StanceTypes = None) -> pd.DataFrame:
        """The actor x point stance matrix of a plan: how many stances (of ``types``) each actor holds on the plan
        as a whole (column ``"plan"``) and on each point (columns by number); actors with most stances first."""
        reads.get_node(self.store, plan_id, "plan", frozenset({Label.PLAN}))
        numbers = [point["number"] for point in reads.plan_points(self.store, plan_id) if point.get("number")]
        counts: dict[str, dict[str | int, int]] = {}
        names: dict[str, str] = {}
        for row in reads.plan_stance_cells(self.store, plan_id, _types(types)):
            column = WHOLE_PLAN if row["number"] is None else row["number"]
            cells = counts.setdefault(row["actor_id"], {})
            cells[column] = cells.get(column, 0) + int(row["n"])
            names[row["actor_id"]] = row["actor_name"]
        ranked = sorted(counts, key=lambda actor: (-sum(counts[actor].values()), actor))
        frame = pd.DataFrame([counts[actor] for actor in ranked], columns=[WHOLE_PLAN, *numbers])
        frame = frame.fillna(0).astype(int)
        labels = _unique_names(names)
        frame.index = pd.Index([labels[actor] for actor in ranked], name="actor")
        frame.columns.name = "point"
        frame.attrs.update(plan=plan_id, actor_ids=ranked)
        return frame

    def positions(self, plan_id: str, point: int | None = None, *, types: StanceTypes = None) -> pd.DataFrame:
        """Who stands where on point ``point`` of a plan (``None``: the plan as a whole): per actor and stance type,
        how many stances and the latest date; by type, then most stances first."""
        plan = reads.get_node(self.store, plan_id, "plan", frozenset({Label.PLAN}))
        node = plan if point is None else reads.plan_point(self.store, plan_id, point)
        where = reads.StanceFilter(types=_types(types), outgoing=False)
        order = list(StanceType)
        rows = sorted(
            (row for row in reads.stance_summary(self.store, node, where) if not row["outgoing"]),
            key=lambda row: (order.index(StanceType(row["type"])), -row["n"], row["other_id"]),
        )
        records = [(row["other_id"], row["other_name"], row["type"], row["n"], row["latest"]) for row in rows]
        return pd.DataFrame(records, columns=list(POSITION_COLUMNS))

    def timeline(
        self,
        *,
        actor: str | None = None,
        place: str | None = None,
        types: StanceTypes = None,
        date_from: Day = None,
        date_to: Day = None,
        events: bool = True,
    ) -> pd.DataFrame:
        """Dated stances (``kind`` "stance") and events (``kind`` "event", unless ``events=False``) in date order,
        optionally of one actor or at one place; without dates, all of them (``GET /timeline`` has a window)."""
        where = reads.TimelineFilter(
            events=events,
            types=_types(types),
            actor=actor,
            place=place,
            date_from=_day(date_from),
            date_to=_day(date_to),
        )
        rows = pages.every_dated(self.store, where).rows
        return _dated(pd.DataFrame([_timeline_record(row) for row in rows], columns=list(TIMELINE_COLUMNS)))

    def search(self, text: str, *, limit: int = 20) -> pd.DataFrame:
        """Entities whose name or an alias contains ``text`` (case and accents do not matter), shortest names first."""
        rows, _ = reads.search(self.store, text, limit=limit)
        return pd.DataFrame(
            [(row["id"], row["name"], row["labels"], row.get("aliases") or []) for row in rows],
            columns=["id", "name", "labels", "aliases"],
        )

    def articles(self) -> pd.DataFrame:
        """The articles in the graph, newest first: id, title, source, url, published, language, path, chars."""
        total = reads.count(self.store, Label.ARTICLE)
        rows = reads.list_articles(self.store, limit=max(total, 1))
        columns = ["id", "title", "source", "url", "published", "language", "path", "chars"]
        return pd.DataFrame([{key: row.get(key) for key in columns} for row in rows], columns=columns)

    def to_networkx(self, around: str | None = None, *, depth: int = 1) -> nx.MultiDiGraph:
        """The whole graph (or the neighborhood of ``around``, ``depth`` 1 to 3, as ``GET /graph/neighborhood``) as a
        networkx MultiDiGraph: nodes by id with ``labels``, ``name`` and their properties; edges with ``type``
        and their properties (a stance edge's evidence, article, date, ...)."""
        if around is None:
            return to_networkx(subgraph.whole_graph(self.store))
        return to_networkx(subgraph.neighborhood(self.store, around, depth=depth))

    # --- writes ----------------------------------------------------------------------

    def _writable(self) -> GraphStore:
        if not self._schema_ready:
            self.store.ensure_schema()
            self._schema_ready = True
        return self.store

    def load_reference(self) -> WriteSummary:
        """Store the bundled reference data: the gazetteer's actors and places, the plans and their points."""
        return self._writable().write_extraction(reference_extraction())

    def _admit(self, inputs: Sequence[str]) -> ingestion.Admitted:
        reader = InputReader(ReadLimits.from_settings(self.settings), self._known_urls)
        return ingestion.admit(self._writable(), reader.read([str(given) for given in inputs]))

    def _known_urls(self, urls: list[str]) -> set[str]:
        return reads.existing_article_urls(self.store, urls)

    def ingest(self, inputs: Sequence[str], *, workers: int = 1) -> pd.DataFrame:
        """Read, extract and store articles: files, folders, article URLs, RSS/Atom feeds, OPML lists (as
        ``peacegraph ingest``). One row per article and per input skipped: ``status`` is "created", "already
        present" (the same text is in the graph: not read again) or "skipped" (``reason`` says why)."""
        admitted = self._admit(inputs)
        written = ingestion.ingest(self.store, admitted.new, workers=workers)
        records = [_written(done, "created") for done in written]
        records += [_article(article, "already present") for article in admitted.present]
        return _ingest_frame(records, admitted)

    def replace(self, inputs: Sequence[str], *, workers: int = 1) -> pd.DataFrame:
        """As ``ingest``, but the articles already in the graph are extracted anew and their edges swapped, one
        transaction each (as ``peacegraph ingest --replace``): ``status`` "replaced", with what that deleted."""
        admitted = self._admit(inputs)
        records = [_written(done, "created") for done in ingestion.ingest(self.store, admitted.new, workers=workers)]
        for done in ingestion.replace(self.store, admitted.present, workers=workers):
            records.append({**_written(done, "replaced"), "relationships_deleted": done.removal.relationships_deleted,
                            "nodes_deleted": len(done.removal.nodes_deleted)})  # fmt: skip
        return _ingest_frame(records, admitted)

    def remove(self, article_ids: Iterable[str]) -> Removal:
        """Remove articles and what only they supported, in one transaction (as ``peacegraph remove``);
        ``Removal.articles`` names those that were in the graph."""
        return ingestion.remove(self._writable(), article_ids)


INGEST_COLUMNS = ["id", "title", "status", "nodes_created", "relationships_created", "relationships_deleted",
                  "nodes_deleted", "reason"]  # fmt: skip


def _article(article: RawArticle, status: str) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "status": status}


def _written(done: ingestion.Written, status: str) -> dict[str, Any]:
    return {
        **_article(done.article, status),
        "nodes_created": done.summary.nodes_created,
        "relationships_created": done.summary.relationships_created,
    }


def _ingest_frame(records: list[dict[str, Any]], admitted: ingestion.Admitted) -> pd.DataFrame:
    records += [{"id": None, "title": failure.path, "status": "skipped", "reason": failure.reason}
                for failure in admitted.report.failures]  # fmt: skip
    frame = pd.DataFrame(records, columns=INGEST_COLUMNS)
    counts = ["nodes_created", "relationships_created", "relationships_deleted", "nodes_deleted"]
    frame[counts] = frame[counts].fillna(0).astype(int)
    return frame


def connect(
    uri: str | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    settings: Settings | None = None,
) -> PeaceGraph:
    """The graph at ``uri`` (``bolt://``, ``neo4j://``, ``neo4j+s://``: a Neo4j 5 or Aura), else the configured one
    (``PEACEGRAPH_*`` variables or ``.env``, as the command line): the embedded server of ``./data``,
    started in the background if it is not running (``peacegraph server stop`` stops it)."""
    settings = settings or get_settings()
    overrides: dict[str, Any] = {"neo4j_uri": uri, "neo4j_user": user, "neo4j_password": password,
                                 "neo4j_database": database}  # fmt: skip
    given = {key: value for key, value in overrides.items() if value is not None}
    if password is not None:
        given["neo4j_password"] = SecretStr(password)
    if given:
        settings = settings.model_copy(update=given)
    if not settings.neo4j_uri:
        EmbeddedServer.from_settings(settings).start(timeout=settings.server_start_timeout)
    return PeaceGraph(GraphStore.from_settings(settings), settings)
