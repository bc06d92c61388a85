"""Drive the REST API with many concurrent clients on a graph of synthetic articles; print what it held.

    python -m benchmarks.load_api                       # 10,000 articles, 16 and 64 clients, 20 s each
    python -m benchmarks.load_api --articles 2000 --clients 8 --seconds 5
    python -m benchmarks.load_api --reuse --keep        # keep the loaded graph for the next run

The graph is written with ``GraphStore.write_extractions`` in batches on a fresh
embedded server (free ports, a temp dir); the API runs under uvicorn in a
process of its own on 127.0.0.1; each client is a thread with its own HTTP
connection, looping over a mix of read endpoints for a bounded time. Every
answer other than 2xx counts as an error. Traffic stays on loopback.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, LiteralString

import httpx

from benchmarks.harness import ROOT, Running, fresh_server
from benchmarks.synth import iter_articles
from peacegraph.graph import reads
from peacegraph.graph.embedded import free_port
from peacegraph.graph.model import Extraction, Label

# (weight, method, path template, json body); {actor}, {plan}, {article}, {place} are filled per request.
MIX: list[tuple[int, str, str]] = [
    (3, "GET", "/articles?limit=20"),
    (3, "GET", "/search?q={name}&limit=10"),
    (3, "GET", "/nodes/{actor}?limit=50"),
    (3, "GET", "/actors?limit=20"),
    (3, "GET", "/actors/{actor}/stances?limit=20"),
    (2, "GET", "/plans"),
    (2, "GET", "/plans/{plan}/matrix"),
    (2, "GET", "/timeline?limit=50"),
    (2, "GET", "/graph/neighborhood/{actor}?depth=1&limit=100"),
    (1, "GET", "/articles/{article}"),
    (1, "GET", "/health"),
]


@dataclass
class Round:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    by_path: dict[str, list[float]] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def load_graph(running: Running, articles: int, batch: int) -> float:
    """Write ``articles`` synthetic articles (unless already there); return the seconds it took."""
    present = reads.count(running.store, Label.ARTICLE)
    if present >= articles:
        print(f"graph already holds {present:,} articles")
        return 0.0
    started = time.perf_counter()
    stream = iter_articles(articles, seed=1)
    done = 0
    while chunk := list(islice(stream, batch)):
        running.store.write_extractions([Extraction.model_validate(a.extraction) for a in chunk])
        done += len(chunk)
        if done % (batch * 10) == 0:
            print(f"  {done:,} articles written ({time.perf_counter() - started:.0f}s)", flush=True)
    return time.perf_counter() - started


def samples(running: Running) -> dict[str, list[str]]:
    def read(query: LiteralString) -> list[dict[str, Any]]:
        records, _, _ = running.store.driver.execute_query(query, database_=running.store.database)
        return [record.data() for record in records]

    return {
        "actor": [r["id"] for r in read("MATCH (a:Actor) RETURN a.id AS id ORDER BY a.id LIMIT 300")],
        "plan": [r["id"] for r in read("MATCH (p:Plan) RETURN p.id AS id ORDER BY p.id LIMIT 20")],
        "article": [r["id"] for r in read("MATCH (a:Article) RETURN a.id AS id ORDER BY a.id LIMIT 300")],
        "name": ["putin", "zelensk", "trump", "kyiv", "nato", "witkoff", "european", "moscow"],
    }


def start_api(running: Running, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "peacegraph.api.app:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=running.env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=30).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("the API did not come up")


def run_round(base: str, clients: int, seconds: float, pool: dict[str, list[str]]) -> Round:
    result = Round(clients, seconds)
    lock = threading.Lock()
    weights = [w for w, _, _ in MIX]
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(number)
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.monotonic() < stop_at:
                _, method, template = rng.choices(MIX, weights)[0]
                path = template.format(**{k: rng.choice(v) for k, v in pool.items()})
                started = time.perf_counter()
                try:
                    status = http.request(method, path).status_code
                    problem = None if status < 400 else f"{status} {template}"
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__} {template}"
                elapsed = time.perf_counter() - started
                with lock:
                    result.latencies.append(elapsed)
                    result.by_path.setdefault(template, []).append(elapsed)
                    if problem:
                        result.errors[problem] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200, help="articles per write transaction")
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--skip", nargs="*", default=[], help="leave out endpoints whose path contains these")
    parser.add_argument("--keep", action="store_true", help="keep the server's data afterwards")
    parser.add_argument("--reuse", action="store_true", help="start from the data a --keep run left")
    args = parser.parse_args(argv)
    MIX[:] = [entry for entry in MIX if not any(part in entry[2] for part in args.skip)]

    with fresh_server("load-api", keep=args.keep, reuse=args.reuse) as running:
        load_seconds = load_graph(running, args.articles, args.batch)
        counts = reads.counts(running.store)
        print(f"graph: {counts.by_label.get('Article', 0):,} articles, {counts.nodes:,} nodes, "
              f"{counts.relationships:,} relationships (written in {load_seconds:.0f}s)")  # fmt: skip
        pool = samples(running)
        port = free_port()
        api = start_api(running, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=300) as warm:  # fill caches, as a running service has them
                for _, method, template in MIX:
                    warm.request(method, template.format(**{k: v[0] for k, v in pool.items()}))
            rounds = [run_round(base, clients, args.seconds, pool) for clients in args.clients]
        finally:
            api.terminate()
            api.wait(timeout=30)
    print(f"\nload average of the machine at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'clients':>8} {'seconds':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for r in rounds:
        print(f"{r.clients:>8} {r.seconds:>8.0f} {r.requests:>9,} {r.requests / r.seconds:>8.1f} "
              f"{r.quantile(0.5):>8.1f} {r.quantile(0.99):>8.1f} {sum(r.errors.values()):>7}")  # fmt: skip
        for problem, count in r.errors.most_common(5):
            print(f"{'':>8} error: {count} x {problem}")
    print("\nper endpoint, last round (p50 / p99 ms, requests):")
    if rounds:
        for template, times in sorted(rounds[-1].by_path.items(), key=lambda kv: -statistics.median(kv[1])):
            ordered = sorted(times)
            p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
            print(f"  {template:<48} {statistics.median(ordered) * 1000:>8.1f} {p99 * 1000:>8.1f} {len(ordered):>7}")
    mean = statistics.fmean(r.requests / r.seconds for r in rounds) if rounds else 0.0
    print(f"\nmix: {', '.join(t for _, _, t in MIX)}; mean throughput {mean:.1f} req/s")


if __name__ == "__main__":
    main()
