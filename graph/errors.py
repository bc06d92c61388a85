"""The exceptions of peacegraph, all under one root.

PeacegraphError
├── InputError              bad input: the reader or the caller can fix it
│   ├── ArticleReadError    a file or URL that cannot be read as an article (carries path, reason)
│   ├── UnsafeQueryError    a query refused by the read-only guard
│   ├── QueryError          a read-only query the server refused (syntax, unknown name, ...)
│   └── TooLargeError       a request above a configured size or count limit
├── BusyError               a limit of concurrent or repeated requests is reached (carries retry_after)
├── NotFoundError           an id that is not in the graph
└── StoreError              the database misbehaves
    ├── StoreUnavailableError   no server answers
    │   └── StoreBusyError      the server answers but is full: its query queue refused (carries retry_after)
    ├── QueryTimeoutError       a query ran past its time limit (ours, or the server's)
    └── ServerStartError        the embedded server could not be started
"""

from __future__ import annotations


class PeacegraphError(Exception):
    """Root of every error peacegraph raises on purpose."""


class InputError(PeacegraphError):
    """Input that cannot be used as given."""


class ArticleReadError(InputError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsafeQueryError(InputError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class QueryError(InputError):
    """The server refused a user's read-only query; ``syntax`` says whether it did not parse."""

    def __init__(self, message: str, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


class TooLargeError(InputError):
    """A request above a limit from the settings (bytes, articles)."""


class BusyError(PeacegraphError):
    """Too many requests at once or in a short time; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotFoundError(PeacegraphError):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} with id {key!r}")
        self.kind = kind
        self.key = key


class StoreError(PeacegraphError):
    """The database failed to do what was asked."""


class StoreUnavailableError(StoreError):
    """No database server answers."""


class StoreBusyError(StoreUnavailableError):
    """The server is up but runs as many statements as it allows; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerStartError(StoreError):
    """The embedded server did not come up."""


class QueryTimeoutError(StoreError):
    """A query did not finish within its time limit: the API's (read-only queries) or the server's own."""
