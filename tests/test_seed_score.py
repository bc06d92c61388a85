"""The real extractor on the seed articles, scored by the real scorer of shared/eval against the gold.

Targets (issue 4): entity F1 >= 0.90, strict relation F1 >= 0.65, untyped relation F1 >= 0.75.
The figures are printed in the test output whether or not pytest captures it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from peacegraph.loaders.pipeline import extract_articles, read_paths

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
TARGETS = {"entities": 0.90, "relations": 0.65, "relations_untyped": 0.75}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not (EVAL / "score.py").exists():
        pytest.skip(f"no scorer at {EVAL}")
    report = read_paths([ROOT / "seeds"])
    assert len(report.articles) == 4 and not report.failures
    lines = [e.model_dump_json(exclude_none=True) for e in extract_articles(report.articles)]
    pred = tmp_path_factory.mktemp("score") / "seeds.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--gold", str(EVAL / "gold"), "--pred", str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_seed_scores_meet_the_targets(report: dict, capsys: pytest.CaptureFixture[str]) -> None:
    micro = report["micro"]
    with capsys.disabled():
        print("\nseed extraction scores (micro, shared/eval/score.py):")
        for key, label in (("entities", "entities"), ("relations", "relations"), ("relations_untyped", "untyped")):
            m = micro[key]
            figures = f"P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
            print(f"  {label:<10} {figures}  (target F1 >= {TARGETS[key]})")
    assert all(a["found"] for a in report["articles"])
    for key, target in TARGETS.items():
        assert micro[key]["f1"] >= target, f"{key} F1 {micro[key]['f1']} below {target}"
