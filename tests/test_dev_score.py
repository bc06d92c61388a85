"""The real extractor on the development corpus of shared/eval, scored against its gold, as ``make eval`` does.

Floors just under the figures of the last refit (README: "Score the extractor"): they catch a regression,
they are not the targets of issue 11 (relation F1 0.60), which the extractor does not reach yet. The
cross-validated figure is the one that tells how the extractor does on articles it was not fitted to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peacegraph.loaders import training
from peacegraph.loaders.evaluation import EvaluationReport, load_gold, score
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.pipeline import default_extractor, read_paths

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
FITTED_FLOOR = {"relations_f1": 0.50, "relations_precision": 0.61, "entities_f1": 0.91}
CROSS_VALIDATED_FLOOR = {"relations_f1": 0.43, "relations_precision": 0.52}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus() -> tuple[RuleExtractor, training.Corpus]:
    if not DEV.is_dir():
        pytest.skip(f"no development corpus at {DEV}")
    extractor = default_extractor()
    assert isinstance(extractor, RuleExtractor)
    golds = load_gold(DEV / "gold")
    articles = read_paths([DEV / "articles"]).articles
    return extractor, training.Corpus.parse(extractor, articles, golds)


def _check(report: EvaluationReport, floor: dict[str, float], label: str, capsys: pytest.CaptureFixture[str]) -> None:
    micro = report.micro
    figures = {
        "relations_f1": micro.relations.f1,
        "relations_precision": micro.relations.precision,
        "entities_f1": micro.entities.f1,
    }
    with capsys.disabled():
        print(f"\n{label}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    for key, minimum in floor.items():
        assert figures[key] >= minimum, f"{label}: {key} {figures[key]:.3f} below {minimum}"


def test_the_bundled_model_on_the_development_corpus(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    extractor, articles = corpus
    report = score(training.extract_with(extractor, extractor.model, articles), articles.golds)
    assert len(report.articles) == 36
    _check(report, FITTED_FLOOR, "development corpus (fitted to)", capsys)


def test_cross_validated_on_the_development_corpus(corpus, capsys) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sklearn", reason="fitting needs the development extras")
    extractor, articles = corpus
    written = training.written_corpus(extractor)  # in every training half, as `make train` fits them
    report = score(training.cross_validate(extractor, articles, written), articles.golds)
    _check(report, CROSS_VALIDATED_FLOOR, "development corpus, cross-validated", capsys)
