"""Extraction throughput: words/s of peacegraph's extractor against bare spaCy on the same texts.

The corpus is synthetic (``benchmarks.synth``: seed sentences recombined with
other names, places and dates). Three ways of processing it are measured
side by side in one process, batch by batch (``--batch`` articles; the order
of the three rotates from batch to batch), so a machine whose load drifts
slows all three alike:

* bare spaCy: ``nlp.pipe`` of the extractor's own pipeline (``loaders.nlp``)
  over the bodies, nothing else;
* extractor, one process: ``extract_articles`` (parse plus mentions, dates,
  events, plan points, stances);
* extractor, N processes: an ``ExtractorPool`` of N spawned workers (what
  ``--workers N`` uses), started and warmed up before timing.

Model loading and worker start-up are not counted there (the start-up is
printed apart). ``peacegraph extract DIR --workers N`` is also timed end to
end, from interpreter start to the last JSON line. Ratios are per batch;
the figures are the medians over batches.

    python -m benchmarks.bench_extract --articles 2000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.harness import ROOT, WORK, machine, median, say
from benchmarks.synth import iter_articles, write_articles
from peacegraph.loaders.nlp import get_nlp
from peacegraph.loaders.parallel import ExtractorPool
from peacegraph.loaders.pipeline import default_extractor, extract_articles
from peacegraph.loaders.readers import RawArticle


def _articles(count: int) -> list[RawArticle]:
    return [
        RawArticle(body=a.body, published=date.fromisoformat(a.published.isoformat()), source=a.source)
        for a in iter_articles(count, seed=2)
    ]


def _run_cli(directory: Path, words: int, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "peacegraph.api.cli", "extract", str(directory), "--workers", str(workers)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=7200,
    )  # fmt: skip
    return words / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100, help="articles per side-by-side batch")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    articles = _articles(args.articles)
    words = sum(len(a.body.split()) for a in articles)
    say(f"# extraction throughput: {args.articles} synthetic articles, {words:,} words, batches of {args.batch}")
    say(f"machine: {machine()}")
    nlp = get_nlp()
    extractor = default_extractor()
    extractor.extract(articles[:1])
    started = time.perf_counter()
    with ExtractorPool(args.workers) as pool:
        pool.warm_up()
        say(f"worker start-up ({args.workers} processes, model loading included): {time.perf_counter() - started:.1f}s")

        def bare(batch: list[RawArticle]) -> None:
            for _ in nlp.pipe((a.body for a in batch), batch_size=16):
                pass

        def single(batch: list[RawArticle]) -> None:
            for _ in extract_articles(batch, extractor):
                pass

        def parallel(batch: list[RawArticle]) -> None:
            for _ in pool.extract(batch):
                pass

        modes = {"bare": bare, "extract": single, "parallel": parallel}
        seconds: dict[str, list[float]] = {name: [] for name in modes}
        batch_words: list[int] = []
        for number, start in enumerate(range(0, len(articles), args.batch)):
            batch = articles[start : start + args.batch]
            batch_words.append(sum(len(a.body.split()) for a in batch))
            names = list(modes)
            for name in names[number % 3 :] + names[: number % 3]:
                began = time.perf_counter()
                modes[name](batch)
                seconds[name].append(time.perf_counter() - began)
    rates = {name: words / sum(times) for name, times in seconds.items()}
    ratios = {
        f"{name}_vs_bare": median([b / t for b, t in zip(seconds["bare"], seconds[name], strict=True)])
        for name in ("extract", "parallel")
    }
    directory = WORK / f"articles-{args.articles}"
    if not directory.exists():
        partial = directory.with_name(f"{directory.name}.{os.getpid()}.partial")
        write_articles(partial, args.articles, seed=2)
        partial.rename(directory)
    cli = _run_cli(directory, words, args.workers)
    say(f"bare spaCy nlp.pipe:               {rates['bare']:>9,.0f} words/s")
    say(f"extractor, 1 process:              {rates['extract']:>9,.0f} words/s, "
        f"median batch ratio {ratios['extract_vs_bare']:.2f} of bare")  # fmt: skip
    say(f"extractor, {args.workers} processes:             {rates['parallel']:>9,.0f} words/s, "
        f"median batch ratio {ratios['parallel_vs_bare']:.2f} of bare (target >= 0.7)")  # fmt: skip
    say(f"peacegraph extract --workers {args.workers}:    {cli:>9,.0f} words/s end to end (start-up included)")
    figures = {"words": words, "articles": args.articles, "workers": args.workers, "cli": cli} | rates | ratios
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
