"""Memory: peak RSS of `peacegraph load` (streaming) at growing corpus sizes.

The loading command runs as a subprocess on a fresh embedded server; its own
peak resident set size comes from ``wait4`` (the server is another process,
whose peak is read from /proc). A streaming load holds one transaction's
articles at a time, so its peak should not grow with the corpus.

    python -m benchmarks.bench_memory --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks.harness import corpus, fresh_server, load, machine, process_peak_rss_mb, say


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    say(f"# memory of peacegraph load\nmachine: {machine()}")
    results = []
    for articles in [int(x) for x in args.sizes.split(",") if x]:
        path = corpus(articles)
        with fresh_server("memory") as running:
            run = load(running, path)
            pid = running.server_pid()
            server = process_peak_rss_mb(pid) if pid else None
        file_mb = path.stat().st_size / 2**20
        say(f"{articles:>7} articles ({file_mb:,.0f} MiB of JSONL, {run.rows:,} rows): loader peak RSS "
            f"{run.max_rss_mb:,.0f} MiB, server peak RSS {server or 0:,.0f} MiB")  # fmt: skip
        results.append({"articles": articles, "jsonl_mb": file_mb, "rows": run.rows,
                        "loader_peak_rss_mb": run.max_rss_mb, "server_peak_rss_mb": server})  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
