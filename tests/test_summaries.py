"""The read models (graph.summaries) against the real server: always what the stance edges say.

Each check recomputes, here and independently of ``graph.summaries``, what the
``StanceSummary`` and ``StanceDay`` nodes must hold from the raw stance edges,
and compares it with what the write path left in the graph.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from neo4j import ManagedTransaction

from benchmarks.synth import iter_articles
from peacegraph.graph import summaries
from peacegraph.graph.model import Extraction, StanceType
from peacegraph.graph.store import GraphStore
from tests.conftest import READ_MODEL, cypher, load_seeds

STANCES = [t.value for t in StanceType]


def _edges(store: GraphStore) -> list[dict[str, Any]]:
    return cypher(
        store,
        "MATCH (s)-[r]->(t) WHERE type(r) IN $types "
        "RETURN s.id AS source, type(r) AS type, t.id AS target, r.date AS date, r.article AS article, "
        "r.start AS start",
        types=STANCES,
    )


Models = dict[str, dict[str, Any]]
ReadModels = tuple[Models, Models, Models, Models]


def _calendars(days: Models) -> Models:
    """Each node's days with their counts per type, from its days."""
    by_node: dict[str, list[str]] = defaultdict(list)
    for key, day in sorted(days.items()):
        node, _, date_ = key.rpartition("|")
        by_node[node].append(f"{date_}|{','.join(str(c) for c in day['out'])}")
    return {node: {"days": "\n".join(lines)} for node, lines in by_node.items()}


def _neighbours(pairs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each node's neighbours over stance edges: edges joining them, and a bit per (type, direction) of pair."""
    joined: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for key, pair in pairs.items():
        source, rel_type, target = key.split("|")
        index = STANCES.index(rel_type)
        for node, other, bit in ((source, target, 1 << 2 * index), (target, source, 1 << 2 * index + 1)):
            joined[node][other][0] += pair["n"]
            joined[node][other][1] |= bit
    return {
        node: {
            "n": sum(w for w, _ in others.values()),
            "joined": "\n".join(f"{o}|{others[o][0]}|{others[o][1]}" for o in sorted(others)),
        }
        for node, others in joined.items()
    }


def expected(store: GraphStore) -> ReadModels:
    """(pairs, days, neighbours) as the raw edges say they must be."""
    pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    days: dict[str, dict[str, Any]] = defaultdict(lambda: {"counts": defaultdict(int), "articles": set()})
    for edge in _edges(store):
        pairs[f"{edge['source']}|{edge['type']}|{edge['target']}"].append(edge)
        for node in (edge["source"], "*"):
            day = days[f"{node}|{edge['date'] or ''}"]
            day["counts"][f"out_{edge['type']}"] += 1
            day["articles"].add(edge["article"])
    want_pairs = {}
    for key, edges in pairs.items():
        dates = [e["date"] for e in edges if e["date"]]
        order = sorted(edges, key=lambda e: (e["date"] or "", e["article"], e["start"]), reverse=True)
        want_pairs[key] = {
            "n": len(edges),
            "first": min(dates) if dates else None,
            "last": max(dates) if dates else None,
            "latest": [f"{e['date'] or ''}|{e['article']}|{e['start']:09d}" for e in order[: summaries.LATEST]],
        }
    want_days = {
        key: {
            "out": [day["counts"][f"out_{t}"] for t in STANCES],
            "articles": sorted(day["articles"]),
            "n": sum(day["counts"].values()),
        }
        for key, day in days.items()
    }
    return want_pairs, want_days, _neighbours(want_pairs), _calendars(want_days)


def stored(store: GraphStore) -> ReadModels:
    pairs = {
        row["p"]["key"]: {k: row["p"].get(k) for k in ("n", "first", "last", "latest")}
        for row in cypher(store, "MATCH (p:StanceSummary) RETURN p {.*} AS p")
    }
    days = {}
    for row in cypher(store, "MATCH (d:StanceDay) RETURN d {.*} AS d"):
        props = row["d"]
        days[props["key"]] = {k: props[k] for k in ("out", "n")} | {"articles": sorted(props["articles"])}
    neighbours = {
        row["n"]["key"]: {k: row["n"][k] for k in ("n", "joined")}
        for row in cypher(store, "MATCH (n:StanceNeighbours) RETURN n {.*} AS n")
    }
    calendars = {
        row["c"]["key"]: {"days": row["c"]["days"]}
        for row in cypher(store, "MATCH (c:StanceCalendar) RETURN c {.*} AS c")
    }
    return pairs, days, neighbours, calendars


def assert_read_models_match(store: GraphStore) -> None:
    want_pairs, want_days, want_neighbours, want_calendars = expected(store)
    got_pairs, got_days, got_neighbours, got_calendars = stored(store)
    assert got_pairs == want_pairs
    assert got_days == want_days
    assert got_neighbours == want_neighbours
    assert got_calendars == want_calendars


def synthetic(count: int, start: int = 0) -> list[Extraction]:
    return [Extraction.model_validate(a.extraction) for a in iter_articles(count, seed=3, start=start)]


@pytest.fixture(scope="module")
def loaded(store: GraphStore) -> GraphStore:
    load_seeds(store)
    store.write_extractions(synthetic(60))  # one transaction of many articles: hubs gain many edges at once
    for extraction in synthetic(40, start=60):  # and one article a transaction
        store.write_extraction(extraction)
    return store


def test_read_models_are_what_the_edges_say(loaded: GraphStore) -> None:
    pairs, days, neighbours, calendars = stored(loaded)
    assert "*" in calendars and len(calendars["*"]["days"].splitlines()) > 1
    lines = [line.split("|") for n in neighbours.values() for line in n["joined"].splitlines()]
    assert len(neighbours) > 10 and any(int(mask) & 2 for _, _, mask in lines)  # edges reaching a node too
    assert len(pairs) > 50 and any(p["n"] > summaries.LATEST for p in pairs.values())  # a hub pair is cut
    assert any(key.startswith("*|") for key in days)
    assert_read_models_match(loaded)


def test_reingest_changes_no_read_model(loaded: GraphStore) -> None:
    before = cypher(loaded, "MATCH (n) WHERE " + READ_MODEL + " RETURN n {.*} AS n ORDER BY n.key")
    loaded.write_extractions(synthetic(30))
    after = cypher(loaded, "MATCH (n) WHERE " + READ_MODEL + " RETURN n {.*} AS n ORDER BY n.key")
    assert after == before


def test_an_edge_whose_date_changes_moves_in_the_read_models(loaded: GraphStore) -> None:
    extraction = synthetic(1, start=5)[0]
    relation = extraction.relations[0]
    moved = relation.model_copy(update={"date": date(2024, 1, 2)})
    loaded.write_extraction(extraction.model_copy(update={"relations": [moved, *extraction.relations[1:]]}))
    key = f"{relation.source}|{relation.type.value}|{relation.target}"
    pair = cypher(loaded, "MATCH (p:StanceSummary {key: $key}) RETURN p.first AS first", key=key)
    assert pair == [{"first": "2024-01-02"}]
    assert_read_models_match(loaded)


def test_read_models_are_rolled_back_with_the_transaction(loaded: GraphStore) -> None:
    before = stored(loaded)
    edge = summaries.EdgeRef("country:russia", "SUPPORTS", "plan:us-28-point-plan", "2025-11-30", "article:x", 1)

    class Abort(Exception):
        pass

    def work(tx: ManagedTransaction) -> None:
        summaries.add_edges(tx, [edge])
        raise Abort

    with pytest.raises(Abort), loaded.driver.session(database=loaded.database) as session:
        session.execute_write(work)
    assert stored(loaded) == before


def test_refresh_recomputes_what_an_articles_edges_count_in(loaded: GraphStore) -> None:
    article = synthetic(1, start=7)[0].article
    assert article is not None

    def remove(tx: ManagedTransaction) -> None:
        touched = summaries.touched_by_articles(tx, [article.id])
        assert touched.pairs and touched.days
        tx.run(
            "MATCH ()-[r]->() WHERE type(r) IN $types AND r.article = $id DELETE r", types=STANCES, id=article.id
        ).consume()
        summaries.refresh(tx, touched)

    with loaded.driver.session(database=loaded.database) as session:
        session.execute_write(remove)
    assert_read_models_match(loaded)


def test_read_models_stay_out_of_graph_wide_reads(loaded: GraphStore) -> None:
    from peacegraph.graph import reads
    from peacegraph.graph.subgraph import whole_graph

    counts = reads.counts(loaded)
    assert counts.nodes == sum(
        counts.by_label[label] for label in ("Actor", "Place", "Event", "Plan", "PlanPoint", "Article")
    )
    assert not any(node.labels[0].startswith("Stance") for node in whole_graph(loaded).nodes.values())


def test_remove_articles_keeps_the_read_models_right(loaded: GraphStore) -> None:
    gone = [a.article.id for a in synthetic(3, start=20) if a.article is not None]
    removal = loaded.remove_articles(gone)
    assert removal.articles == sorted(gone)
    assert not any(gone_id in day["articles"] for day in stored(loaded)[1].values() for gone_id in gone)
    assert_read_models_match(loaded)


def test_replace_extraction_keeps_the_read_models_right(loaded: GraphStore) -> None:
    extraction = synthetic(1, start=30)[0]
    first, *rest = extraction.relations
    moved = first.model_copy(update={"date": date(2024, 3, 4)})
    dropped = rest[:1]
    replacement = extraction.model_copy(update={"relations": [moved, *rest[len(dropped) :]]})
    loaded.replace_extraction(replacement)
    assert_read_models_match(loaded)
    loaded.replace_extraction(extraction)  # and back
    assert_read_models_match(loaded)


def test_neighbours_and_calendars_are_rebuilt(loaded: GraphStore) -> None:
    """A graph loaded before the neighbour and calendar read models existed gets them from its pair summaries
    and days at ``ensure_schema``."""
    before = stored(loaded)
    cypher(loaded, "MATCH (n) WHERE n:StanceNeighbours OR n:StanceCalendar DELETE n")
    assert stored(loaded)[2:] == ({}, {})
    loaded.ensure_schema()
    assert stored(loaded) == before
    assert_read_models_match(loaded)
