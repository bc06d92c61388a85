"""Each ``bench_api`` request alone: in-process through the app (routing, reads, validation, JSON), one at a
time, warm, on a kept graph; median and max per endpoint, to set against the p99 under 16 concurrent clients
(the difference is queueing). Points at the server the environment names (``PEACEGRAPH_DATA_DIR`` and ports,
as ``peacegraph server start`` uses them):

    python -m benchmarks.api_alone --articles 100000
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from urllib.parse import quote

from fastapi.testclient import TestClient

from benchmarks.bench_api import request_sets
from benchmarks.harness import corpus, machine, say
from peacegraph.api.app import create_app


def _cursor_pages(client: TestClient, urls: list[str]) -> list[str]:
    """The second page of each of ``urls`` (actor stances), by its first page's ``next``."""
    second = []
    for url in urls:
        cursor = client.get(url).json().get("next")
        if cursor:
            second.append(f"{url}&after={quote(cursor)}")
    return second


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000, help="the corpus the graph was loaded from")
    args = parser.parse_args(argv)
    say(f"# each request alone, {args.articles} articles\nmachine: {machine()}")
    with TestClient(create_app()) as client:
        sets = request_sets(set(client.get("/openapi.json").json()["paths"]), corpus(args.articles))
        if "actor stances" in sets:
            sets["actor stances, cursor page"] = _cursor_pages(client, sets["actor stances"])
        for name, urls in sets.items():
            for url in urls:  # warm-up
                client.get(url)
            times = []
            for url in urls:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            say(
                f"  {name:28s} alone: median {statistics.median(times):6.0f} ms, max {max(times):6.0f} ms "
                f"over {len(urls)} urls, load average {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    main()
