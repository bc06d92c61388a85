"""Every benchmark in one go: `peacegraph bench` (small sizes) or `peacegraph bench --full`.

The small run is sized to finish in under ten minutes on a quiet two-core
machine; ``--full`` runs the sizes of ``benchmarks/RESULTS.md`` (10k and 100k
articles; it takes hours on such a machine). Figures are printed as they come
and saved as JSON under ``--out``.

    python -m benchmarks.run_all [--full] [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks import bench_extract, bench_load, bench_memory, bench_scaling
from benchmarks.harness import WORK, machine, say

QUICK = {
    "load": ["--sweep-articles", "300", "--batch-sizes", "500,2000,10000", "--repeats", "1",
             "--naive-articles", "100", "--naive-cap", "20", "--naive-base", "1000", "--sizes", ""],
    "scaling": ["--sizes", "300,3000", "--requests", "64", "--cap", "10"],
    "memory": ["--sizes", "300,3000"],
    "extract": ["--articles", "100", "--batch", "25"],
}  # fmt: skip
FULL = {
    "load": ["--sweep-articles", "1000", "--repeats", "3", "--naive-articles", "500", "--naive-cap", "60",
             "--naive-base", "10000", "--sizes", ""],
    "scaling": ["--sizes", "1000,10000,100000", "--requests", "320", "--cap", "60", "--keep-largest"],
    "memory": ["--sizes", "1000,10000"],
    "extract": ["--articles", "2000", "--batch", "100"],
}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the full sizes (hours)")
    parser.add_argument("--out", type=Path, default=WORK / "results")
    args = parser.parse_args(argv)
    plan = FULL if args.full else QUICK
    args.out.mkdir(parents=True, exist_ok=True)
    say(f"peacegraph benchmarks ({'full' if args.full else 'small'} sizes), results in {args.out}\n{machine()}\n")
    started = time.perf_counter()
    bench_load.main([*plan["load"], "--json", str(args.out / "load.json")])
    say("")
    bench_scaling.main([*plan["scaling"], "--json", str(args.out / "scaling.json"),
                        "--plot", str(args.out / "scaling.png")])  # fmt: skip
    say("")
    bench_memory.main([*plan["memory"], "--json", str(args.out / "memory.json")])
    say("")
    bench_extract.main([*plan["extract"], "--json", str(args.out / "extract.json")])
    say(f"\nall benchmarks: {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
