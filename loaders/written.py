"""Training sentences we write ourselves, by phenomenon (``loaders/data/written/*.yaml``).

Forty gold articles hold a few dozen examples of each stance; a rejection worded in a way none of them
uses is a word the relation model has never seen. The written cases fill that gap: short texts, grouped
by phenomenon (rejection verbs, evaluative judgements, participation in named events, ...), each with
*every* relation it states, so that any other pair of the text is a negative example. They are only
ever training data: the cross-validation scores the gold articles alone, with the written cases in
every training half (``peacegraph.loaders.training.cross_validate``).

A file::

    phenomenon: rejection verbs and nouns
    cases:
      - id: dismissed-as
        text: Andrii Sybiha dismissed the Kremlin's proposal as a stalling tactic.
        relations:
          - [Andrii Sybiha, REJECTS, Russia]

Names are the gazetteer's canonical names or the text's own surface forms; a plan point is
``<plan name> #<number>``. ``published`` (default 2025-11-25) is the date relative dates resolve to.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from peacegraph.graph.errors import InputError
from peacegraph.graph.model import StanceType
from peacegraph.loaders.evaluation import Gold, canon, norm
from peacegraph.loaders.readers import RawArticle

WRITTEN_DIR = Path(__file__).parent / "data" / "written"
DEFAULT_PUBLISHED = date(2025, 11, 25)
_POINT = re.compile(r"#(\d+)\s*$")


class WrittenCase(BaseModel):
    """One short text and every relation it states."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)
    published: date = DEFAULT_PUBLISHED
    relations: list[tuple[str, StanceType, str]] = Field(default_factory=list)


class WrittenFile(BaseModel):
    """The cases of one phenomenon."""

    model_config = ConfigDict(extra="forbid")

    phenomenon: str
    cases: list[WrittenCase]


def case_gold(article: str, case: WrittenCase) -> Gold:
    """The gold of a written case: its relations, each name its own only alias (points by number)."""
    names = {name for source, _, target in case.relations for name in (source, target)}
    points = {int(found.group(1)): name for name in names if (found := _POINT.search(name))}
    return Gold(
        article=article,
        names=names - set(points.values()),
        relations={canon(source, kind.value, target): None for source, kind, target in case.relations},
        by_alias={norm(name): name for name in names},
        point_by_number=points,
    )


def load_written(directory: Path = WRITTEN_DIR) -> list[tuple[RawArticle, Gold]]:
    """Every case of every file of ``directory`` as an article with its gold (ids ``<file>-<case>``)."""
    found: list[tuple[RawArticle, Gold]] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            written = WrittenFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as error:
            raise InputError(f"{path}: not a file of written cases ({error})") from error
        for case in written.cases:
            name = f"{path.stem}-{case.id}"
            article = RawArticle(body=case.text, published=case.published, path=f"{directory.name}/{name}")
            found.append((article, case_gold(name, case)))
    ids = [gold.article for _, gold in found]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise InputError(f"{directory}: case ids used twice: {', '.join(duplicated)}")
    return found


__all__ = ["WRITTEN_DIR", "WrittenCase", "WrittenFile", "case_gold", "load_written"]
