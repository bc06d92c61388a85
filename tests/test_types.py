"""pyright passes on the code it checks (pyproject.toml [tool.pyright]), and it does refuse a query built
from input: the ``LiteralString`` guard on every statement, which mypy does not enforce."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

PYRIGHT = Path(sys.executable).parent / "pyright"


def pyright(*paths: Path) -> dict[str, Any]:
    """pyright's JSON report on ``paths`` (none: the project as configured)."""
    if not PYRIGHT.exists():
        if os.environ.get("CI"):
            pytest.fail("pyright missing: `make test` installs the dev extras")
        pytest.skip("needs pyright (pip install -e '.[dev]')")
    run = subprocess.run([str(PYRIGHT), "--outputjson", *map(str, paths)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def test_the_project_passes_pyright() -> None:
    report = pyright()
    errors = [f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}" for d in report["generalDiagnostics"]]
    assert errors == []
    assert report["summary"]["filesAnalyzed"] > 40


def test_pyright_refuses_a_query_built_from_input(tmp_path: Path) -> None:
    built = tmp_path / "built.py"
    built.write_text(
        "from peacegraph.graph.store import GraphStore\n\n\n"
        "def lookup(store: GraphStore, user: str) -> object:\n"
        '    return store.read("MATCH (n {id: \'" + user + "\'}) RETURN n")\n'
    )
    (diagnostic,) = pyright(built)["generalDiagnostics"]
    assert diagnostic["severity"] == "error" and "LiteralString" in diagnostic["message"]
