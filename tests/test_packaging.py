"""The wheel `pip install .` builds installs one package, ``peacegraph``, with its subpackages and data, and nothing
generic at top level (no ``api``, ``graph`` or ``loaders`` to shadow or be shadowed by a user's folders)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (built,) = dist.glob("peacegraph-*.whl")
    return built


def test_the_wheel_holds_only_peacegraph_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"peacegraph", wheel.name.split("-py3")[0] + ".dist-info"}
    for module in ("peacegraph/client.py", "peacegraph/graph/store.py", "peacegraph/loaders/rules/reader.py",
                   "peacegraph/api/routes/articles.py", "peacegraph/loaders/data/gazetteer.yaml",
                   "peacegraph/loaders/data/relation_model.json", "peacegraph/loaders/data/plans/us-28-point-plan.yaml",
                   "peacegraph/api/static/index.html"):  # fmt: skip
        assert module in names, module
    entry_points = zipfile.ZipFile(wheel).read(f"{wheel.name.split('-py3')[0]}.dist-info/entry_points.txt").decode()
    assert "peacegraph = peacegraph.api.cli:app" in entry_points


def test_installed_it_imports_as_peacegraph_and_leaves_no_generic_names(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    assert sorted(path.name for path in target.iterdir() if not path.name.endswith(".dist-info")) == [
        "bin",
        "peacegraph",
    ]
    check = (
        "import importlib.util, peacegraph, peacegraph.api.cli;"
        "print(peacegraph.__file__);"
        "print([n for n in ('api', 'graph', 'loaders') if importlib.util.find_spec(n)])"
    )
    # Run away from the source tree, with the installed copy first on the path (dependencies from this venv).
    environment = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    location, generic = result.stdout.splitlines()
    assert Path(location).is_relative_to(target) and generic == "[]"
