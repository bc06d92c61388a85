"""Bulk loading: a stream of extractions (JSON lines of the contract) into the store.

The file is read a line at a time and never held whole: articles are gathered
until their rows (nodes plus edges) reach ``rows_per_transaction``, then
written in one transaction by ``GraphStore.write_extractions`` (batched
``UNWIND`` statements, idempotent), so memory holds one batch at most.
Loading the same file again changes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from peacegraph.graph.errors import InputError
from peacegraph.graph.model import Extraction, WriteSummary
from peacegraph.graph.store import GraphStore

log = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What a load submitted and what it changed."""

    articles: int = 0
    nodes: int = 0
    edges: int = 0
    transactions: int = 0
    seconds: float = 0.0
    summary: WriteSummary = field(default_factory=WriteSummary)

    @property
    def rows(self) -> int:
        return self.nodes + self.edges

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def read_jsonl(path: Path) -> Iterator[tuple[Extraction, int]]:
    """Each extraction of a JSONL file with the bytes its line took; blank lines are skipped."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield Extraction.model_validate_json(line), len(line)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                raise InputError(f"{path}:{number}: not an extraction ({where}: {first['msg']})") from error


def load_extractions(
    store: GraphStore,
    extractions: Iterable[tuple[Extraction, int]],
    *,
    rows_per_transaction: int,
    on_commit: Callable[[LoadReport, int], None] | None = None,
) -> LoadReport:
    """Write ``(extraction, bytes)`` pairs in transactions of about ``rows_per_transaction`` rows.

    ``on_commit(report, bytes)`` is called after each transaction with the bytes it consumed.
    """
    report = LoadReport()
    batch: list[Extraction] = []
    batch_rows = batch_bytes = 0
    started = time.perf_counter()

    def flush() -> None:
        nonlocal batch, batch_rows, batch_bytes
        report.summary = report.summary + store.write_extractions(batch)
        report.transactions += 1
        report.seconds = time.perf_counter() - started
        if on_commit is not None:
            on_commit(report, batch_bytes)
        batch, batch_rows, batch_bytes = [], 0, 0

    for extraction, size in extractions:
        nodes, edges = extraction.size()
        report.articles += 1
        report.nodes += nodes
        report.edges += edges
        batch.append(extraction)
        batch_rows += nodes + edges
        batch_bytes += size
        if batch_rows >= rows_per_transaction:
            flush()
    if batch:
        flush()
    report.seconds = time.perf_counter() - started
    log.info("loaded %d articles, %d rows in %.1fs", report.articles, report.rows, report.seconds)
    return report
