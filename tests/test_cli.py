"""The peacegraph command line, run as a user runs it, against the test's embedded server."""

from __future__ import annotations

import json
from pathlib import Path

from peacegraph.api import ingestion
from peacegraph.api.cli import ingest_paths
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import NOT_READ_MODEL, SEEDS, cypher, run_cli, wipe
from tests.graphdump import graph_dump


def test_extract_prints_one_contract_object_per_article(server_settings: Settings) -> None:
    result = run_cli(server_settings, "extract", str(SEEDS), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    for obj in lines:
        assert obj["article"]["id"].startswith("article:")
        assert Path(obj["article"]["path"]).name in {p.name for p in SEEDS.iterdir()}
        assert {"entities", "relations"} <= obj.keys()


def test_ingest_twice_creates_nothing_the_second_time(store: GraphStore, server_settings: Settings) -> None:
    first = run_cli(server_settings, "ingest", str(SEEDS))
    assert first.returncode == 0, first.stderr
    nodes = cypher(store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"]
    rels = cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert cypher(store, "MATCH (a:Article) RETURN count(a) AS n")[0]["n"] == 4
    paths = [row["path"] for row in cypher(store, "MATCH (a:Article) RETURN a.path AS path")]
    assert not any(path.endswith("zz_repeat.txt") for path in paths)
    second = run_cli(server_settings, "ingest", str(SEEDS))
    assert second.returncode == 0, second.stderr
    assert "4 article(s) ingested" in second.stdout
    assert cypher(store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"] == nodes
    assert cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"] == rels


def test_ingest_of_nothing_readable_fails_with_one_clear_line(server_settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run_cli(server_settings, "ingest", str(empty))
    assert result.returncode != 0
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr


def test_server_status_names_the_running_server(embedded_server: object, server_settings: Settings) -> None:
    result = run_cli(server_settings, "server", "status")
    assert result.returncode == 0
    assert f":{server_settings.bolt_port}" in result.stdout


def test_ingest_input_chunks_group_files_and_keep_urls_alone(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"):
        (folder / name).write_text("text")
    url = "https://example.org/article"
    chunks = list(ingestion.input_chunks([str(folder), url, str(folder / "a.txt")], size=2))
    names = [[Path(given).name if not given.startswith("https:") else given for given in chunk] for chunk in chunks]
    assert names == [["a.txt", "b.txt"], ["c.txt", "d.txt"], ["e.txt"], [url], ["a.txt"]]


def test_ingest_streams_its_inputs_in_chunks_with_the_same_graph(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    """``ingest`` reads, extracts and writes ``chunk`` files at a time: one file per chunk gives the graph that
    one chunk of all gives, and a text repeated in a later chunk is written once (its first file kept)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    first = sorted(SEEDS.iterdir())[0]
    (folder / "zz_repeat.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")

    dumps = []
    for chunk in (1, 64):
        wipe(store)
        result = ingest_paths(store, [str(folder)], server_settings, chunk=chunk)
        assert result.articles == 4 and not result.skipped
        dumps.append(graph_dump(store))
    assert dumps[0] == dumps[1]
    assert cypher(store, "MATCH (a:Article) RETURN count(a) AS n")[0]["n"] == 4
    paths = [row["path"] for row in cypher(store, "MATCH (a:Article) RETURN a.path AS path")]
    assert not any(path.endswith("zz_repeat.txt") for path in paths)
