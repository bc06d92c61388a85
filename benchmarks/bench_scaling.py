"""Scaling curve: load time, size on disk, memory and API latency at growing corpus sizes.

For each size a fresh embedded server is loaded with ``peacegraph load`` of
the synthetic corpus (seed 1), then measured: the load's wall time and rows/s,
the peak RSS of the loading process (``wait4``) and of the server (VmHWM),
the bytes of the data directory (as ``du`` counts them), and the API latency
of ``bench_api``. Each size's figures are appended to ``--json`` as soon as
they exist, and ``--plot`` draws the curve from that file (log-log axes: a
straight line of slope 1 is linear growth).

    python -m benchmarks.bench_scaling --sizes 1000,10000 --json /tmp/s.json --plot /tmp/s.png
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from benchmarks.bench_api import measure_all
from benchmarks.harness import corpus, disk_bytes, fresh_server, load, machine, process_peak_rss_mb, say


def measure_size(articles: int, *, requests: int, cap: float, keep: bool) -> dict[str, Any]:
    path = corpus(articles)
    with fresh_server(f"scaling-{articles}", keep=keep) as running:
        run = load(running, path)
        disk = disk_bytes(running.settings.data_dir / "databases")
        pid = running.server_pid()
        server_rss = process_peak_rss_mb(pid) if pid else None
        say(
            f"{articles:>7} articles: {run.rows:,} rows in {run.seconds:.1f}s ({run.rows_per_second:,.0f} rows/s), "
            f"{disk / 2**20:.0f} MiB on disk, loader peak RSS {run.max_rss_mb:.0f} MiB, "
            f"server peak RSS {server_rss or 0:.0f} MiB"
        )
        latencies = measure_all(running, path, requests, cap)
    return {
        "articles": articles,
        "rows": run.rows,
        "load_seconds": run.seconds,
        "rows_per_second": run.rows_per_second,
        "disk_bytes": disk,
        "loader_peak_rss_mb": run.max_rss_mb,
        "server_peak_rss_mb": server_rss,
        "latency": {
            r.endpoint: {"p50_ms": r.p50_ms, "p99_ms": r.p99_ms, "requests": r.requests, "errors": r.errors}
            for r in latencies
        },
    }


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) on log(x): 1 is linear growth, below 1 sublinear."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def plot(results: list[dict[str, Any]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = sorted(results, key=lambda r: r["articles"])
    sizes = [r["articles"] for r in results]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    _plot_cost(axes[0], results)
    axes[1].plot(sizes, [r["rows_per_second"] for r in results], "o-")
    axes[1].set_title("load throughput (rows/s)")
    _plot_latency(axes[2], results)
    for axis in axes:
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("articles")
        axis.grid(True, which="both", alpha=0.3)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    say(f"plot: {out}")


def _plot_cost(axis: Any, results: list[dict[str, Any]]) -> None:
    """Load time, size on disk and the loader's memory per corpus size, and linear growth to compare."""
    sizes = [r["articles"] for r in results]
    axis.plot(sizes, [r["load_seconds"] for r in results], "o-", label="load time (s)")
    axis.plot(sizes, [r["disk_bytes"] / 2**20 for r in results], "s-", label="size on disk (MiB)")
    axis.plot(sizes, [r["loader_peak_rss_mb"] for r in results], "^-", label="loader peak RSS (MiB)")
    ideal = [results[0]["load_seconds"] * s / sizes[0] for s in sizes]
    axis.plot(sizes, ideal, ":", color="grey", label="linear from the first point")
    axis.set_title("ingest cost")


def _plot_latency(axis: Any, results: list[dict[str, Any]]) -> None:
    """p99 latency of each endpoint per corpus size, against the 100 ms target."""
    endpoints = sorted({name for r in results for name in r["latency"] if r["latency"][name]["requests"]})
    for name in endpoints:
        points = [(r["articles"], r["latency"][name]["p99_ms"]) for r in results if name in r["latency"]]
        axis.plot([p[0] for p in points], [p[1] for p in points], "o-", label=f"{name} p99")
    axis.axhline(100, color="red", linestyle="--", label="target p99 100 ms")
    axis.set_title("API latency, 16 concurrent clients (ms)")


def report(results: list[dict[str, Any]]) -> None:
    results = sorted(results, key=lambda r: r["articles"])
    if len(results) >= 2:
        for key, label in (("load_seconds", "load time"), ("disk_bytes", "size on disk")):
            say(f"growth exponent of {label}: {slope([(r['articles'], r[key]) for r in results]):.2f} (1 = linear)")


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=320, help="requests per endpoint and size")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per endpoint at most")
    parser.add_argument("--json", type=Path, help="append each size's figures here (and plot all of them)")
    parser.add_argument("--plot", type=Path, help="draw the curve of the figures in --json to this PNG")
    parser.add_argument("--keep-largest", action="store_true", help="keep the largest graph for later runs")
    parser.add_argument("--plot-only", action="store_true", help="only draw --json to --plot")
    args = parser.parse_args(argv)
    results: list[dict[str, Any]] = []
    if args.json and args.json.exists():
        results = json.loads(args.json.read_text(encoding="utf-8"))
    if not args.plot_only:
        say(f"# scaling\nmachine: {machine()}")
        sizes = [int(x) for x in args.sizes.split(",") if x]
        for articles in sizes:
            figures = measure_size(
                articles, requests=args.requests, cap=args.cap, keep=args.keep_largest and articles == max(sizes)
            )
            figures["machine"] = machine()
            results = [r for r in results if r["articles"] != articles] + [figures]
            if args.json:
                args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    report(results)
    if args.plot and results:
        plot(results, args.plot)
    return results


if __name__ == "__main__":
    main()
