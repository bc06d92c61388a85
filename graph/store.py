"""GraphStore: the one way peacegraph reaches the graph, over the neo4j driver: writes, schema, health,
and ``read`` for the statements of ``peacegraph.graph.reads``.

The same code runs against Neo4j 5 (or Aura) and against the embedded ArcadeDB
server's Bolt endpoint. Writes go in batches (``UNWIND $rows``), one article
per transaction, retried with backoff when the server reports a concurrent
modification (ArcadeDB does not mark those as transient, so the driver's own
retry does not cover them).
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, Record, RoutingControl
from neo4j.exceptions import ClientError, DatabaseError, Neo4jError, SessionExpired, TransientError

from peacegraph.graph import queries, summaries
from peacegraph.graph.driver_errors import driver_errors
from peacegraph.graph.errors import InputError
from peacegraph.graph.model import (
    Entity,
    Extraction,
    Label,
    Link,
    LinkType,
    Relation,
    Removal,
    StanceType,
    WriteSummary,
    label_for_id,
)
from peacegraph.graph.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

_RETRYABLE_MESSAGES = ("concurrent modification", "please retry", "already exists", "duplicated key")
# A record that a concurrent transaction moved or replaced between an index lookup and its use:
# ArcadeDB reports it as a client error, but the whole transaction succeeds when run again.
_RETRYABLE_CODES = frozenset({"Neo.ClientError.Statement.EntityNotFound"})


def _direct_bolt_address(uri: str) -> tuple[str, int] | None:
    """(host, port) of a plain ``bolt://`` URI: a single server, no routing, no TLS."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme != "bolt" or not parts.hostname:
        return None
    return parts.hostname, parts.port or 7687


def _is_retryable(error: Exception) -> bool:
    if isinstance(error, TransientError | SessionExpired):
        return True
    if isinstance(error, ClientError | DatabaseError):
        if error.code in _RETRYABLE_CODES:
            return True
        message = (error.message or str(error)).lower()
        return any(cue in message for cue in _RETRYABLE_MESSAGES)
    return False


def _chunks(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _label_of(node_id: str) -> Label:
    label = label_for_id(node_id)
    if label is None:
        raise InputError(f"id {node_id!r} has no known prefix (person:, country:, org:, place:, ...)")
    return label


def _node_row(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "props": entity.node_properties(),
        "aliases": entity.aliases,
        "search_keys": entity.search_keys(),
    }


def _merged_row(earlier: dict[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
    """``row``, keeping what an earlier row of the same node in the batch had, as one-by-one writes keep it
    (properties merged, later ones win; aliases and search keys united)."""
    if earlier is None:
        return row
    return {
        **row,
        "props": {**earlier["props"], **row["props"]},
        "aliases": earlier["aliases"] + [a for a in row["aliases"] if a not in earlier["aliases"]],
        "search_keys": earlier["search_keys"] + [k for k in row["search_keys"] if k not in earlier["search_keys"]],
    }


def _run(tx: ManagedTransaction, query: LiteralString, **params: Any) -> tuple[list[Record], WriteSummary]:
    result = tx.run(query, params)
    records = list(result)
    counters = result.consume().counters
    summary = WriteSummary(
        nodes_created=counters.nodes_created,
        relationships_created=counters.relationships_created,
        properties_set=counters.properties_set,
    )
    return records, summary


@dataclass
class _WriteBatch:
    """The rows of some extractions, grouped by statement and deduplicated by merge key."""

    nodes: dict[tuple[Label, ...], dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    stances: dict[StanceType, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    links: dict[tuple[LinkType, Label, Label], dict[tuple[str, str], dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    @classmethod
    def of(cls, extractions: list[Extraction]) -> _WriteBatch:
        batch = cls()
        for extraction in extractions:
            if extraction.article is not None:
                meta = extraction.article
                props = meta.model_dump(mode="json", exclude={"id"}, exclude_none=True)
                batch.nodes[(Label.ARTICLE,)][meta.id] = {
                    "id": meta.id,
                    "props": props,
                    "aliases": [],
                    "search_keys": [],
                }
            for entity in extraction.entities:
                rows = batch.nodes[entity.type.labels]
                rows[entity.id] = _merged_row(rows.get(entity.id), _node_row(entity))
            for relation in extraction.relations:
                _label_of(relation.source)  # an unknown id prefix fails here, before the transaction
                _label_of(relation.target)
                row = GraphStore._stance_row(relation, extraction)
                batch.stances[relation.type][row["key"]] = row
            for link in extraction.links:
                key = (link.type, _match_label(link.source), _match_label(link.target))
                batch.links[key][(link.source, link.target)] = GraphStore._link_row(link)
        return batch


def _edge_ref(stance_type: StanceType, row: dict[str, Any]) -> summaries.EdgeRef:
    return summaries.EdgeRef(
        row["source"], stance_type.value, row["target"], row["props"].get("date"), row["article"], int(row["start"])
    )


def _match_label(node_id: str) -> Label:
    """The label to find a node by in a write: ``Actor`` for every actor (one statement, not three)."""
    label = _label_of(node_id)
    return Label.ACTOR if label in (Label.PERSON, Label.COUNTRY, Label.ORGANIZATION) else label


def _write_batch(tx: ManagedTransaction, batch: _WriteBatch, size: int) -> WriteSummary:
    """Write ``batch`` in ``tx`` (``GraphStore.write_extractions`` says how), in statements of ``size`` rows."""
    nodes, created = _write_nodes(tx, batch, size)
    return nodes + _write_stances(tx, batch, size) + _write_links(tx, batch, size, created)


def _write_nodes(tx: ManagedTransaction, batch: _WriteBatch, size: int) -> tuple[WriteSummary, set[str]]:
    """Create the nodes of ``batch`` not present, update the others; also the ids of those created."""
    total = WriteSummary()
    created: set[str] = set()
    for labels, by_id in batch.nodes.items():
        for chunk in _chunks(list(by_id.values()), size):
            ids = [row["id"] for row in chunk]
            present = {record["id"] for record in _run(tx, queries.existing_ids(labels[-1]), ids=ids)[0]}
            new = [row for row in chunk if row["id"] not in present]
            old = [row for row in chunk if row["id"] in present]
            if new:
                total = total + _run(tx, queries.create_nodes(labels), rows=new)[1]
                created.update(row["id"] for row in new)
            if old:
                total = total + _run(tx, queries.update_nodes(labels), rows=old)[1]
    return total, created


def _write_stances(tx: ManagedTransaction, batch: _WriteBatch, size: int) -> WriteSummary:
    """Update the stance edges of ``batch`` that are present (found by article), create the others; count
    the created ones in the read models (``peacegraph.graph.summaries``), and move those whose date changed."""
    total = WriteSummary()
    added: list[summaries.EdgeRef] = []
    moved = summaries.Touched()  # present edges whose date changed, and where they were
    for stance_type, by_key in batch.stances.items():
        for chunk in _chunks(list(by_key.values()), size):
            records, summary = _run(
                tx,
                queries.update_stances(stance_type),
                articles=sorted({row["article"] for row in chunk}),
                props={row["key"]: row["props"] for row in chunk},
            )
            total = total + summary
            old_dates = {record["key"]: record["old_date"] for record in records}
            missing: dict[tuple[Label, Label], list[dict[str, Any]]] = defaultdict(list)
            for row in chunk:
                edge = _edge_ref(stance_type, row)
                if row["key"] not in old_dates:
                    missing[(_match_label(row["source"]), _match_label(row["target"]))].append(row)
                    added.append(edge)
                elif old_dates[row["key"]] != edge.date:
                    moved.add(edge)
                    moved.add(dataclasses.replace(edge, date=old_dates[row["key"]]))
            for (source, target), rows in missing.items():
                query = queries.create_relationships(stance_type, source, target)
                total = total + _run(tx, query, rows=rows)[1]
    summaries.add_edges(tx, added)
    summaries.refresh(tx, moved)
    return total


def _write_links(tx: ManagedTransaction, batch: _WriteBatch, size: int, created: set[str]) -> WriteSummary:
    """Create the structural links of ``batch`` whose source was ``created`` now (none can exist), merge the others."""
    total = WriteSummary()
    for (link_type, source, target), by_pair in batch.links.items():
        for chunk in _chunks(list(by_pair.values()), size):
            fresh = [row for row in chunk if row["source"] in created]
            known = [row for row in chunk if row["source"] not in created]
            if fresh:
                total = total + _run(tx, queries.create_relationships(link_type, source, target), rows=fresh)[1]
            if known:
                total = total + _run(tx, queries.upsert_links(link_type, source, target), rows=known)[1]
    return total


def _delete_article_edges(
    tx: ManagedTransaction,
    articles: list[str],
    kept_stances: dict[StanceType, dict[str, bool]],
    kept_links: dict[str, bool],
) -> tuple[int, set[str]]:
    """Delete the stance edges (by provenance) and the MENTIONS and REPORTS links of ``articles``, but those
    whose keys are kept; how many, and the ids of the nodes at their other ends.

    The read models these articles' edges count in are the caller's to recompute (``summaries.refresh``
    of what ``summaries.touched_by_articles`` read before), once the transaction's other writes are done:
    a replacement writes the new extraction first."""
    deleted = 0
    ends: set[str] = set()
    for stance_type in StanceType:
        kept = kept_stances.get(stance_type, {})
        for record in _run(tx, queries.delete_article_stances(stance_type), articles=articles, kept=kept)[0]:
            deleted += 1
            ends.update((record["source"], record["target"]))
    for record in _run(tx, queries.DELETE_ARTICLE_LINKS, articles=articles, kept=kept_links)[0]:
        deleted += 1
        ends.add(record["target"])
    return deleted, ends


def _delete_unsupported(tx: ManagedTransaction, ids: set[str]) -> list[str]:
    """Delete those of the nodes ``ids`` that no article supports any more (``queries.delete_unsupported``)."""
    by_label: dict[Label, list[str]] = defaultdict(list)
    for node_id in sorted(ids):
        by_label[_match_label(node_id)].append(node_id)
    removed: list[str] = []
    for label, chunk in by_label.items():
        removed += [record["removed"] for record in _run(tx, queries.delete_unsupported(label), ids=chunk)[0]]
    return sorted(removed)


class GraphStore:
    """Reads and writes the peacegraph graph through one neo4j driver."""

    def __init__(
        self,
        driver: Driver,
        database: str | None,
        *,
        batch_size: int = 5000,
        write_retries: int = 8,
        query_timeout: float | None = None,
        connect: Callable[[str | None], Driver] | None = None,
        bolt_address: tuple[str, int] | None = None,
    ) -> None:
        self.driver = driver
        self.database = database  # None: the server's home database for the user
        # Seconds the server lets a read run, sent with it: Neo4j enforces it, ArcadeDB ignores it.
        self.query_timeout = query_timeout
        self.batch_size = batch_size
        self.write_retries = write_retries
        # A new driver to the same server (or to another URI that leads there, a relay), for
        # work that may have to be cut off by closing its connection (a user's read-only query).
        self.connect = connect
        # (host, port) of a server reached directly over plain bolt://, which a relay can stand in front of.
        self.bolt_address = bolt_address
        # Writes this store has committed: part of the fingerprint that invalidates cached analytics.
        self.writes = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> GraphStore:
        """Connect to ``neo4j_uri`` if set, else to the embedded server of ``data_dir``."""
        from peacegraph.graph.embedded import connection_for

        uri, user, password = connection_for(settings)
        # The driver retries a transaction on an unreachable server for 30 s by default: every
        # request would hang that long while the database is down, instead of answering 503.
        driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_acquisition_timeout=30.0,
            max_transaction_retry_time=settings.db_retry_time,
        )

        def connect(via: str | None = None) -> Driver:
            return GraphDatabase.driver(via or uri, auth=(user, password), connection_timeout=5.0)

        return cls(
            driver,
            settings.database(),
            batch_size=settings.batch_size,
            write_retries=settings.write_retries,
            query_timeout=settings.server_command_timeout or None,
            connect=connect,
            bolt_address=_direct_bolt_address(uri),
        )

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------

    def read(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one read statement of ``peacegraph.graph.queries``; the rows as dicts (the reads are
        ``peacegraph.graph.reads``)."""
        with driver_errors():
            result = self.driver.execute_query(
                self.timed(query), params, database_=self.database, routing_=RoutingControl.READ
            )
        return [record.data() for record in result.records]

    def timed(self, query: LiteralString) -> Query:
        """``query`` with the server-side time limit of this store's reads."""
        return Query(query, timeout=self.query_timeout)

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction, retried on concurrent modification."""
        attempt = 0
        with driver_errors():
            while True:
                try:
                    with self.driver.session(database=self.database) as session:
                        result = session.execute_write(work)
                    self.writes += 1
                    return result
                except (Neo4jError, SessionExpired) as error:
                    if attempt >= self.write_retries or not _is_retryable(error):
                        raise
                    delay = min(2.0, 0.05 * 2**attempt) * (0.5 + random.random())
                    log.info("write conflict (%s), retry %d in %.2fs", type(error).__name__, attempt + 1, delay)
                    time.sleep(delay)
                    attempt += 1

    # --- health and schema ---------------------------------------------

    def ping(self) -> bool:
        return self.read(queries.PING)[0]["ok"] == 1

    def server_agent(self) -> str:
        """The server's agent string, e.g. ``Neo4j/5.26.0`` or ArcadeDB's."""
        with driver_errors():
            return str(self.driver.get_server_info().agent)

    def ensure_schema(self) -> None:
        """Uniqueness of ``id`` for every label, an index on ``name``, and on the ``article`` of
        every stance type (the write path finds present edges through it); idempotent."""
        with driver_errors():
            for label in Label:
                for statement in (queries.unique_id_constraint(label), queries.name_index(label)):
                    self.driver.execute_query(statement, database_=self.database)
            for stance_type in StanceType:
                self.driver.execute_query(queries.stance_article_index(stance_type), database_=self.database)
            summaries.ensure_schema(lambda statement: self.driver.execute_query(statement, database_=self.database))
        if not self.read(queries.ANY_NEIGHBOURS) and self.read(queries.ANY_PAIR_SUMMARY):
            self.rebuild_neighbours()
        if not self.read(queries.ANY_CALENDAR) and self.read(queries.ANY_DAY):
            self.rebuild_calendars()

    def rebuild_calendars(self, chunk: int = 500) -> int:
        """Write every node's ``StanceCalendar`` afresh from its ``StanceDay`` nodes, as ``rebuild_neighbours``."""
        return self._rebuild(queries.NODES_WITH_DAYS, summaries.rebuild_calendars, "calendar", chunk)

    def rebuild_neighbours(self, chunk: int = 500) -> int:
        """Write every node's ``StanceNeighbours`` afresh from the pair summaries, ``chunk`` nodes a transaction:
        a graph loaded before they existed gets them at its first ``ensure_schema``. How many were written."""
        return self._rebuild(queries.NODES_WITH_PAIRS, summaries.rebuild_neighbours, "neighbour", chunk)

    def _rebuild(self, nodes_query: LiteralString, rebuild: Callable[..., int], what: str, chunk: int) -> int:
        """Rewrite one per-node read model for the nodes ``nodes_query`` lists, ``chunk`` nodes a transaction."""
        nodes = sorted(row["id"] for row in self.read(nodes_query))
        log.info("rebuilding the %s read model of %d nodes", what, len(nodes))
        written = 0
        for part in _chunks(nodes, chunk):
            written += self._write(partial(rebuild, nodes=list(part)))
        return written

    # --- writes ---------------------------------------------------------

    def write_extraction(self, extraction: Extraction) -> WriteSummary:
        """Write one article's extraction in one transaction: all of it or none of it."""
        return self.write_extractions([extraction])

    def write_extractions(self, extractions: Iterable[Extraction]) -> WriteSummary:
        """Write several extractions in one transaction, in batched statements.

        The statement shapes keep both servers on their indexes (see
        ``benchmarks/RESULTS.md``): the present nodes are looked up by id on their own
        label, the others created with the full label set (ArcadeDB runs
        ``MERGE (n:Actor:Person {id: ..})`` as a scan); stance edges already present
        are found through the index on their ``article`` and updated, the others
        created (a ``MERGE`` of an edge walks every edge of its source, and a hub
        such as Russia gains edges with every article). Structural links are
        created outright when their source is new in this transaction (an article
        being loaded), else ``MERGE``d: their sources have few edges.

        Looking up before creating is safe under concurrency because an article's
        node is written in the same transaction: two writers of one article either
        both create it (the uniqueness constraint refuses one) or both update it
        (a concurrent modification): the loser is retried and then sees the edges.
        """
        batch = _WriteBatch.of(list(extractions))
        return self._write(lambda tx: _write_batch(tx, batch, self.batch_size))

    @staticmethod
    def _stance_row(relation: Relation, extraction: Extraction) -> dict[str, Any]:
        article = relation.article or (extraction.article.id if extraction.article else None)
        if article is None:
            raise InputError(f"relation {relation.source} {relation.type} {relation.target} has no article")
        props = relation.edge_properties()
        props["article"] = article
        return {
            "key": queries.stance_key(relation.source, relation.target, article, relation.start),
            "source": relation.source,
            "target": relation.target,
            "article": article,
            "start": relation.start,
            "props": props,
        }

    @staticmethod
    def _link_row(link: Link) -> dict[str, Any]:
        return {"source": link.source, "target": link.target, "props": link.edge_properties()}

    # --- replacement and removal -----------------------------------------------

    def replace_extraction(self, extraction: Extraction, *, keep: Collection[str] = ()) -> tuple[WriteSummary, Removal]:
        """Write ``extraction`` in place of what its article held before, in one transaction.

        The article's stance edges and MENTIONS/REPORTS links that the new extraction does not
        hold are deleted, the extraction is written as ``write_extraction`` writes it (so what it
        still holds is updated, not deleted and made again), then the nodes that only the deleted
        edges supported are deleted, as ``remove_articles`` deletes them (``keep`` as there). An
        article not yet in the graph is simply written.
        """
        if extraction.article is None:
            raise InputError("a replacement needs the extraction's article")
        article = extraction.article.id
        batch = _WriteBatch.of([extraction])
        kept_stances = {stance_type: dict.fromkeys(rows, True) for stance_type, rows in batch.stances.items()}
        kept_links = {
            queries.article_link_key(article, link.type, link.target): True
            for link in extraction.links
            if link.source == article and link.type in (LinkType.MENTIONS, LinkType.REPORTS)
        }
        protected = set(keep)

        def work(tx: ManagedTransaction) -> tuple[WriteSummary, Removal]:
            touched = summaries.touched_by_articles(tx, [article])
            deleted, ends = _delete_article_edges(tx, [article], kept_stances, kept_links)
            summary = _write_batch(tx, batch, self.batch_size)
            gone = _delete_unsupported(tx, ends - protected)
            summaries.refresh(tx, touched)  # exact: recomputed from the edges left and written
            removal = Removal(relationships_deleted=deleted, nodes_deleted=gone, touched=sorted(ends - set(gone)))
            return summary, removal

        return self._write(work)

    def remove_articles(self, article_ids: Iterable[str], *, keep: Collection[str] = ()) -> Removal:
        """Remove the articles ``article_ids`` that are in the graph, and what only they supported, in one
        transaction; ``Removal.articles`` names those found.

        Deleted: the stance edges whose provenance is one of them, their MENTIONS and REPORTS links,
        the articles, and then each node at the other end of one of those edges that no article
        mentions or reports any more and no stance edge touches, unless its id is in ``keep`` (the
        reference data, which no article owns: gazetteer entries, plans and their points). A node
        another article still supports stays; ``Removal.touched`` names the nodes that stay but lost
        an edge, what a read model kept per node has to recompute.
        """
        ids = sorted(set(article_ids))
        protected = set(keep)

        def work(tx: ManagedTransaction) -> Removal:
            present = [record["id"] for record in _run(tx, queries.EXISTING_ARTICLE_IDS, ids=ids)[0]]
            if not present:
                return Removal()
            touched = summaries.touched_by_articles(tx, present)
            deleted, ends = _delete_article_edges(tx, present, {}, {})
            removed = [record["removed"] for record in _run(tx, queries.DELETE_ARTICLES, ids=present)[0]]
            gone = _delete_unsupported(tx, ends - protected)
            summaries.refresh(tx, touched)
            return Removal(
                articles=sorted(removed),
                relationships_deleted=deleted,
                nodes_deleted=gone,
                touched=sorted(ends - set(gone)),
            )

        return self._write(work)
