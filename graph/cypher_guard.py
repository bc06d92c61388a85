"""The read-only guard: a user's Cypher refused unless it can only read, before anything runs.

A tokenizer (strings, comments, backticks, parameters) and an allow-list. Outside
string literals the query must be ASCII (unicode look-alikes such as fullwidth
``ＣＲＥＡＴＥ`` are refused, named by their NFKC form); it must start with a reading
clause; no write, schema, admin or file clause appears anywhere (``CALL { }``
bodies included); ``CALL`` only of a few read procedures; functions only from a
list of read functions, matched by their full dotted name (``apoc.coll.union`` is
not ``union``); one statement. What is sent to the server is the checked token
stream itself: comments dropped and every string literal lifted into a parameter,
so the server parses exactly the code that was checked (no lexer differential).

This is the first layer; ``peacegraph.graph.readonly`` runs what passes it under the others.

Real Cypher parsers from PyPI were tried first and refused legitimate reads:
``cypher-guard`` 3.0 fails on ``{id: $id}`` and prints debug output,
``antlr4-cypher`` 0.1.2 on ``n {.*}``, ``=~``, ``UNION`` and ``CALL { }``,
``graphglot`` 0.14 on ``n {.*}``, ``shortestPath`` and ``count { }``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from peacegraph.graph.errors import UnsafeQueryError

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
    _check_parameter_names(given)
    tokens = _statement(_tokens(query))
    for index, token in enumerate(tokens):
        if token.kind == "word":
            _check_word(tokens, index)
        elif token.kind == "name" and _next(tokens, index) == "(":
            _check_function(tokens, index)
    if tokens[0].text.upper() not in FIRST_WORDS:
        raise UnsafeQueryError(
            f"a query must start with one of {', '.join(sorted(FIRST_WORDS))}, not {tokens[0].text[:30]!r}"
        )
    text, strings = _sendable(tokens)
    parameters = {**given, **strings}
    _check_values(parameters)
    return CheckedQuery(text=text, parameters=parameters)


def _check_parameter_names(given: dict[Any, Any]) -> None:
    for name in given:
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name):
            raise UnsafeQueryError(f"parameter name {name!r} is not a plain identifier")
        if name.startswith(STRING_PARAM_PREFIX):
            raise UnsafeQueryError(f"parameter names starting with {STRING_PARAM_PREFIX} are reserved")


def _statement(tokens: list[_Token]) -> list[_Token]:
    """The tokens of the one statement (a final ``;`` dropped), or a refusal."""
    if tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]
    if not tokens:
        raise UnsafeQueryError("the query is empty")
    if any(token.text == ";" for token in tokens):
        raise UnsafeQueryError("one statement only: ';' separates statements")
    return tokens


def _sendable(tokens: list[_Token]) -> tuple[str, dict[str, str]]:
    """The text to send and the string parameters it needs.

    The text is the original with comments blanked and strings lifted into parameters, so
    the server parses the code that was checked and no literal of ours.
    """
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
    return "".join(pieces).strip(), strings


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
