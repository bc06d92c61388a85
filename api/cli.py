"""The ``peacegraph`` command line: server, ingest, extract, eval, serve, up, query, search, export, mcp."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from itertools import chain
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from peacegraph.api import ingestion
from peacegraph.api.schemas import IngestFailure, IngestOut, LoadOut, RemoveOut, Tally, WriteOut
from peacegraph.graph import reads
from peacegraph.graph.embedded import EmbeddedServer
from peacegraph.graph.errors import InputError, PeacegraphError
from peacegraph.graph.model import Removal, WriteSummary
from peacegraph.graph.settings import Settings, get_settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders import training
from peacegraph.loaders.evaluation import ArticleScore, Counts, EvaluationReport, Gold, Scores, load_gold, score
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.feeds import InputReader
from peacegraph.loaders.parallel import extract_parallel
from peacegraph.loaders.pipeline import ReadReport, default_extractor, reference_extraction
from peacegraph.loaders.readers import RawArticle, ReadLimits
from peacegraph.loaders.relation_model import MODEL_FILE
from peacegraph.loaders.written import WRITTEN_DIR

# Exit codes of the commands that read articles (ingest, extract): the same in --help and the README.
EXIT_SKIPPED = 1  # some inputs were skipped (unreadable, ...): the others were loaded
EXIT_NOTHING = 2  # nothing could be loaded
EXIT_CODES = (
    "Exit codes: 0 done; 1 some inputs were skipped (each named on stderr), the others were loaded, "
    "or an error; 2 nothing could be loaded, or a usage error; 3 `server status`: not running."
)

app = typer.Typer(help="peacegraph: news about the Russia-Ukraine peace talks as a knowledge graph.",
                  epilog=EXIT_CODES, no_args_is_help=True, pretty_exceptions_enable=False)  # fmt: skip
server_app = typer.Typer(help="Run the embedded graph server (ArcadeDB + Bolt).", no_args_is_help=True)
app.add_typer(server_app, name="server")

out = Console()
err = Console(stderr=True)

PathsArgument = Annotated[list[Path], typer.Argument(help="files or folders of articles")]
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        help="files or folders of articles, article URLs, RSS/Atom feeds (URLs, .rss/.atom files), OPML lists (.opml)"
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print the result as JSON instead of a table")]


class ExtractFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"


class ExportFormat(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"
    CYPHER = "cypher"


def _print_json(model: BaseModel | list[Any] | dict[str, Any]) -> None:
    data = model.model_dump(mode="json") if isinstance(model, BaseModel) else model
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _version() -> str:
    try:
        return package_version("peacegraph")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _print_version(value: bool) -> None:
    if value:
        out.print(f"peacegraph {_version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """peacegraph: news about the Russia-Ukraine peace talks as a knowledge graph."""


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    return typer.Exit(code)


def _uses_embedded(settings: Settings) -> bool:
    return not settings.neo4j_uri


def _ensure_server(settings: Settings) -> bool:
    """Start the embedded server if it is the configured one; True if this call started it."""
    if not _uses_embedded(settings):
        return False
    server = EmbeddedServer.from_settings(settings)
    with err.status("starting the embedded graph server..."):
        return server.start(timeout=settings.server_start_timeout)


def _report_failures(report: ReadReport) -> None:
    for failure in report.failures:
        err.print(f"[yellow]skipped[/yellow] {escape(str(failure))}", soft_wrap=True)
    for warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(warning)}", soft_wrap=True)


def _input_reader(settings: Settings, known: Callable[[list[str]], set[str]]) -> InputReader:
    return InputReader(ReadLimits.from_settings(settings), known)


def _nothing_known(urls: list[str]) -> set[str]:
    return set()


def _read_report(inputs: list[str], settings: Settings) -> ReadReport:
    """The articles of ``inputs``, what could not be read reported; none at all is an error (exit 2)."""
    report = _input_reader(settings, _nothing_known).read(inputs)
    _report_failures(report)
    if not report.articles:
        raise _fail("no article could be read", EXIT_NOTHING)
    return report


def _read_articles(paths: list[Path], settings: Settings) -> list[RawArticle]:
    return _read_report([str(path) for path in paths], settings).articles


# --- server -----------------------------------------------------------------


@server_app.command("start")
def server_start() -> None:
    """Start the embedded server in the background (no-op if it already runs)."""
    settings = get_settings()
    server = EmbeddedServer.from_settings(settings)
    try:
        started = server.start(timeout=settings.server_start_timeout)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    word = "started" if started else "already running"
    out.print(f"embedded server {word}: {server.bolt_url} (user root, database {server.database})")
    out.print(f"studio / HTTP API: {server.http_url}   password file: {server.data_dir / 'root_password'}")


@server_app.command("stop")
def server_stop() -> None:
    """Stop the embedded server."""
    server = EmbeddedServer.from_settings(get_settings())
    out.print("stopped" if server.stop() else "not running")


@server_app.command("status")
def server_status(as_json: JsonOption = False) -> None:
    """Say whether the embedded server runs and answers (exit 3 if not)."""
    status = EmbeddedServer.from_settings(get_settings()).status()
    if as_json:
        _print_json({"running": status.running, "pid": status.pid, "bolt_url": status.bolt_url,
                     "http_url": status.http_url, "data_dir": str(status.data_dir)})  # fmt: skip
        if not status.running:
            raise typer.Exit(3)
    elif status.running:
        out.print(f"running (pid {status.pid}) on {status.bolt_url}, data in {status.data_dir}")
    else:
        out.print(f"not running (data in {status.data_dir})")
        raise typer.Exit(3)


# --- extract ------------------------------------------------------------------


@app.command()
def extract(
    paths: InputsArgument,
    format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="jsonl: one line per article; json: indented")
    ] = ExtractFormat.JSONL,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")] = 1,
) -> None:
    """Print the extraction (the JSON contract) of each article; needs no database.

    Exit 1 if some inputs were skipped (the others are printed), 2 if none could be read.
    """
    report = _read_report(paths, get_settings())
    for extraction in extract_parallel(report.articles, workers=workers):
        data = extraction.model_dump(mode="json", exclude_none=True)
        indent = None if format is ExtractFormat.JSONL else 2
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
    if report.failures:
        raise typer.Exit(EXIT_SKIPPED)


# --- eval ---------------------------------------------------------------------


def _figure(value: float) -> str:
    return f"{value:.3f}"


def _article_table(articles: list[ArticleScore]) -> Table:
    names = [article.article if article.found else f"{article.article} (no output)" for article in articles]
    table = Table(title="per article: entity F1, relation P / R / F1, untyped relation F1")
    table.add_column("article", overflow="fold")
    for header in ("entities", "P", "R", "F1", "untyped"):
        table.add_column(header, justify="right", min_width=5, no_wrap=True)
    for name, article in zip(names, articles, strict=True):
        rel = article.relations
        figures = (article.entities.f1, rel.precision, rel.recall, rel.f1, article.relations_untyped.f1)
        table.add_row(escape(name), *map(_figure, figures))
    return table


def _type_table(per_type: dict[str, Counts], total: Counts) -> Table:
    table = Table(title="relations per type")
    for header in ("type", "tp", "fp", "fn", "P", "R", "F1"):
        table.add_column(header, justify="left" if header == "type" else "right")
    for kind, counts in per_type.items():
        table.add_row(kind, *_counts_cells(counts))
    table.add_section()
    table.add_row("all", *_counts_cells(total))
    return table


def _counts_cells(counts: Counts) -> list[str]:
    return [str(counts.tp), str(counts.fp), str(counts.fn), *map(_figure, (counts.precision, counts.recall, counts.f1))]


def _micro_line(micro: Scores) -> str:
    """The micro line of ``shared/eval/score.py``, figure for figure."""
    rel = micro.relations
    return (f"micro: entities F1 {micro.entities.f1:.3f} | relations P {rel.precision:.3f} R {rel.recall:.3f} "
            f"F1 {rel.f1:.3f} | untyped F1 {micro.relations_untyped.f1:.3f}")  # fmt: skip


def _print_findings(article: ArticleScore) -> None:
    """The missed, wrong and unresolved triples and entities of one article, each triple with its sentence."""
    out.print(f"[bold]{escape(article.article)}[/bold]")
    groups = (("missed", article.missed), ("wrong", article.wrong), ("unresolved", article.unresolved_relations))
    for label, findings in groups:
        for finding in findings:
            out.print(f"  {label:<10} {escape(f'{finding.source} -{finding.type}-> {finding.target}')}", soft_wrap=True)
            if finding.sentence:
                out.print(f"             [dim]{escape(finding.sentence)}[/dim]", soft_wrap=True)
    for label, names in (
        ("missed entity", article.missed_entities),
        ("unresolved entity", article.unresolved_entities),
    ):
        for name in names:
            out.print(f"  {label} {escape(name)}", soft_wrap=True)


def _print_report(report: EvaluationReport, *, articles: bool, verbose: bool) -> None:
    if articles:
        out.print(_article_table(report.articles))
    if verbose:
        for article in report.articles:
            _print_findings(article)
    out.print(_type_table(report.per_type, report.micro.relations))
    out.print(_micro_line(report.micro), soft_wrap=True, highlight=False)


WrittenOption = Annotated[
    bool,
    typer.Option(
        "--written/--no-written",
        help=f"fit the relation model to the written training cases too ({WRITTEN_DIR.name}/*.yaml beside the"
        " bundled model); they are never scored",
    ),
]


@app.command("eval")
def eval_command(
    paths: PathsArgument,
    gold: Annotated[list[Path], typer.Option("--gold", help="folder of gold YAML files, one per article (repeatable)")],
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="list missed and wrong triples with their sentences")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the whole report as JSON")] = False,
    articles: Annotated[bool, typer.Option("--articles/--no-articles", help="print the per-article table")] = True,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")] = 1,
    cv: Annotated[
        bool,
        typer.Option(
            "--cv",
            help="cross-validate the relation model: articles of odd number are extracted by a model fitted on the "
            "even ones (and the written cases, see --written) and the reverse (needs the development extras)",
        ),
    ] = False,
    written: WrittenOption = True,
) -> None:
    """Extract articles and score them against gold annotations (as shared/eval/score.py does); needs no database."""
    golds = _load_golds(gold)
    read = _read_articles(paths, get_settings())
    if cv:
        extractor = _corpus_extractor()
        cases = _written_cases(extractor) if written else None
        report = score(training.cross_validate(extractor, _corpus(read, golds), cases), golds)
    else:
        report = score(extract_parallel(read, workers=workers), golds)
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        _print_report(report, articles=articles, verbose=verbose)


def _load_golds(directories: list[Path]) -> list[Gold]:
    try:
        return [gold for directory in directories for gold in load_gold(directory)]
    except InputError as error:
        raise _fail(str(error), 2) from error


def _corpus_extractor() -> RuleExtractor:
    extractor = default_extractor()
    assert isinstance(extractor, RuleExtractor)
    if not training.can_fit():
        raise _fail("fitting the relation model needs scikit-learn: pip install -e '.[dev]'", 2)
    return extractor


def _corpus(articles: list[RawArticle], golds: list[Gold]) -> training.Corpus:
    corpus = training.Corpus.parse(_corpus_extractor(), articles, golds)
    if not corpus.articles:
        raise _fail("none of the articles has a gold file (paired by file name)", 2)
    return corpus


@app.command()
def train(
    paths: PathsArgument,
    gold: Annotated[list[Path], typer.Option("--gold", help="folder of gold YAML files, one per article (repeatable)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="where to write the model")] = MODEL_FILE,
    written: WrittenOption = True,
) -> None:
    """Fit the relation model to gold-annotated articles (and the written cases) and write its weights (JSON)."""
    golds = _load_golds(gold)
    corpus = _corpus(_read_articles(paths, get_settings()), golds)
    extractor = _corpus_extractor()
    cases = _written_cases(extractor) if written else None
    model = training.train(extractor, corpus, cases)
    model.save(output)
    weights = sum(len(t.weights) for t in model.types.values())
    also = f" and {len(cases.articles)} written cases" if cases is not None else ""
    out.print(
        f"fitted on {len(corpus.articles)} articles{also}: {len(model.types)} relation types, {weights} weights"
        f" -> {output}"
    )


def _written_cases(extractor: RuleExtractor) -> training.Corpus:
    try:
        return training.written_corpus(extractor)
    except InputError as error:
        raise _fail(str(error), 2) from error


# --- ingest -------------------------------------------------------------------


def _tally(submitted_nodes: int, submitted_edges: int, summary: WriteSummary) -> WriteOut:
    return WriteOut(
        nodes=Tally(created=summary.nodes_created, already_present=max(0, submitted_nodes - summary.nodes_created)),
        relationships=Tally(
            created=summary.relationships_created,
            already_present=max(0, submitted_edges - summary.relationships_created),
        ),
    )


def _summary_table(title: str, written: WriteOut) -> Table:
    table = Table(title=title)
    table.add_column("")
    table.add_column("created", justify="right")
    table.add_column("already present", justify="right")
    for name, tally in (("nodes", written.nodes), ("relationships", written.relationships)):
        table.add_row(name, str(tally.created), str(tally.already_present))
    return table


def load_reference(store: GraphStore) -> WriteOut:
    reference = reference_extraction()
    nodes, edges = reference.distinct_size()
    return _tally(nodes, edges, store.write_extraction(reference))


class OnPresent(StrEnum):
    """What ingesting does with an article the graph already holds (the same text)."""

    MERGE = "merge"  # extract and write it again: no change if the extraction is the same
    SKIP = "skip"  # leave it, not read again (`up`)
    REPLACE = "replace"  # extract it again and swap its edges (`ingest --replace`)


@dataclass
class _Ingested:
    """What an ingestion did so far, group after group of its inputs."""

    on_present: OnPresent
    total: WriteSummary = field(default_factory=WriteSummary)
    removal: Removal = field(default_factory=Removal)
    nodes: int = 0
    edges: int = 0
    written: int = 0
    replaced: int = 0
    found: int = 0  # articles admitted, written or not
    skipped_present: int = 0
    report: ReadReport = field(default_factory=ReadReport)

    def plan(self, admitted: ingestion.Admitted) -> tuple[list[RawArticle], list[RawArticle]]:
        """The articles of ``admitted`` to write and to replace; counts those skipped and what failed."""
        self.found += len(admitted.articles)
        self.report.failures += admitted.report.failures
        self.report.warnings += admitted.report.warnings
        to_write = admitted.new + (admitted.present if self.on_present is OnPresent.MERGE else [])
        to_replace = admitted.present if self.on_present is OnPresent.REPLACE else []
        self.skipped_present += len(admitted.present) if self.on_present is OnPresent.SKIP else 0
        self.replaced += len(to_replace)
        return to_write, to_replace

    def add(self, done: ingestion.Written) -> None:
        self.nodes, self.edges = self.nodes + done.nodes, self.edges + done.relationships
        self.total = self.total + done.summary
        if isinstance(done, ingestion.Replaced):
            self.removal = _deleted(self.removal, done.removal)
        self.written += 1

    def out(self, already_present: int) -> IngestOut:
        return IngestOut(
            **dict(_tally(self.nodes, self.edges, self.total)),
            articles=self.written,
            replaced=self.replaced,
            relationships_deleted=self.removal.relationships_deleted,
            nodes_deleted=self.removal.nodes_deleted,
            known=self.skipped_present + already_present,
            skipped=[IngestFailure(where=failure.path, reason=failure.reason) for failure in self.report.failures],
            warnings=self.report.warnings,
        )


def ingest_paths(
    store: GraphStore,
    inputs: list[str],
    settings: Settings,
    *,
    on_present: OnPresent = OnPresent.MERGE,
    workers: int = 1,
    chunk: int = ingestion.INGEST_CHUNK,
) -> IngestOut:
    """Read, extract and write every English article of ``inputs``; what was written and what was skipped.

    The inputs are streamed (``ingestion.input_chunks``): ``chunk`` files are read, their articles
    extracted and written, then the next ``chunk`` files are read, so memory does not grow with the corpus.
    """
    reader = _input_reader(settings, lambda urls: reads.existing_article_urls(store, urls))
    seen = ingestion.Seen()
    done = _Ingested(on_present)
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err) as progress:  # fmt: skip
        task = progress.add_task("ingesting", total=None)
        for group in ingestion.input_chunks(inputs, chunk):
            admitted = seen.admit(store, reader.read(group))
            _report_failures(admitted.report)
            to_write, to_replace = done.plan(admitted)
            writes = ingestion.ingest(store, to_write, workers=workers)
            for written in chain(writes, ingestion.replace(store, to_replace, workers=workers)):
                done.add(written)
                progress.advance(task)
    if reader.already_present:
        err.print(f"{reader.already_present} feed entries already in the graph, not fetched")
    if done.skipped_present:
        err.print(f"{done.skipped_present} article(s) already in the graph, not read again")
    if not done.found and not reader.already_present:
        if done.report.failures:
            raise _fail("no article could be loaded", EXIT_NOTHING)
        raise _fail("no articles found under the given paths", EXIT_NOTHING)
    return done.out(reader.already_present)


def _deleted(before: Removal, more: Removal) -> Removal:
    """What two removals deleted together."""
    return Removal(
        relationships_deleted=before.relationships_deleted + more.relationships_deleted,
        nodes_deleted=sorted(set(before.nodes_deleted) | set(more.nodes_deleted)),
    )


@app.command()
def ingest(
    paths: InputsArgument,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes")] = 1,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="extract the articles already in the graph again and swap their edges, one transaction each: "
            "edges the new extraction no longer yields are deleted, with the nodes only they supported",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract articles and store them in the graph (again = no change; --replace: extracted anew).

    Exit 1 if some inputs were skipped (each named on stderr; the others were loaded), 2 if
    nothing could be loaded.
    """
    settings = get_settings()
    on_present = OnPresent.REPLACE if replace else OnPresent.MERGE
    try:
        _ensure_server(settings)
        with GraphStore.from_settings(settings) as store:
            store.ensure_schema()
            result = ingest_paths(store, paths, settings, on_present=on_present, workers=workers)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    if as_json:
        _print_json(result)
    else:
        out.print(_summary_table(f"{result.articles} article(s) ingested", result))
        if replace:
            out.print(
                f"{result.replaced} article(s) replaced: {result.relationships_deleted} relationship(s) and "
                f"{len(result.nodes_deleted)} node(s) no longer read from them deleted",
                highlight=False,
            )
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def remove(
    article_ids: Annotated[list[str], typer.Argument(help="ids of articles, e.g. article:ba0549949b1fb6b5")],
    as_json: JsonOption = False,
) -> None:
    """Remove articles and what only they supported: the edges read from them, and the nodes no other article
    mentions, reports or holds a stance edge with. Nodes other articles support, and the reference data
    (gazetteer, plans), stay. One transaction.

    Exit 1 if some ids are not in the graph (each named on stderr; the others were removed), 2 if none is.
    """
    settings = get_settings()
    try:
        _ensure_server(settings)
        with GraphStore.from_settings(settings) as store:
            removal = ingestion.remove(store, article_ids)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    unknown = [article_id for article_id in dict.fromkeys(article_ids) if article_id not in removal.articles]
    for article_id in unknown:
        err.print(f"[yellow]skipped[/yellow] {escape(article_id)}: no such article in the graph", soft_wrap=True)
    result = RemoveOut(
        removed=removal.articles,
        unknown=unknown,
        relationships_deleted=removal.relationships_deleted,
        nodes_deleted=removal.nodes_deleted,
    )
    if as_json:
        _print_json(result)
    else:
        table = Table(title=f"{len(result.removed)} article(s) removed")
        table.add_column("")
        table.add_column("deleted", justify="right")
        table.add_row("relationships", str(result.relationships_deleted))
        table.add_row("nodes", str(len(result.nodes_deleted)))
        out.print(table)
    if not removal.articles:
        raise _fail("none of the ids is an article in the graph", EXIT_NOTHING)
    if unknown:
        raise typer.Exit(EXIT_SKIPPED)


@app.command("load-reference")
def load_reference_command(as_json: JsonOption = False) -> None:
    """Store the bundled gazetteer and plan files (the plans and their points)."""
    settings = get_settings()
    try:
        _ensure_server(settings)
        with GraphStore.from_settings(settings) as store:
            store.ensure_schema()
            written = load_reference(store)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    if as_json:
        _print_json(written)
    else:
        out.print(_summary_table("reference data", written))


@app.command()
def load(
    file: Annotated[
        Path,
        typer.Argument(help="JSONL of extractions, as `peacegraph extract` prints them", exists=True, dir_okay=False),
    ],
    batch_size: Annotated[
        int | None,
        typer.Option("--batch-size", min=1, help="rows per transaction and per UNWIND (default: settings)"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Bulk-load pre-extracted JSONL, streaming, many articles per transaction (again = no change)."""
    from peacegraph.graph.bulk import load_extractions, read_jsonl

    settings = get_settings()
    if batch_size is not None:
        settings = settings.model_copy(update={"batch_size": batch_size})
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[articles]} articles, {task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
        console=err,
    )
    try:
        _ensure_server(settings)
        with GraphStore.from_settings(settings) as store, progress:
            store.ensure_schema()
            task = progress.add_task("loading", total=file.stat().st_size, articles=0, rate=0)
            report = load_extractions(
                store,
                read_jsonl(file),
                rows_per_transaction=settings.batch_size,
                on_commit=lambda done, size: progress.update(
                    task, advance=size, articles=done.articles, rate=f"{done.rows_per_second:,.0f}"
                ),
            )
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    written = _tally(report.nodes, report.edges, report.summary)
    if as_json:
        _print_json(LoadOut(**dict(written), articles=report.articles, rows=report.rows,
                            seconds=round(report.seconds, 3), transactions=report.transactions))  # fmt: skip
        return
    title = (f"{report.articles} article(s), {report.rows} rows loaded in {report.seconds:.1f}s "
             f"({report.rows_per_second:,.0f} rows/s, {report.transactions} transactions)")  # fmt: skip
    out.print(_summary_table(title, written))


# --- query ---------------------------------------------------------------------


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="a read-only Cypher query")],
    params: Annotated[str, typer.Option("--params", "-p", help="parameters as a JSON object")] = "{}",
) -> None:
    """Run a read-only Cypher query and print the rows as JSON lines (and how many on stderr)."""
    from peacegraph.graph.readonly import run_read_only

    settings = get_settings()
    try:
        parameters: dict[str, Any] = json.loads(params)
    except json.JSONDecodeError as error:
        raise _fail(f"--params is not JSON: {error.msg}", 2) from error
    try:
        with GraphStore.from_settings(settings) as store:
            result = run_read_only(store, cypher, parameters, row_cap=settings.cypher_row_cap,
                                   timeout=settings.cypher_timeout)  # fmt: skip
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    for row in result.rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    err.print(f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}", highlight=False)
    if result.truncated:
        err.print(f"[yellow]row cap of {settings.cypher_row_cap} reached; result truncated[/yellow]")


@app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="a name or alias, or part of one (case and accents do not matter)")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200, help="hits at most")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Find entities by name or alias, as GET /search does (shortest names first)."""
    from peacegraph.api.routes.search import search_page

    try:
        with GraphStore.from_settings(get_settings()) as store:
            page = search_page(store, text, limit)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    if as_json:
        _print_json(page)
        return
    hits = page.items
    table = Table(title=f"{len(hits)} of {page.total} hit{'' if page.total == 1 else 's'} for {escape(text)!r}")
    for header in ("id", "name", "labels", "aliases"):
        table.add_column(header, overflow="fold")
    for hit in hits:
        table.add_row(escape(hit.id), escape(hit.name or ""), ", ".join(hit.labels), escape(", ".join(hit.aliases)))
    out.print(table)


@app.command("export")
def export_command(
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="json: nodes and edges; graphml: Gephi, networkx; cypher: for Neo4j"),
    ] = ExportFormat.JSON,
    node: Annotated[
        str | None, typer.Option("--id", help="export this node's neighborhood only (e.g. person:vladimir-putin)")
    ] = None,
    depth: Annotated[int, typer.Option(min=1, max=3, help="neighborhood radius (with --id)")] = 1,
    limit: Annotated[int, typer.Option(min=1, max=5000, help="neighborhood nodes at most (with --id)")] = 1000,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write; default: stdout")] = None,
) -> None:
    """The whole graph, or a node's neighborhood, as JSON, GraphML or Cypher (as GET /export gives it)."""
    from peacegraph.api.routes.export import export_text
    from peacegraph.graph import subgraph

    try:
        with GraphStore.from_settings(get_settings()) as store:
            if node is None:
                graph = subgraph.whole_graph(store)
            else:
                graph = subgraph.neighborhood(store, node, depth=depth, limit=limit)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    text = export_text(graph, format.value)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"{len(graph.nodes)} nodes, {len(graph.edges)} relationships -> {escape(str(output))}")


# --- mcp -----------------------------------------------------------------------


@app.command("mcp")
def mcp_command() -> None:
    """Serve the graph to an LLM agent: an MCP server over stdio (tools: search, actor_stances, positions,
    plan_matrix, timeline, cypher; all read-only)."""
    from peacegraph.api.mcp_server import build_server

    settings = get_settings()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)  # stdout carries the protocol
    try:
        _ensure_server(settings)
        store = GraphStore.from_settings(settings)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    with store:
        build_server(store, settings).run("stdio")


# --- bench ---------------------------------------------------------------------


@app.command()
def bench(
    full: Annotated[bool, typer.Option("--full", help="the full sizes: 10k and 100k articles (hours)")] = False,
    output: Annotated[Path | None, typer.Option("--out", help="folder for the JSON figures and the plot")] = None,
) -> None:
    """Run every benchmark of benchmarks/ (small sizes: minutes) and print the figures."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    if not (root / "benchmarks" / "run_all.py").exists():
        raise _fail(f"no benchmarks/ next to the package in {root}: run from a source checkout")
    command = [sys.executable, "-m", "benchmarks.run_all"] + (["--full"] if full else [])
    command += ["--out", str(output.resolve())] if output else []
    raise typer.Exit(subprocess.run(command, cwd=root, check=False).returncode)


# --- serve / up -------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address (default from settings)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default from settings)")] = None,
) -> None:
    """Serve the REST API (the graph server must be running)."""
    import uvicorn

    from peacegraph.api.serving import server_options

    settings = get_settings()
    uvicorn.run("peacegraph.api.app:create_app", factory=True, host=host or settings.api_host,
                port=port or settings.api_port, log_level="info", **server_options(settings))  # fmt: skip


@app.command()
def up(
    seeds: Annotated[Path, typer.Option(help="folder of articles to load")] = Path("seeds"),
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve", help="serve the API afterwards")] = True,
) -> None:
    """Start the graph server, load the plans and the seed articles, serve the API until Ctrl-C."""
    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        started = _ensure_server(settings)
        with GraphStore.from_settings(settings) as store:
            store.ensure_schema()
            out.print(_summary_table("reference data (gazetteer, plans)", load_reference(store)))
            if seeds.exists():
                loaded = ingest_paths(store, [str(seeds)], settings, on_present=OnPresent.SKIP)
                out.print(_summary_table(f"{loaded.articles} article(s) ingested", loaded))
            counts = reads.counts(store)
    except PeacegraphError as error:
        raise _fail(str(error)) from error
    out.print(f"graph: {counts.nodes} nodes, {counts.relationships} relationships")
    api_url = f"http://{settings.api_host}:{settings.api_port}"
    if _uses_embedded(settings):
        server = EmbeddedServer.from_settings(settings)
        out.print(f"Bolt:        {server.bolt_url}  (user root, database {server.database}, "
                  f"password in {server.data_dir / 'root_password'})")  # fmt: skip
        out.print(f"ArcadeDB:    {server.http_url}  (server HTTP API / studio)")
    else:
        out.print(
            f"Neo4j:       {settings.neo4j_uri}  (database {settings.database() or 'the home database of the user'})"
        )
    out.print(f"API docs:    {api_url}/docs")
    out.print(f"Graph page:  {api_url}/")
    if not serve_api:
        return
    try:
        serve(host=None, port=None)
    finally:
        if started:
            EmbeddedServer.from_settings(settings).stop()
            out.print("embedded server stopped")


if __name__ == "__main__":
    app()
