"""Replacing an article's extraction and removing articles, against the real Bolt server: the store's
methods on hand-made extractions (exact), then `peacegraph ingest --replace`, `peacegraph remove` and
``DELETE /articles/{id}`` on the seeds through the real spaCy pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api import ingestion
from peacegraph.api.app import create_app
from peacegraph.graph.model import ArticleMeta, Entity, EntityType, Extraction, Link, LinkType, Relation, StanceType
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.language import keep_english
from peacegraph.loaders.pipeline import extract_articles, read_paths, reference_extraction
from tests.conftest import NOT_READ_MODEL, SEEDS, cypher, load_seeds, run_cli, wipe
from tests.graphdump import graph_dump

A = "article:00000000000000aa"
B = "article:00000000000000bb"
SPEAKER = "person:test-speaker"  # mentioned by both articles: shared
ONLY_A = "place:only-in-a"  # mentioned by A alone
ALSO_B = "place:also-in-b"
REFERENCE = "country:test-reference"  # reference data: no article owns it
KEY = "test-remove-key"


def _entity(node_id: str, kind: EntityType, name: str) -> Entity:
    return Entity(id=node_id, type=kind, name=name)


def _claim(article: str, target: str, start: int, evidence: str = "The speaker claimed it.") -> Relation:
    return Relation(
        source=SPEAKER,
        type=StanceType.CLAIMS,
        target=target,
        article=article,
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        date="2025-11-22",
    )


def _extraction(article: str, targets: dict[str, int], **relation: str) -> Extraction:
    """Article ``article``: the speaker claims each of ``targets`` (at its offset); every node is mentioned."""
    names = {ONLY_A: "Only A", ALSO_B: "Also B", REFERENCE: "Test Reference"}
    entities = [_entity(SPEAKER, EntityType.PERSON, "Test Speaker")]
    entities += [_entity(t, EntityType.COUNTRY if t == REFERENCE else EntityType.PLACE, names[t]) for t in targets]
    return Extraction(
        article=ArticleMeta(id=article, title=article),
        entities=entities,
        relations=[_claim(article, target, start, **relation) for target, start in targets.items()],
        links=[Link(source=article, type=LinkType.MENTIONS, target=e.id, count=1) for e in entities],
    )


def _ids(store: GraphStore) -> set[str]:
    query = "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN n.id AS id"  # not the read models
    return {str(row["id"]) for row in cypher(store, query)}


def _claims(store: GraphStore) -> set[tuple[object, ...]]:
    """Every CLAIMS edge as (article, target, start, evidence)."""
    query = "MATCH (s)-[r:CLAIMS]->(t) RETURN r.article AS article, t.id AS target, r.start AS start, r.evidence AS e"
    return {(r["article"], r["target"], r["start"], r["e"]) for r in cypher(store, query)}


@pytest.fixture
def two_articles(store: GraphStore) -> GraphStore:
    """Articles A (claims ONLY_A, ALSO_B and REFERENCE) and B (claims ALSO_B) on an empty graph."""
    wipe(store)
    store.write_extraction(_extraction(A, {ONLY_A: 0, ALSO_B: 30, REFERENCE: 60}))
    store.write_extraction(_extraction(B, {ALSO_B: 0}))
    return store


def test_removal_deletes_what_only_the_article_supported_and_leaves_shared_nodes(two_articles: GraphStore) -> None:
    store = two_articles
    removal = store.remove_articles([A, "article:not-there"], keep={REFERENCE})
    assert removal.articles == [A]
    assert removal.nodes_deleted == [ONLY_A]
    assert removal.relationships_deleted == 3 + 4  # its three claims, its four MENTIONS
    assert set(removal.touched) == {SPEAKER, ALSO_B, REFERENCE}  # still there, one edge fewer
    assert _ids(store) == {B, SPEAKER, ALSO_B, REFERENCE}
    assert _claims(store) == {(B, ALSO_B, 0, "The speaker claimed it.")}
    assert cypher(store, "MATCH (:Article)-[m:MENTIONS]->(n) RETURN n.id AS id ORDER BY id") == [
        {"id": SPEAKER},
        {"id": ALSO_B},
    ]


def test_removal_of_the_last_article_leaves_only_the_reference_data(two_articles: GraphStore) -> None:
    store = two_articles
    removal = store.remove_articles([A, B], keep={REFERENCE})
    assert removal.articles == [A, B]
    assert removal.nodes_deleted == [SPEAKER, ALSO_B, ONLY_A]
    assert _ids(store) == {REFERENCE}
    assert cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 0}]


def test_removal_of_an_unknown_article_changes_nothing(two_articles: GraphStore) -> None:
    before = graph_dump(two_articles)
    removal = two_articles.remove_articles(["article:not-there", SPEAKER])
    assert removal.articles == [] and removal.relationships_deleted == 0 and removal.nodes_deleted == []
    assert graph_dump(two_articles) == before


def test_replacement_swaps_the_edges_and_leaves_no_stale_one(two_articles: GraphStore) -> None:
    store = two_articles
    # A read anew: ONLY_A is no longer claimed nor mentioned, the ALSO_B claim has a new sentence, a new claim at 90.
    newer = _extraction(A, {ALSO_B: 30, REFERENCE: 60}, evidence="The speaker said so.")
    newer.relations.append(_claim(A, REFERENCE, 90))
    summary, removal = store.replace_extraction(newer, keep={REFERENCE})
    assert removal.nodes_deleted == [ONLY_A]
    assert removal.relationships_deleted == 2  # the ONLY_A claim and its MENTIONS
    assert summary.relationships_created == 1  # the claim at 90; the others were updated in place
    assert _claims(store) == {
        (A, ALSO_B, 30, "The speaker said so."),
        (A, REFERENCE, 60, "The speaker said so."),
        (A, REFERENCE, 90, "The speaker claimed it."),
        (B, ALSO_B, 0, "The speaker claimed it."),
    }
    assert ONLY_A not in _ids(store)
    again = graph_dump(store)
    summary, removal = store.replace_extraction(newer, keep={REFERENCE})
    assert summary.nodes_created == summary.relationships_created == 0
    assert removal.relationships_deleted == 0 and removal.nodes_deleted == []
    assert graph_dump(store) == again


def test_replacement_keeps_a_node_another_article_supports(two_articles: GraphStore) -> None:
    store = two_articles
    _, removal = store.replace_extraction(_extraction(A, {}), keep={REFERENCE})
    assert removal.nodes_deleted == [ONLY_A]  # ALSO_B is B's too; REFERENCE is kept; the speaker is A's still
    assert _ids(store) == {A, B, SPEAKER, ALSO_B, REFERENCE}
    assert _claims(store) == {(B, ALSO_B, 0, "The speaker claimed it.")}


# --- the seeds, through the real pipeline --------------------------------------------------


SEED = SEEDS / "003_ba0549949b1fb6b5.txt"
OTHER_SEED = SEEDS / "002_68f307d24029927d.txt"


def _article_of(path: Path) -> Extraction:
    """The extraction of the article at ``path`` as ingesting makes it (its language detected)."""
    (extraction,) = extract_articles(keep_english(read_paths([path])).articles)
    return extraction


def _stance_rows(store: GraphStore, article: str) -> list[dict[str, object]]:
    return cypher(
        store,
        "MATCH (s)-[r]->(t) WHERE r.article = $article "
        "RETURN type(r) AS type, s.id AS source, t.id AS target, r.start AS start ORDER BY type, source, target, start",
        article=article,
    )


def test_ingest_replace_removes_a_stale_edge_and_is_idempotent(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    wipe(store)
    store.write_extraction(reference_extraction())
    fresh = _article_of(SEED)
    assert fresh.article is not None
    article = fresh.article.id
    # What an older extractor read from the seed: one edge today's does not read, to a node only it names.
    stale = fresh.model_copy(deep=True)
    stale.entities.append(_entity("event:stale-reading", EntityType.EVENT, "Stale reading"))
    rejects = {"source": "country:russia", "type": StanceType.REJECTS, "target": "event:stale-reading"}
    stale.relations.append(Relation(**rejects, article=article, evidence="Not in the article.", start=1, end=20))
    stale.links.append(Link(source=article, type=LinkType.REPORTS, target="event:stale-reading"))
    store.write_extraction(stale)
    merged = run_cli(server_settings, "ingest", "--json", str(SEED))
    assert merged.returncode == 0, merged.stderr
    assert cypher(store, "MATCH ()-[r:REJECTS]->(:Event {id: 'event:stale-reading'}) RETURN count(r) AS n") == [
        {"n": 1}
    ], "without --replace the stale edge stays: that is why --replace exists"

    replaced = run_cli(server_settings, "ingest", "--replace", "--json", str(SEED))
    assert replaced.returncode == 0, replaced.stderr
    report = json.loads(replaced.stdout)
    assert report["articles"] == 1 and report["replaced"] == 1
    assert report["relationships_deleted"] == 2 and report["nodes_deleted"] == ["event:stale-reading"]
    assert cypher(store, "MATCH (n {id: 'event:stale-reading'}) RETURN count(n) AS n") == [{"n": 0}]
    # The graph is what loading the seed with today's extractor gives, edge for edge.
    replaced_dump = graph_dump(store)
    wipe(store)
    store.write_extraction(reference_extraction())
    store.write_extraction(fresh)
    assert graph_dump(store) == replaced_dump

    again = run_cli(server_settings, "ingest", "--replace", "--json", str(SEED))
    assert again.returncode == 0, again.stderr
    repeated = json.loads(again.stdout)
    assert repeated["relationships_deleted"] == 0 and repeated["nodes_deleted"] == []
    assert repeated["nodes"]["created"] == 0 and repeated["relationships"]["created"] == 0
    assert graph_dump(store) == replaced_dump


def test_cli_remove_leaves_shared_nodes_and_the_other_articles(store: GraphStore, server_settings: Settings) -> None:
    wipe(store)
    load_seeds(store)
    removed, kept = _article_of(SEED), _article_of(OTHER_SEED)
    assert removed.article is not None and kept.article is not None
    kept_edges = _stance_rows(store, kept.article.id)
    mentioned_by_both = {link.target for link in removed.links if link.type is LinkType.MENTIONS} & {
        link.target for link in kept.links if link.type is LinkType.MENTIONS
    }
    assert "country:russia" in mentioned_by_both
    reference = ingestion.reference_ids()
    # Named by the removed seed alone and by no reference data: what must go.
    others = [_article_of(path) for path in sorted(SEEDS.glob("*.txt")) if path != SEED]
    elsewhere = {e.id for other in others for e in other.entities}
    only_removed = {e.id for e in removed.entities} - elsewhere - reference
    assert only_removed, "the seed names something no other seed names"

    result = run_cli(server_settings, "remove", "--json", removed.article.id)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["removed"] == [removed.article.id] and report["unknown"] == []
    assert set(report["nodes_deleted"]) == only_removed
    ids = _ids(store)
    assert removed.article.id not in ids and not only_removed & ids
    assert mentioned_by_both <= ids and reference <= ids
    assert _stance_rows(store, removed.article.id) == []
    assert _stance_rows(store, kept.article.id) == kept_edges

    mixed = run_cli(server_settings, "remove", kept.article.id, "article:0000000000000000")
    assert mixed.returncode == 1, mixed.stderr
    assert "article:0000000000000000" in mixed.stderr and "1 article(s) removed" in mixed.stdout
    nothing = run_cli(server_settings, "remove", removed.article.id)
    assert nothing.returncode == 2
    assert removed.article.id in nothing.stderr and "none of the ids" in nothing.stderr


@pytest.fixture
def writer(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    settings = server_settings.model_copy(update={"api_key": SecretStr(KEY)})
    with TestClient(create_app(settings)) as client:
        yield client


def test_delete_article_needs_the_key_and_answers_404_for_an_unknown_id(
    two_articles: GraphStore, writer: TestClient
) -> None:
    before = graph_dump(two_articles)
    assert writer.delete(f"/articles/{A}").status_code == 401
    assert writer.delete(f"/articles/{A}", headers={"X-API-Key": "wrong"}).status_code == 401
    assert graph_dump(two_articles) == before
    missing = writer.delete("/articles/article:0000000000000000", headers={"X-API-Key": KEY})
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert writer.delete(f"/articles/{SPEAKER}", headers={"X-API-Key": KEY}).status_code == 404

    removed = writer.delete(f"/articles/{B}", headers={"X-API-Key": KEY})
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"id": B, "relationships_deleted": 1 + 2, "nodes_deleted": []}  # all shared with A
    assert writer.get(f"/articles/{B}").status_code == 404
    assert B not in _ids(two_articles) and ALSO_B in _ids(two_articles)


def test_delete_article_is_off_without_a_configured_key(two_articles: GraphStore, server_settings: Settings) -> None:
    with TestClient(create_app(server_settings)) as client:
        assert client.delete(f"/articles/{A}", headers={"X-API-Key": KEY}).status_code == 403
    assert A in _ids(two_articles)
