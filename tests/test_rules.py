"""Each stance rule (``peacegraph.loaders.rules``) reads the sentences it names as its examples, through the real
pipeline, and the stance says so in ``method``. What the rules read is checked before it is merged with
the relation model's reading (where a more confident model edge may stand for the same relation)."""

from __future__ import annotations

import json

import pytest

from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.readers import RawArticle
from peacegraph.loaders.rules import Stance, stance_rules
from peacegraph.loaders.rules.reading import Example, Rule
from tests.extraction_helpers import PUBLISHED, extract

RULES = stance_rules({})
CASES = [(rule, example) for rule in RULES for example in rule.examples]


def read_by_rules(extractor: RuleExtractor, text: str) -> list[Stance]:
    (doc,) = extractor.nlp.pipe([text])
    return extractor.read(RawArticle(body=text, published=PUBLISHED, path="test.txt"), doc).rules


def test_rules_have_unique_names_and_examples() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    assert all(rule.examples for rule in RULES), [rule.name for rule in RULES if not rule.examples]
    assert all(rule.kinds for rule in RULES)


@pytest.mark.parametrize(
    ("rule", "example"), CASES, ids=[f"{rule.name}:{example.text[:40]}" for rule, example in CASES]
)
def test_rule_reads_its_examples(extractor: RuleExtractor, rule: Rule, example: Example) -> None:
    found = read_by_rules(extractor, example.text)
    made = {s.method for s in found if (s.source, s.type, s.target) == example.stance}
    assert any(method.startswith(f"rules/{rule.name}/") for method in made), (
        made,
        [(s.source, s.type.value, s.target, s.method) for s in found],
    )


def test_every_rule_edge_names_a_rule_and_a_pattern(extractor: RuleExtractor) -> None:
    names = {rule.name for rule in RULES}
    patterns = set(extractor.lexicon.confidence)
    body = " ".join(example.text for _, example in CASES)
    methods = {r.method for r in extract(extractor, body).relations if r.method.startswith("rules/")}
    assert methods
    for method in methods:
        _, rule, pattern = method.split(":")[0].split("/")
        assert rule in names and pattern in patterns, json.dumps(sorted(methods))
