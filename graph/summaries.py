"""The read models of the stance edges, kept in the transaction that changes the edges.

Analysts' views would otherwise walk every edge of a hub (Russia holds 200k
at 100k articles) for each page and each total. Two kinds of node hold what
those views need, written by ``GraphStore.write_extractions`` in the same
transaction as the edges (so a rolled-back write leaves them as they were):

- ``StanceSummary``, one per (source, stance type, target): ``n`` edges, the
  ``first`` and ``last`` date, and ``latest``, the newest ``LATEST`` edges as
  ``date|article|start`` tokens (newest first). Profiles, the plan matrix,
  totals and the neighbourhood ranking read these.
- ``StanceDay``, one per (source node, day): how many edges of each stance
  type leave the node that day (``out``, a list in the order of ``TYPES``),
  ``n`` in all, and the ``articles`` they come from; node ``*`` counts each
  edge of the graph. Only sources have days: a row per target too doubled
  the cost of a load, and the edges reaching a node are found through the
  days of ``*`` (or by walking the node's edges when it has few).
- ``StanceCalendar``, one per node with days (and ``*``): ``days``, a line
  ``day|c1,c2,...`` per day (its ``StanceDay``'s counts per type, in the
  order of ``TYPES``), in one string: a timeline or a page reads a node's
  counts of every day from one record, and the ``StanceDay`` (with its
  article list) of the days it shows only. At 100k reading ``*``'s 365 day
  records cost 150-670 ms, for their article lists (99,078 ids).
- ``StanceNeighbours``, one per node with stance edges: ``joined``, a line
  ``other|weight|mask`` per neighbour (how many stance edges join them, both
  directions, and which pair summaries: a bit per stance type and direction,
  ``pair_bit``), in one string: a hub has ~2,000 neighbours, and one string
  is read and decoded much faster than three lists of them. A depth-2
  neighbourhood ranks the neighbours of its 11 expanded nodes from 11 of
  these instead of their ~30,000 pair summaries.

A page of edges newest first reads the days it needs, then the edges of
their articles through the index on ``article``: the work is the page's,
not the hub's (ArcadeDB serves edge indexes for equality and ``IN`` only,
never for a date range).

Created edges are added to the read models (``add_edges``). Anything else, an
edge whose date changed or an article removed, goes through ``refresh``:
recompute the summaries of these pairs and days from the edges the
transaction sees. ``touched_by_articles`` says which ones an article's edges
count in (read it before removing them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from peacegraph.graph import queries
from peacegraph.graph.model import StanceType

LATEST = 5
"""Newest edges a pair's summary names (the per-pair cap of a neighbourhood reads at most these)."""
GLOBAL = "*"
"""The node of the ``StanceDay`` that counts the whole graph."""


def pair_key(source: str, rel_type: str, target: str) -> str:
    return f"{source}|{rel_type}|{target}"


def day_key(node: str, day: str) -> str:
    return f"{node}|{day}"


def token(date: str | None, article: str, start: int) -> str:
    """Orders a pair's edges as the pages do, newest first when sorted in reverse: (date, article, start)."""
    return f"{date or ''}|{article}|{start:09d}"


def parse_token(text: str) -> tuple[str | None, str, int]:
    date, article, start = text.split("|")
    return date or None, article, int(start)


def newest_first(tokens: Iterable[str]) -> list[str]:
    """Distinct ``tokens`` newest first; undated ones last, as ``coalesce(r.date, '')`` sorts them."""
    return sorted(set(tokens), key=lambda t: ((parsed := parse_token(t))[0] or "", parsed[1], parsed[2]), reverse=True)


@dataclass(frozen=True)
class EdgeRef:
    """What the read models know of a stance edge."""

    source: str
    type: str
    target: str
    date: str | None
    article: str
    start: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> EdgeRef:
        return cls(row["source"], row["type"], row["target"], row["date"], row["article"], int(row["start"]))

    @property
    def pair(self) -> str:
        return pair_key(self.source, self.type, self.target)

    def days(self) -> list[str]:
        """The ``StanceDay`` keys it counts in (day "" when undated)."""
        return [day_key(self.source, self.date or ""), day_key(GLOBAL, self.date or "")]


@dataclass
class Touched:
    """Read-model nodes to recompute: pair keys, day keys, and articles whose edges may count in those days."""

    pairs: set[tuple[str, str, str]] = field(default_factory=set)
    days: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)

    def add(self, edge: EdgeRef) -> None:
        self.pairs.add((edge.source, edge.type, edge.target))
        self.days.update(edge.days())
        self.articles.add(edge.article)


def _pair_props(source: str, rel_type: str, target: str, n: int, tokens: Iterable[str]) -> dict[str, Any]:
    ordered = newest_first(tokens)
    dates = [d for d in (parse_token(t)[0] for t in ordered) if d]
    return {
        "key": pair_key(source, rel_type, target),
        "source": source,
        "type": rel_type,
        "target": target,
        "n": n,
        "first": min(dates) if dates else None,
        "last": max(dates) if dates else None,
        "latest": ordered[:LATEST],
    }


TYPES: tuple[str, ...] = tuple(t.value for t in StanceType)
"""The order of the counts in a day's ``out`` and ``in`` lists."""


def _day_row(key: str, edges: Iterable[EdgeRef], old: dict[str, Any] | None = None) -> dict[str, Any]:
    """The day ``key`` counting ``edges`` (of its node and day) on top of what it held (``old``)."""
    old = old or {}
    node, _, day = key.rpartition("|")
    out = list(old.get("out") or [0] * len(TYPES))
    articles = set(old.get("articles", []))
    for edge in edges:
        out[TYPES.index(edge.type)] += 1
        articles.add(edge.article)
    return {"key": key, "node": node, "day": day, "n": sum(out), "out": out, "articles": sorted(articles)}


def pair_bit(outgoing: bool, rel_type: str) -> int:
    """The bit of a ``StanceNeighbours`` mask that says a pair summary of ``rel_type`` leaves (``outgoing``) or
    reaches the node."""
    return 1 << (2 * TYPES.index(rel_type) + (0 if outgoing else 1))


def pairs_of_mask(node: str, other: str, mask: int) -> list[str]:
    """The keys of the pair summaries joining ``node`` to ``other`` that ``mask`` names."""
    keys = []
    for index, rel_type in enumerate(TYPES):
        if mask >> (2 * index) & 1:
            keys.append(pair_key(node, rel_type, other))
        if mask >> (2 * index + 1) & 1:
            keys.append(pair_key(other, rel_type, node))
    return keys


@dataclass(frozen=True)
class PairChange:
    """A pair summary's edge count before and after this transaction."""

    source: str
    type: str
    target: str
    before: int
    after: int


def parse_joined(text: str) -> Iterator[tuple[str, int, int]]:
    """The (other, weight, mask) lines of a ``StanceNeighbours``'s ``joined``."""
    for line in text.splitlines():
        other, weight, mask = line.split("|")
        yield other, int(weight), int(mask)


def _lines(text: str) -> dict[str, str]:
    """The lines of a packed read model by their first field; the others are parsed only where they change (a
    hub's record holds ~2,000 lines, rewritten by nearly every write transaction of a load)."""
    return {line.partition("|")[0]: line for line in text.splitlines()}


def _packed(lines: dict[str, str]) -> str:
    return "\n".join(lines[first] for first in sorted(lines))


def _neighbour_row(node: str, old: dict[str, Any] | None, changes: list[tuple[str, int, int, bool]]) -> dict[str, Any]:
    """The ``StanceNeighbours`` of ``node``: what it held (``old``) with ``changes`` applied, each (other, bit,
    edges added or removed, whether the pair still has edges)."""
    old = old or {}
    lines = _lines(old.get("joined", ""))
    total = int(old.get("n", 0))
    for other, bit, delta, present in changes:
        _, weight, mask = next(parse_joined(lines[other])) if other in lines else (other, 0, 0)
        weight, mask = weight + delta, mask | bit if present else mask & ~bit
        total += delta
        if weight > 0 and mask:
            lines[other] = f"{other}|{weight}|{mask}"
        else:
            lines.pop(other, None)
    return {"key": node, "node": node, "n": total, "joined": _packed(lines)}


def _update_neighbours(tx: ManagedTransaction, changes: Iterable[PairChange]) -> None:
    """Apply the pair summaries' ``changes`` to the ``StanceNeighbours`` of both their ends."""
    by_node: dict[str, list[tuple[str, int, int, bool]]] = defaultdict(list)
    for change in changes:
        if change.before != change.after:
            delta, joined = change.after - change.before, change.after > 0
            by_node[change.source].append((change.target, pair_bit(True, change.type), delta, joined))
            by_node[change.target].append((change.source, pair_bit(False, change.type), delta, joined))
    present = _locked(tx, queries.NEIGHBOURS_LABEL, sorted(by_node))
    rows = [_neighbour_row(node, present.get(node), found) for node, found in sorted(by_node.items())]
    _store(tx, queries.NEIGHBOURS_LABEL, rows, set(present))


def parse_days(text: str) -> Iterator[tuple[str, list[int]]]:
    """The (day, counts per type) lines of a ``StanceCalendar``'s ``days``."""
    for line in text.splitlines():
        day, _, counts = line.partition("|")
        yield day, [int(count) for count in counts.split(",")]


def _update_calendars(tx: ManagedTransaction, days: list[dict[str, Any]]) -> None:
    """Put the counts of the ``StanceDay`` rows ``days`` (as just written; ``n`` 0 when gone) in their nodes'
    ``StanceCalendar``."""
    by_node: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in days:
        by_node[row["key"].rpartition("|")[0]].append(row)
    present = _locked(tx, queries.CALENDAR_LABEL, sorted(by_node))
    rows = [_calendar_row(node, present.get(node), changed) for node, changed in sorted(by_node.items())]
    _store(tx, queries.CALENDAR_LABEL, rows, set(present))


def _calendar_row(node: str, old: dict[str, Any] | None, changed: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``StanceCalendar`` of ``node``: what it held (``old``) with the days ``changed`` (``StanceDay`` rows)."""
    old = old or {}
    lines = _lines(old.get("days", ""))
    total = int(old.get("n", 0))
    for row in changed:
        day = row["key"].rpartition("|")[2]
        if day in lines:
            total -= sum(next(parse_days(lines.pop(day)))[1])
        if row["n"]:
            lines[day] = f"{day}|{','.join(str(count) for count in row['out'])}"
            total += int(row["n"])
    return {"key": node, "node": node, "n": total, "days": _packed(lines)}


def _locked(tx: ManagedTransaction, label: LiteralString, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The read-model nodes ``keys`` that exist, write-locked first so the update below is not lost."""
    if not keys:
        return {}
    return {record["props"]["key"]: record["props"] for record in tx.run(queries.lock_read_model(label), keys=keys)}


def _store(tx: ManagedTransaction, label: LiteralString, rows: list[dict[str, Any]], present: set[str]) -> None:
    """Write ``rows`` (whole property maps): update the present ones, create the others, delete the empty."""
    empty = [row["key"] for row in rows if not row["n"]]
    old = [{"key": row["key"], "props": row} for row in rows if row["n"] and row["key"] in present]
    new = [{"props": row} for row in rows if row["n"] and row["key"] not in present]
    if old:
        tx.run(queries.update_read_model(label), rows=old).consume()
    if new:
        tx.run(queries.create_read_model(label), rows=new).consume()
    if empty:
        tx.run(queries.delete_read_model(label), keys=empty).consume()


def add_edges(tx: ManagedTransaction, edges: list[EdgeRef]) -> None:
    """Count ``edges``, just created in this transaction, in their pairs' and days' summaries."""
    if not edges:
        return
    by_pair: dict[str, list[EdgeRef]] = defaultdict(list)
    by_day: dict[str, list[EdgeRef]] = defaultdict(list)
    for edge in edges:
        by_pair[edge.pair].append(edge)
        for key in edge.days():
            by_day[key].append(edge)

    pairs = _locked(tx, queries.SUMMARY_LABEL, sorted(by_pair))
    pair_rows = []
    for key, added in by_pair.items():
        old = pairs.get(key, {})
        first = added[0]
        tokens = [*old.get("latest", []), *(token(e.date, e.article, e.start) for e in added)]
        row = _pair_props(first.source, first.type, first.target, int(old.get("n", 0)) + len(added), tokens)
        dates = [d for d in (old.get("first"), old.get("last"), *(e.date for e in added)) if d]
        row["first"], row["last"] = (min(dates), max(dates)) if dates else (None, None)
        pair_rows.append(row)
    _store(tx, queries.SUMMARY_LABEL, pair_rows, set(pairs))
    _update_neighbours(tx, (_change(pairs.get(row["key"]), row) for row in pair_rows))

    days = _locked(tx, queries.DAY_LABEL, sorted(by_day))
    rows = [_day_row(key, added, days.get(key)) for key, added in sorted(by_day.items())]
    _store(tx, queries.DAY_LABEL, rows, set(days))
    _update_calendars(tx, rows)


def _change(old: dict[str, Any] | None, new: dict[str, Any]) -> PairChange:
    return PairChange(new["source"], new["type"], new["target"], int((old or {}).get("n", 0)), int(new["n"]))


def touched_by_articles(tx: ManagedTransaction, articles: Iterable[str]) -> Touched:
    """The pairs and days that the stance edges of ``articles`` count in (read before removing them)."""
    touched = Touched()
    wanted = sorted(set(articles))
    if wanted:
        for record in tx.run(queries.ARTICLE_STANCE_EDGES, articles=wanted):
            touched.add(EdgeRef.of(record.data()))
    touched.articles.update(wanted)
    return touched


def refresh(tx: ManagedTransaction, touched: Touched) -> None:
    """Recompute the summaries of ``touched`` from the stance edges this transaction sees."""
    _refresh_pairs(tx, touched.pairs)
    _refresh_days(tx, touched.days, touched.articles)


def _refresh_pairs(tx: ManagedTransaction, pairs: set[tuple[str, str, str]]) -> None:
    if not pairs:
        return
    keys = sorted(pair_key(*pair) for pair in pairs)
    present = _locked(tx, queries.SUMMARY_LABEL, keys)
    rows = [{"key": pair_key(s, t, o), "source": s, "type": t, "target": o} for s, t, o in sorted(pairs)]
    found: dict[str, list[EdgeRef]] = defaultdict(list)
    for record in tx.run(queries.PAIR_EDGES, pairs=rows):
        edge = EdgeRef.of(record.data())
        found[edge.pair].append(edge)
    props = []
    for s, t, o in sorted(pairs):
        edges = found.get(pair_key(s, t, o), [])
        props.append(_pair_props(s, t, o, len(edges), (token(e.date, e.article, e.start) for e in edges)))
    _store(tx, queries.SUMMARY_LABEL, props, set(present))
    _update_neighbours(tx, (_change(present.get(row["key"]), row) for row in props))


def _refresh_days(tx: ManagedTransaction, keys: set[str], articles: set[str]) -> None:
    if not keys:
        return
    ordered = sorted(keys)
    present = _locked(tx, queries.DAY_LABEL, ordered)
    candidates = set(articles)
    for row in present.values():
        candidates.update(row.get("articles", []))
    edges: dict[str, list[EdgeRef]] = {key: [] for key in ordered}
    if candidates:
        for record in tx.run(queries.ARTICLE_STANCE_EDGES, articles=sorted(candidates)):
            edge = EdgeRef.of(record.data())
            for key in edge.days():
                if key in edges:
                    edges[key].append(edge)
    rows = [_day_row(key, edges[key]) for key in ordered]
    _store(tx, queries.DAY_LABEL, rows, set(present))
    _update_calendars(tx, rows)


def rebuild_neighbours(tx: ManagedTransaction, nodes: list[str]) -> int:
    """Write the ``StanceNeighbours`` of ``nodes`` afresh from their pair summaries (for a graph loaded before
    they existed; the write path keeps them since). How many were written."""
    present = _locked(tx, queries.NEIGHBOURS_LABEL, nodes)
    found: dict[str, list[tuple[str, int, int, bool]]] = {node: [] for node in nodes}
    for record in tx.run(queries.PAIRS_AT_NODES, ids=nodes):
        node, other, outgoing = record["id"], record["other"], record["outgoing"]
        found[node].append((other, pair_bit(outgoing, record["type"]), int(record["n"]), int(record["n"]) > 0))
    rows = [_neighbour_row(node, None, changes) for node, changes in found.items()]
    _store(tx, queries.NEIGHBOURS_LABEL, rows, set(present))
    return sum(1 for row in rows if row["n"])


def rebuild_calendars(tx: ManagedTransaction, nodes: list[str]) -> int:
    """Write the ``StanceCalendar`` of ``nodes`` afresh from their ``StanceDay`` (for a graph loaded before they
    existed). How many were written."""
    present = _locked(tx, queries.CALENDAR_LABEL, nodes)
    days: dict[str, list[dict[str, Any]]] = {node: [] for node in nodes}
    for record in tx.run(queries.DAYS_OF_NODES, ids=nodes):
        out = list(record["out"])
        days[record["node"]].append({"key": day_key(record["node"], record["day"]), "n": sum(out), "out": out})
    rows = [_calendar_row(node, None, found) for node, found in days.items()]
    _store(tx, queries.CALENDAR_LABEL, rows, set(present))
    return sum(1 for row in rows if row["n"])


def ensure_schema(run: Any) -> None:
    """Constraints and indexes of the read models; ``run`` executes one schema statement."""
    for label in queries.READ_MODEL_LABELS:
        run(queries.read_model_constraint(label))
    for statement in (*queries.READ_MODEL_INDEXES, queries.EVENT_DATE_INDEX):
        run(statement)
