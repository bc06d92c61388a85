"""The neo4j driver's errors as ours, in one place: ``driver_errors()`` (httpx's ``map_httpcore_exceptions``).

=================================================  ===========================================
driver error                                       ours
=================================================  ===========================================
``ServiceUnavailable``, ``SessionExpired``,        ``StoreUnavailableError`` (no server answers)
``OSError``
``ClientError`` with a transaction timed-out code  ``QueryTimeoutError`` (the server's time limit)
``TransientError``                                 ``StoreBusyError`` (the server's queue is full)
any other ``Neo4jError``                           what ``refused`` makes of it: ``StoreError`` for
                                                   the store's own statements; the read-only runner
                                                   makes it the user's ``QueryError``
=================================================  ===========================================

A ``TransientError`` has been retried by the driver by the time it gets here; the
write path retries concurrent modifications (ArcadeDB does not mark them transient)
inside ``driver_errors()``, so only the last failure is translated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from peacegraph.graph.errors import (
    PeacegraphError,
    QueryTimeoutError,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
)

# Neo4j's db.transaction.timeout and a driver-set timeout; ArcadeDB's arcadedb.command.timeout.
TIMED_OUT_CODES = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    }
)
# Seconds a client is told to wait when the server's queue refused a statement.
BUSY_RETRY_AFTER = 2.0

Refused = Callable[[Neo4jError], PeacegraphError]
"""What a statement the server refused (not for want of time or room) becomes."""


def server_limit_error(error: Neo4jError) -> StoreError | None:
    """Ours for a statement the server stopped at its time limit or, full, did not start; else None.

    A full server answers a transient error (ArcadeDB: a query that waited
    ``arcadedb.queryQueueTimeout`` for one of its ``arcadedb.queryMaxConcurrent`` slots).
    """
    if isinstance(error, ClientError) and error.code in TIMED_OUT_CODES:
        return QueryTimeoutError(f"the graph server stopped the statement at its time limit: {error.message}")
    if isinstance(error, TransientError):
        return StoreBusyError(
            f"the graph server is busy (it refused to start the statement): {error.message}",
            retry_after=BUSY_RETRY_AFTER,
        )
    return None


def statement_failed(error: Neo4jError) -> StoreError:
    """One of the store's own statements failed in the server."""
    return StoreError(f"the graph server refused a statement: {error.message or error}")


@contextmanager
def driver_errors(refused: Refused = statement_failed) -> Iterator[None]:
    """Driver errors raised in the ``with`` block as ours (the table above); others pass unchanged."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError) as error:
        raise StoreUnavailableError(f"graph database unavailable: {error}") from error
    except Neo4jError as error:
        raise server_limit_error(error) or refused(error) from error
