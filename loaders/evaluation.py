"""Extractions scored against gold annotations, counted as ``shared/eval/score.py`` counts them.

A gold file (``shared/eval/ANNOTATION.md``) is paired with the extraction whose
``article.path`` has its ``article`` as basename. A predicted entity counts when
its name or an alias, compared after ``norm``, is a gold entity's name or alias
(a plan point: when its number is); one that resolves to none is a false
positive. A stance triple counts when both ends resolve; MEETS matches in either
direction; one whose ends do not resolve is a false positive. Beyond score.py
the report has figures per relation type (micro over articles; a missed triple
counts for its gold type, a predicted one for its own) and, for each missed or
wrong triple, the sentence behind it: the gold evidence or the extractor's.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from peacegraph.graph.errors import InputError
from peacegraph.graph.model import SYMMETRIC_STANCES, Entity, EntityType, Extraction

Triple = tuple[str, str, str]
SYMMETRIC = frozenset(kind.value for kind in SYMMETRIC_STANCES)
POINT_IN_NAME = re.compile(r"(?:#|point\s*)(\d+)", re.I)
FIGURES = frozenset({"precision", "recall", "f1"})


def norm(text: str) -> str:
    """The form names are compared in: no accents, casefolded, punctuation as spaces, no leading article."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w#' ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def canon(source: str, kind: str, target: str) -> Triple:
    """A triple as compared: the two ends of a symmetric type in order."""
    if kind in SYMMETRIC and target < source:
        source, target = target, source
    return (source, kind, target)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Counts(_Strict):
    """True/false positives and false negatives, with P/R/F1 rounded as score.py rounds them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @model_validator(mode="before")
    @classmethod
    def _drop_figures(cls, data: Any) -> Any:
        """P/R/F1 follow from the counts, so a dumped report validates back."""
        return {k: v for k, v in data.items() if k not in FIGURES} if isinstance(data, dict) else data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        return round(_ratio(self.tp, self.tp + self.fp), 3)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        return round(_ratio(self.tp, self.tp + self.fn), 3)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = _ratio(self.tp, self.tp + self.fp), _ratio(self.tp, self.tp + self.fn)
        return round(_ratio(2 * p * r, p + r), 3)

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


class Finding(_Strict):
    """A missed, wrong or unresolved triple and the sentence it comes from (when known)."""

    source: str
    type: str
    target: str
    sentence: str | None = None


class Scores(_Strict):
    """Entity, strict relation and untyped relation counts, as score.py reports them."""

    entities: Counts = Counts()
    relations: Counts = Counts()
    relations_untyped: Counts = Counts()

    def __add__(self, other: Scores) -> Scores:
        return Scores(entities=self.entities + other.entities, relations=self.relations + other.relations,
                      relations_untyped=self.relations_untyped + other.relations_untyped)  # fmt: skip


class ArticleScore(Scores):
    """One gold article: its counts, per-type counts, and the triples and entities that went wrong."""

    article: str
    found: bool = Field(description="whether an extraction was given for this article")
    per_type: dict[str, Counts]
    missed: list[Finding]
    wrong: list[Finding]
    unresolved_relations: list[Finding]
    missed_entities: list[str]
    unresolved_entities: list[str]


class EvaluationReport(_Strict):
    """Every gold article's score, the per-type counts and the micro counts over all articles."""

    articles: list[ArticleScore]
    per_type: dict[str, Counts]
    micro: Scores


@dataclass
class Gold:
    """One gold file: its entities (names, aliases, numbered points) and its triples with their evidence."""

    article: str
    names: set[str]
    relations: dict[Triple, str | None]
    by_alias: dict[str, str]
    point_by_number: dict[int, str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Gold:
        entities = data.get("entities") or []
        by_alias: dict[str, str] = {}
        point_by_number: dict[int, str] = {}
        for ent in entities:
            for form in [ent["name"], *(ent.get("aliases") or [])]:
                by_alias.setdefault(norm(form), ent["name"])
            if ent.get("type") == EntityType.PLAN_POINT and ent.get("number") is not None:
                point_by_number[int(ent["number"])] = ent["name"]
        relations: dict[Triple, str | None] = {}
        for item in data.get("relations") or []:
            triple, evidence = _gold_relation(item)
            relations.setdefault(triple, evidence)
        return cls(
            article=data["article"],
            names={e["name"] for e in entities if e.get("type") != EntityType.PLAN_POINT},
            relations=relations,
            by_alias=by_alias,
            point_by_number=point_by_number,
        )

    def resolve(
        self, name: str, aliases: Sequence[str] = (), *, point: bool = False, number: int | None = None
    ) -> str | None:
        """The gold name a predicted entity stands for: a plan point by its number, others by name or alias."""
        if point or number is not None:
            found = POINT_IN_NAME.search(name) if number is None else None
            number = int(found.group(1)) if found else number
            return self.point_by_number.get(number) if number else None
        return next((self.by_alias[key] for key in map(norm, [name, *aliases]) if key in self.by_alias), None)

    def resolve_entity(self, entity: Entity) -> str | None:
        return self.resolve(
            entity.name, entity.aliases, point=entity.type is EntityType.PLAN_POINT, number=entity.number
        )


def _gold_relation(item: Any) -> tuple[Triple, str | None]:
    """``[source, TYPE, target, evidence?]`` (or a mapping with those keys) as a compared triple and its evidence."""
    if isinstance(item, dict):
        return canon(item["source"], item["type"], item["target"]), item.get("evidence")
    return canon(*item[:3]), (item[3] if len(item) > 3 else None)


def load_gold(directory: Path) -> list[Gold]:
    """The gold files of ``directory`` in name order (one per article); InputError if there are none."""
    if not directory.is_dir():
        raise InputError(f"gold directory not found: {directory}")
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise InputError(f"no gold files (*.yaml) in {directory}")
    golds: dict[str, Gold] = {}
    for path in paths:
        try:
            gold = Gold.from_data(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, KeyError, TypeError, ValueError) as error:
            raise InputError(f"{path}: not a gold file ({error})") from error
        golds[gold.article] = gold
    return list(golds.values())


def _entity_scores(
    gold: Gold, entities: dict[str, Entity], resolved: dict[str, str | None]
) -> tuple[Counts, list[str], list[str]]:
    """Entity counts, the gold names not found, and the predicted names that resolve to nothing."""
    points = {eid for eid, entity in entities.items() if entity.type is EntityType.PLAN_POINT}
    plans = {eid for eid, entity in entities.items() if entity.type is EntityType.PLAN}
    found = {name for eid, name in resolved.items() if name in gold.names and eid not in points}
    unresolved = sorted(
        {entities[eid].name for eid, name in resolved.items() if not name and eid not in points | plans}
    )
    missed = sorted(gold.names - found)
    return Counts(tp=len(found), fp=len(unresolved), fn=len(missed)), missed, unresolved


def _predicted_triples(
    gold: Gold, extraction: Extraction, resolved: dict[str, str | None]
) -> tuple[dict[Triple, str], dict[Triple, str]]:
    """Resolved triples and unresolved (raw) ones, each with the sentence of its first occurrence."""
    triples: dict[Triple, str] = {}
    unresolved: dict[Triple, str] = {}
    for rel in extraction.relations:
        source = resolved.get(rel.source) or gold.resolve(rel.source)
        target = resolved.get(rel.target) or gold.resolve(rel.target)
        if source and target:
            triples.setdefault(canon(source, rel.type.value, target), rel.evidence)
        else:
            unresolved.setdefault((rel.source, rel.type.value, rel.target), rel.evidence)
    return triples, unresolved


def _findings(triples: Mapping[Triple, str | None], keys: Iterable[Triple]) -> list[Finding]:
    return [Finding(source=s, type=t, target=o, sentence=triples[(s, t, o)]) for s, t, o in sorted(keys)]


def _per_type(missed: Iterable[Triple], wrong: Iterable[Triple], right: Iterable[Triple]) -> dict[str, Counts]:
    counts = {
        kind: Counter(t for _, t, _ in triples) for kind, triples in (("fn", missed), ("fp", wrong), ("tp", right))
    }
    kinds = sorted(set().union(*counts.values()))
    return {k: Counts(tp=counts["tp"][k], fp=counts["fp"][k], fn=counts["fn"][k]) for k in kinds}


def score_article(gold: Gold, extraction: Extraction | None) -> ArticleScore:
    """One article's score; no extraction scores as an empty one."""
    found = extraction is not None
    extraction = extraction or Extraction()
    entities = {entity.id: entity for entity in extraction.entities}
    resolved = {eid: gold.resolve_entity(entity) for eid, entity in entities.items()}
    entity_counts, missed_entities, unresolved_entities = _entity_scores(gold, entities, resolved)
    triples, unresolved = _predicted_triples(gold, extraction, resolved)
    right = triples.keys() & gold.relations.keys()
    wrong = triples.keys() - gold.relations.keys()
    missed = gold.relations.keys() - triples.keys()
    pairs = {(s, o) for s, _, o in triples}
    gold_pairs = {(s, o) for s, _, o in gold.relations}
    return ArticleScore(
        article=gold.article,
        found=found,
        entities=entity_counts,
        relations=Counts(tp=len(right), fp=len(wrong) + len(unresolved), fn=len(missed)),
        relations_untyped=Counts(
            tp=len(pairs & gold_pairs), fp=len(pairs - gold_pairs) + len(unresolved), fn=len(gold_pairs - pairs)
        ),
        per_type=_per_type(missed, [*wrong, *unresolved], right),
        missed=_findings(gold.relations, missed),
        wrong=_findings(triples, wrong),
        unresolved_relations=_findings(unresolved, unresolved),
        missed_entities=missed_entities,
        unresolved_entities=unresolved_entities,
    )


def _sum_per_type(articles: Iterable[ArticleScore]) -> dict[str, Counts]:
    total: dict[str, Counts] = {}
    for article in articles:
        for kind, counts in article.per_type.items():
            total[kind] = total.get(kind, Counts()) + counts
    return dict(sorted(total.items()))


def score(extractions: Iterable[Extraction], golds: Sequence[Gold]) -> EvaluationReport:
    """Score ``extractions`` against ``golds``, pairing them by the basename of ``article.path``."""
    by_article = {Path((e.article and e.article.path) or "").name: e for e in extractions}
    articles = [score_article(gold, by_article.get(gold.article)) for gold in golds]
    micro = sum(articles, Scores())
    return EvaluationReport(articles=articles, per_type=_sum_per_type(articles), micro=micro)


def evaluate(extractions: Iterable[Extraction], gold_dir: Path) -> EvaluationReport:
    """Score ``extractions`` against the gold files of ``gold_dir``."""
    return score(extractions, load_gold(gold_dir))
