"""Fitting the relation model to gold-annotated articles, and measuring it on articles it was not fitted to.

Every candidate pair of an article (``peacegraph.loaders.pairs``) is an example; its labels are the gold relation
types of the pair whose evidence overlaps the pair's sentence (any sentence, for gold without
evidence). One logistic regression per type is fitted with scikit-learn (a development dependency:
``pip install -e '.[dev]'``) and exported as plain weights (``peacegraph.loaders.relation_model``).

``cross_validate`` is the honest figure: the articles are split by the parity of their number
(``01_...``, ``02_...``), a model is fitted on one half and extracts the other, and the two halves'
extractions are scored together.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span

from peacegraph.graph.model import Extraction, StanceType
from peacegraph.loaders.evaluation import Gold, canon
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.mentions import EntityRecord
from peacegraph.loaders.readers import RawArticle
from peacegraph.loaders.relation_model import RelationModel, TypeWeights
from peacegraph.loaders.written import WRITTEN_DIR, load_written

# The inverse L2 strength. Cross-validated over the 40 gold articles (written cases in every half): C=1.0 scores
# 0.432 and fits the 40 0.091 better than it scores them held out; 0.5 scores 0.429 with a gap of 0.079, 0.3
# 0.428 (0.061). Articles from other outlets are further from the corpus than its own halves are from each
# other, so the stronger regularisation of equal held-out score is taken.
DEFAULT_C = 0.5
DEFAULT_THRESHOLD = 0.3  # chosen on the 40-article cross-validation with the written cases (0.25, 0.3, 0.35 tried)
# Types whose best threshold differs, found by a coordinate search over the cross-validated extraction of
# the 40 gold articles (0.15 to 0.4 tried per type; rechecked, 0.15-0.2 and 0.3-0.4, with the written
# cases): participation is often stated weakly ("attended for Washington"); people named in one breath
# often did not meet ("in a joint statement, Merz, Macron and Starmer ...").
TYPE_THRESHOLDS = {StanceType.PARTICIPATES_IN: 0.15, StanceType.MEETS: 0.4}
_NUMBER = re.compile(r"^(\d+)")


@dataclass(frozen=True, slots=True)
class Example:
    """One candidate pair as a training example."""

    article: str
    features: dict[str, float]
    labels: frozenset[StanceType]


@dataclass
class Corpus:
    """Articles with their gold, parsed once."""

    articles: list[RawArticle]
    docs: list[Doc]
    golds: list[Gold]

    @classmethod
    def parse(cls, extractor: RuleExtractor, articles: Sequence[RawArticle], golds: Sequence[Gold]) -> Corpus:
        by_name = {gold.article: gold for gold in golds}
        kept = [a for a in articles if a.path is not None and Path(a.path).name in by_name]
        docs = list(extractor.nlp.pipe((a.body for a in kept), batch_size=16))
        return cls(kept, docs, [by_name[Path(a.path).name] for a in kept if a.path is not None])

    def split(self, keep: Callable[[str], bool]) -> Corpus:
        chosen = [k for k, a in enumerate(self.articles) if keep(Path(a.path or "").name)]
        return Corpus([self.articles[k] for k in chosen], [self.docs[k] for k in chosen],
                      [self.golds[k] for k in chosen])  # fmt: skip


def can_fit() -> bool:
    """Is scikit-learn (a development dependency) installed?"""
    return importlib.util.find_spec("sklearn") is not None


def article_number(name: str) -> int:
    """The number a corpus file name starts with (``07_slug.txt`` -> 7); 0 when it has none."""
    found = _NUMBER.match(name)
    return int(found.group(1)) if found else 0


def examples(extractor: RuleExtractor, corpus: Corpus) -> Iterator[Example]:
    """The candidate pairs of every article of ``corpus``, labelled from its gold."""
    for article, doc, gold in zip(corpus.articles, corpus.docs, corpus.golds, strict=True):
        reading = extractor.read(article, doc)
        names = _gold_names(reading.mentions.records.values(), gold)
        names.update({hit.point_id: gold.point_by_number.get(hit.number) for hit in reading.points})
        spans = _evidence_spans(article.body, gold)
        for candidate in reading.candidates:
            source, target = names.get(candidate.source), names.get(candidate.target)
            labels = set()
            if source and target:
                for rel_type in StanceType:
                    triple = canon(source, rel_type.value, target)
                    if triple in gold.relations and _overlaps(spans.get(triple), candidate.sent):
                        labels.add(rel_type)
            yield Example(gold.article, candidate.features, frozenset(labels))


def _gold_names(records: Iterable[EntityRecord], gold: Gold) -> dict[str, str | None]:
    """Each entity of the article -> the gold name it resolves to (None: not in the gold)."""
    return {record.entity.id: gold.resolve_entity(record.output()) for record in records}


def _evidence_spans(body: str, gold: Gold) -> dict[tuple[str, str, str], list[tuple[int, int]] | None]:
    """Where each gold triple's evidence stands in the body; None: anywhere (gold without evidence)."""
    spans: dict[tuple[str, str, str], list[tuple[int, int]] | None] = {}
    for triple, evidence in gold.relations.items():
        if evidence is None:
            spans[triple] = None
            continue
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(evidence), body)]
        spans[triple] = found
    return spans


def _overlaps(spans: list[tuple[int, int]] | None, sent: Span) -> bool:
    if spans is None:
        return True
    return any(s < sent.end_char and sent.start_char < e for s, e in spans)


def fit(
    rows: Sequence[Example],
    *,
    c: float = DEFAULT_C,
    threshold: float = DEFAULT_THRESHOLD,
    balanced: bool = False,
    trained_on: Sequence[str],
) -> RelationModel:
    """One L2-regularised logistic regression per relation type over ``rows``."""
    from sklearn.feature_extraction import DictVectorizer  # development dependency, imported when fitting
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([row.features for row in rows]).tocsr()
    matrix.indices = matrix.indices.astype("int32")  # liblinear takes 32-bit indices only
    matrix.indptr = matrix.indptr.astype("int32")
    names = vectorizer.get_feature_names_out()
    types: dict[StanceType, TypeWeights] = {}
    for rel_type in StanceType:
        labels = [rel_type in row.labels for row in rows]
        if sum(labels) < 2:
            continue
        model = LogisticRegression(
            C=c, max_iter=5000, solver="liblinear", class_weight="balanced" if balanced else None
        )
        model.fit(matrix, labels)
        weights = {
            str(name): round(float(w), 4) for name, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-3
        }
        types[rel_type] = TypeWeights(
            bias=round(float(model.intercept_[0]), 4),
            threshold=TYPE_THRESHOLDS.get(rel_type, threshold),
            weights=weights,
        )
    return RelationModel(trained_on=sorted(trained_on), types=types)


def train(extractor: RuleExtractor, corpus: Corpus, written: Corpus | None = None, **options: float) -> RelationModel:
    """A model fitted to ``corpus`` and, when given, the written cases (``peacegraph.loaders.written``)."""
    rows = list(examples(extractor, corpus))
    trained_on = [g.article for g in corpus.golds]
    if written is not None:
        rows += examples(extractor, written)
        trained_on.append(f"{len(written.articles)} written cases")
    return fit(rows, trained_on=trained_on, **options)  # type: ignore[arg-type]


def written_corpus(extractor: RuleExtractor, directory: Path = WRITTEN_DIR) -> Corpus:
    """The written training cases, parsed."""
    pairs = load_written(directory)
    return Corpus.parse(extractor, [article for article, _ in pairs], [gold for _, gold in pairs])


def extract_with(extractor: RuleExtractor, model: RelationModel | None, corpus: Corpus) -> list[Extraction]:
    """The extractions of ``corpus`` with ``model`` deciding relations (the rules alone when None)."""
    reader = copy.copy(extractor)  # shares the matchers and the pipeline; only the model differs
    reader.model = model
    return [reader.extract_doc(a, d) for a, d in zip(corpus.articles, corpus.docs, strict=True)]


def _has_parity(name: str, *, parity: int) -> bool:
    return article_number(name) % 2 == parity


def cross_validate(
    extractor: RuleExtractor, corpus: Corpus, written: Corpus | None = None, **options: float
) -> list[Extraction]:
    """Each article extracted by a model fitted on the articles of the other parity of number only (and the
    written cases, which are in every training half and never scored)."""
    found: list[Extraction] = []
    for parity in (0, 1):
        fitted = corpus.split(functools.partial(_has_parity, parity=1 - parity))
        held_out = corpus.split(functools.partial(_has_parity, parity=parity))
        found += extract_with(extractor, train(extractor, fitted, written, **options), held_out)
    return found


__all__ = [
    "Corpus",
    "Example",
    "article_number",
    "can_fit",
    "cross_validate",
    "examples",
    "fit",
    "train",
    "written_corpus",
]
