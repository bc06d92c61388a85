"""Counted groups ("the three leaders", "both men") stand for the people just named (loaders/groups.py)."""

from __future__ import annotations

import pytest

from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.readers import RawArticle
from tests.extraction_helpers import PUBLISHED


def members(extractor: RuleExtractor, body: str, noun: str) -> set[str]:
    """The entities mentioned by the word ``noun`` of ``body``."""
    reading = extractor.read(RawArticle(body=body, published=PUBLISHED), extractor.nlp(body))
    return {m.entity_id for m in reading.mentions.mentions if m.text == noun}


@pytest.mark.parametrize(
    ("body", "noun", "expected"),
    [
        (
            "Keir Starmer, Emmanuel Macron and Friedrich Merz spoke on Friday. The three leaders backed Kyiv.",
            "leaders",
            {"person:keir-starmer", "person:emmanuel-macron", "person:friedrich-merz"},
        ),
        (
            "Steve Witkoff met Kirill Dmitriev in Miami. Both men said the talks were useful.",
            "men",
            {"person:steve-witkoff", "person:kirill-dmitriev"},
        ),
        (
            "Marco Rubio spoke with Andrii Sybiha on Friday. The pair agreed to keep working on the framework.",
            "pair",
            {"person:marco-rubio", "person:andrii-sybiha"},
        ),
        (
            "Marco Rubio spoke with Andrii Sybiha on Friday. The two agreed to keep working on the framework.",
            "two",
            {"person:marco-rubio", "person:andrii-sybiha"},
        ),
        (  # four people named, three of them together
            "Friedrich Merz, France's Emmanuel Macron and Britain's Keir Starmer held a call with Volodymyr Zelensky."
            " The three leaders pledged their support for Ukraine.",
            "leaders",
            {"person:keir-starmer", "person:emmanuel-macron", "person:friedrich-merz"},
        ),
    ],
)
def test_a_counted_group_is_the_people_just_named(
    extractor: RuleExtractor, body: str, noun: str, expected: set[str]
) -> None:
    assert members(extractor, body, noun) == expected


@pytest.mark.parametrize(
    ("body", "noun"),
    [
        ("Keir Starmer, Emmanuel Macron and Friedrich Merz spoke on Friday. The two leaders backed Kyiv.", "leaders"),
        ("Keir Starmer spoke on Friday. The leaders of Europe backed Kyiv.", "leaders"),
        ("Marco Rubio spoke on Friday. The pair of shoes was new.", "pair"),
        ("Marco Rubio met Andrii Sybiha and Rustem Umerov. Two agreed.", "Two"),
        # two lists of two: which pair "both men" are is not said
        ("Steve Witkoff and Jared Kushner met Kirill Dmitriev and Yuri Ushakov. Both men smiled.", "men"),
        ("Steve Witkoff met Kirill Dmitriev. It rained for days. It rained more. Then more. Both men left.", "men"),
    ],
)
def test_a_group_whose_count_or_distance_does_not_fit_is_nobody(extractor: RuleExtractor, body: str, noun: str) -> None:
    assert members(extractor, body, noun) == set()
