"""The learned relation layer: candidate pairs from the real parse, labels from gold, fitting and scoring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from peacegraph.graph.model import EntityType, StanceType
from peacegraph.loaders.evaluation import Gold
from peacegraph.loaders.pairs import Candidate
from peacegraph.loaders.pipeline import default_extractor
from peacegraph.loaders.readers import RawArticle
from peacegraph.loaders.relation_model import MODEL_FILE, RelationModel, TypeWeights, load_model
from peacegraph.loaders.training import Corpus, article_number, examples, fit
from peacegraph.loaders.written import load_written

ARTICLE = (
    "Emmanuel Macron met Recep Tayyip Erdogan in Ankara on Tuesday. "
    "Later that week the French president criticised NATO in a long speech."
)


def _gold() -> Gold:
    return Gold.from_data(
        {
            "article": "07_made_up.txt",
            "entities": [
                {"name": "Emmanuel Macron", "type": "Person", "aliases": ["Macron", "the French president"]},
                {"name": "Recep Tayyip Erdoğan", "type": "Person", "aliases": ["Recep Tayyip Erdogan"]},
                {"name": "NATO", "type": "Organization"},
                {"name": "Ankara", "type": "Place"},
            ],
            "relations": [
                ["Emmanuel Macron", "MEETS", "Recep Tayyip Erdoğan", "Emmanuel Macron met Recep Tayyip Erdogan"],
            ],
        }
    )


def test_the_bundled_model_says_what_it_was_fitted_to() -> None:
    model = load_model(MODEL_FILE)
    assert {StanceType.MEETS, StanceType.PARTICIPATES_IN} <= set(model.types)
    seeds = {p.name for p in Path(__file__).parents[1].joinpath("seeds").glob("*.txt")}
    assert seeds <= set(model.trained_on), "make train fits the development corpus and the seeds"
    articles = [name for name in model.trained_on if name.endswith(".txt")]
    assert len(articles) == 40
    cases = len(load_written())
    assert f"{cases} written cases" in model.trained_on, "make train fits the written cases as they are now"


def test_a_pair_is_labelled_only_in_the_sentence_of_its_gold_evidence() -> None:
    extractor = default_extractor()
    article = RawArticle(body=ARTICLE, path="07_made_up.txt", published=date(2025, 12, 2))
    rows = list(examples(extractor, Corpus.parse(extractor, [article], [_gold()])))
    labelled = [row for row in rows if row.labels]
    # MEETS is symmetric: the pair is labelled in both orders, and only in the first sentence
    assert [set(row.labels) for row in labelled] == [{StanceType.MEETS}, {StanceType.MEETS}]
    assert labelled[0].features["types=Person>Person"] == 1.0
    # the second sentence pairs Macron (as "the French president") with NATO: a candidate, with no label
    assert any("ttype=Organization" in row.features and not row.labels for row in rows)


def test_fitting_learns_a_feature_that_separates_the_examples() -> None:
    pytest.importorskip("sklearn", reason="fitting needs the development extras")
    from peacegraph.loaders.training import Example

    rows = [Example("a", {"topcue=MEETS": 1.0, "types=Person>Person": 1.0}, frozenset({StanceType.MEETS}))] * 20
    rows += [Example("a", {"topcue=SPEECH": 1.0, "types=Person>Person": 1.0}, frozenset())] * 20
    model = fit(rows, c=10.0, threshold=0.5, trained_on=["a"])
    weights = model.types[StanceType.MEETS].weights
    assert weights["topcue=MEETS"] > 0 > weights["topcue=SPEECH"]
    meets = Candidate("person:a", "person:b", EntityType.PERSON, None, None, {"topcue=MEETS": 1.0})  # type: ignore[arg-type]
    says = Candidate("person:a", "person:b", EntityType.PERSON, None, None, {"topcue=SPEECH": 1.0})  # type: ignore[arg-type]
    assert [t for t, _ in model.score(meets)] == [StanceType.MEETS]
    assert model.score(says) == []


def test_a_type_never_points_at_a_kind_of_target_it_does_not_allow() -> None:
    model = RelationModel(
        trained_on=["a"], types={StanceType.PARTICIPATES_IN: TypeWeights(bias=5.0, threshold=0.5, weights={})}
    )
    to_person = Candidate("person:a", "person:b", EntityType.PERSON, None, None, {})  # type: ignore[arg-type]
    to_event = Candidate("person:a", "event:x", EntityType.EVENT, None, None, {})  # type: ignore[arg-type]
    assert model.score(to_person) == []
    assert [t for t, _ in model.score(to_event)] == [StanceType.PARTICIPATES_IN]


def test_articles_are_split_by_the_number_they_start_with() -> None:
    assert [article_number(n) for n in ("01_geneva.txt", "36_x.txt", "seed.txt")] == [1, 36, 0]
