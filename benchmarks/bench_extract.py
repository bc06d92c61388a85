"""Extraction throughput: words/s of peacegraph's extractor against bare spaCy on the same texts.

The corpus is synthetic (``benchmarks.synth``: seed sentences recombined with
other names, places and dates). Measured side by side in each repetition,
each in a fresh process so no one inherits another's warm caches:

* bare spaCy: ``nlp.pipe`` of the extractor's own pipeline (``loaders.nlp``)
  over the bodies, nothing else; model loading not counted;
* extractor, one process: ``extract_articles`` (parse plus mentions, dates,
  events, plan points, stances), model loading not counted;
* extractor, N processes: ``extract_parallel(workers=N)``, worker start-up
  and model loading counted (that is what a user waits for);
* ``peacegraph extract DIR --workers N``: the command end to end, from
  interpreter start to the last JSON line (reading files, printing JSON).

    python -m benchmarks.bench_extract --articles 2000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import ROOT, WORK, machine, median, say
from benchmarks.synth import iter_articles, write_articles

_MODES = ("bare", "extract", "parallel")


def _texts(articles: int) -> list[tuple[str, str, str]]:
    return [(a.body, a.published.isoformat(), a.source) for a in iter_articles(articles, seed=2)]


def _child(mode: str, articles: int, workers: int) -> None:
    """Runs in a fresh interpreter: time one mode, print {"seconds": ..., "words": ...}."""
    from datetime import date

    from loaders.nlp import get_nlp
    from loaders.parallel import extract_parallel
    from loaders.pipeline import default_extractor, extract_articles
    from loaders.readers import RawArticle

    texts = _texts(articles)
    words = sum(len(body.split()) for body, _, _ in texts)
    raws = [RawArticle(body=b, published=date.fromisoformat(p), source=s) for b, p, s in texts]
    if mode == "bare":
        nlp = get_nlp()
        list(nlp.pipe([raws[0].body]))
        started = time.perf_counter()
        for _ in nlp.pipe((r.body for r in raws), batch_size=16):
            pass
    elif mode == "extract":
        extractor = default_extractor()
        extractor.extract(raws[:1])
        started = time.perf_counter()
        for _ in extract_articles(raws, extractor):
            pass
    else:
        started = time.perf_counter()
        for _ in extract_parallel(raws, workers=workers):
            pass
    print(json.dumps({"seconds": time.perf_counter() - started, "words": words}))


def _run_child(mode: str, articles: int, workers: int) -> float:
    """Words/s of ``mode`` measured in a fresh interpreter."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_extract", "--child", mode, "--articles", str(articles),
         "--workers", str(workers)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=7200,
    ).stdout  # fmt: skip
    figures = json.loads(output.strip().splitlines()[-1])
    return float(figures["words"] / figures["seconds"])


def _run_cli(directory: Path, words: int, workers: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "api.cli", "extract", str(directory), "--workers", str(workers)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=7200,
    )  # fmt: skip
    return words / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", choices=_MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.articles, args.workers)
        return {}
    directory = WORK / f"articles-{args.articles}"
    if not directory.exists():
        partial = directory.with_name(f"{directory.name}.{os.getpid()}.partial")
        write_articles(partial, args.articles, seed=2)
        partial.rename(directory)
    words = sum(len(body.split()) for body, _, _ in _texts(args.articles))
    say(f"# extraction throughput: {args.articles} synthetic articles, {words:,} words, median of {args.repeats}")
    say(f"machine: {machine()}")
    rates: dict[str, list[float]] = {"bare": [], "extract": [], "parallel": [], "cli": []}
    for repeat in range(args.repeats):
        rates["bare"].append(_run_child("bare", args.articles, 1))
        rates["extract"].append(_run_child("extract", args.articles, 1))
        rates["parallel"].append(_run_child("parallel", args.articles, args.workers))
        rates["cli"].append(_run_cli(directory, words, args.workers))
        say(f"  repeat {repeat + 1}: " + ", ".join(f"{k} {v[-1]:,.0f}" for k, v in rates.items()) + " words/s")
    result = {name: median(values) for name, values in rates.items()}
    ratios = {
        "extract_vs_bare": median([e / b for e, b in zip(rates["extract"], rates["bare"], strict=True)]),
        "parallel_vs_bare": median([p / b for p, b in zip(rates["parallel"], rates["bare"], strict=True)]),
        "cli_vs_bare": median([c / b for c, b in zip(rates["cli"], rates["bare"], strict=True)]),
    }
    say(f"bare spaCy nlp.pipe:                {result['bare']:>9,.0f} words/s")
    say(f"extractor, 1 process:               {result['extract']:>9,.0f} words/s "
        f"= {ratios['extract_vs_bare']:.2f} of bare")  # fmt: skip
    say(f"extractor, {args.workers} processes:              {result['parallel']:>9,.0f} words/s "
        f"= {ratios['parallel_vs_bare']:.2f} of bare (target >= 0.7)")  # fmt: skip
    say(f"peacegraph extract --workers {args.workers}:     {result['cli']:>9,.0f} words/s "
        f"= {ratios['cli_vs_bare']:.2f} of bare (end to end)")  # fmt: skip
    figures = {"words": words, "articles": args.articles, "workers": args.workers} | result | ratios
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
