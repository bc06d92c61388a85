"""GraphStore against the real embedded Bolt server: schema, batched upserts, idempotency, reads."""

from __future__ import annotations

from datetime import date

import pytest

from peacegraph.graph import reads
from peacegraph.graph.errors import NotFoundError
from peacegraph.graph.model import ArticleMeta, Entity, EntityType, Extraction, Link, LinkType, Relation, StanceType
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.pipeline import extract_articles, read_paths, reference_extraction
from tests.conftest import SEEDS, cypher


def _counts(store: GraphStore) -> tuple[int, int]:
    counts = reads.counts(store)
    return counts.nodes, counts.relationships


def _small_extraction() -> Extraction:
    meta = ArticleMeta(id="article:0000000000000001", title="Test", published=date(2025, 11, 22))
    return Extraction(
        article=meta,
        entities=[
            Entity(id="person:test-leader", type=EntityType.PERSON, name="Test Leader", aliases=["Leader"]),
            Entity(id="country:testland", type=EntityType.COUNTRY, name="Testland", aliases=["Testia"]),
        ],
        relations=[
            Relation(
                source="person:test-leader",
                type=StanceType.THREATENS,
                target="country:testland",
                article=meta.id,
                evidence="Leader threatened Testia.",
                start=10,
                end=35,
                date=date(2025, 11, 21),
                date_precision="day",
                code="130",
                confidence=0.8,
            ),
            Relation(
                source="person:test-leader",
                type=StanceType.THREATENS,
                target="country:testland",
                article=meta.id,
                evidence="Leader threatened Testia again.",
                start=40,
                end=71,
                confidence=0.7,
            ),
        ],
        links=[Link(source=meta.id, type=LinkType.MENTIONS, target="person:test-leader", count=2)],
    )


def test_schema_is_idempotent_and_covers_every_label(store: GraphStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    constraints = cypher(store, "SHOW CONSTRAINTS")
    constrained = {label for row in constraints for label in row["labelsOrTypes"]}  # type: ignore[union-attr]
    assert {"Person", "Country", "Organization", "Place", "Event", "Plan", "PlanPoint", "Article"} <= constrained


def test_extraction_is_written_with_labels_and_provenance(store: GraphStore) -> None:
    summary = store.write_extraction(_small_extraction())
    assert summary.nodes_created == 3
    assert summary.relationships_created == 3
    rows = cypher(
        store,
        "MATCH (p:Actor:Person {id: $id})-[r:THREATENS]->(c:Actor:Country) "
        "RETURN r.evidence AS evidence, r.start AS start, r.code AS code, r.article AS article ORDER BY r.start",
        id="person:test-leader",
    )
    assert [row["start"] for row in rows] == [10, 40]
    assert rows[0]["evidence"] == "Leader threatened Testia."
    assert rows[0]["code"] == "130"
    assert rows[0]["article"] == "article:0000000000000001"


def test_dates_are_written_as_iso_strings(store: GraphStore) -> None:
    extraction = _small_extraction()
    extraction.entities += [
        Entity(id="event:2025-11-20-test-summit", type=EntityType.EVENT, name="Test summit",
               date=date(2025, 11, 20), end_date=date(2025, 11, 21)),
        Entity(id="plan:test-dated-plan", type=EntityType.PLAN, name="Dated plan", published=date(2025, 11, 19)),
    ]  # fmt: skip
    store.write_extraction(extraction)
    (row,) = cypher(
        store,
        "MATCH (a:Article {id: $article})-[:MENTIONS]->(:Person)-[r:THREATENS {start: 10}]->() "
        "MATCH (e:Event {id: $event}) MATCH (p:Plan {id: $plan}) "
        "RETURN a.published AS published, r.date AS stance, e.date AS event, e.end_date AS end, p.published AS plan",
        article="article:0000000000000001",
        event="event:2025-11-20-test-summit",
        plan="plan:test-dated-plan",
    )
    assert row == {
        "published": "2025-11-22",
        "stance": "2025-11-21",
        "event": "2025-11-20",
        "end": "2025-11-21",
        "plan": "2025-11-19",
    }


def test_writing_the_same_extraction_twice_changes_no_count(store: GraphStore) -> None:
    store.write_extraction(_small_extraction())
    before = _counts(store)
    again = store.write_extraction(_small_extraction())
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert _counts(store) == before


def test_aliases_from_several_articles_are_merged(store: GraphStore) -> None:
    first = Entity(id="person:alias-test", type=EntityType.PERSON, name="Alias Test", aliases=["A. Test"])
    second = Entity(id="person:alias-test", type=EntityType.PERSON, name="Alias Test", aliases=["Mr Test"])
    store.write_extraction(Extraction(entities=[first]))
    store.write_extraction(Extraction(entities=[second]))
    node = reads.get_node(store, "person:alias-test").properties
    assert sorted(node["aliases"]) == ["A. Test", "Mr Test"]


def test_search_ignores_case_and_accents(store: GraphStore) -> None:
    store.write_extraction(Extraction(entities=[Entity(id="place:zolochiv", type=EntityType.PLACE, name="Zolóchiv")]))
    hits, total = reads.search(store, "ZOLOCHIV")
    assert [hit["id"] for hit in hits] == ["place:zolochiv"] and total == 1


def test_unknown_node_is_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFoundError):
        reads.get_node(store, "person:nobody-at-all")
    with pytest.raises(NotFoundError):
        reads.get_node(store, "no-prefix")


def test_seeds_and_plans_load_once(store: GraphStore) -> None:
    store.write_extraction(reference_extraction())
    report = read_paths([SEEDS])
    assert not report.failures
    for extraction in extract_articles(report.articles):
        store.write_extraction(extraction)
    articles = cypher(store, "MATCH (a:Article) WHERE a.path ENDS WITH '.txt' RETURN count(a) AS n")[0]["n"]
    points = cypher(
        store,
        "MATCH (p:PlanPoint)-[:PART_OF]->(:Plan {id: 'plan:us-28-point-plan'}) RETURN count(p) AS n",
    )[0]["n"]
    assert articles == 4
    assert points == 28
    before = _counts(store)
    for extraction in extract_articles(read_paths([SEEDS]).articles):
        store.write_extraction(extraction)
    store.write_extraction(reference_extraction())
    assert _counts(store) == before
