"""`peacegraph load`: pre-extracted JSONL into the real embedded server, read back with Cypher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.synth import iter_articles, synthetic_article, write_jsonl
from peacegraph.graph.model import ArticleMeta, Entity, EntityType, Extraction, Relation, StanceType
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import NOT_READ_MODEL, cypher, run_cli

ARTICLES = 40


def _expected(path: Path) -> dict[str, int]:
    """What the file holds, deduplicated by merge key, as the graph should count it."""
    entities: set[str] = set()
    stances: set[tuple[str, str, str, str, int]] = set()
    mentions: set[tuple[str, str]] = set()
    articles: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        articles.add(data["article"]["id"])
        entities |= {e["id"] for e in data["entities"]}
        stances |= {(r["source"], r["type"], r["target"], r["article"], r["start"]) for r in data["relations"]}
        mentions |= {(x["source"], x["target"]) for x in data["links"] if x["type"] == "MENTIONS"}
    return {"articles": len(articles), "entities": len(entities), "stances": len(stances), "mentions": len(mentions)}


def _graph(store: GraphStore) -> dict[str, int]:
    def one(query: str) -> int:
        return int(cypher(store, query)[0]["n"])  # type: ignore[call-overload]

    stance_types = "|".join(StanceType)
    return {
        "articles": one("MATCH (a:Article) RETURN count(a) AS n"),
        "entities": one("MATCH (n) WHERE NOT n:Article AND " + NOT_READ_MODEL + " RETURN count(n) AS n"),
        "stances": one(f"MATCH ()-[r:{stance_types}]->() RETURN count(r) AS n"),
        "mentions": one("MATCH (:Article)-[r:MENTIONS]->() RETURN count(r) AS n"),
        "relationships": one("MATCH ()-[r]->() RETURN count(r) AS n"),
    }


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("load") / "synthetic.jsonl"
    write_jsonl(path, ARTICLES, seed=7)
    return path


def test_load_writes_what_the_file_holds_and_again_changes_nothing(
    store: GraphStore, server_settings: Settings, jsonl: Path
) -> None:
    first = run_cli(server_settings, "load", str(jsonl), "--batch-size", "300")
    assert first.returncode == 0, first.stderr
    expected = _expected(jsonl)
    graph = _graph(store)
    assert {k: graph[k] for k in expected} == expected
    assert f"{ARTICLES} article(s)" in first.stdout

    second = run_cli(server_settings, "load", str(jsonl))
    assert second.returncode == 0, second.stderr
    assert _graph(store) == graph


def test_loaded_stance_keeps_its_provenance_and_persons_are_actors(store: GraphStore, jsonl: Path) -> None:
    data = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
    relation = data["relations"][0]
    rows = cypher(
        store,
        f"MATCH (s {{id: $source}})-[r:{relation['type']}]->(t {{id: $target}}) "
        "WHERE r.article = $article AND r.start = $start RETURN r.evidence AS evidence, r.end AS end",
        source=relation["source"],
        target=relation["target"],
        article=relation["article"],
        start=relation["start"],
    )
    assert rows == [{"evidence": relation["evidence"], "end": relation["end"]}]
    person = next(e["id"] for e in data["entities"] if e["type"] == "Person")
    assert cypher(store, "MATCH (n:Person {id: $id}) RETURN labels(n) AS l", id=person)[0]["l"] in (
        ["Actor", "Person"],
        ["Person", "Actor"],
    )


def test_a_stance_loaded_again_with_new_properties_is_updated_not_doubled(store: GraphStore) -> None:
    meta = ArticleMeta(id="article:00000000000000aa", title="t")
    people = [
        Entity(id="person:load-test-a", type=EntityType.PERSON, name="A"),
        Entity(id="place:load-test-b", type=EntityType.PLACE, name="B"),
    ]

    def version(confidence: float) -> Extraction:
        relation = Relation(source="person:load-test-a", type=StanceType.CLAIMS, target="place:load-test-b",
                            evidence="A claims B.", start=0, end=11, confidence=confidence)  # fmt: skip
        return Extraction(article=meta, entities=people, relations=[relation])

    store.write_extraction(version(0.5))
    store.write_extraction(version(0.9))
    rows = cypher(store, "MATCH (:Person {id: 'person:load-test-a'})-[r:CLAIMS]->() RETURN r.confidence AS c")
    assert rows == [{"c": 0.9}]


def test_a_bad_line_is_named_by_its_number(server_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps(synthetic_article(0, seed=7).extraction)
    path.write_text(good + "\n" + '{"article": {"id": 3}, "unknown": 1}\n', encoding="utf-8")
    result = run_cli(server_settings, "load", str(path))
    assert result.returncode == 1
    assert "bad.jsonl:2: not an extraction" in result.stderr


def test_synthetic_corpus_is_deterministic_and_keeps_the_contract() -> None:
    first = [a.extraction for a in iter_articles(20, seed=3)]
    assert first == [a.extraction for a in iter_articles(20, seed=3)]
    assert first != [a.extraction for a in iter_articles(20, seed=4)]
    for article in iter_articles(20, seed=3):
        extraction = Extraction.model_validate(article.extraction)
        assert extraction.article is not None and extraction.article.chars == len(article.body)
        for relation in extraction.relations:
            assert article.body[relation.start : relation.end] == relation.evidence
