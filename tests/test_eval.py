"""``peacegraph.loaders.evaluation`` and ``peacegraph eval``: the figures of shared/eval/score.py, per type and
per article."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from peacegraph.graph.model import ArticleMeta, Entity, EntityType, Extraction, Relation, StanceType
from peacegraph.graph.settings import Settings
from peacegraph.loaders.evaluation import Counts, EvaluationReport, Finding, evaluate
from peacegraph.loaders.pipeline import extract_articles, read_paths
from tests.conftest import SEEDS, run_cli

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SCORER = EVAL / "score.py"
needs_shared = pytest.mark.skipif(not SCORER.exists(), reason=f"no shared scorer at {SCORER} (../shared is absent)")
FIGURE = r"(\d\.\d{3})"
MICRO_LINE = re.compile(
    rf"^micro: entities F1 {FIGURE} \| relations P {FIGURE} R {FIGURE} F1 {FIGURE} \| untyped F1 {FIGURE}$", re.M
)


@pytest.fixture(scope="module")
def seed_extractions() -> list[Extraction]:
    report = read_paths([SEEDS])
    assert len(report.articles) == 4 and not report.failures
    return list(extract_articles(report.articles))


@pytest.fixture(scope="module")
def shared_report(seed_extractions: list[Extraction], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What ``score.py --json`` says about the seed extractions."""
    if not SCORER.exists():
        pytest.skip(f"no shared scorer at {SCORER} (../shared is absent)")
    pred = tmp_path_factory.mktemp("eval") / "seeds.jsonl"
    pred.write_text("".join(e.model_dump_json(exclude_none=True) + "\n" for e in seed_extractions), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(EVAL / "gold"), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(result.stdout)


def _micro_figures(micro: dict) -> tuple[str, ...]:
    e, r, u = micro["entities"], micro["relations"], micro["relations_untyped"]
    return tuple(f"{x:.3f}" for x in (e["f1"], r["precision"], r["recall"], r["f1"], u["f1"]))


# --- the same figures as shared/eval/score.py ------------------------------------


def test_micro_equals_the_shared_scorer(seed_extractions: list[Extraction], shared_report: dict) -> None:
    report = evaluate(seed_extractions, EVAL / "gold")
    assert report.micro.model_dump() == shared_report["micro"]
    ours = [(a.article, a.found, a.entities.model_dump(), a.relations.model_dump()) for a in report.articles]
    theirs = [(a["article"], a["found"], a["entities"], a["relations"]) for a in shared_report["articles"]]
    assert ours == theirs


@needs_shared
def test_per_type_counts_add_up_to_the_relation_counts(seed_extractions: list[Extraction]) -> None:
    report = evaluate(seed_extractions, EVAL / "gold")
    assert set(report.per_type) <= {t.value for t in StanceType}
    assert sum(report.per_type.values(), Counts()) == report.micro.relations


# --- counting on a hand-made article -------------------------------------------------

GOLD = """\
article: sample.txt
entities:
  - {name: Vladimir Putin, type: Person, aliases: [Putin]}
  - {name: Volodymyr Zelenskyy, type: Person, aliases: [Zelensky]}
  - {name: Russia, type: Country, aliases: [the Kremlin, Moscow]}
  - {name: Ukraine, type: Country, aliases: [Kyiv]}
  - {name: 28-point peace plan, type: Plan, aliases: [28-point plan]}
  - {name: "28-point peace plan #7", type: PlanPoint, number: 7}
relations:
  - [Vladimir Putin, MEETS, Volodymyr Zelenskyy, "Putin met Zelensky."]
  - [Russia, REJECTS, "28-point peace plan #7", "The Kremlin rejected the NATO clause."]
  - [Ukraine, SUPPORTS, 28-point peace plan, "Kyiv backed the plan."]
"""


def _relation(source: str, kind: StanceType, target: str, evidence: str) -> Relation:
    return Relation(source=source, type=kind, target=target, evidence=evidence, start=0, end=len(evidence))


def _sample_extraction() -> Extraction:
    return Extraction(
        article=ArticleMeta(id="article:0000000000000000", path="/elsewhere/sample.txt"),
        entities=[
            Entity(id="person:putin", type=EntityType.PERSON, name="Putin"),
            Entity(id="person:zelensky", type=EntityType.PERSON, name="Volodymyr Zelensky", aliases=["Zelensky"]),
            Entity(id="country:russia", type=EntityType.COUNTRY, name="The Kremlin"),
            Entity(id="planpoint:x:7", type=EntityType.PLAN_POINT, name="the NATO clause", number=7),
            Entity(id="person:envoy", type=EntityType.PERSON, name="Some Envoy"),
        ],
        relations=[
            _relation("person:zelensky", StanceType.MEETS, "person:putin", "Zelensky met Putin."),
            _relation("country:russia", StanceType.REJECTS, "planpoint:x:7", "Moscow rejected the NATO clause."),
            _relation("person:zelensky", StanceType.CRITICIZES, "country:russia", "Zelensky criticised Moscow."),
            _relation("person:envoy", StanceType.CLAIMS, "country:ukraine", "The envoy claimed Ukraine."),
        ],
    )


@pytest.fixture
def sample_report(tmp_path: Path) -> EvaluationReport:
    (tmp_path / "sample.yaml").write_text(GOLD, encoding="utf-8")
    return evaluate([_sample_extraction()], tmp_path)


def test_symmetric_meets_aliases_plan_points_and_unresolved_relations(sample_report: EvaluationReport) -> None:
    (article,) = sample_report.articles
    assert article.found
    # MEETS in reverse and REJECTS of point #7 (by number) count; CRITICIZES is wrong; CLAIMS does not resolve.
    assert article.relations == Counts(tp=2, fp=2, fn=1)
    assert article.relations_untyped == Counts(tp=2, fp=2, fn=1)
    # Putin, Zelensky (by alias) and "The Kremlin" (alias after dropping "the") resolve; "Some Envoy" does not.
    assert article.entities == Counts(tp=3, fp=1, fn=2)
    assert article.missed_entities == ["28-point peace plan", "Ukraine"]
    assert article.unresolved_entities == ["Some Envoy"]
    assert sample_report.micro.relations.model_dump() == {
        "tp": 2, "fp": 2, "fn": 1, "precision": 0.5, "recall": 0.667, "f1": 0.571,
    }  # fmt: skip


def test_per_type_counts_and_the_sentences_behind_errors(sample_report: EvaluationReport) -> None:
    assert sample_report.per_type == {
        "CLAIMS": Counts(fp=1),
        "CRITICIZES": Counts(fp=1),
        "MEETS": Counts(tp=1),
        "REJECTS": Counts(tp=1),
        "SUPPORTS": Counts(fn=1),
    }
    (article,) = sample_report.articles
    assert article.missed == [Finding(source="Ukraine", type="SUPPORTS", target="28-point peace plan",
                                      sentence="Kyiv backed the plan.")]  # fmt: skip
    assert article.wrong == [Finding(source="Volodymyr Zelenskyy", type="CRITICIZES", target="Russia",
                                     sentence="Zelensky criticised Moscow.")]  # fmt: skip
    assert article.unresolved_relations == [Finding(source="person:envoy", type="CLAIMS", target="country:ukraine",
                                                    sentence="The envoy claimed Ukraine.")]  # fmt: skip


def test_an_article_without_extraction_counts_every_gold_item_as_missed(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(GOLD, encoding="utf-8")
    (article,) = evaluate([], tmp_path).articles
    assert not article.found
    assert article.relations == Counts(fn=3) and article.entities == Counts(fn=5)


# --- the command ----------------------------------------------------------------------


@needs_shared
def test_eval_command_prints_the_micro_line_of_the_shared_scorer(
    server_settings: Settings, shared_report: dict
) -> None:
    result = run_cli(server_settings, "eval", "--gold", str(EVAL / "gold"), str(SEEDS))
    assert result.returncode == 0, result.stderr
    found = MICRO_LINE.search(result.stdout)
    assert found, result.stdout
    assert found.groups() == _micro_figures(shared_report["micro"])
    assert all(path.name in result.stdout for path in SEEDS.iterdir())
    assert "relations per type" in result.stdout


@needs_shared
def test_eval_command_json_is_the_whole_report(server_settings: Settings, shared_report: dict) -> None:
    result = run_cli(server_settings, "eval", "--gold", str(EVAL / "gold"), str(SEEDS), "--json")
    assert result.returncode == 0, result.stderr
    report = EvaluationReport.model_validate_json(result.stdout)
    assert json.loads(result.stdout)["micro"] == shared_report["micro"]
    assert len(report.articles) == 4 and report.per_type


def test_eval_verbose_lists_a_missed_triple_with_its_gold_sentence(server_settings: Settings, tmp_path: Path) -> None:
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    (articles / "sample.txt").write_text("Title: Talks\n\nPutin met Zelensky in Istanbul on Monday.\n")
    (gold / "sample.yaml").write_text(GOLD, encoding="utf-8")
    result = run_cli(server_settings, "eval", "--verbose", "--gold", str(gold), str(articles))
    assert result.returncode == 0, result.stderr
    assert "missed     Ukraine -SUPPORTS-> 28-point peace plan" in result.stdout
    assert "Kyiv backed the plan." in result.stdout


@pytest.mark.parametrize("make_gold", ["missing", "empty"])
def test_eval_without_gold_files_fails_with_one_line(server_settings: Settings, tmp_path: Path, make_gold: str) -> None:
    gold = tmp_path / "gold"
    if make_gold == "empty":
        gold.mkdir()
    result = run_cli(server_settings, "eval", "--gold", str(gold), str(SEEDS))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(gold) in lines[0], result.stderr
    assert result.stdout == ""
