"""The Python API (``peacegraph.connect()``) against the real Bolt server holding the seeds: its DataFrames say what
the REST API says, its networkx graph is the whole graph, and it adds, replaces and removes articles."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import peacegraph
from peacegraph.api.routes import plans
from peacegraph.graph import pages, reads
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import ROOT, SEEDS, cypher
from tests.graphdump import graph_dump

PLAN = "plan:us-28-point-plan"
PUTIN = "person:vladimir-putin"


@pytest.fixture(scope="module")
def pg(seeded_store: GraphStore, server_settings: Settings) -> Iterator[peacegraph.PeaceGraph]:
    with peacegraph.connect(settings=server_settings) as graph:
        yield graph


def test_import_peacegraph_is_light() -> None:
    code = "import sys, peacegraph; print(sorted({'pandas', 'spacy', 'neo4j'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_matrix_counts_what_the_rest_matrix_counts(pg: peacegraph.PeaceGraph, seeded_store: GraphStore) -> None:
    matrix = pg.matrix(PLAN)
    rest = plans.plan_matrix(seeded_store, PLAN, None, 1000, 0)
    assert list(matrix.columns) == ["plan", *range(1, 29)]
    assert matrix.attrs["actor_ids"] == [actor.id for actor in rest.actors]
    assert list(matrix.index) == [actor.name for actor in rest.actors]
    assert "Vladimir Putin" in matrix.index and matrix.to_numpy().sum() == sum(actor.total for actor in rest.actors)
    names = {actor.id: actor.name for actor in rest.actors}
    for cell in rest.cells:
        column = "plan" if cell.number is None else cell.number
        assert matrix.loc[names[cell.actor], column] == sum(cell.stances.values())
    rejects = pg.matrix(PLAN, types=["rejects"])
    assert 0 < rejects.to_numpy().sum() < matrix.to_numpy().sum()


def test_positions_are_the_rest_positions_of_the_point(pg: peacegraph.PeaceGraph, seeded_store: GraphStore) -> None:
    cells = plans.plan_matrix(seeded_store, PLAN, None, 1000, 0).cells
    point = next(cell.number for cell in cells if cell.number is not None)  # a point someone stands on
    positions = pg.positions(PLAN, point)
    rest = plans.get_point(seeded_store, PLAN, point, None, None, None, 100, 0).positions
    expected = [(group.type.value, row.actor.id, row.count) for group in rest for row in group.actors]
    assert expected, f"someone stands somewhere on point {point} in the seeds"
    assert list(zip(positions["type"], positions["actor_id"], positions["count"], strict=True)) == expected
    whole = pg.positions(PLAN)
    assert len(whole) > 0 and set(whole.columns) == {"actor_id", "actor", "type", "count", "latest"}
    with pytest.raises(peacegraph.NotFoundError):
        pg.positions(PLAN, 99)


def test_stances_carry_their_evidence(pg: peacegraph.PeaceGraph, seeded_store: GraphStore) -> None:
    stances = pg.stances(PUTIN)
    node = reads.get_node(seeded_store, PUTIN)
    _, total = reads.stances(seeded_store, node, reads.StanceFilter(incoming=False), limit=1, offset=0)
    assert len(stances) == total > 0
    assert (stances["source_id"] == PUTIN).all() and stances["evidence"].str.len().gt(0).all()
    assert pd.api.types.is_datetime64_any_dtype(stances["date"]) and stances["date"].dropna().is_monotonic_increasing
    rejected = pg.stances(PUTIN, types=["REJECTS"], date_from="2025-11-01")
    assert set(rejected["type"]) <= {"REJECTS"} and (rejected["date"] >= "2025-11-01").all()
    with pytest.raises(peacegraph.NotFoundError):
        pg.stances("person:nobody-at-all")


def test_timeline_is_every_dated_stance_and_event_in_order(pg: peacegraph.PeaceGraph, seeded_store: GraphStore) -> None:
    timeline = pg.timeline()
    total = pages.every_dated(seeded_store, reads.TimelineFilter()).total
    assert len(timeline) == total and set(timeline["kind"]) == {"stance", "event"}
    assert timeline["date"].is_monotonic_increasing
    russia = pg.timeline(actor="country:russia", events=False)
    assert len(russia) > 0 and (russia["source_id"] == "country:russia").all()


def test_to_networkx_is_the_whole_graph(pg: peacegraph.PeaceGraph, seeded_store: GraphStore) -> None:
    graph = pg.to_networkx()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == reads.size(seeded_store)
    assert "Person" in graph.nodes[PUTIN]["labels"] and graph.nodes[PUTIN]["name"] == "Vladimir Putin"
    stance = next(data for _, _, data in graph.out_edges(PUTIN, data=True) if data["type"] != "MENTIONS")
    assert stance["evidence"] and stance["article"].startswith("article:")
    around = pg.to_networkx(PUTIN)
    assert PUTIN in around and 1 < around.number_of_nodes() < graph.number_of_nodes()


def test_search_and_articles(pg: peacegraph.PeaceGraph) -> None:
    assert pg.search("zelensk")["id"].str.startswith("person:").iloc[0]
    articles = pg.articles()
    assert len(articles) == len(list(SEEDS.glob("*.txt"))) and articles["id"].str.startswith("article:").all()


def test_ingest_replace_and_remove(pg: peacegraph.PeaceGraph, seeded_store: GraphStore, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text(
        "Kyiv, November 24, 2025 – Volodymyr Zelensky rejected point 7 of the US 28-point plan on Monday, "
        "saying Ukraine would never give up its path to NATO. Sergei Lavrov welcomed the plan.",
        encoding="utf-8",
    )
    (tmp_path / "empty.txt").write_text("")
    first = pg.ingest([str(tmp_path)])
    assert list(first["status"]) == ["created", "skipped"]
    assert first.loc[0, "relationships_created"] > 0 and "empty.txt" in first.loc[1, "title"]
    new_id = first.loc[0, "id"]
    assert list(pg.ingest([str(article)])["status"]) == ["already present"]
    replaced = pg.replace([str(article)])
    assert list(replaced["status"]) == ["replaced"]
    assert replaced.loc[0, "relationships_deleted"] == 0 and replaced.loc[0, "relationships_created"] == 0
    removal = pg.remove([new_id])
    assert removal.articles == [new_id]
    assert cypher(seeded_store, "MATCH (a:Article {id: $id}) RETURN count(a) AS n", id=new_id) == [{"n": 0}]
    assert len(pg.articles()) == len(list(SEEDS.glob("*.txt")))


def test_the_readme_python_block_runs_as_written(seeded_store: GraphStore, server_settings: Settings) -> None:
    quick_start = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", quick_start, flags=re.S)
    before = graph_dump(seeded_store)
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("PEACEGRAPH_NEO4J_URI", "NEO4J_URI")},
        "PEACEGRAPH_DATA_DIR": str(server_settings.data_dir),
        "PEACEGRAPH_BOLT_PORT": str(server_settings.bolt_port),
        "PEACEGRAPH_HTTP_PORT": str(server_settings.http_port),
    }
    shown = block + "\nprint(pg.matrix('plan:us-28-point-plan').loc['Vladimir Putin', 'plan'])\n"
    result = subprocess.run(
        [sys.executable, "-c", shown], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 0
    assert graph_dump(seeded_store) == before, "the seeds are in the graph already: ingesting them changes nothing"
