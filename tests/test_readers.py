"""Readers: text with header lines and datelines, HTML through trafilatura, JSON/JSONL, URL lists, bad input."""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from peacegraph.graph.errors import ArticleReadError
from peacegraph.graph.settings import Settings
from peacegraph.loaders.pipeline import read_paths
from peacegraph.loaders.readers import ReadLimits, ReadReport, dateline_length, read_file
from tests.conftest import ROOT

BODY = (
    "Lithuanian Foreign Minister Kestutis Budrys said on Tuesday that Vilnius would back any ceasefire "
    "that Kyiv accepts, and warned that sanctions on Moscow must stay until Russian forces leave. "
    "He spoke after a meeting of Baltic ministers in Riga."
)

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Baltic ministers back ceasefire terms | Example News</title>
<meta property="og:title" content="Baltic ministers back ceasefire terms">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-11-25T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Baltic ministers back ceasefire terms</h1>
<p>{BODY}</p>
<p>The ministers will meet again in December to review the sanctions regime and its enforcement.</p>
</article>
<footer>Copyright Example News. Subscribe to our newsletter for cookie preferences.</footer>
</body></html>"""


def test_text_with_header_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Title: Baltic ministers back ceasefire terms\nSource: Example News\nDate: 2025-11-25\n\n{BODY}\n")
    (article,) = read_file(path).articles
    assert article.title == "Baltic ministers back ceasefire terms"
    assert article.source == "Example News"
    assert article.published == date(2025, 11, 25)
    assert article.body.startswith("Lithuanian Foreign Minister")
    assert article.path == str(path)


def test_dateline_gives_the_date_and_its_length(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    text = f"Vilnius, November 25, 2025 – {BODY}"
    path.write_text(text)
    (article,) = read_file(path).articles
    assert article.published == date(2025, 11, 25)
    assert text[dateline_length(text) :].lstrip().startswith("Lithuanian")
    assert dateline_length(BODY) == 0


def test_source_and_day_first_date_line(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(f"BalticWire (03/12/2025): {BODY}")
    (article,) = read_file(path).articles
    assert article.source == "BalticWire"
    assert article.published == date(2025, 12, 3)


def test_markdown_title(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(f"# Baltic ministers back ceasefire terms\n\n{BODY}\n")
    (article,) = read_file(path).articles
    assert article.title == "Baltic ministers back ceasefire terms"


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    (article,) = read_file(path).articles
    assert "Kestutis Budrys said on Tuesday" in article.body
    assert "Subscribe" not in article.body and "Sport" not in article.body
    assert article.title == "Baltic ministers back ceasefire terms"
    assert article.published == date(2025, 11, 25)
    assert article.source == "Example News"


def test_json_array_and_jsonl(tmp_path: Path) -> None:
    record = {"title": "T", "text": BODY, "url": "https://example.org/a", "published": "2025-11-25", "source": "X"}
    (tmp_path / "one.json").write_text(json.dumps([record, {**record, "title": "U"}]))
    (tmp_path / "two.jsonl").write_text(json.dumps(record) + "\n\n" + json.dumps({**record, "title": "V"}) + "\n")
    report = read_paths([tmp_path])
    assert [a.title for a in report.articles] == ["T", "U", "T", "V"]
    assert all(a.url == "https://example.org/a" and a.published == date(2025, 11, 25) for a in report.articles)
    assert not report.failures


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "whitespace"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("pdf.txt", b"%PDF-1.7 rest of a pdf", "PDF"),
        ("bad.json", b'{"text": ', "invalid JSON"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, name: str, raw: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(ArticleReadError) as caught:
        read_file(path)
    assert caught.value.path == str(path)
    assert reason in str(caught.value) and str(path) in str(caught.value)


def test_legacy_encoding_is_read_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Zelensky’s envoy met the café owners’ union in Kyiv.".encode("cp1252"))
    report = read_file(path)
    assert report.articles[0].body.startswith("Zelensky’s envoy")
    assert report.warnings == [f"{path}: not UTF-8; read as cp1252"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log on stderr."""


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving ``tmp_path/site``; yields its base URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "story.html").write_text(PAGE)
    (site / "notes.txt").write_text(f"Title: Plain notes\n\n{BODY}\n")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_url_list_fetches_each_page_and_reports_failures(tmp_path: Path, local_site: str) -> None:
    urls = tmp_path / "reading.urls"
    urls.write_text(
        f"# today's reading\n{local_site}/story.html\n\n{local_site}/missing.html\n{local_site}/notes.txt\nftp://x/y\n"
    )
    report = read_file(urls, ReadLimits(allow_private_urls=True, url_timeout=5))
    assert [a.title for a in report.articles] == ["Baltic ministers back ceasefire terms", "Plain notes"]
    assert report.articles[0].url == f"{local_site}/story.html"
    assert report.articles[0].path == f"{urls}:2"
    assert "Kestutis Budrys" in report.articles[1].body
    failures = {f.path: f.reason for f in report.failures}
    assert set(failures) == {f"{urls}:4", f"{urls}:6"}
    assert "404" in failures[f"{urls}:4"] and "http" in failures[f"{urls}:6"]


def test_url_list_refuses_local_addresses_by_default(tmp_path: Path, local_site: str) -> None:
    urls = tmp_path / "local.urls"
    urls.write_text(f"{local_site}/story.html\n")
    report = read_file(urls)
    assert not report.articles
    assert "local or private address" in report.failures[0].reason


def test_the_command_line_reads_url_lists_with_the_configured_limits(tmp_path: Path, local_site: str) -> None:
    """PEACEGRAPH_URL_ALLOW_PRIVATE reaches a .urls file read by the command line (it used to be lost)."""
    urls = tmp_path / "local.urls"
    urls.write_text(f"{local_site}/story.html\n")
    command = [sys.executable, "-m", "peacegraph.api.cli", "extract", str(urls)]
    env = {**os.environ, "PEACEGRAPH_URL_ALLOW_PRIVATE": "true", "PEACEGRAPH_URL_FETCH_TIMEOUT": "5"}
    allowed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["article"]["title"] == "Baltic ministers back ceasefire terms"
    env["PEACEGRAPH_URL_ALLOW_PRIVATE"] = "false"
    refused = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0 and "local or private address" in refused.stderr


def test_read_limits_default_to_the_settings_defaults(tmp_path: Path) -> None:
    assert ReadLimits() == ReadLimits.from_settings(Settings(_env_file=None))  # type: ignore[call-arg]
    longest = Settings.model_fields["max_article_chars"].default
    (tmp_path / "long.txt").write_text("Peace talks resumed. " * (longest // 21 + 1))
    report = read_paths([tmp_path])
    assert not report.articles and "above the limit" in report.failures[0].reason


def test_url_list_without_urls_is_an_error(tmp_path: Path) -> None:
    urls = tmp_path / "none.urls"
    urls.write_text("# nothing yet\n\n")
    with pytest.raises(ArticleReadError, match="no URL"):
        read_file(urls)


def plant_links(tmp_path: Path) -> Path:
    """A folder to ingest with one real article and links to files that must not become data.

    ``secret`` stands for ``data/root_password``: outside the folder, readable by the user.
    """
    secret = tmp_path / "root_password"
    secret.write_text("Title: hunter2-root-password\n\nhunter2-root-password is the password of the database.\n")
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_good.txt").write_text(f"Title: Good\n\n{BODY}\n")
    (folder / "pw.txt").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "status.txt").symlink_to("/proc/self/status")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    (folder / "sub" / "pw.md").symlink_to(secret)
    os.mkfifo(folder / "pipe.txt")
    return folder


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    return plant_links(tmp_path)


SYMLINKS = {"pw.txt", "passwd.txt", "status.txt", "dangling.txt", "linked_dir", "pw.md"}


def _read_bounded(paths: list[Path], fifo: Path) -> ReadReport:
    """``read_paths`` in a thread; if it blocks on the FIFO, a writer is opened to free it and the test fails."""
    result: list[ReadReport] = []
    thread = threading.Thread(target=lambda: result.append(read_paths(paths)), daemon=True)
    thread.start()
    thread.join(timeout=120)
    if thread.is_alive():
        with open(fifo, "wb"):  # unblocks a reader stuck opening the FIFO
            pass
        thread.join(timeout=30)
        pytest.fail("reading the folder blocked on a FIFO")
    return result[0]


def test_a_folder_read_follows_no_link_and_opens_no_fifo(planted: Path) -> None:
    report = _read_bounded([planted], planted / "pipe.txt")
    assert [Path(a.path or "").name for a in report.articles] == ["a_good.txt"]
    failures = {Path(f.path).name: f.reason for f in report.failures}
    assert failures.keys() == SYMLINKS | {"pipe.txt"}
    for name in SYMLINKS:
        assert failures[name] == "a symbolic link; not followed (name the file it points to)", name
    assert failures["pipe.txt"] == "not a regular file (a named pipe); not read"


def test_a_link_or_fifo_named_directly_is_refused_too(planted: Path) -> None:
    named = [planted / "pw.txt", planted / "linked_dir", planted / "pipe.txt", planted / "a_good.txt"]
    report = _read_bounded(named, planted / "pipe.txt")
    assert [Path(a.path or "").name for a in report.articles] == ["a_good.txt"]
    assert [Path(f.path).name for f in report.failures] == ["pw.txt", "linked_dir", "pipe.txt"]
    assert "hunter2" not in repr(report)


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        with pytest.raises(ArticleReadError, match=r"not a regular file \(a socket\)"):
            read_file(path)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [1_000, 5_000, 100_000])
def test_deeply_nested_json_is_one_clear_failure_and_the_rest_of_the_folder_loads(tmp_path: Path, depth: int) -> None:
    (tmp_path / "a_good.txt").write_text(f"Title: Good\n\n{BODY}\n")
    (tmp_path / "deep.json").write_text(_nested(depth))
    (tmp_path / "deep_field.json").write_text(json.dumps({"text": BODY})[:-1] + ', "x": ' + _nested(depth) + "}")
    lines = [json.dumps({"text": BODY, "title": "first"}), _nested(depth), json.dumps({"text": BODY, "title": "last"})]
    (tmp_path / "lines.jsonl").write_text("\n".join(lines) + "\n")
    report = read_paths([tmp_path])
    assert [a.title for a in report.articles] == ["Good", "first", "last"]
    failures = {Path(f.path).name: f.reason for f in report.failures}
    assert failures.keys() == {"deep.json", "deep_field.json", "lines.jsonl:2"}
    assert all("nested too deeply" in reason for reason in failures.values()), failures


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", [[["x"]]]),
        ("title", 5),
        ("source", {"a": 1}),
        ("url", ["u"]),
        ("language", 1),
        ("published", {"y": 2025}),
    ],
)
def test_a_json_record_with_a_non_text_field_is_refused_alone(tmp_path: Path, field: str, value: object) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"text": BODY, field: value}, {"text": BODY, "title": "fine"}]))
    report = read_file(path)
    assert [a.title for a in report.articles] == ["fine"]
    (failure,) = report.failures
    assert failure.path == f"{path}[0]" and f"'{field}' must be a string" in failure.reason


@pytest.mark.parametrize("run", ["$" * 10_000, "—" * 300, "«»" * 101, "!?" * 5_000 + "$"])
def test_a_long_run_of_punctuation_is_refused_before_any_parsing(tmp_path: Path, run: str) -> None:
    (tmp_path / "a_good.txt").write_text(f"Title: Good\n\n{BODY}\n")
    (tmp_path / "junk.txt").write_text(f"Title: Junk\n\n{BODY} {run} {BODY}\n")
    (tmp_path / "junk.jsonl").write_text(
        json.dumps({"text": BODY}) + "\n" + json.dumps({"text": f"{BODY} {run}"}) + "\n"
    )
    report = read_paths([tmp_path])
    assert sorted(Path(a.path or "").name for a in report.articles) == ["a_good.txt", "junk.jsonl:1"]
    failures = {Path(f.path).name: f.reason for f in report.failures}
    assert failures.keys() == {"junk.txt", "junk.jsonl:2"}
    assert all(f"{len(run):,} punctuation characters in a row" in reason for reason in failures.values())


def test_separator_lines_and_ellipses_are_prose_enough(tmp_path: Path) -> None:
    path = tmp_path / "separators.md"
    path.write_text(
        f"# Title\n\n{BODY}\n\n{'-' * 200}\n\n{BODY}... (see: https://example.org/a/b?c=d&e=f) {'*' * 80}\n"
    )
    (article,) = read_file(path).articles
    assert article.title == "Title"
