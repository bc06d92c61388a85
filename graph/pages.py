"""Pages of stance edges newest first, by cursor, read through the read models of ``graph.summaries``.

A page is ordered by (date, edge id) descending, undated edges last; its
``next`` cursor is ``DATE,EDGE_ID`` of its last edge. The edges a node holds
are found day by day: its ``StanceCalendar`` says how many edges of each type
it has each day, its ``StanceDay`` nodes which articles they come from, so a
page reads the counts, then the articles of the days it needs (newest first,
from the cursor) and then only those articles' edges,
through the per-type index on ``article``. Totals come from the summaries
(``StanceSummary`` per pair, ``StanceDay`` per day), not from a recount.
Edges reaching a node have no days of their own (``graph.summaries`` says
why): those pages walk the node's edges, as the timeline of a place does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, LiteralString

from peacegraph.graph import queries
from peacegraph.graph.errors import InputError
from peacegraph.graph.model import label_for_id
from peacegraph.graph.reads import Node, StanceFilter, TimelineFilter, links, stances_by_ids
from peacegraph.graph.store import GraphStore
from peacegraph.graph.summaries import GLOBAL, TYPES, day_key, parse_days, parse_token


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after the edge (or event) ``id`` of ``date`` ("" when undated)."""

    date: str
    id: str

    @classmethod
    def parse(cls, text: str) -> Cursor:
        day, sep, edge = text.partition(",")
        if not sep or not edge:
            raise InputError(f"not a cursor: {text!r} (DATE,ID as a page's next gives it)")
        return cls(day, edge)

    def __str__(self) -> str:
        return f"{self.date},{self.id}"

    @staticmethod
    def params(after: Cursor | None) -> dict[str, Any]:
        return {"after_date": after.date if after else None, "after_id": after.id if after else None}


@dataclass
class EdgePage:
    """Rows of a page (each with its ``id``), the total of the filter, and the cursor of the next page."""

    rows: list[dict[str, Any]]
    total: int
    next: str | None


def _count(out: list[int], types: list[str]) -> int:
    return sum(out[TYPES.index(t)] for t in types if t in TYPES)


def pick_days(
    days: list[tuple[str, int]], wanted: int, after: Cursor | None, date_from: date | None, date_to: date | None
) -> list[str]:
    """The newest days (``(day, edges)``, not after the cursor's, within the range) that hold ``wanted`` edges."""
    chosen: list[str] = []
    held = 0
    low = date_from.isoformat() if date_from else None
    high = date_to.isoformat() if date_to else None
    for day, n in sorted(days, reverse=True):
        if not n or (after is not None and day > after.date) or (high and day > high) or (low and day < low):
            continue
        chosen.append(day)
        held += 0 if after is not None and day == after.date else n  # the cursor's day: some are before it
        if held >= wanted:
            break
    return chosen


def node_days(store: GraphStore, node_id: str) -> list[dict[str, Any]]:
    """The days of ``node_id`` (``GLOBAL``: of the whole graph), each with its counts per type (``out``)."""
    rows = store.read(queries.NODE_CALENDAR, id=node_id)
    return [{"day": day, "out": out} for row in rows for day, out in parse_days(row["days"] or "")]


def _node_days(store: GraphStore, node_id: str, types: list[str]) -> list[tuple[str, int]]:
    return [(row["day"], _count(row["out"], types)) for row in node_days(store, node_id)]


def _page_from_days(
    store: GraphStore,
    owner: str,
    days: list[str],
    *,
    types: list[str],
    source: str | None,
    target: str | None,
    after: Cursor | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The newest ``limit`` edges after the cursor on ``days`` of ``owner`` (a node id or ``GLOBAL``)."""
    if not days:
        return []
    articles: set[str] = set()
    for row in store.read(queries.DAY_ARTICLE_LISTS, keys=[day_key(owner, day) for day in days]):
        articles.update(row["articles"])
    rows = store.read(
        queries.STANCE_PAGE_BY_DAYS,
        articles=sorted(articles),
        types=types,
        days=days,
        source=source,
        target=target,
        limit=limit,
        **Cursor.params(after),
    )
    rows.sort(key=lambda row: (row["props"].get("date") or "", row["id"]), reverse=True)
    return rows[:limit]


def _next(rows: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """The page (``rows`` holds one more than ``limit`` when there is a next page) and its next cursor."""
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], str(Cursor(last["props"].get("date") or "", last["id"]))


def stance_page(store: GraphStore, node: Node, where: StanceFilter, *, limit: int, after: Cursor | None) -> EdgePage:
    """The stance edges at ``node`` that pass ``where``, newest first, ``limit`` after the cursor."""
    params = where.params()
    types = params["types"]
    if where.outgoing and not where.incoming:
        counts = _node_days(store, node.id, types)
        days = pick_days(counts, limit + 1, after, where.date_from, where.date_to)
        rows = _page_from_days(
            store, node.id, days, types=types, source=node.id, target=where.other, after=after, limit=limit + 1
        )
        if where.other is None:  # the total is the days' (a hub holds 1,600 pairs, 365 days)
            page, cursor = _next(rows, limit)
            total = sum(n for day, n in counts if _within(day, where.date_from, where.date_to))
            return EdgePage(page, total, cursor)
    else:
        query = queries.stance_page_by_walk(node.label)
        rows = store.read(query, id=node.id, limit=limit + 1, **params, **Cursor.params(after))
    page, cursor = _next(rows, limit)
    return EdgePage(page, stance_total(store, node, where), cursor)


def stance_total(store: GraphStore, node: Node, where: StanceFilter) -> int:
    """How many stance edges at ``node`` pass ``where``: from the pair summaries, or without a date range
    from the node's days; a date range on edges reaching the node (or to one other end) is counted."""
    params = where.params()
    types = params["types"]
    dated = where.date_from is not None or where.date_to is not None
    if not dated:
        total = 0
        pair_reads: list[tuple[LiteralString, bool]] = [
            (queries.PAIRS_FROM, where.outgoing),
            (queries.PAIRS_TO, where.incoming),
        ]
        for query, wanted in pair_reads:
            if wanted:
                rows = store.read(query, id=node.id, types=types)
                total += sum(row["n"] for row in rows if where.other is None or row["other"] == where.other)
        return total
    if where.outgoing and not where.incoming and where.other is None:
        days = _node_days(store, node.id, types)
        return sum(n for day, n in days if _within(day, where.date_from, where.date_to))
    return int(store.read(queries.count_stance_edges(node.label), id=node.id, **params)[0]["n"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _within(day: str, low: date | None, high: date | None) -> bool:
    return (low is None or day >= low.isoformat()) and (high is None or day <= high.isoformat())


# --- the timeline ---------------------------------------------------------------------------------------

DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Window:
    """The dates a timeline covers (inclusive); ``default``: the latest days present, as none were asked."""

    date_from: date | None
    date_to: date | None
    default: bool


@dataclass
class DayCounts:
    """The days (day, counts per type) of nodes, each node's read once per request (from its one
    ``StanceCalendar``): a timeline needs the whole graph's days for its window and, without an actor, for
    its page too."""

    store: GraphStore
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def of(self, node_id: str) -> list[dict[str, Any]]:
        if node_id not in self.rows:
            self.rows[node_id] = node_days(self.store, node_id)
        return self.rows[node_id]

    def dated(self) -> list[str]:
        """The days of the whole graph that hold a dated stance edge."""
        return [row["day"] for row in self.of(GLOBAL) if row["day"]]


def default_window(days: DayCounts, date_from: date | None, date_to: date | None) -> Window:
    """The range asked for, or the ``DEFAULT_WINDOW_DAYS`` days up to the latest day with a stance edge."""
    if date_from is not None or date_to is not None:
        return Window(date_from, date_to, default=False)
    dated = days.dated()
    if not dated:
        return Window(None, None, default=True)
    latest = date.fromisoformat(max(dated))
    return Window(latest - timedelta(days=DEFAULT_WINDOW_DAYS - 1), latest, default=True)


def timeline_stances(
    days_of: DayCounts, actor: str | None, types: list[str], window: Window, *, limit: int, after: Cursor | None
) -> tuple[list[dict[str, Any]], int]:
    """The newest ``limit`` dated stance edges of the window after the cursor (of ``actor``, if given), and
    how many the window holds: both from the days of the actor, or of the whole graph."""
    store = days_of.store
    owner = actor or GLOBAL
    counts = [(row["day"], _count(row["out"], types)) for row in days_of.of(owner) if row["day"]]
    in_window = [(day, n) for day, n in counts if _within(day, window.date_from, window.date_to)]
    days = pick_days(in_window, limit, after, None, None)
    rows = _page_from_days(store, owner, days, types=types, source=actor, target=None, after=after, limit=limit)
    return rows, sum(n for _, n in in_window)


@dataclass
class TimelinePage:
    """Entries newest first (``kind`` event or stance, ``date``, ``id``), the window's total, the next cursor."""

    rows: list[dict[str, Any]]
    total: int
    next: str | None
    window: Window


def _days_of(window: Window) -> list[str]:
    if window.date_from is None or window.date_to is None:
        return []
    span = (window.date_to - window.date_from).days
    return [(window.date_from + timedelta(days=i)).isoformat() for i in range(span + 1)]


def timeline(store: GraphStore, where: TimelineFilter, *, limit: int, after: Cursor | None) -> TimelinePage:
    """Dated events and stance edges of a date window, newest first (undated ones are left out).

    The window is the range asked for, else the latest ``DEFAULT_WINDOW_DAYS``
    days with a stance edge. Stance edges come day by day from the read model
    (of the actor, or of the whole graph); on a place, from the place's edges.
    """
    days_of = DayCounts(store)
    window = _bounded(days_of, where)
    params = where.params() | {"date_from": _iso(window.date_from), "date_to": _iso(window.date_to)}
    rows: list[dict[str, Any]] = []
    total = 0
    if where.stances:
        if where.place:
            place = label_for_id(where.place)
            if place is None:
                return TimelinePage([], 0, None, window)
            query = queries.timeline_place_stances(place)
            found = store.read(query, limit=limit + 1, **params, **Cursor.params(after))
            total += int(store.read(queries.count_timeline_stances(None, place), **params)[0]["n"])
        else:
            types = [t.value for t in where.types]
            found, count = timeline_stances(days_of, where.actor, types, window, limit=limit + 1, after=after)
            total += count
        rows += [{"kind": "stance", "date": row["props"].get("date"), **row} for row in found]
    if where.events:
        events = {"days": _days_of(window), "actor": where.actor, "place": where.place}
        found = store.read(queries.TIMELINE_EVENTS_ON_DAYS, limit=limit + 1, **events, **Cursor.params(after))
        rows += [{"kind": "event", **row} for row in found]
        total += int(store.read(queries.COUNT_EVENTS_ON_DAYS, **events)[0]["n"])
    rows.sort(key=lambda row: (row["date"] or "", row["id"]), reverse=True)
    page, cursor = _next_entry(rows, limit)
    return TimelinePage(page, total, cursor, window)


def _next_entry(rows: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], str | None]:
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], str(Cursor(last["date"] or "", last["id"]))


def every_dated(store: GraphStore, where: TimelineFilter) -> TimelinePage:
    """The whole timeline of ``where`` (its range, else every day with a stance edge), oldest first: for a
    caller that wants all of it at once (the Python API), page after page."""
    days = [row["day"] for row in node_days(store, GLOBAL) if row["day"]]
    if days and where.date_from is None:
        where = dataclasses.replace(where, date_from=date.fromisoformat(min(days)))
    rows: list[dict[str, Any]] = []
    after: Cursor | None = None
    while True:
        page = timeline(store, where, limit=500, after=after)
        rows += page.rows
        if page.next is None:
            return TimelinePage(rows[::-1], page.total, None, page.window)
        after = Cursor.parse(page.next)


def _bounded(days_of: DayCounts, where: TimelineFilter) -> Window:
    """The window of ``where``: its range, with a missing end taken from the graph's days."""
    if where.date_from is None and where.date_to is None:
        return default_window(days_of, None, None)
    days = days_of.dated()
    low = where.date_from or (date.fromisoformat(min(days)) if days else where.date_to)
    high = where.date_to or (date.fromisoformat(max(days)) if days else where.date_from)
    return Window(low, high, default=False)


# --- a node's relationships -----------------------------------------------------------------------------


def node_relationships(store: GraphStore, node: Node, *, limit: int) -> list[dict[str, Any]]:
    """At most ``limit`` relationships of ``node`` with the other end: first the stance edges, the newest
    few of each (type, other end) pair, strongest pairs first (from the summaries); then its structural
    links by type; then MENTIONS, the first found (a hub has one per article)."""
    all_types = list(TYPES)
    pairs = [(row, True) for row in store.read(queries.TOP_PAIRS_FROM, id=node.id, types=all_types, limit=limit)]
    pairs += [(row, False) for row in store.read(queries.TOP_PAIRS_TO, id=node.id, types=all_types, limit=limit)]
    pairs.sort(key=lambda pair: (-pair[0]["n"], pair[0]["type"], pair[0]["other"], not pair[1]))
    wanted: dict[str, bool] = {}
    for row, outgoing in pairs:
        source, target = (node.id, row["other"]) if outgoing else (row["other"], node.id)
        for token in row["latest"]:
            if len(wanted) >= limit:
                break
            _, article, start = parse_token(token)
            wanted[f"{source}|{row['type']}|{target}|{article}|{start}"] = outgoing
    found = stances_by_ids(store, list(wanted))
    rows = []
    for edge_id, outgoing in wanted.items():
        if edge_id in found:
            row = found[edge_id]
            side = "target" if outgoing else "source"
            rows.append(
                {
                    "type": row["type"],
                    "outgoing": outgoing,
                    "props": row["props"],
                    "other_id": row[f"{side}_id"],
                    "other_name": row[f"{side}_name"],
                    "other_labels": row[f"{side}_labels"],
                }
            )
    if len(rows) < limit:
        rows += links(store, node, limit=limit - len(rows))
    if len(rows) < limit:
        rows += store.read(queries.node_mentions(node.label), id=node.id, limit=limit - len(rows))
    return rows
