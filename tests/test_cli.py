"""The peacegraph command line, run as a user runs it, against the test's embedded server."""

from __future__ import annotations

import json
from pathlib import Path

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import SEEDS, cypher, run_cli


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
    nodes = cypher(store, "MATCH (n) WHERE NOT n:StanceSummary AND NOT n:StanceDay RETURN count(n) AS n")[0]["n"]
    rels = cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    assert cypher(store, "MATCH (a:Article) RETURN count(a) AS n")[0]["n"] == 4
    second = run_cli(server_settings, "ingest", str(SEEDS))
    assert second.returncode == 0, second.stderr
    assert "4 article(s) ingested" in second.stdout
    assert (
        cypher(store, "MATCH (n) WHERE NOT n:StanceSummary AND NOT n:StanceDay RETURN count(n) AS n")[0]["n"] == nodes
    )
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
