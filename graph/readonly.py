"""Read-only Cypher for power users, in layers, because the server alone does not stop writes.

ArcadeDB's Bolt endpoint commits a CREATE sent in a READ session, reports every
``EXPLAIN`` as a write, commits schema commands even after a rollback, reads any
local file with ``LOAD CSV`` (reported as a read) and ignores the driver's
transaction timeout (``shared/design/arcadedb-notes.md``). So a user's query
passes, in order:

1. ``peacegraph.graph.cypher_guard.check_query``: the tokenizer and allow-list; what is sent
   is the checked token stream, strings lifted into parameters.
2. ``run_read_only``: one explicit transaction that is always rolled back; the
   answer is refused if the summary says ``query_type != "r"`` or that
   something was updated. On Neo4j, a READ session and an ``EXPLAIN`` first.
3. Bounds: rows streamed up to ``row_cap`` and a byte cap, a client-side time
   limit (the query runs in a worker thread on a driver of its own), and
   ``QuerySlots``, a small concurrency limit. The server stops a statement by
   itself too (Neo4j: the transaction timeout; ArcadeDB: ``arcadedb.command.timeout``,
   set on the embedded server): a timed-out query's slot stays taken until the
   server has stopped it, so the slots count what runs in the server.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, Driver, Record, Result
from neo4j.exceptions import (
    BrokenRecordError,
    CypherSyntaxError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from peacegraph.graph.cypher_guard import CheckedQuery, check_query
from peacegraph.graph.driver_errors import driver_errors
from peacegraph.graph.errors import (
    BusyError,
    PeacegraphError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    UnsafeQueryError,
)
from peacegraph.graph.relay import ByteBudgetRelay
from peacegraph.graph.store import GraphStore

__all__ = ["CheckedQuery", "QuerySlots", "ReadOnlyResult", "check_query", "run_read_only"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadOnlyResult:
    rows: list[dict[str, Any]]
    columns: list[str]
    truncated: bool = False


class QuerySlots:
    """At most ``size`` queries (or other ``what``) at once; ``acquire`` refuses (BusyError) instead of waiting."""

    def __init__(self, size: int, what: str = "queries") -> None:
        self.size = size
        self.what = what
        self._semaphore = threading.BoundedSemaphore(size)

    def acquire(self) -> None:
        if not self._semaphore.acquire(blocking=False):
            raise BusyError(f"{self.size} {self.what} already running; try again shortly", retry_after=1.0)

    def release(self) -> None:
        self._semaphore.release()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """One slot for the ``with`` block, or ``BusyError`` at once."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


def _plain(value: Any) -> Any:
    """A JSON-ready form of a value the driver returns."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return value


@dataclass
class _Outcome:
    rows: list[dict[str, Any]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    truncated: bool = False


def _is_arcadedb(driver: Driver) -> bool:
    return "arcadedb" in str(driver.get_server_info().agent).lower()


@dataclass(frozen=True)
class _Bounds:
    """What a query may take: rows, JSON bytes of the answer, seconds; and how to cut it short."""

    row_cap: int
    max_bytes: int
    timeout: float
    drop_connection: Callable[[], None] | None = None  # ends the query in the server at once
    cut_by_relay: Callable[[], bool] = lambda: False  # the relay cut the answer at its byte budget


def _execute(driver: Driver, database: str | None, checked: CheckedQuery, bounds: _Bounds) -> _Outcome:
    """Stream the rows in a transaction that is rolled back; refuse the answer unless it was a read.

    When the rows pass a cap and ``drop_connection`` is given, it is called instead of
    draining the rest: the server aborts the transaction when its connection goes, while
    discarding a million remaining rows costs seconds.
    """
    # The one place text from a user becomes query text: only a CheckedQuery gets here.
    text = cast(LiteralString, checked.text)
    neo4j = not _is_arcadedb(driver)
    fetch_size = min(bounds.row_cap + 1, 1000)
    with driver.session(database=database, default_access_mode=READ_ACCESS, fetch_size=fetch_size) as session:
        if neo4j:
            plan = session.run("EXPLAIN " + text, checked.parameters).consume()
            if plan.query_type != "r":
                raise UnsafeQueryError(f"the server plans this query as {plan.query_type!r}, not a read")
        tx = session.begin_transaction(timeout=bounds.timeout if neo4j else None)  # ArcadeDB ignores it
        outcome = _Outcome()
        try:
            result = tx.run(text, checked.parameters)
            outcome.columns = list(result.keys())
            _stream(result, outcome, bounds)
            if outcome.truncated and bounds.drop_connection is not None:
                bounds.drop_connection()
                return outcome
            summary = result.consume()
        except (ServiceUnavailable, SessionExpired, OSError):
            if not bounds.cut_by_relay():
                raise
            outcome.truncated = True  # a value too big to take in: the rows before it are the answer
            return outcome
        except BrokenRecordError as error:
            raise QueryError(f"the server returned a value this API cannot read ({error.__cause__ or error})") from None
        finally:
            with contextlib.suppress(Neo4jError, DriverError):
                tx.rollback()  # a failed or cut connection has nothing to roll back
    # ArcadeDB leaves query_type out of the summary of a result cut short at the row cap.
    kind_ok = summary.query_type == "r" or (summary.query_type is None and outcome.truncated)
    if not kind_ok or summary.counters.contains_updates or summary.counters.contains_system_updates:
        raise UnsafeQueryError(
            f"the server reports this query as {summary.query_type!r} (not a read); it was rolled back"
        )
    return outcome


def _stream(result: Result, outcome: _Outcome, bounds: _Bounds) -> None:
    """Rows of ``result`` into ``outcome`` until the row or byte cap."""
    size = 0
    record: Record
    for record in result:
        if len(outcome.rows) >= bounds.row_cap:
            outcome.truncated = True
            return
        row = _plain(record.data())
        size += len(json.dumps(row, default=str))
        if size > bounds.max_bytes:
            outcome.truncated = True
            return
        outcome.rows.append(row)


def _query_refused(error: Neo4jError) -> QueryError:
    """The server refused the user's query: the user's to fix (a syntax error, an unknown name, ...)."""
    if isinstance(error, CypherSyntaxError):
        return QueryError(f"syntax error: {error.message or error}", syntax=True)
    return QueryError(f"the server refused the query: {error.message or error}")


class _Worker:
    """One read-only query on a thread of its own: its own driver (through a byte-budget relay when
    the server is reached directly), its slot, and what becomes of them when the API stops waiting."""

    def __init__(self, store: GraphStore, checked: CheckedQuery, bounds: _Bounds, slots: QuerySlots | None) -> None:
        self.store = store
        self.checked = checked
        self.slots = slots
        self.future: Future[_Outcome] = Future()
        self._claim = threading.Lock()  # the worker or the give-up timer, whichever comes first, frees the slot
        self.gave_up = threading.Event()
        self.relay: ByteBudgetRelay | None = None
        self.own_driver: Driver | None = None
        if store.connect is not None:
            if store.bolt_address is not None:
                # Bolt encodes text about as compactly as JSON: twice the JSON cap, plus the protocol's own talk.
                self.relay = ByteBudgetRelay(store.bolt_address, 2 * bounds.max_bytes + 65536)
            try:
                self.own_driver = store.connect(self.relay.uri if self.relay else None)
            except BaseException:
                self._disconnect()
                raise
        cut = self.relay.exceeded.is_set if self.relay else (lambda: False)
        drop = self.own_driver.close if self.own_driver else None
        self.bounds = replace(bounds, drop_connection=drop, cut_by_relay=cut)

    def start(self) -> None:
        threading.Thread(target=self._work, name="read-only-query", daemon=True).start()

    def _work(self) -> None:
        try:
            driver = self.own_driver or self.store.driver
            with driver_errors(refused=_query_refused):
                outcome = _execute(driver, self.store.database, self.checked, self.bounds)
            self.future.set_result(outcome)
        except PeacegraphError as error:
            self.future.set_exception(error)
        except (ValueError, TypeError, OverflowError) as error:  # the driver could not pack a value
            self.future.set_exception(QueryError(f"the query could not be sent: {error}"))
        finally:
            if not self.future.done():  # an error of ours: answer it (500) instead of waiting out the time limit
                self.future.set_exception(StoreError("the read-only query failed unexpectedly"))
            self._disconnect()
            if self._free_slot() and self.gave_up.is_set():
                log.info("a read-only query stopped by the API has ended in the graph server")

    def _disconnect(self) -> None:
        if self.own_driver is not None:
            self.own_driver.close()
        if self.relay is not None:
            self.relay.close()

    def _free_slot(self) -> bool:
        if self.slots is not None and self._claim.acquire(blocking=False):
            self.slots.release()
            return True
        return False

    def give_up(self, server_timeout: float | None, timeout: float) -> None:
        """The API stops waiting: keep the slot until the server stops the query, or a while at most."""
        self.gave_up.set()
        if server_timeout is None:
            self._disconnect()  # nothing will stop it in the server: hold the slot a while, then free it
            after = timeout
        else:
            after = max(0.0, server_timeout - timeout) + timeout
        timer = threading.Timer(after, self._abandon)
        timer.daemon = True
        timer.start()

    def _abandon(self) -> None:
        self._disconnect()  # cuts the worker loose; the server may still be computing
        if self._free_slot():
            log.warning("a read-only query stopped by the API had not ended in the graph server; slot freed")


def run_read_only(
    store: GraphStore,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    row_cap: int,
    timeout: float,
    max_bytes: int = 10_000_000,
    slots: QuerySlots | None = None,
    server_timeout: float | None = None,
) -> ReadOnlyResult:
    """Run a user's read-only query with every guard; at most ``row_cap`` rows, within ``timeout`` s.

    ``server_timeout``: seconds after which the server stops a statement by itself (Neo4j: the
    transaction timeout sent here; ArcadeDB: ``arcadedb.command.timeout``), None if it never
    does. A query past ``timeout`` answers at once, but keeps its slot until the server has
    stopped it, so the slots count what the server runs; if the server has not answered a
    ``timeout`` after its own limit either (ArcadeDB does not interrupt a long expression
    such as a huge ``reduce``), its connection is cut and the slot freed anyway.
    """
    checked = check_query(query, params)
    if slots is not None:
        slots.acquire()
    try:
        worker = _Worker(store, checked, _Bounds(row_cap, max_bytes, timeout), slots)
    except BaseException:
        if slots is not None:
            slots.release()
        raise
    worker.start()
    try:
        outcome = worker.future.result(timeout=timeout)
    except FutureTimeout:
        worker.give_up(server_timeout, timeout)
        log.warning("read-only query stopped after %.1fs", timeout)
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g}s and was stopped; narrow it (LIMIT, a more specific MATCH)"
        ) from None
    columns = outcome.columns or (list(outcome.rows[0]) if outcome.rows else [])
    return ReadOnlyResult(rows=outcome.rows, columns=columns, truncated=outcome.truncated)
