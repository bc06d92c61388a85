"""Query shapes on ArcadeDB: the statements peacegraph used first against those it uses now.

Side by side on one fresh embedded server, alternating, median of
``--repeats``:

* nodes: ``UNWIND ... MERGE (n:Actor:Person {id: row.id})`` (the first
  loader) against ``existing_ids`` + ``create_nodes`` (look up on the primary
  label, create the rest), with ``--nodes`` persons already present;
* stance edges of a hub: ``MERGE (s)-[r:CLAIMS {article, start}]->(t)``
  against ``update_stances`` + ``create_relationships``, with ``--hub-edges`` edges
  already at the source (as Russia has in a big corpus);
* search: ``MATCH (n) WHERE any(k IN n.search_keys ...)`` over every node
  against the label-by-label ``SEARCH_NODES``, with ``--articles`` Article
  nodes present.

    python -m benchmarks.bench_shapes
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from neo4j import ManagedTransaction

from benchmarks.harness import Running, fresh_server, machine, median, say
from peacegraph.graph import queries
from peacegraph.graph.model import Label, StanceType

ACTOR_PERSON = (Label.ACTOR, Label.PERSON)
# The earlier shapes, kept here as the baseline under test.
OLD_NODES = (
    "UNWIND $rows AS row MERGE (n:Actor:Person {id: row.id}) SET n += row.props "
    "WITH n, row, coalesce(n.aliases, []) AS old_aliases, coalesce(n.search_keys, []) AS old_keys "
    "SET n.aliases = old_aliases + [a IN row.aliases WHERE NOT a IN old_aliases], "
    "n.search_keys = old_keys + [k IN row.search_keys WHERE NOT k IN old_keys] RETURN count(n) AS n"
)
OLD_STANCES = (
    "UNWIND $rows AS row MATCH (s:Person {id: row.source}) MATCH (t:Place {id: row.target}) "
    "MERGE (s)-[r:CLAIMS {article: row.article, start: row.start}]->(t) SET r += row.props RETURN count(r) AS n"
)
OLD_SEARCH = (
    "MATCH (n) WHERE n.search_keys IS NOT NULL AND any(k IN n.search_keys WHERE k CONTAINS $q) "
    "RETURN n.id AS id, n.name AS name, labels(n) AS labels, n.aliases AS aliases "
    "ORDER BY size(n.name), n.name LIMIT $limit"
)


def _people(tag: str, count: int) -> list[dict[str, Any]]:
    return [
        {"id": f"person:{tag}-{i}", "props": {"name": f"{tag} {i}"}, "aliases": [], "search_keys": [f"{tag} {i}"]}
        for i in range(count)
    ]


def _stances(tag: str, count: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        key = queries.stance_key("person:hub", f"place:t{i % 50}", f"article:{tag}-{i}", i)
        props = {"article": f"article:{tag}-{i}", "start": i, "end": i + 10, "evidence": "The hub claims it."}
        rows.append(
            {
                "key": key,
                "source": "person:hub",
                "target": f"place:t{i % 50}",
                "article": f"article:{tag}-{i}",
                "start": i,
                "props": props,
            }
        )
    return rows


def _timed(running: Running, work: Callable[[ManagedTransaction], object]) -> float:
    started = time.perf_counter()
    with running.store.driver.session(database=running.store.database) as session:
        session.execute_write(work)
    return time.perf_counter() - started


def _statement(query: str, rows: list[dict[str, Any]]) -> Callable[[ManagedTransaction], object]:
    def work(tx: ManagedTransaction) -> None:
        tx.run(query, rows=rows).consume()  # type: ignore[arg-type]

    return work


def _new_nodes(rows: list[dict[str, Any]]) -> Callable[[ManagedTransaction], object]:
    def work(tx: ManagedTransaction) -> None:
        ids = [row["id"] for row in rows]
        present = {r["id"] for r in tx.run(queries.existing_ids(Label.PERSON), ids=ids)}
        tx.run(queries.create_nodes(ACTOR_PERSON), rows=[r for r in rows if r["id"] not in present]).consume()
        tx.run(queries.update_nodes(ACTOR_PERSON), rows=[r for r in rows if r["id"] in present]).consume()

    return work


def _new_stances(rows: list[dict[str, Any]]) -> Callable[[ManagedTransaction], object]:
    def work(tx: ManagedTransaction) -> None:
        found = tx.run(
            queries.update_stances(StanceType.CLAIMS),
            articles=[r["article"] for r in rows],
            props={r["key"]: r["props"] for r in rows},
        )
        present = {record["key"] for record in found}
        missing = [r for r in rows if r["key"] not in present]
        tx.run(queries.create_relationships(StanceType.CLAIMS, Label.ACTOR, Label.PLACE), rows=missing).consume()

    return work


def _write(running: Running, query: str, rows: list[dict[str, Any]]) -> None:
    running.store.driver.execute_query(query, {"rows": rows}, database_=running.store.database)  # type: ignore[arg-type]


def _query(running: Running, query: str, **params: Any) -> float:
    started = time.perf_counter()
    running.store.driver.execute_query(query, params, database_=running.store.database)  # type: ignore[arg-type]
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=400, help="rows per measured statement")
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--hub-edges", type=int, default=3000)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    say(f"# query shapes on ArcadeDB, median of {args.repeats}\nmachine: {machine()}")
    timings: dict[str, list[float]] = {
        k: [] for k in ("old_nodes", "new_nodes", "old_edges", "new_edges", "old_search", "new_search")
    }
    with fresh_server("shapes") as running:
        for start in range(0, args.nodes, 2000):
            _write(running, queries.create_nodes(ACTOR_PERSON), _people("base", args.nodes)[start : start + 2000])
        places = [
            {"id": f"place:t{i}", "props": {"name": f"T{i}"}, "aliases": [], "search_keys": []} for i in range(50)
        ]
        hub = [{"id": "person:hub", "props": {"name": "Hub"}, "aliases": [], "search_keys": ["hub"]}]
        _write(running, queries.create_nodes((Label.PLACE,)), places)
        _write(running, queries.create_nodes(ACTOR_PERSON), hub)
        for start in range(0, args.hub_edges, 1000):
            _timed(running, _new_stances(_stances("base", args.hub_edges)[start : start + 1000]))
        for repeat in range(args.repeats):
            old_people = _people(f"old{repeat}", args.rows)
            timings["old_nodes"].append(_timed(running, _statement(OLD_NODES, old_people)))
            timings["new_nodes"].append(_timed(running, _new_nodes(_people(f"new{repeat}", args.rows))))
            old_edges = _stances(f"old{repeat}", args.rows)
            timings["old_edges"].append(_timed(running, _statement(OLD_STANCES, old_edges)))
            timings["new_edges"].append(_timed(running, _new_stances(_stances(f"new{repeat}", args.rows))))
        articles = [
            {"id": f"article:{i:016x}", "props": {"title": f"t{i}"}, "aliases": [], "search_keys": []}
            for i in range(args.articles)
        ]
        for start in range(0, len(articles), 5000):
            _write(running, queries.create_nodes((Label.ARTICLE,)), articles[start : start + 5000])
        for _ in range(args.repeats):
            timings["old_search"].append(_query(running, OLD_SEARCH, q="base 12", limit=20))
            timings["new_search"].append(_query(running, queries.SEARCH_NODES, q="base 12", limit=20))
    result = {name: median(values) for name, values in timings.items()}
    say(
        f"nodes, {args.rows} new persons among {args.nodes}: MERGE with both labels "
        f"{args.rows / result['old_nodes']:,.0f} rows/s, lookup + create {args.rows / result['new_nodes']:,.0f} rows/s "
        f"({result['old_nodes'] / result['new_nodes']:.0f}x)"
    )
    say(
        f"stance edges at a hub with {args.hub_edges} edges: MERGE {args.rows / result['old_edges']:,.0f} rows/s, "
        f"article index + create {args.rows / result['new_edges']:,.0f} rows/s "
        f"({result['old_edges'] / result['new_edges']:.0f}x)"
    )
    say(
        f"search with {args.articles} articles: every node {result['old_search'] * 1000:,.0f} ms, entity labels "
        f"{result['new_search'] * 1000:,.0f} ms ({result['old_search'] / result['new_search']:.1f}x)"
    )
    return result


if __name__ == "__main__":
    main()
