"""Read-only Cypher for power users, in layers, because the server alone does not stop writes.

ArcadeDB's Bolt endpoint commits a CREATE sent in a READ session, reports every
``EXPLAIN`` as a write, commits schema commands even after a rollback, reads any
local file with ``LOAD CSV`` (reported as a read) and ignores the driver's
transaction timeout (``shared/design/arcadedb-notes.md``). So a user's query
passes, in order:

1. ``check_query``: a tokenizer (strings, comments, backticks, parameters) and
   an allow-list. Outside string literals the query must be ASCII (unicode
   look-alikes such as fullwidth ``ＣＲＥＡＴＥ`` are refused, named by their
   NFKC form); it must start with a reading clause; no write, schema, admin or
   file clause appears anywhere (``CALL { }`` bodies included); ``CALL`` only of
   a few read procedures; functions only from a list of read functions, matched
   by their full dotted name (``apoc.coll.union`` is not ``union``); one
   statement. What is sent to the server is the checked token stream itself:
   comments dropped and every string literal lifted into a parameter, so the
   server parses exactly the code that was checked (no lexer differential).
2. ``run_read_only``: one explicit transaction that is always rolled back; the
   answer is refused if the summary says ``query_type != "r"`` or that
   something was updated. On Neo4j, a READ session and an ``EXPLAIN`` first.
3. Bounds: rows streamed up to ``row_cap`` and a byte cap, a client-side time
   limit (the query runs in a worker thread on a driver of its own), and
   ``QuerySlots``, a small concurrency limit. The server stops a statement by
   itself too (Neo4j: the transaction timeout; ArcadeDB: ``arcadedb.command.timeout``,
   set on the embedded server): a timed-out query's slot stays taken until the
   server has stopped it, so the slots count what runs in the server.

Real Cypher parsers from PyPI were tried first and refused legitimate reads:
``cypher-guard`` 3.0 fails on ``{id: $id}`` and prints debug output,
``antlr4-cypher`` 0.1.2 on ``n {.*}``, ``=~``, ``UNION`` and ``CALL { }``,
``graphglot`` 0.14 on ``n {.*}``, ``shortestPath`` and ``count { }``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, Driver, Record, Result
from neo4j.exceptions import (
    BrokenRecordError,
    ClientError,
    CypherSyntaxError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.errors import (
    BusyError,
    QueryError,
    QueryTimeoutError,
    StoreError,
    StoreUnavailableError,
    UnsafeQueryError,
)
from graph.relay import ByteBudgetRelay
from graph.store import GraphStore, server_limit_error

log = logging.getLogger(__name__)

STRING_PARAM_PREFIX = "__pg_s"

# Words of a clause that writes, changes the schema, administers the server, reads files or
# other databases, or changes how the query runs: refused anywhere in the query. Admin commands
# made of other words (START DATABASE, STOP ...) cannot be composed into a query, and a query
# must start with a reading clause; common nouns (index, user, start) stay usable as names.
FORBIDDEN_WORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "DROP", "LOAD", "CSV",
        "FOREACH", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "TERMINATE", "ENABLE", "DISABLE",
        "USE", "SHOW", "IMPORT", "INSERT", "COPY", "PERIODIC", "TRANSACTIONS", "EXPLAIN", "PROFILE",
        "COMMIT", "ROLLBACK", "BEGIN", "DEALLOCATE", "REALLOCATE",
    }
)  # fmt: skip

FIRST_WORDS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})

_PROCEDURES = "db.labels, db.relationshipTypes, db.propertyKeys, db.schema.visualization"
ALLOWED_PROCEDURES = frozenset(name.strip().lower() for name in _PROCEDURES.split(","))

# Keywords that may stand right before "(" without being a function.
_CLAUSE_WORDS = frozenset(
    {
        "MATCH", "OPTIONAL", "WHERE", "AND", "OR", "XOR", "NOT", "RETURN", "WITH", "UNWIND", "IN",
        "CALL", "CASE", "WHEN", "THEN", "ELSE", "DISTINCT", "BY", "SKIP", "LIMIT", "CONTAINS",
        "UNION", "ALL", "ANY", "SHORTEST", "PATHS", "GROUPS", "IS", "STARTS", "ENDS", "YIELD", "AS",
        "OFFSET", "ORDER", "ASC", "DESC", "ASCENDING", "DESCENDING",
    }
)  # fmt: skip

# Read functions by their full name, lower case: a namespaced one is matched whole (apoc.coll.union
# is not union) and no namespace is allowed wholesale (ArcadeDB answers to apoc-like names).
ALLOWED_FUNCTIONS = frozenset(
    {
        "abs", "acos", "all", "allshortestpaths", "any", "asin", "atan", "atan2", "avg", "btrim",
        "ceil", "char_length", "character_length", "coalesce", "collect", "cos", "cot", "count",
        "degrees", "distance", "e", "elementid", "endnode", "exists", "exp", "floor", "haversin",
        "head", "id", "isempty", "isnan", "keys", "labels", "last", "left", "length", "log", "log10",
        "lower", "ltrim", "max", "min", "nodes", "none", "normalize", "nullif", "percentilecont",
        "percentiledisc", "pi", "properties", "radians", "rand", "randomuuid", "range", "reduce",
        "relationships", "replace", "reverse", "right", "round", "rtrim", "shortestpath", "sign",
        "sin", "single", "size", "split", "sqrt", "startnode", "stdev", "stdevp", "substring", "sum",
        "tail", "tan", "timestamp", "toboolean", "tobooleanlist", "tobooleanornull", "tofloat",
        "tofloatlist", "tofloatornull", "tointeger", "tointegerlist", "tointegerornull", "tolower",
        "tostring", "tostringlist", "tostringornull", "toupper", "trim", "type", "upper", "valuetype",
        "date", "datetime", "localdatetime", "localtime", "time", "duration", "point",
        "date.realtime", "date.statement", "date.transaction", "date.truncate",
        "datetime.fromepoch", "datetime.fromepochmillis", "datetime.realtime", "datetime.statement",
        "datetime.transaction", "datetime.truncate",
        "localdatetime.realtime", "localdatetime.statement", "localdatetime.transaction", "localdatetime.truncate",
        "localtime.realtime", "localtime.statement", "localtime.transaction", "localtime.truncate",
        "time.realtime", "time.statement", "time.transaction", "time.truncate",
        "duration.between", "duration.indays", "duration.inmonths", "duration.inseconds",
        "point.distance", "point.withinbbox", "vector.similarity.cosine", "vector.similarity.euclidean",
    }
)  # fmt: skip

_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_TOKEN = re.compile(
    r"""
      (?P<ws>[ \t\r\n\f\v]+)
    | (?P<comment>//[^\n\r]*|/\*.*?\*/)
    | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<name>`(?:[^`]|``)*`)
    | (?P<param>\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|`(?:[^`]|``)*`))
    | (?P<number>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<unclosed>/\*|['"`])
    | (?P<punct>[!-/:-@\[-^{-~])
    | (?P<other>.)
    """,
    re.DOTALL | re.VERBOSE,
)
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)


@dataclass(frozen=True)
class CheckedQuery:
    """A user's query that passed the guard: the text to send and all its parameters."""

    text: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class ReadOnlyResult:
    rows: list[dict[str, Any]]
    columns: list[str]
    truncated: bool = False


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


def _string_value(literal: str) -> str:
    def unescape(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code in _ESCAPES:
            return _ESCAPES[code]
        raise UnsafeQueryError(f"unknown escape \\{code} in the string literal {literal[:40]!r}")

    return _ESCAPE.sub(unescape, literal[1:-1])


def _tokens(query: str) -> list[_Token]:
    """The code tokens of ``query`` (whitespace and comments dropped), or a refusal."""
    tokens: list[_Token] = []
    position = 0
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        text = match.group()
        position = match.start()
        if kind in ("ws", "comment"):
            continue
        if kind == "unclosed":
            raise UnsafeQueryError(f"unterminated {text!r} at character {position}: close every string and comment")
        if kind == "other":
            folded = unicodedata.normalize("NFKC", query[position : position + 12]).strip()
            reads_as = f" (it reads as {folded!r})" if folded and folded.isascii() else ""
            raise UnsafeQueryError(
                f"character {text!r} (U+{ord(text):04X}) at {position} is not allowed outside a string literal"
                f"{reads_as}; unicode look-alikes are refused, put text in strings or parameters"
            )
        if kind == "name" and ("\\" in text or "\n" in text):
            raise UnsafeQueryError(f"backslash or newline in the quoted name {text[:40]} is not allowed")
        tokens.append(_Token(kind, text, match.start(), match.end()))
    return tokens


def _previous(tokens: list[_Token], index: int) -> str:
    return tokens[index - 1].text if index > 0 else ""


def _next(tokens: list[_Token], index: int) -> str:
    return tokens[index + 1].text if index + 1 < len(tokens) else ""


def _unquoted(token: _Token) -> str:
    return token.text[1:-1].replace("``", "`") if token.kind == "name" else token.text


def _dotted_name(tokens: list[_Token], index: int) -> tuple[str, int]:
    """The dotted name ending at ``tokens[index]`` (``apoc.cypher.run``, backticks removed) and where it starts."""
    parts = [_unquoted(tokens[index])]
    while index >= 2 and tokens[index - 1].text == "." and tokens[index - 2].kind in ("word", "name"):
        index -= 2
        parts.append(_unquoted(tokens[index]))
    return ".".join(reversed(parts)), index


def _procedure_name(tokens: list[_Token], index: int) -> str:
    """The dotted procedure name after ``CALL`` at ``tokens[index]``."""
    parts: list[str] = []
    cursor = index + 1
    while cursor < len(tokens) and tokens[cursor].kind in ("word", "name"):
        parts.append(tokens[cursor].text.strip("`"))
        if _next(tokens, cursor) != ".":
            break
        cursor += 2
    return ".".join(parts)


def _check_function(tokens: list[_Token], index: int) -> None:
    """``tokens[index]`` is followed by ``(``: a function call, unless it names a procedure after CALL."""
    name, start = _dotted_name(tokens, index)
    if _previous(tokens, start).upper() == "CALL":
        return  # a procedure: checked as one
    if name.lower() not in ALLOWED_FUNCTIONS:
        raise UnsafeQueryError(f"function {name}() is not on the list of read-only functions")


def _check_word(tokens: list[_Token], index: int) -> None:
    upper = tokens[index].text.upper()
    before, after = _previous(tokens, index), _next(tokens, index)
    # After a dot a word before "(" is the last part of a function name, whatever word it is
    # (apoc.coll.union); alone, a clause word before "(" is syntax (WHERE (...), ANY (x IN ...)).
    is_call = after == "(" and (before == "." or upper not in _CLAUSE_WORDS)
    if before == "." or (after == ":" and before in ("{", ",")):
        if is_call:
            _check_function(tokens, index)
        return  # a property key (n.start) or a map key ({set: 1}), not a keyword
    if upper in FORBIDDEN_WORDS:
        raise UnsafeQueryError(
            f"{upper} is not allowed: this endpoint only reads (no writes, schema or admin commands, "
            "file loading or other databases)"
        )
    if upper == "CALL" and after not in ("{", "("):
        procedure = _procedure_name(tokens, index)
        if procedure.lower() not in ALLOWED_PROCEDURES:
            raise UnsafeQueryError(f"CALL {procedure or '?'} is not allowed; callable procedures: {_PROCEDURES}")
    if is_call:
        _check_function(tokens, index)


def check_query(query: str, parameters: Mapping[str, Any] | None = None) -> CheckedQuery:
    """Refuse anything but one reading query; return the text to send with its parameters."""
    given = dict(parameters or {})
    for name in given:
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name):
            raise UnsafeQueryError(f"parameter name {name!r} is not a plain identifier")
        if name.startswith(STRING_PARAM_PREFIX):
            raise UnsafeQueryError(f"parameter names starting with {STRING_PARAM_PREFIX} are reserved")
    tokens = _tokens(query)
    if tokens and tokens[-1].text == ";":
        tokens.pop()
    if not tokens:
        raise UnsafeQueryError("the query is empty")
    if any(token.text == ";" for token in tokens):
        raise UnsafeQueryError("one statement only: ';' separates statements")
    for index, token in enumerate(tokens):
        if token.kind == "word":
            _check_word(tokens, index)
        elif token.kind == "name" and _next(tokens, index) == "(":
            _check_function(tokens, index)
    if tokens[0].text.upper() not in FIRST_WORDS:
        raise UnsafeQueryError(
            f"a query must start with one of {', '.join(sorted(FIRST_WORDS))}, not {tokens[0].text[:30]!r}"
        )
    # The text sent is the original with comments blanked and strings lifted into parameters, so
    # the server parses the code that was checked and no literal of ours.
    pieces: list[str] = []
    strings: dict[str, str] = {}
    cursor = 0
    for token in tokens:
        if token.kind == "string":
            name = f"{STRING_PARAM_PREFIX}{len(strings)}"
            strings[name] = _string_value(token.text)
            replacement = f" ${name} "
        else:
            replacement = token.text
        pieces.append(" " if token.start > cursor else "")
        pieces.append(replacement)
        cursor = token.end
    parameters = {**given, **strings}
    _check_values(parameters)
    return CheckedQuery(text="".join(pieces).strip(), parameters=parameters)


_INT64 = (-(2**63), 2**63 - 1)


def _check_values(value: Any, depth: int = 0) -> None:
    """Refuse parameter values Bolt cannot carry (they would fail inside the driver, mid-request)."""
    if depth > 32:
        raise UnsafeQueryError("parameters nested more than 32 levels deep")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UnsafeQueryError(f"a text value is not valid Unicode ({error.reason} at {error.start})") from None
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return
    elif isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise UnsafeQueryError(f"the integer {value} does not fit in 64 bits")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(str(key), depth + 1)
            _check_values(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_values(item, depth + 1)
    else:
        raise UnsafeQueryError(f"a parameter of type {type(value).__name__} cannot be sent")


class QuerySlots:
    """At most ``size`` queries (or other ``what``) at once; ``acquire`` refuses (BusyError) instead of waiting."""

    def __init__(self, size: int, what: str = "queries") -> None:
        self.size = size
        self.what = what
        self._semaphore = threading.BoundedSemaphore(size)

    def acquire(self) -> None:
        if not self._semaphore.acquire(blocking=False):
            raise BusyError(f"{self.size} {self.what} already running; try again shortly", retry_after=1.0)

    def release(self) -> None:
        self._semaphore.release()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """One slot for the ``with`` block, or ``BusyError`` at once."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


def _plain(value: Any) -> Any:
    """A JSON-ready form of a value the driver returns."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return value


@dataclass
class _Outcome:
    rows: list[dict[str, Any]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    truncated: bool = False


def _is_arcadedb(driver: Driver) -> bool:
    return "arcadedb" in str(driver.get_server_info().agent).lower()


@dataclass(frozen=True)
class _Bounds:
    """What a query may take: rows, JSON bytes of the answer, seconds; and how to cut it short."""

    row_cap: int
    max_bytes: int
    timeout: float
    drop_connection: Callable[[], None] | None = None  # ends the query in the server at once
    cut_by_relay: Callable[[], bool] = lambda: False  # the relay cut the answer at its byte budget


def _execute(driver: Driver, database: str | None, checked: CheckedQuery, bounds: _Bounds) -> _Outcome:
    """Stream the rows in a transaction that is rolled back; refuse the answer unless it was a read.

    When the rows pass a cap and ``drop_connection`` is given, it is called instead of
    draining the rest: the server aborts the transaction when its connection goes, while
    discarding a million remaining rows costs seconds.
    """
    # The one place text from a user becomes query text: only a CheckedQuery gets here.
    text = cast(LiteralString, checked.text)
    neo4j = not _is_arcadedb(driver)
    fetch_size = min(bounds.row_cap + 1, 1000)
    with driver.session(database=database, default_access_mode=READ_ACCESS, fetch_size=fetch_size) as session:
        if neo4j:
            plan = session.run("EXPLAIN " + text, checked.parameters).consume()
            if plan.query_type != "r":
                raise UnsafeQueryError(f"the server plans this query as {plan.query_type!r}, not a read")
        tx = session.begin_transaction(timeout=bounds.timeout if neo4j else None)  # ArcadeDB ignores it
        outcome = _Outcome()
        try:
            result = tx.run(text, checked.parameters)
            outcome.columns = list(result.keys())
            _stream(result, outcome, bounds)
            if outcome.truncated and bounds.drop_connection is not None:
                bounds.drop_connection()
                return outcome
            summary = result.consume()
        except (ServiceUnavailable, SessionExpired, OSError):
            if not bounds.cut_by_relay():
                raise
            outcome.truncated = True  # a value too big to take in: the rows before it are the answer
            return outcome
        except BrokenRecordError as error:
            raise QueryError(f"the server returned a value this API cannot read ({error.__cause__ or error})") from None
        finally:
            with contextlib.suppress(Neo4jError, DriverError):
                tx.rollback()  # a failed or cut connection has nothing to roll back
    # ArcadeDB leaves query_type out of the summary of a result cut short at the row cap.
    kind_ok = summary.query_type == "r" or (summary.query_type is None and outcome.truncated)
    if not kind_ok or summary.counters.contains_updates or summary.counters.contains_system_updates:
        raise UnsafeQueryError(
            f"the server reports this query as {summary.query_type!r} (not a read); it was rolled back"
        )
    return outcome


def _stream(result: Result, outcome: _Outcome, bounds: _Bounds) -> None:
    """Rows of ``result`` into ``outcome`` until the row or byte cap."""
    size = 0
    record: Record
    for record in result:
        if len(outcome.rows) >= bounds.row_cap:
            outcome.truncated = True
            return
        row = _plain(record.data())
        size += len(json.dumps(row, default=str))
        if size > bounds.max_bytes:
            outcome.truncated = True
            return
        outcome.rows.append(row)


def _translate(error: Exception) -> Exception:
    if (stopped := server_limit_error(error)) is not None:
        return stopped
    if isinstance(error, CypherSyntaxError):
        return QueryError(f"syntax error: {error.message or error}", syntax=True)
    if isinstance(error, ClientError | DatabaseError | TransientError):
        return QueryError(f"the server refused the query: {error.message or error}")
    if isinstance(error, ServiceUnavailable | SessionExpired | OSError):
        return StoreUnavailableError(f"graph database unavailable: {error}")
    return error


class _Worker:
    """One read-only query on a thread of its own: its own driver (through a byte-budget relay when
    the server is reached directly), its slot, and what becomes of them when the API stops waiting."""

    def __init__(self, store: GraphStore, checked: CheckedQuery, bounds: _Bounds, slots: QuerySlots | None) -> None:
        self.store = store
        self.checked = checked
        self.slots = slots
        self.future: Future[_Outcome] = Future()
        self._claim = threading.Lock()  # the worker or the give-up timer, whichever comes first, frees the slot
        self.gave_up = threading.Event()
        self.relay: ByteBudgetRelay | None = None
        self.own_driver: Driver | None = None
        if store.connect is not None:
            if store.bolt_address is not None:
                # Bolt encodes text about as compactly as JSON: twice the JSON cap, plus the protocol's own talk.
                self.relay = ByteBudgetRelay(store.bolt_address, 2 * bounds.max_bytes + 65536)
            try:
                self.own_driver = store.connect(self.relay.uri if self.relay else None)
            except BaseException:
                self._disconnect()
                raise
        cut = self.relay.exceeded.is_set if self.relay else (lambda: False)
        drop = self.own_driver.close if self.own_driver else None
        self.bounds = replace(bounds, drop_connection=drop, cut_by_relay=cut)

    def start(self) -> None:
        threading.Thread(target=self._work, name="read-only-query", daemon=True).start()

    def _work(self) -> None:
        try:
            driver = self.own_driver or self.store.driver
            self.future.set_result(_execute(driver, self.store.database, self.checked, self.bounds))
        except (UnsafeQueryError, QueryError, ClientError, DatabaseError, TransientError, ServiceUnavailable,
                SessionExpired, OSError) as error:  # fmt: skip
            self.future.set_exception(_translate(error))
        except (ValueError, TypeError, OverflowError) as error:  # the driver could not pack a value
            self.future.set_exception(QueryError(f"the query could not be sent: {error}"))
        finally:
            if not self.future.done():  # an error of ours: answer it (500) instead of waiting out the time limit
                self.future.set_exception(StoreError("the read-only query failed unexpectedly"))
            self._disconnect()
            if self._free_slot() and self.gave_up.is_set():
                log.info("a read-only query stopped by the API has ended in the graph server")

    def _disconnect(self) -> None:
        if self.own_driver is not None:
            self.own_driver.close()
        if self.relay is not None:
            self.relay.close()

    def _free_slot(self) -> bool:
        if self.slots is not None and self._claim.acquire(blocking=False):
            self.slots.release()
            return True
        return False

    def give_up(self, server_timeout: float | None, timeout: float) -> None:
        """The API stops waiting: keep the slot until the server stops the query, or a while at most."""
        self.gave_up.set()
        if server_timeout is None:
            self._disconnect()  # nothing will stop it in the server: hold the slot a while, then free it
            after = timeout
        else:
            after = max(0.0, server_timeout - timeout) + timeout
        timer = threading.Timer(after, self._abandon)
        timer.daemon = True
        timer.start()

    def _abandon(self) -> None:
        self._disconnect()  # cuts the worker loose; the server may still be computing
        if self._free_slot():
            log.warning("a read-only query stopped by the API had not ended in the graph server; slot freed")


def run_read_only(
    store: GraphStore,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    row_cap: int,
    timeout: float,
    max_bytes: int = 10_000_000,
    slots: QuerySlots | None = None,
    server_timeout: float | None = None,
) -> ReadOnlyResult:
    """Run a user's read-only query with every guard; at most ``row_cap`` rows, within ``timeout`` s.

    ``server_timeout``: seconds after which the server stops a statement by itself (Neo4j: the
    transaction timeout sent here; ArcadeDB: ``arcadedb.command.timeout``), None if it never
    does. A query past ``timeout`` answers at once, but keeps its slot until the server has
    stopped it, so the slots count what the server runs; if the server has not answered a
    ``timeout`` after its own limit either (ArcadeDB does not interrupt a long expression
    such as a huge ``reduce``), its connection is cut and the slot freed anyway.
    """
    checked = check_query(query, params)
    if slots is not None:
        slots.acquire()
    try:
        worker = _Worker(store, checked, _Bounds(row_cap, max_bytes, timeout), slots)
    except BaseException:
        if slots is not None:
            slots.release()
        raise
    worker.start()
    try:
        outcome = worker.future.result(timeout=timeout)
    except FutureTimeout:
        worker.give_up(server_timeout, timeout)
        log.warning("read-only query stopped after %.1fs", timeout)
        raise QueryTimeoutError(
            f"the query ran longer than {timeout:g}s and was stopped; narrow it (LIMIT, a more specific MATCH)"
        ) from None
    columns = outcome.columns or (list(outcome.rows[0]) if outcome.rows else [])
    return ReadOnlyResult(rows=outcome.rows, columns=columns, truncated=outcome.truncated)
