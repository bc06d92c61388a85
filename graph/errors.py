"""The exceptions of peacegraph, all under one root.

PeacegraphError
├── InputError              bad input: the reader or the caller can fix it
│   ├── ArticleReadError    a file or URL that cannot be read as an article (carries path, reason)
│   └── UnsafeQueryError    a query refused by the read-only guard
├── NotFoundError           an id that is not in the graph
└── StoreError              the database misbehaves
    ├── StoreUnavailableError   no server answers
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


class NotFoundError(PeacegraphError):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} with id {key!r}")
        self.kind = kind
        self.key = key


class StoreError(PeacegraphError):
    """The database failed to do what was asked."""


class StoreUnavailableError(StoreError):
    """No database server answers."""


class ServerStartError(StoreError):
    """The embedded server did not come up."""
