"""API latency: p50/p99 of the main read endpoints with 16 concurrent clients.

The API runs as it is deployed (``uvicorn api.app:create_app``, two workers
on this two-core machine) against a graph server; each endpoint is measured on
its own: 16 client threads with keep-alive connections send requests for it
(ids drawn from the synthetic corpus: its most mentioned actors and a tail of
rare ones) until ``--requests`` are done or ``--cap`` seconds pass, after a
warm-up. Latency is measured at the client, so it includes HTTP and JSON.
Endpoints not in the app's OpenAPI document are skipped and said so.

    python -m benchmarks.bench_api --articles 10000
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from benchmarks.harness import ROOT, Running, corpus, fresh_server, load, machine, percentile, say
from benchmarks.synth import pools
from peacegraph.graph.embedded import free_port

CLIENTS = 16
TIMEOUT = 120.0  # seconds a request may take; slower ones count as errors
TARGET_P99_MS = 100.0


@dataclass
class Latency:
    endpoint: str
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    seconds: float

    @property
    def meets_target(self) -> bool:
        return self.errors == 0 and self.p99_ms < TARGET_P99_MS


@contextmanager
def api_server(running: Running, workers: int = 2) -> Iterator[str]:
    """The REST API over the running graph server; yields its base URL."""
    port = free_port()
    env = running.env | {"PEACEGRAPH_API_PORT": str(port)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "peacegraph.api.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/health", timeout=30).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the API did not come up:\n{stderr[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _present(path: Path, lines: int = 3000) -> dict[str, list[str]]:
    """Entity ids by type from the first ``lines`` articles of the corpus, most mentioned first."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8") as handle:
        for line in itertools.islice(handle, lines):
            for entity in json.loads(line)["entities"]:
                counts[entity["type"]][entity["id"]] += 1
    return {kind: [entity_id for entity_id, _ in counter.most_common()] for kind, counter in counts.items()}


def _head_and_tail(ids: list[str], head: int, tail: int, rng: random.Random) -> list[str]:
    rest = ids[head:]
    return ids[:head] + rng.sample(rest, min(tail, len(rest)))


def request_sets(paths: set[str], corpus_path: Path) -> dict[str, list[str]]:
    """URLs per endpoint (only those the app has), on entities the loaded corpus holds."""
    rng = random.Random(8)
    present = _present(corpus_path)
    actors = (
        _head_and_tail(present.get("Country", []), 4, 4, rng)
        + _head_and_tail(present.get("Person", []), 6, 10, rng)
        + _head_and_tail(present.get("Organization", []), 2, 4, rng)
    )
    places = _head_and_tail(present.get("Place", []), 5, 5, rng)
    plans = present.get("Plan", [])
    names = [e.name for slot in ("P", "L", "O") for e in pools(1).by_slot[slot].entities[:200]]
    terms = sorted({name.split()[-1][:5].lower() for name in names})
    wanted: dict[str, tuple[str, list[str]]] = {
        "actor stances": ("/actors/{actor_id}/stances", [f"/actors/{quote(a)}/stances?limit=50" for a in actors]),
        "plan matrix": ("/plans/{plan_id}/matrix", [f"/plans/{quote(p)}/matrix" for p in plans]),
        "neighborhood depth 2": (
            "/graph/neighborhood/{node_id}",
            [f"/graph/neighborhood/{quote(n)}?depth=2" for n in actors + places],
        ),
        "search": ("/search", [f"/search?q={quote(t)}" for t in rng.sample(terms, min(40, len(terms)))]),
        "timeline": (
            "/timeline",
            ["/timeline?limit=100"] + [f"/timeline?actor={quote(a)}&limit=100" for a in actors[:10]],
        ),
        "node": ("/nodes/{node_id}", [f"/nodes/{quote(n)}?limit=100" for n in actors + places]),
    }
    return {name: urls for name, (path, urls) in wanted.items() if path in paths}


def _get(http: httpx.Client, url: str) -> bool:
    """GET ``url``; False on an error status or a timeout (which then counts at its full length)."""
    try:
        return http.get(url).status_code == 200
    except httpx.TimeoutException:
        return False


def measure(base: str, name: str, urls: list[str], requests: int, cap: float) -> Latency:
    """``requests`` GETs of ``urls`` from 16 threads at once (or what ``cap`` seconds allow)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(10**9))
    deadline = time.monotonic() + cap

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=TIMEOUT) as http:
            for url in rng.sample(urls, 1):  # warm-up, not counted
                _get(http, url)
            while time.monotonic() < deadline:
                with lock:
                    if next(counter) >= requests:
                        return
                url = rng.choice(urls)
                started = time.perf_counter()
                ok = _get(http, url)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if not latencies:
        return Latency(name, 0, errors[0], float("nan"), float("nan"), seconds)
    return Latency(name, len(latencies), errors[0], percentile(latencies, 50), percentile(latencies, 99), seconds)


def _with_cursor_pages(base: str, sets: dict[str, list[str]]) -> dict[str, list[str]]:
    """``sets`` with "actor stances, cursor page" after "actor stances": the second page of each actor's
    stances (its first page's ``next``), where there is one."""
    second = []
    with httpx.Client(base_url=base, timeout=TIMEOUT) as http:
        for url in sets["actor stances"]:
            cursor = http.get(url).json().get("next")
            if cursor:
                second.append(f"{url}&after={quote(cursor)}")
    ordered: dict[str, list[str]] = {}
    for name, urls in sets.items():
        ordered[name] = urls
        if name == "actor stances" and second:
            ordered["actor stances, cursor page"] = second
    return ordered


def measure_all(running: Running, corpus_path: Path, requests: int, cap: float) -> list[Latency]:
    """Latency of each endpoint the app has, on the graph of ``corpus_path`` loaded in ``running``."""
    with api_server(running) as base:
        paths = set(httpx.get(base + "/openapi.json", timeout=60).json()["paths"])
        sets = request_sets(paths, corpus_path)
        if "actor stances" in sets:
            sets = _with_cursor_pages(base, sets)
        for missing in {"actor stances", "plan matrix", "neighborhood depth 2", "search", "timeline"} - set(sets):
            say(f"  ({missing}: no such endpoint in this app, skipped)")
        results = []
        for name, urls in sets.items():
            result = measure(base, name, urls, requests, cap)
            results.append(result)
            say(
                f"  {name:22s} p50 {result.p50_ms:8.1f} ms  p99 {result.p99_ms:8.1f} ms  "
                f"({result.requests} requests, {result.errors} errors, {result.seconds:.0f}s)"
            )
    return results


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000, help="synthetic corpus size to load first")
    parser.add_argument("--requests", type=int, default=640, help="requests per endpoint")
    parser.add_argument("--cap", type=float, default=90.0, help="seconds per endpoint at most")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--reuse", metavar="NAME", help="measure the graph kept in WORK/NAME (e.g. scaling-100000)")
    args = parser.parse_args(argv)
    say(f"# API latency, {CLIENTS} concurrent clients, {args.articles} articles\nmachine: {machine()}")
    path = corpus(args.articles)
    name = args.reuse or "api"
    with fresh_server(name, keep=bool(args.reuse), reuse=bool(args.reuse)) as running:
        if not args.reuse:
            loaded = load(running, path)
            say(f"loaded {loaded.articles} articles ({loaded.rows:,} rows) in {loaded.seconds:.0f}s")
        results = measure_all(running, path, args.requests, args.cap)
    figures = [vars(r) | {"meets_target": r.meets_target} for r in results]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return figures


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
