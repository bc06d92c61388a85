"""Where the read endpoints spend their time: ``PROFILE`` of their main statements on a kept graph.

Runs each statement once (after one warm-up run) on the graph that
``bench_scaling --keep-largest`` left in ``WORK/NAME``, on the corpus's most
mentioned country (a hub), and prints ArcadeDB's profile: the operators with
the rows they touched and their time.

    python -m benchmarks.profile_reads --reuse scaling-100000
"""

from __future__ import annotations

import argparse
import time
from typing import Any, LiteralString

from benchmarks.harness import fresh_server, machine, say
from graph import queries
from graph.model import Label, StanceType


def _statements(hub: str) -> list[tuple[str, LiteralString, dict[str, Any]]]:
    types = [t.value for t in StanceType]
    stance = {"id": hub, "types": types, "outgoing": True, "incoming": False, "other": None,
              "date_from": None, "date_to": None}  # fmt: skip
    return [
        ("actor stances: page", queries.stance_edges(Label.COUNTRY), stance | {"offset": 0, "limit": 50}),
        ("actor stances: total", queries.count_stance_edges(Label.COUNTRY), stance),
        ("node: relationships", queries.node_relationships(Label.COUNTRY), {"id": hub, "limit": 100}),
        ("plan matrix: points", queries.PLAN_POINT_STANCES, {"id": "plan:us-28-point-plan", "types": types}),
        ("search", queries.SEARCH_NODES, {"q": "kovalenko", "limit": 20}),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", metavar="NAME", default="scaling-100000")
    parser.add_argument("--hub", default="country:russia")
    args = parser.parse_args(argv)
    say(f"# PROFILE of the read statements on {args.reuse}, hub {args.hub}\nmachine: {machine()}")
    with fresh_server(args.reuse, keep=True, reuse=True) as running:
        driver, database = running.store.driver, running.store.database
        for name, query, params in _statements(args.hub):
            driver.execute_query(query, params, database_=database)
            started = time.perf_counter()
            result = driver.execute_query("PROFILE " + query, params, database_=database)
            wall = (time.perf_counter() - started) * 1000
            profile = result.summary.profile or {}
            text = str(profile.get("args", {}).get("string-representation", "(no profile)"))
            say(f"\n## {name}: {wall:,.0f} ms wall, {len(result.records)} rows\n{text.strip()}")


if __name__ == "__main__":
    main()
