"""How long one depth-2 neighbourhood takes alone: ``graph.subgraph.neighborhood`` in-process, warm, one
request at a time, on the ids ``bench_api`` asks for, with the time of each statement it runs.

Under 16 concurrent clients on two cores a request waits for the ones ahead of it; this prints the work
of one request, so the two can be told apart. On a kept graph (``WORK/NAME``):

    python -m benchmarks.profile_neighborhood --reuse api --articles 10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import defaultdict
from typing import Any, LiteralString
from urllib.parse import unquote

from benchmarks.bench_api import request_sets
from benchmarks.harness import corpus, fresh_server, machine, say
from peacegraph.graph import subgraph
from peacegraph.graph.store import GraphStore


class _Timed:
    """``store.read`` timed per statement (its first 60 characters)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.read = store.read
        self.spent: dict[str, float] = defaultdict(float)

    def __call__(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        started = time.perf_counter()
        rows = self.read(query, **params)
        self.spent[" ".join(query.split())[:60]] += time.perf_counter() - started
        return rows


def _load() -> str:
    return "load average " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", metavar="NAME", required=True, help="the graph kept in WORK/NAME")
    parser.add_argument("--articles", type=int, default=10000, help="the corpus it was loaded from")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--runs", type=int, default=2, help="timed runs per id (after one warm-up): the best")
    args = parser.parse_args(argv)
    urls = request_sets({"/graph/neighborhood/{node_id}"}, corpus(args.articles))["neighborhood depth 2"]
    ids = [unquote(url.split("/graph/neighborhood/")[1].split("?")[0]) for url in urls]
    say(f"# neighbourhood depth {args.depth} alone, {len(ids)} ids, {args.reuse}\nmachine: {machine()}\n{_load()}")
    times = []
    with fresh_server(args.reuse, keep=True, reuse=True) as running:
        timed = _Timed(running.store)
        running.store.read = timed  # type: ignore[method-assign]
        for node_id in ids:
            subgraph.neighborhood(running.store, node_id, depth=args.depth)
            best, spent, graph = float("inf"), {}, subgraph.Subgraph()
            for _ in range(args.runs):
                timed.spent.clear()
                started = time.perf_counter()
                found = subgraph.neighborhood(running.store, node_id, depth=args.depth)
                if (seconds := time.perf_counter() - started) < best:
                    best, spent, graph = seconds, dict(timed.spent), found
            times.append(best * 1000)
            top = max(spent.items(), key=lambda item: item[1])
            say(f"  {node_id:45s} {best * 1000:7.0f} ms  {len(graph.nodes):4d} nodes {len(graph.edges):5d} edges"
                f"  slowest statement {top[1] * 1000:5.0f} ms: {top[0]}  ({_load()})")  # fmt: skip
    say(f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over {len(times)} ids; {_load()}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
