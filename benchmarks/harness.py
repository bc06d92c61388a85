"""What every benchmark shares: a fresh embedded server, the CLI as a subprocess, sizes on disk, stats.

Each benchmark starts its own server on free ports in a temporary directory
and removes it afterwards, so runs never touch a developer's ``data/``.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from neo4j import GraphDatabase

from benchmarks.synth import write_jsonl
from peacegraph.graph.embedded import EmbeddedServer, free_port
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("PEACEGRAPH_BENCH_DIR", Path(tempfile.gettempdir()) / "peacegraph-bench"))
HEAP = os.environ.get("PEACEGRAPH_BENCH_HEAP", "2g")


@dataclass
class Running:
    """A started benchmark server: its settings (for the CLI and the API) and a store on it."""

    server: EmbeddedServer
    settings: Settings
    store: GraphStore

    @property
    def env(self) -> dict[str, str]:
        """Environment that points ``peacegraph`` (CLI or API) at this server."""
        env = dict(os.environ)
        env.pop("PEACEGRAPH_NEO4J_URI", None)
        env.update(
            PEACEGRAPH_DATA_DIR=str(self.settings.data_dir),
            PEACEGRAPH_BOLT_PORT=str(self.settings.bolt_port),
            PEACEGRAPH_HTTP_PORT=str(self.settings.http_port),
            PEACEGRAPH_SERVER_HEAP=HEAP,
            COLUMNS="160",
        )
        return env

    def server_pid(self) -> int | None:
        try:
            return int((self.settings.data_dir / "server.pid").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None


@contextmanager
def fresh_server(name: str, *, keep: bool = False, reuse: bool = False) -> Iterator[Running]:
    """An embedded server in ``WORK/name`` with the schema in place: empty (wiped first) unless
    ``reuse``; its data is removed afterwards unless ``keep``."""
    # Per process unless kept: several people may run benchmarks on one machine at once.
    data_dir = WORK / (name if keep or reuse else f"{name}-{os.getpid()}")
    if not reuse:
        shutil.rmtree(data_dir, ignore_errors=True)
    settings = Settings(
        data_dir=data_dir,
        bolt_port=free_port(),
        http_port=free_port(),
        neo4j_uri=None,
        server_heap=HEAP,
        _env_file=None,  # type: ignore[call-arg]
    )
    server = EmbeddedServer.from_settings(settings)
    server.start(timeout=180)
    driver = GraphDatabase.driver(server.bolt_url, auth=("root", server.password))
    store = GraphStore(driver, settings.database(), batch_size=settings.batch_size)
    try:
        store.ensure_schema()
        yield Running(server, settings, store)
    finally:
        store.close()
        server.stop()
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def corpus(articles: int, seed: int = 1) -> Path:
    """The synthetic extraction JSONL of ``articles`` articles, generated once and kept in ``WORK``."""
    path = WORK / f"synthetic-{articles}-seed{seed}.jsonl"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.partial")
        write_jsonl(partial, articles, seed)
        partial.rename(path)
    return path


@dataclass
class CliRun:
    seconds: float  # wall time of the whole command, interpreter start included
    max_rss_mb: float  # peak resident set size of the command's process
    stdout: str
    stderr: str


def run_cli(running: Running, *args: str, timeout: float = 7200) -> CliRun:
    """Run ``peacegraph ARGS`` against the server; its wall time and its own peak RSS (``wait4``)."""
    started = time.perf_counter()
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
    ):
        process = subprocess.Popen(
            [sys.executable, "-m", "peacegraph.api.cli", *args], cwd=ROOT, env=running.env, stdout=out, stderr=err
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise TimeoutError(f"peacegraph {' '.join(args)} ran past {timeout:.0f}s")
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"peacegraph {' '.join(args)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return CliRun(seconds, usage.ru_maxrss / 1024, stdout, stderr)


_LOADED = re.compile(r"(\d+) article\(s\), (\d+) rows loaded in ([\d.]+)s")


@dataclass
class LoadRun:
    articles: int
    rows: int
    seconds: float  # the load itself, as the command reports it (no interpreter start)
    wall: float
    max_rss_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def load(running: Running, path: Path, batch_size: int | None = None) -> LoadRun:
    """``peacegraph load PATH`` against the server."""
    args = ["load", str(path)] + (["--batch-size", str(batch_size)] if batch_size else [])
    run = run_cli(running, *args)
    match = _LOADED.search(" ".join(run.stdout.split()))
    if match is None:
        raise RuntimeError(f"no summary in the output of peacegraph load:\n{run.stdout[-1000:]}")
    return LoadRun(int(match[1]), int(match[2]), float(match[3]), run.seconds, run.max_rss_mb)


def disk_bytes(path: Path) -> int:
    """Bytes the files under ``path`` take on disk (as ``du`` counts them)."""
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())


def process_peak_rss_mb(pid: int) -> float | None:
    """Peak resident set size (VmHWM) of a running process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """One line naming the machine, for RESULTS.md."""
    cpu = platform.processor() or "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (FileNotFoundError, StopIteration):
        mem_kb = 0
    load1 = os.getloadavg()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}, "
        f"load average {load1:.2f} at start, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def say(text: str) -> None:
    """Print a result line at once (benchmarks are scripts: printing their figures is their job)."""
    print(text, flush=True)
