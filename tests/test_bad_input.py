"""Bad input gets one clear line (CLI) or a 4xx problem (API); the good input of the same run is all loaded.

The corpus is ``tests/data/bad`` (one file per kind of trouble) and ``tests/data/mixed``
(good files and one broken file in a folder); the 50 MB file is made in a temp dir.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.pipeline import read_paths
from tests.conftest import ROOT, cypher, run_cli
from tests.graphdump import graph_dump
from tests.test_readers import plant_links

BAD = ROOT / "tests" / "data" / "bad"
MIXED = ROOT / "tests" / "data" / "mixed"
KEY = "bad-input-test-key"

# where (file name, or file:line for a JSONL record) -> what the one line must say
FAILS = {
    "empty.txt": "the file is empty",
    "whitespace_only.txt": "only whitespace",
    "report_pdf.txt": "a PDF document, not text",
    "random_bytes.txt": "binary data, not text",
    "no_article.html": "no article text found",
    "malformed.json": "invalid JSON",
    "missing_text.json": "has no 'text'",
    "unsupported.docx": "unsupported file type .docx",
    "some_bad_lines.jsonl:2": "invalid JSON line",
    "some_bad_lines.jsonl:3": "has no 'text'",
    "some_bad_lines.jsonl:4": "must be an object",
}
# loaded, some with a warning: a demanding user wants the text, not a refusal
LOADS = {
    "latin1.txt",
    "utf16_bom.txt",
    "no_date.txt",
    "russian.txt",
    "some_bad_lines.jsonl:1",
    "some_bad_lines.jsonl:5",
}
MIXED_GOOD = {"a_good.txt", "b_good.md", "c_good.json", "e_good.html"}
# read, but not loaded by ingest: peacegraph reads English (loaders.language)
NOT_ENGLISH = {
    "latin1.txt": "in French; peacegraph reads English",
    "russian.txt": "in Russian; peacegraph reads English",
}


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "fifty_megabytes.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of size, no 50 MB of disk writes
    return path


def _where(path: str | None) -> str:
    return Path(path or "").name


def test_each_bad_file_fails_with_its_reason_and_the_rest_loads() -> None:
    report = read_paths([BAD])
    failures = {_where(f.path): f.reason for f in report.failures}
    assert failures.keys() == FAILS.keys()
    for where, reason in FAILS.items():
        assert reason in failures[where], (where, failures[where])
    assert {_where(a.path) for a in report.articles} == LOADS
    by_name = {_where(a.path): a for a in report.articles}
    assert "Genève" in by_name["latin1.txt"].body and "délégations" in by_name["latin1.txt"].body
    assert "Zelensky" in by_name["utf16_bom.txt"].body
    assert by_name["no_date.txt"].published is None
    assert sorted(report.warnings) == [
        f"{BAD / 'latin1.txt'}: not UTF-8; read as cp1252",
        f"{BAD / 'utf16_bom.txt'}: not UTF-8; read as utf-16",
    ]


def test_a_huge_file_and_a_missing_path_are_reported(huge: Path, tmp_path: Path) -> None:
    report = read_paths([huge, tmp_path / "nowhere.txt", MIXED])
    reasons = {_where(f.path): f.reason for f in report.failures}
    assert "52,428,800 bytes, above the limit" in reasons["fifty_megabytes.txt"]
    assert reasons["nowhere.txt"] == "no such file or folder"
    assert "PDF" in reasons["d_broken.txt"]
    assert {_where(a.path) for a in report.articles} == MIXED_GOOD


def _cli_narrow(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(settings, *args, columns=80)  # narrow: a long line must still come out as one line


def _lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


def test_cli_extract_names_each_bad_file_once_and_prints_the_good_ones(
    server_settings: Settings, huge: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "does_not_exist.txt"
    result = _cli_narrow(server_settings, "extract", str(BAD), str(MIXED), str(huge), str(missing))
    assert result.returncode == 1, result.stderr  # some inputs skipped, the others done
    assert "Traceback" not in result.stderr
    expected = {**FAILS, "fifty_megabytes.txt": "above the limit", "does_not_exist.txt": "no such file",
                "d_broken.txt": "a PDF document"}  # fmt: skip
    for where, reason in expected.items():
        lines = [line for line in _lines_naming(result.stderr, where + ":") if "skipped" in line]
        assert len(lines) == 1 and reason in lines[0], (where, result.stderr)
    assert len(_lines_naming(result.stderr, "not UTF-8")) == 2
    assert len(result.stdout.splitlines()) == len(LOADS) + len(MIXED_GOOD)


def test_cli_ingest_of_nothing_loadable_exits_non_zero(server_settings: Settings, tmp_path: Path) -> None:
    result = _cli_narrow(
        server_settings, "ingest", str(BAD / "empty.txt"), str(BAD / "report_pdf.txt"), str(tmp_path / "x.md")
    )
    assert result.returncode == 2  # nothing loaded
    assert "Traceback" not in result.stderr
    assert "no article could be loaded" in result.stderr
    for name in ("empty.txt", "report_pdf.txt", "x.md"):
        assert len(_lines_naming(result.stderr, name)) == 1


def test_cli_ingest_loads_every_good_file_next_to_a_broken_one(store: GraphStore, server_settings: Settings) -> None:
    result = _cli_narrow(
        server_settings, "ingest", str(MIXED), str(BAD / "latin1.txt"), str(BAD / "some_bad_lines.jsonl")
    )
    assert result.returncode == 1, result.stderr  # some inputs skipped, the others done
    assert "Traceback" not in result.stderr
    read = read_paths([MIXED, BAD / "latin1.txt", BAD / "some_bad_lines.jsonl"]).articles
    assert len(read) == len(MIXED_GOOD) + 3
    wanted = {a.id for a in read if not (a.path or "").endswith("latin1.txt")}
    present = {row["id"] for row in cypher(store, "MATCH (a:Article) RETURN a.id AS id")}
    assert wanted <= present and len(wanted) == len(MIXED_GOOD) + 2
    (line,) = [line for line in _lines_naming(result.stderr, "latin1.txt:") if "skipped" in line]
    assert NOT_ENGLISH["latin1.txt"] in line


def test_cli_ingest_of_a_folder_with_links_and_a_fifo_loads_only_its_own_file(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    folder = plant_links(tmp_path)
    result = _cli_narrow(server_settings, "ingest", str(folder))
    assert result.returncode == 1, result.stderr  # some inputs skipped, the others done
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr + result.stdout
    for name in ("pw.txt", "passwd.txt", "status.txt", "linked_dir", "pw.md"):
        (line,) = _lines_naming(result.stderr, f"{name}:")
        assert "symbolic link; not followed" in line
    (line,) = _lines_naming(result.stderr, "pipe.txt:")
    assert "not a regular file (a named pipe)" in line
    texts = cypher(store, "MATCH (a:Article) RETURN a.title AS title, a.path AS path")
    assert not [row for row in texts if "hunter2" in str(row) or "root:" in str(row) or "Uid:" in str(row)]
    assert any(str(row["path"]).endswith("a_good.txt") for row in texts)


def test_cli_ingest_of_a_folder_with_a_deeply_nested_json_loads_the_other_files(
    store: GraphStore, server_settings: Settings, tmp_path: Path
) -> None:
    for name in ("a_good.txt", "b_good.md"):
        (tmp_path / name).write_bytes((MIXED / name).read_bytes())
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "title_list.json").write_text('{"text": "Putin spoke about the plan.", "title": [[["x"]]]}')
    result = _cli_narrow(server_settings, "ingest", str(tmp_path))
    assert result.returncode == 1, result.stderr  # some inputs skipped, the others done
    assert "Traceback" not in result.stderr
    (line,) = _lines_naming(result.stderr, "deep.json:")
    assert "nested too deeply" in line
    (line,) = _lines_naming(result.stderr, "title_list.json:")
    assert "'title' must be a string" in line
    wanted = {a.id for a in read_paths([MIXED / "a_good.txt", MIXED / "b_good.md"]).articles}
    assert wanted <= {row["id"] for row in cypher(store, "MATCH (a:Article) RETURN a.id AS id")}


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    settings = server_settings.model_copy(update={"api_key": SecretStr(KEY), "write_rate_limit": 1000})
    with TestClient(create_app(settings), headers={"X-API-Key": KEY}) as test_client:
        yield test_client


@pytest.mark.parametrize("path", sorted(BAD.iterdir()) + sorted(MIXED.iterdir()), ids=lambda p: p.name)
def test_api_answers_4xx_for_bad_files_and_loads_the_readable(client: TestClient, path: Path) -> None:
    response = client.post("/articles", files={"file": (path.name, path.read_bytes(), "application/octet-stream")})
    assert response.status_code < 500, response.text
    body = response.json()
    if path.name in FAILS:
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        assert path.name in body["detail"] and FAILS[path.name] in body["detail"]
    elif path.name == "d_broken.txt":
        assert response.status_code == 400 and "PDF" in body["detail"]
    elif path.name in NOT_ENGLISH:
        assert response.status_code == 400 and f"{path.name}: {NOT_ENGLISH[path.name]}" in body["detail"]
    else:
        assert response.status_code in (200, 201), body
        assert body["articles"]
    if path.name == "some_bad_lines.jsonl":
        assert len(body["articles"]) == 2 and len(body["failed"]) == 3


NESTED_UPLOADS = {
    "deep.json": "[" * 5000 + "]" * 5000,
    "deep.jsonl": "[" * 2000 + "]" * 2000,
    "deep_title.json": '{"text": "Putin said the plan is fine.", "title": ' + "[" * 100 + "]" * 100 + "}",
    "number_title.jsonl": '{"text": "Putin said the plan is fine.", "title": 5}',
}


@pytest.mark.parametrize("name", sorted(NESTED_UPLOADS))
def test_api_answers_400_for_uploads_nested_too_deeply_or_with_non_text_fields(client: TestClient, name: str) -> None:
    response = client.post("/articles", files={"file": (name, NESTED_UPLOADS[name].encode(), "application/json")})
    assert response.status_code == 400, response.text
    assert name in response.json()["detail"]
    assert "nested too deeply" in response.json()["detail"] or "must be a string" in response.json()["detail"]


def test_api_refuses_a_huge_upload_with_413(client: TestClient, huge: Path) -> None:
    with huge.open("rb") as handle:
        response = client.post("/articles", files={"file": ("fifty_megabytes.txt", handle, "text/plain")})
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


NO_FILE_FIELD = b'--x\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--x--\r\n'


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"", "application/json", 400),
        (b"{not json", "application/json", 400),
        (b'{"title": "no text"}', "application/json", 400),
        (b'{"text": "   "}', "application/json", 400),
        (b'{"text": 5}', "application/json", 422),
        (b'{"text": "Putin spoke.", "evil": 1}', "application/json", 422),
        (b'{"articles": []}', "application/json", 422),
        (b"\xff\xfe\x00garbage", "application/json", 400),
        (b'{"text": "Putin \\ud800 said the plan is fine and Zelensky agreed."}', "application/json", 400),
        (b'{"text": "Putin said the plan is fine.", "title": "\\udfff"}', "application/json", 400),
        (b"[" * 2000 + b"]" * 2000, "application/json", 400),
        (b'{"articles": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "application/json", 400),
        (
            b'{"text": "Putin said the plan is fine.", "title": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            "application/json",
            400,
        ),
        (
            b'{"text": "Putin said the plan is fine.", "title": ' + b"[" * 500 + b"]" * 500 + b"}",
            "application/json",
            422,
        ),
        (b'{"text": "Putin said ' + b"$" * 30_000 + b' today."}', "application/json", 400),
        (b"Putin spoke.", "text/plain", 415),
        (
            b'--x\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--x--\r\n',
            "multipart/form-data; boundary=x",
            400,
        ),
    ],
)
def test_api_answers_4xx_for_bad_bodies(client: TestClient, content: bytes, content_type: str, status: int) -> None:
    response = client.post("/articles", content=content, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_same_article_twice_creates_nothing_new(client: TestClient, store: GraphStore) -> None:
    body = {"title": "Once", "text": "Rustem Umerov met Steve Witkoff in Miami to discuss the revised peace plan."}
    first = client.post("/articles", json=body)
    assert first.status_code in (200, 201), first.text
    before = graph_dump(store)
    again = client.post("/articles", json=body)
    assert again.status_code == 200
    assert again.json()["articles"][0]["status"] == "already present"
    assert again.json()["nodes_created"] == 0 and again.json()["relationships_created"] == 0
    assert graph_dump(store) == before


def test_more_articles_than_the_limit_in_one_request_answer_413(client: TestClient, server_settings: Settings) -> None:
    limit = server_settings.max_articles_per_request
    batch = {"articles": [{"text": f"Article number {i} about the talks."} for i in range(limit + 1)]}
    response = client.post("/articles", json=batch)
    assert response.status_code == 413
    assert f"limit is {limit}" in response.json()["detail"]


@pytest.mark.parametrize("depth", [2000, 100_000])
def test_cypher_answers_4xx_for_deeply_nested_bodies(client: TestClient, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    for body in (nested, '{"query": "RETURN $x AS x", "parameters": {"x": ' + nested + "}}"):
        response = client.post("/cypher", content=body, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, response.text
    assert client.get("/health").status_code == 200
