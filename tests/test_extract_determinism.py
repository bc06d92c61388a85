"""The extraction of an article is the same bytes in every process: no output order may depend on the hash
seed Python picks per process (a set of strings iterates in another order in each)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Two plans that share a point, each named, the point spoken of by its cue and in other words: the hits of
# one place in the text for two plans were once ordered by the hash seed.
ARTICLE = """Title: Why the army cap is the hardest line in Washington's peace plan
Published: 2025-11-25

The European counter-proposal raised the army cap to 800,000. The 28-point plan set the army cap at 600,000.
Almost every other item in the plan, from the army cap to sanctions relief, looks tradable.
"""


def extract_in_a_new_process(folder: Path, hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-m", "peacegraph.api.cli", "extract", str(folder)]
    return subprocess.run(command, env=env, capture_output=True, check=True, timeout=600).stdout


def test_extraction_is_byte_identical_whatever_the_hash_seed(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    outputs = {seed: extract_in_a_new_process(tmp_path, seed) for seed in ("1", "2", "3")}
    assert outputs["1"].count(b"\n") == 1 and b"planpoint:european-counter-proposal:6" in outputs["1"]
    assert outputs["1"] == outputs["2"] == outputs["3"]
