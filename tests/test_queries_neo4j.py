"""Every statement of graph/queries.py passes Neo4j's own Cypher 5 parser and semantic analysis.

The store's statements run on ArcadeDB in the tests; this keeps anything
ArcadeDB-only out of them, so they also run on Neo4j 5. Each builder is called
with every member of each enum it takes (cycled, not crossed), each constant
taken as it is; a new public name of ``peacegraph.graph.queries`` must be one or the other.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from peacegraph.graph import queries
from peacegraph.graph.model import EntityType, Label, LinkType, StanceType
from tests.test_docs_queries import lint_cypher

# Public names of graph.queries that are not statements.
NOT_STATEMENTS = {
    "STANCE_PATTERN",
    "MAX_PATH_HOPS",
    "stance_key",
    "article_link_key",
    "articles_param",
    "SUMMARY_LABEL",
    "DAY_LABEL",
    "NEIGHBOURS_LABEL",
    "CALENDAR_LABEL",
}

_REL_TYPES: list[tuple[StanceType | LinkType, ...]] = [
    tuple(StanceType),
    tuple(LinkType),
    (*StanceType, *(t for t in LinkType if t is not LinkType.MENTIONS)),
    (StanceType.SUPPORTS,),
]
# Sample arguments per parameter annotation (the module is annotated as strings).
SAMPLES: dict[str, list[Any]] = {
    "Label": list(Label),
    "Label | None": [None, *Label],
    "StanceType": list(StanceType),
    "LinkType": list(LinkType),
    "StanceType | LinkType": [*StanceType, *LinkType],
    "tuple[Label, ...]": [t.labels for t in EntityType] + [(Label.ARTICLE,)],
    "tuple[StanceType | LinkType, ...]": _REL_TYPES,
    "int": list(range(1, queries.MAX_PATH_HOPS + 1)),
    "LiteralString": list(queries.READ_MODEL_LABELS),
}


def _builders() -> dict[str, Callable[..., str]]:
    return {
        name: value
        for name, value in vars(queries).items()
        if inspect.isfunction(value) and value.__module__ == queries.__name__ and not name.startswith("_")
    }


def _constants() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(queries).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, str)
    }


def _calls(builder: Callable[..., str]) -> Iterator[str]:
    """``builder`` called so that every sample of each of its parameters is used at least once."""
    samples = [SAMPLES[str(p.annotation)] for p in inspect.signature(builder).parameters.values()]
    rounds = max(len(values) for values in samples)
    columns = [list(islice(cycle(values), rounds)) for values in samples]
    for arguments in zip(*columns, strict=True):
        yield builder(*arguments)


def every_statement() -> dict[str, list[str]]:
    """Statement texts of graph.queries by the name that makes them."""
    found = {name: [text] for name, text in _constants().items() if name not in NOT_STATEMENTS}
    for name, builder in _builders().items():
        if name not in NOT_STATEMENTS:
            found[name] = list(_calls(builder))
    return found


def test_every_builder_is_called_with_each_member_of_its_enums() -> None:
    assert set(vars(queries)) >= NOT_STATEMENTS, "a name declared not a statement is gone from graph.queries"
    statements = every_statement()  # a builder with a parameter type not in SAMPLES fails here
    assert set(_builders()) - NOT_STATEMENTS <= set(statements)
    assert all(statements.values())
    assert len(statements["create_relationships"]) >= len(StanceType)
    assert len(statements["timeline_place_stances"]) >= len(Label)
    assert len(set(statements["neighbors"])) == len(Label)  # each label, the types cycled along


def test_every_statement_passes_neo4j_5_cypher(tmp_path: Path) -> None:
    schema: dict[str, Any] = {
        "defaultLanguage": "CYPHER 5",
        "labels": [label.value for label in Label] + list(queries.READ_MODEL_LABELS),
        "relationshipTypes": [t.value for t in StanceType] + [t.value for t in LinkType],
    }
    statements = every_statement()
    # Declared so the linter does not flag them; their values are the store's business.
    names = {name for texts in statements.values() for text in texts for name in re.findall(r"\$(\w+)", text)}
    schema["parameters"] = dict.fromkeys(sorted(names))
    files: dict[str, Path] = {}
    for name, texts in statements.items():
        files[name] = tmp_path / f"{name}.cypher"
        files[name].write_text("".join(text + ";\n" for text in texts), encoding="utf-8")
    # The same run flags what Neo4j refuses: an ArcadeDB-only statement must not pass unseen.
    arcadedb_only = tmp_path / "arcadedb_only.cypher"
    arcadedb_only.write_text("MATCH (n:Person) RETURN n ORDER BY n.name SKIP -1;\n", encoding="utf-8")
    *reports, refused = lint_cypher(schema, *files.values(), arcadedb_only)
    problems = {name: report for name, report in zip(files, reports, strict=True) if report}
    assert problems == {}
    assert refused, "the linter did not flag a statement Neo4j refuses"
