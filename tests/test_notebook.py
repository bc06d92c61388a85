"""docs/python-api.ipynb runs from top to bottom in a real IPython kernel (nbclient) against the real Bolt server,
and shows what it says it shows: the plan matrix as a heatmap, a stance timeline plot."""

from __future__ import annotations

import base64
import re
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import ROOT, SEEDS, cypher

NOTEBOOK = ROOT / "docs" / "python-api.ipynb"


def _cell(notebook: Any, tag: str) -> Any:
    (cell,) = [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]
    return cell


def _images(cell: Any) -> list[bytes]:
    return [
        base64.b64decode(output["data"]["image/png"])
        for output in cell.outputs
        if output["output_type"] == "display_data" and "image/png" in output.get("data", {})
    ]


def _stdout(cell: Any) -> str:
    return "".join(o["text"] for o in cell.outputs if o["output_type"] == "stream" and o["name"] == "stdout")


def _result(cell: Any) -> str:
    (result,) = [o for o in cell.outputs if o["output_type"] == "execute_result"]
    return str(result["data"]["text/plain"])


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.slow
def test_the_notebook_draws_the_matrix_and_a_stance_timeline(
    store: GraphStore, server_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel inherits these: peacegraph.connect() in the notebook reaches the test's server.
    monkeypatch.setenv("PEACEGRAPH_DATA_DIR", str(server_settings.data_dir))
    monkeypatch.setenv("PEACEGRAPH_BOLT_PORT", str(server_settings.bolt_port))
    monkeypatch.setenv("PEACEGRAPH_HTTP_PORT", str(server_settings.http_port))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name in ("PEACEGRAPH_NEO4J_URI", "NEO4J_URI"):
        monkeypatch.delenv(name, raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells), "the notebook is kept without outputs"
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "docs")}}
    ).execute()

    seeds = len(list(SEEDS.glob("*.txt")))
    assert len(re.findall(r"\bcreated\b", _result(_cell(notebook, "ingest")))) == seeds
    assert cypher(store, "MATCH (a:Article) RETURN count(a) AS n") == [{"n": seeds}]
    assert "Vladimir Putin" in _result(_cell(notebook, "matrix"))

    heatmap = _cell(notebook, "heatmap")
    (png,) = _images(heatmap)
    width, height = _png_size(png)
    assert width > 600 and height > 300
    actors = _stdout(heatmap).removeprefix("actors:").strip().split(", ")
    assert "Vladimir Putin" in actors and len(actors) >= 5

    timeline = _cell(notebook, "timeline")
    (png,) = _images(timeline)
    assert _png_size(png)[0] > 600
    plotted = re.search(r"stances plotted: (\d+)", _stdout(timeline))
    assert plotted and int(plotted.group(1)) > 10

    assert re.search(r"\b(SUPPORTS|REJECTS|CRITICIZES|DEMANDS|PROPOSES)\b", _result(_cell(notebook, "positions")))
    assert "evidence" in _result(_cell(notebook, "stances"))
    assert "nodes," in _stdout(_cell(notebook, "networkx"))
