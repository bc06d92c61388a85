"""Load throughput: rows/s of `peacegraph load` against naive per-row loops, and a batch-size sweep.

Rows are what an extraction writes: its article and entity nodes plus its
relations and links (``Extraction.size``). Every figure is the
median of ``--repeats`` runs, each on a fresh embedded server; the naive loops
and the bulk load of the same sample run side by side in each repetition, so
their ratio is not skewed by the machine's load drifting between them.

Baselines, both through the same neo4j driver:

* naive MERGE: one auto-commit statement per row, ``MERGE`` by id with the
  node's full label set (as the graph model prescribes), edges ``MERGE``d by
  their key: what a first loader looks like.
* per-row: the loader's own index-friendly statements, one row per statement,
  one transaction per article (``GraphStore`` with ``batch_size=1``): what is
  left of the gain once the query shapes are right.

The naive loops are slow, so they run on a small sample with a time cap and
report the rows/s they reached.

    python -m benchmarks.bench_load --sweep-articles 1000 --sizes 10000
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.harness import WORK, Running, corpus, fresh_server, load, machine, median, say
from benchmarks.synth import iter_articles
from peacegraph.graph.bulk import read_jsonl
from peacegraph.graph.model import Extraction, Label, label_for_id
from peacegraph.graph.store import GraphStore

# The baseline under test, not product code: product Cypher lives in graph/queries.py.
_NAIVE_NODE = "MERGE (n{labels} {{id: $id}}) SET n += $props"
_NAIVE_STANCE = (
    "MATCH (s:{source} {{id: $source}}) MATCH (t:{target} {{id: $target}}) "
    "MERGE (s)-[r:{type} {{article: $article, start: $start}}]->(t) SET r += $props"
)
_NAIVE_LINK = (
    "MATCH (s:{source} {{id: $source}}) MATCH (t:{target} {{id: $target}}) MERGE (s)-[r:{type}]->(t) SET r += $props"
)


def _label(node_id: str) -> Label:
    label = label_for_id(node_id)
    if label is None:
        raise ValueError(node_id)
    return label


def _naive_statements(extraction: Extraction) -> list[tuple[str, dict[str, Any]]]:
    statements: list[tuple[str, dict[str, Any]]] = []
    if extraction.article is not None:
        props = extraction.article.model_dump(mode="json", exclude={"id"}, exclude_none=True)
        statements.append((_NAIVE_NODE.format(labels=":Article"), {"id": extraction.article.id, "props": props}))
    for entity in extraction.entities:
        labels = "".join(":" + label.value for label in entity.type.labels)
        props = entity.node_properties() | {"aliases": entity.aliases}
        statements.append((_NAIVE_NODE.format(labels=labels), {"id": entity.id, "props": props}))
    for relation in extraction.relations:
        query = _NAIVE_STANCE.format(
            source=_label(relation.source).value, target=_label(relation.target).value, type=relation.type.value
        )
        article = relation.article or (extraction.article.id if extraction.article else "")
        params = {"source": relation.source, "target": relation.target, "article": article, "start": relation.start}
        statements.append((query, params | {"props": relation.edge_properties() | {"article": article}}))
    for link in extraction.links:
        query = _NAIVE_LINK.format(
            source=_label(link.source).value, target=_label(link.target).value, type=link.type.value
        )
        statements.append((query, {"source": link.source, "target": link.target, "props": link.edge_properties()}))
    return statements


def naive_merge(running: Running, path: Path, articles: int, cap: float) -> tuple[float, int]:
    """(rows/s, rows) of one auto-commit MERGE per row, over at most ``articles`` articles or ``cap`` s."""
    driver, database = running.store.driver, running.store.database
    rows = 0
    started = time.perf_counter()
    for extraction, _ in itertools.islice(read_jsonl(path), articles):
        for query, params in _naive_statements(extraction):
            driver.execute_query(query, params, database_=database)  # type: ignore[arg-type]
        rows += sum(extraction.size())
        if time.perf_counter() - started > cap:
            break
    return rows / (time.perf_counter() - started), rows


def per_row(running: Running, path: Path, articles: int, cap: float) -> tuple[float, int]:
    """(rows/s, rows) of the loader's statements with one row each, one transaction per article."""
    store = GraphStore(running.store.driver, running.store.database, batch_size=1)
    rows = 0
    started = time.perf_counter()
    for extraction, _ in itertools.islice(read_jsonl(path), articles):
        store.write_extraction(extraction)
        rows += sum(extraction.size())
        if time.perf_counter() - started > cap:
            break
    return rows / (time.perf_counter() - started), rows


def sample(path: Path, articles: int) -> Path:
    """The first ``articles`` lines of ``path`` as a file of their own."""
    out = path.with_name(f"{path.stem}-first{articles}.jsonl")
    if not out.exists():
        with path.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as target:
            target.writelines(itertools.islice(source, articles))
    return out


def continuation(base: int, articles: int) -> Path:
    """Articles ``base`` to ``base + articles`` of the corpus: what arrives after ``base`` are loaded."""
    path = WORK / f"synthetic-seed1-from{base}-n{articles}.jsonl"
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with partial.open("w", encoding="utf-8") as handle:
            for article in iter_articles(articles, seed=1, start=base):
                handle.write(json.dumps(article.extraction, ensure_ascii=False) + "\n")
        partial.rename(path)
    return path


@contextmanager
def server_on(base_dir: Path | None, name: str) -> Iterator[Running]:
    """A fresh empty server, or one on a copy of the stopped graph in ``base_dir``."""
    if base_dir is None:
        with fresh_server(name) as running:
            yield running
        return
    copy = f"{name}-{os.getpid()}"
    shutil.rmtree(WORK / copy, ignore_errors=True)
    shutil.copytree(base_dir, WORK / copy, ignore=shutil.ignore_patterns("server.pid", "server.log"))
    with fresh_server(copy, reuse=True) as running:
        yield running


def compare_naive(articles: int, cap: float, repeats: int, batch_size: int | None, base: int = 0) -> dict[str, float]:
    """Side by side on the same sample: naive MERGE, per-row, and `peacegraph load`.

    With ``base``, each runs on a copy of a graph that already holds ``base``
    articles (a corpus in use), and the sample is the ``articles`` that follow.
    """
    base_dir: Path | None = None
    if base:
        name = f"naive-base{base}"
        with fresh_server(name, keep=True) as running:
            load(running, corpus(base), batch_size)
        base_dir = WORK / name
        path = continuation(base, articles)
    else:
        path = sample(corpus(max(articles, 1000)), articles)
    rates: dict[str, list[float]] = {"naive_merge": [], "per_row": [], "load": []}
    try:
        for repeat in range(repeats):
            with server_on(base_dir, "naive") as running:
                rate, rows = naive_merge(running, path, articles, cap)
                rates["naive_merge"].append(rate)
            with server_on(base_dir, "perrow") as running:
                rate_row, rows_row = per_row(running, path, articles, cap)
                rates["per_row"].append(rate_row)
            with server_on(base_dir, "bulk") as running:
                bulk = load(running, path, batch_size)
                rates["load"].append(bulk.rows_per_second)
            say(
                f"  repeat {repeat + 1}: naive MERGE {rate:,.0f} rows/s ({rows} rows), per-row {rate_row:,.0f} "
                f"rows/s ({rows_row} rows), load {bulk.rows_per_second:,.0f} rows/s ({bulk.rows} rows)"
            )
    finally:
        if base_dir is not None:
            shutil.rmtree(base_dir, ignore_errors=True)
    result = {name: median(values) for name, values in rates.items()}
    ratios = [b / n for b, n in zip(rates["load"], rates["naive_merge"], strict=True)]
    ratios_row = [b / n for b, n in zip(rates["load"], rates["per_row"], strict=True)]
    result["ratio_naive_merge"] = median(ratios)
    result["ratio_per_row"] = median(ratios_row)
    return result


def sweep(articles: int, batch_sizes: list[int], repeats: int) -> dict[int, float]:
    """Median rows/s of `peacegraph load` of ``articles`` articles at each batch size (interleaved)."""
    path = corpus(articles)
    rates: dict[int, list[float]] = {size: [] for size in batch_sizes}
    for repeat in range(repeats):
        for size in batch_sizes:
            with fresh_server("sweep") as running:
                run = load(running, path, size)
            rates[size].append(run.rows_per_second)
            say(f"  repeat {repeat + 1}, batch {size}: {run.rows_per_second:,.0f} rows/s ({run.seconds:.1f}s)")
    return {size: median(values) for size, values in rates.items()}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--naive-articles", type=int, default=500)
    parser.add_argument("--naive-cap", type=float, default=60.0, help="seconds a naive loop may run")
    parser.add_argument("--naive-base", type=int, default=0, help="articles already in the graph for the naive runs")
    parser.add_argument("--batch", type=int, help="batch size for the naive comparison (default: the sweep's best)")
    parser.add_argument("--sweep-articles", type=int, default=1000)
    parser.add_argument("--batch-sizes", default="100,500,1000,2000,5000,10000")
    parser.add_argument("--sizes", default="10000", help="corpus sizes loaded at the best batch size")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    batch_sizes = [int(x) for x in args.batch_sizes.split(",") if x]
    say(f"# load throughput\nmachine: {machine()}")

    rates: dict[int, float] = {}
    if batch_sizes:
        say(f"\n## batch-size sweep: {args.sweep_articles} articles, median of {args.repeats}")
        rates = sweep(args.sweep_articles, batch_sizes, args.repeats)
    best = args.batch or max(rates, key=lambda size: rates[size])
    for size, rate in rates.items():
        say(f"batch {size:>6}: {rate:>9,.0f} rows/s{'   <- best' if size == best else ''}")

    on = f" added to a graph of {args.naive_base} articles" if args.naive_base else " into an empty graph"
    say(
        f"\n## naive loops vs load, {args.naive_articles} articles{on} (cap {args.naive_cap:.0f}s), median of "
        f"{args.repeats}"
    )
    naive = compare_naive(args.naive_articles, args.naive_cap, args.repeats, best, args.naive_base)
    say(f"naive MERGE per row: {naive['naive_merge']:>9,.0f} rows/s")
    say(f"per-row statements:  {naive['per_row']:>9,.0f} rows/s")
    say(f"peacegraph load:     {naive['load']:>9,.0f} rows/s (batch {best})")
    say(f"load / naive MERGE:  {naive['ratio_naive_merge']:>9.1f}x   (target >= 20x)")
    say(f"load / per-row:      {naive['ratio_per_row']:>9.1f}x")

    sizes: dict[int, dict[str, float]] = {}
    for articles in [int(x) for x in args.sizes.split(",") if x]:
        with fresh_server("size") as running:
            run = load(running, corpus(articles), best)
        sizes[articles] = {"rows": run.rows, "seconds": run.seconds, "rows_per_second": run.rows_per_second}
        say(
            f"\n## {articles} articles at batch {best}: {run.rows:,} rows in {run.seconds:.1f}s = "
            f"{run.rows_per_second:,.0f} rows/s = {run.rows_per_second / naive['naive_merge']:.0f}x naive MERGE"
        )
    figures = {"sweep": rates, "best_batch": best, "naive": naive, "sizes": sizes}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
