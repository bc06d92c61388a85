"""Hostile or badly scraped articles: huge "sentences" the extractor must read in linear time, with sane output.

The inputs are those of ``benchmarks.bench_pathological`` at sizes that take a few seconds to parse
and extract now. Reading a sentence used to take time growing with the square (or the cube) of its
length: at these sizes that was minutes per input, or a RecursionError for the list of places. No
test asserts on wall time (``benchmarks/bench_pathological.py`` prints the figures); a return to
quadratic reading shows as this module running for minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from benchmarks import bench_pathological as inputs
from peacegraph.graph.model import Extraction
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.stances import MAX_COORDINATED, MAX_STANCES_PER_SENTENCE
from tests.extraction_helpers import extract, triples

CASES: list[tuple[Callable[[int], str], int]] = [
    (inputs.quotes, 1500),  # 22,500 characters, one sentence
    (inputs.no_punctuation, 3000),
    (inputs.repeated_names, 3000),
    (inputs.name_list, 1000),
    (inputs.places, 1500),
    (inputs.event_chain, 600),
    (inputs.plan_chain, 800),
    (inputs.pronouns, 1500),
]


def assert_sane(body: str, extraction: Extraction) -> None:
    """Relations unique by merge key, offsets that slice the body, bounded per sentence; entities unique,
    every relation and link between entities the extraction has."""
    keys = [(r.source, r.type, r.target, r.start) for r in extraction.relations]
    assert len(keys) == len(set(keys))
    for relation in extraction.relations:
        assert 0 <= relation.start < relation.end <= len(body)
        assert body[relation.start : relation.end] == relation.evidence
        assert relation.source != relation.target
    per_sentence = Counter(r.start for r in extraction.relations)
    assert all(count <= MAX_STANCES_PER_SENTENCE for count in per_sentence.values())
    ids = [e.id for e in extraction.entities]
    assert len(ids) == len(set(ids))
    known = set(ids) | {extraction.article.id}
    assert all(r.source in known and r.target in known for r in extraction.relations)
    assert all(link.source in known and link.target in known for link in extraction.links)


@pytest.mark.parametrize(("make", "size"), CASES, ids=[make.__name__ for make, _ in CASES])
def test_pathological_input_completes_with_sane_output(
    extractor: RuleExtractor, make: Callable[[int], str], size: int
) -> None:
    body = make(size)
    assert_sane(body, extract(extractor, body))


def test_a_list_of_places_is_attacked_up_to_the_cap(extractor: RuleExtractor) -> None:
    """A thousand-place list (a RecursionError before) gives the attacks on its first places, no more."""
    found = triples(extract(extractor, inputs.places(1500)))
    assert ("country:russia", "ATTACKS", "place:odesa") in found
    assert ("country:russia", "ATTACKS", "place:kharkiv") in found
    assert len(found) <= MAX_COORDINATED


def test_a_short_list_is_read_whole(extractor: RuleExtractor) -> None:
    """The caps are far above real coordination: every place of a normal list is a target."""
    body = "Russian forces attacked Kharkiv, Odesa, Kherson, Zaporizhzhia and Pokrovsk overnight."
    found = triples(extract(extractor, body))
    for place in ("kharkiv", "odesa", "kherson", "zaporizhzhia", "pokrovsk"):
        assert ("country:russia", "ATTACKS", f"place:{place}") in found


def test_one_sentence_gives_at_most_the_cap(extractor: RuleExtractor) -> None:
    """Sixteen leaders meeting are 120 pairs; one sentence keeps the first MAX_STANCES_PER_SENTENCE."""
    leaders = [
        "Vladimir Putin", "Sergey Lavrov", "Dmitry Peskov", "Yuri Ushakov", "Kirill Dmitriev", "Dmitry Medvedev",
        "Sergei Shoigu", "Valery Gerasimov", "Andrey Belousov", "Maria Zakharova", "Vladimir Medinsky",
        "Vyacheslav Volodin", "Valentina Matviyenko", "Sergey Naryshkin", "Alexander Bortnikov", "Nikolai Patrushev",
    ]  # fmt: skip
    body = ", ".join(leaders[:-1]) + f" and {leaders[-1]} met in Moscow on Monday."
    extraction = extract(extractor, body)
    assert_sane(body, extraction)
    meetings = [r for r in extraction.relations if r.type == "MEETS"]
    assert len(meetings) == MAX_STANCES_PER_SENTENCE


def test_many_quotations_of_a_known_speaker(extractor: RuleExtractor) -> None:
    """Hundreds of quotations of one speaker: each read (in its own sentence), nothing taken twice."""
    body = "The 28-point plan was published. " + 'Zelensky said "we reject the 28-point plan" and ' * 400 + "left."
    extraction = extract(extractor, body)
    assert_sane(body, extraction)
    rejections = [r for r in extraction.relations if r.type == "REJECTS"]
    assert {(r.source, r.target) for r in rejections} == {("person:volodymyr-zelenskyy", "plan:us-28-point-plan")}
    assert len(rejections) > 300
