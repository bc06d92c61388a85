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
from peacegraph.graph import pages, queries
from peacegraph.graph.model import Label, StanceType
from peacegraph.graph.store import GraphStore
from peacegraph.graph.summaries import GLOBAL, day_key


def _page_params(store: GraphStore, owner: str, limit: int) -> dict[str, Any]:
    """The parameters of the first page of ``owner``'s stance edges (a node id, or ``*``) as graph.pages reads it."""
    types = [t.value for t in StanceType]
    days = [(row["day"], sum(row["out"])) for row in pages.node_days(store, owner)]
    chosen = pages.pick_days(days, limit + 1, None, None, None)
    articles: set[str] = set()
    for row in store.read(queries.DAY_ARTICLE_LISTS, keys=[day_key(owner, day) for day in chosen]):
        articles.update(row["articles"])
    source = None if owner == GLOBAL else owner
    return {"articles": sorted(articles), "types": types, "days": chosen, "source": source, "target": None,
            "limit": limit + 1, "after_date": None, "after_id": None}  # fmt: skip


def _statements(store: GraphStore, hub: str) -> list[tuple[str, LiteralString, dict[str, Any]]]:
    types = [t.value for t in StanceType]
    return [
        ("actor stances: the hub's days", queries.NODE_CALENDAR, {"id": hub}),
        ("actor stances: page of 50 by days", queries.STANCE_PAGE_BY_DAYS, _page_params(store, hub, 50)),
        ("actor stances: total (pair summaries)", queries.PAIRS_FROM, {"id": hub, "types": types}),
        ("timeline: page of 100 by days", queries.STANCE_PAGE_BY_DAYS, _page_params(store, GLOBAL, 100)),
        ("node: mentions", queries.node_mentions(Label.COUNTRY), {"id": hub, "limit": 100}),
        ("neighbourhood: pairs", queries.PAIRS_OF_NODES, {"ids": [hub], "types": types}),
        ("plan matrix: summaries", queries.STANCES_ON_NODES, {"ids": ["plan:us-28-point-plan"], "types": types}),
        ("search", queries.SEARCH_NODES, {"q": "kovalenko", "limit": 20, "offset": 0}),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", metavar="NAME", default="scaling-100000")
    parser.add_argument("--hub", default="country:russia")
    args = parser.parse_args(argv)
    say(f"# PROFILE of the read statements on {args.reuse}, hub {args.hub}\nmachine: {machine()}")
    with fresh_server(args.reuse, keep=True, reuse=True) as running:
        driver, database = running.store.driver, running.store.database
        for name, query, params in _statements(running.store, args.hub):
            driver.execute_query(query, params, database_=database)
            started = time.perf_counter()
            result = driver.execute_query("PROFILE " + query, params, database_=database)
            wall = (time.perf_counter() - started) * 1000
            profile = result.summary.profile or {}
            text = str(profile.get("args", {}).get("string-representation", "(no profile)"))
            say(f"\n## {name}: {wall:,.0f} ms wall, {len(result.records)} rows\n{text.strip()}")


if __name__ == "__main__":
    main()
