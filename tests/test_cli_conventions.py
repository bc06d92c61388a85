"""CLI conventions, through the real command: --version, --json, choices, exit codes, search, export."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import NOT_READ_MODEL, ROOT, SEEDS, cypher, run_cli

MIXED = ROOT / "tests" / "data" / "mixed"


def test_version(server_settings: Settings) -> None:
    result = run_cli(server_settings, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"peacegraph {version('peacegraph')}"


def test_help_shows_the_choices_and_the_exit_codes(server_settings: Settings) -> None:
    top = run_cli(server_settings, "--help")
    assert "--version" in top.stdout and "search" in top.stdout and "export" in top.stdout
    assert "1 some inputs were skipped" in " ".join(top.stdout.split())
    assert "jsonl|json" in run_cli(server_settings, "extract", "--help").stdout
    assert "json|graphml|cypher" in run_cli(server_settings, "export", "--help").stdout
    wrong = run_cli(server_settings, "extract", str(SEEDS), "--format", "xml")
    assert wrong.returncode == 2 and "xml" in wrong.stderr


def test_ingest_json_names_what_it_skipped_and_exits_1(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_bytes((MIXED / "a_good.txt").read_bytes())
    (tmp_path / "empty.txt").write_text("")
    result = run_cli(server_settings, "ingest", "--json", str(tmp_path))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 1
    assert [Path(item["where"]).name for item in report["skipped"]] == ["empty.txt"]
    assert report["nodes"]["created"] > 0 and report["relationships"]["created"] >= 0
    assert cypher(store, "MATCH (a:Article) RETURN count(a) AS n") == [{"n": 1}]
    again = run_cli(server_settings, "ingest", "--json", str(tmp_path / "good.txt"))
    assert again.returncode == 0, again.stderr
    repeated = json.loads(again.stdout)
    assert repeated["nodes"]["created"] == 0 and repeated["nodes"]["already_present"] == report["nodes"]["created"]


def test_ingest_of_nothing_loadable_exits_2(server_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run_cli(server_settings, "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing.md"))
    assert result.returncode == 2
    assert "no article could be loaded" in result.stderr


def test_extract_exits_1_when_it_skipped_an_input(server_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run_cli(server_settings, "extract", str(MIXED / "a_good.txt"), str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1 and "empty.txt" in result.stderr


def test_load_reference_and_load_print_json(server_settings: Settings, store: GraphStore, tmp_path: Path) -> None:
    reference = run_cli(server_settings, "load-reference", "--json")
    assert reference.returncode == 0, reference.stderr
    written = json.loads(reference.stdout)
    plans = cypher(store, "MATCH (p:Plan) RETURN count(p) AS n")[0]["n"]
    assert plans > 0 and written["nodes"]["created"] + written["nodes"]["already_present"] >= plans
    extracted = run_cli(server_settings, "extract", str(MIXED / "a_good.txt"))
    assert extracted.returncode == 0, extracted.stderr
    (tmp_path / "one.jsonl").write_text(extracted.stdout, encoding="utf-8")
    loaded = run_cli(server_settings, "load", "--json", str(tmp_path / "one.jsonl"))
    assert loaded.returncode == 0, loaded.stderr
    report = json.loads(loaded.stdout)
    assert report["articles"] == 1 and report["rows"] > 0 and report["transactions"] >= 1


def test_server_status_json(embedded_server: object, server_settings: Settings) -> None:
    result = run_cli(server_settings, "server", "status", "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["running"] is True and status["bolt_url"].endswith(f":{server_settings.bolt_port}")


def test_query_says_how_many_rows(server_settings: Settings, store: GraphStore) -> None:
    none = run_cli(server_settings, "query", "MATCH (n:Nothing) RETURN n")
    assert none.returncode == 0, none.stderr
    assert none.stdout == "" and none.stderr.strip() == "0 rows"
    one = run_cli(server_settings, "query", "RETURN 1 AS x")
    assert one.stdout.strip() == '{"x": 1}' and one.stderr.strip() == "1 row"


def test_search_finds_an_actor_as_the_api_does(seeded_store: GraphStore, server_settings: Settings) -> None:
    result = run_cli(server_settings, "search", "ZELÉNSKY", "--json")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    hits = page["items"]
    assert hits[0]["id"].startswith("person:") and "zelensk" in hits[0]["name"].lower()
    assert page["total"] >= len(hits) and page["limit"] == 20
    table = run_cli(server_settings, "search", "kyiv", "--limit", "1")
    assert table.returncode == 0, table.stderr
    assert re.search(r"1 of \d+ hits? for 'kyiv'", table.stdout) and "Kyiv" in table.stdout
    nothing = run_cli(server_settings, "search", "no such name at all", "--json")
    assert nothing.returncode == 0 and json.loads(nothing.stdout)["items"] == []


def test_export_writes_the_graph_in_each_format(
    seeded_store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    whole = run_cli(server_settings, "export")
    assert whole.returncode == 0, whole.stderr
    graph = json.loads(whole.stdout)
    assert (
        len(graph["nodes"])
        == cypher(seeded_store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"]
    )
    target = tmp_path / "putin.graphml"
    around = run_cli(
        server_settings, "export", "--format", "graphml", "--id", "person:vladimir-putin", "--output", str(target)
    )
    assert around.returncode == 0, around.stderr
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    node_ids = {node.get("id") for node in root.iter("{http://graphml.graphdrawing.org/xmlns}node")}
    assert "person:vladimir-putin" in node_ids and 1 < len(node_ids) < len(graph["nodes"])
    assert re.search(r"\d+ nodes, \d+ relationships -> ", around.stderr)
    cypher_text = run_cli(server_settings, "export", "-f", "cypher", "--id", "person:vladimir-putin").stdout
    assert "MERGE" in cypher_text and "person:vladimir-putin" in cypher_text
    missing = run_cli(server_settings, "export", "--id", "person:nobody")
    assert missing.returncode == 1 and "person:nobody" in missing.stderr
