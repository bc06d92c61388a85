"""Plan points in other words, meetings told by their verb, and runs of days, on sentences written for these tests.

Each phenomenon has sentences a rule must read and sentences it must not.
"""

from __future__ import annotations

from datetime import date

import pytest

from peacegraph.graph.model import EntityType, Extraction
from peacegraph.loaders.dates import resolve_date
from peacegraph.loaders.extract import RuleExtractor
from tests.extraction_helpers import extract

PLAN = "The 28-point plan was published on Thursday. "


def point_numbers(extraction: Extraction) -> set[int]:
    return {e.number for e in extraction.entities if e.type == EntityType.PLAN_POINT and e.number is not None}


def events(extraction: Extraction) -> list[tuple[str, list[str]]]:
    return [(e.name, e.aliases) for e in extraction.entities if e.type == EntityType.EVENT]


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("The leaders are concerned by the proposed limits on Ukraine's armed forces.", 6),
        ("Moscow wants the Ukrainian army reduced to a fraction of its size.", 6),
        ("Kyiv will not agree to cap its military.", 6),
        ("Zelensky has refused to give up land his troops still hold.", 21),
        ("He said Ukraine will never cede territory it controls.", 21),
        ("Ukraine will not leave the Donbas without a fight.", 21),
        ("Kyiv dropped its bid to join NATO.", 7),
        ("Ukraine's accession to the alliance is off the table.", 7),
        ("Fighter jets would be stationed in Poland.", 9),
        ("Both sides agreed to an all-for-all exchange of prisoners.", 24),
        ("The draft offers a full amnesty for acts committed during the war.", 26),
        ("Ukraine must hold elections within 100 days.", 25),
    ],
)
def test_a_point_in_other_words_is_that_point(extractor: RuleExtractor, sentence: str, number: int) -> None:
    assert number in point_numbers(extract(extractor, PLAN + sentence))


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("Russian troops captured a village in the Donetsk region on Monday.", 21),  # no giving up
        ("The army said it had limited its losses.", 7),
        ("The land is flat and the army is tired, and nothing was given to anyone up north.", 6),
        ("Kyiv dropped its bid to host the games; NATO met in Brussels a month later in a long session.", 7),
    ],
)
def test_words_far_apart_or_of_another_point_are_not_that_point(
    extractor: RuleExtractor, sentence: str, number: int
) -> None:
    assert number not in point_numbers(extract(extractor, PLAN + sentence))


def test_a_point_needs_a_plan_the_article_speaks_of(extractor: RuleExtractor) -> None:
    assert point_numbers(extract(extractor, "Zelensky has refused to give up land his troops still hold.")) == set()


@pytest.mark.parametrize(
    ("sentence", "name", "form"),
    [
        ("Kirill Dmitriev met Steve Witkoff in Miami on Saturday.", "Miami meeting", "met Steve Witkoff in Miami"),
        (
            "Ukrainian, Russian and US officials sat down together in Abu Dhabi on Friday.",
            "Abu Dhabi meeting",
            "sat down together in Abu Dhabi on Friday",
        ),
        (
            "Steve Witkoff spent five hours with Vladimir Putin in Moscow.",
            "Moscow meeting",
            "spent five hours with Vladimir Putin in Moscow",
        ),
        (
            "After hosting Zelensky at Mar-a-Lago on Sunday, Donald Trump spoke to reporters.",
            "Mar-a-Lago meeting",
            "hosting Zelensky at Mar-a-Lago on Sunday",
        ),
        (
            "Giorgia Meloni hosted Volodymyr Zelensky in Rome on Tuesday.",
            "Rome meeting",
            "hosted Volodymyr Zelensky in Rome",
        ),
    ],
)
def test_a_meeting_told_by_its_verb_in_a_named_place_is_an_event(
    extractor: RuleExtractor, sentence: str, name: str, form: str
) -> None:
    found = events(extract(extractor, sentence))
    assert [n for n, _ in found] == [name]
    assert form in found[0][1]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kirill Dmitriev met Steve Witkoff on Saturday.",  # no place
        "Russian troops met fierce resistance in Pokrovsk.",  # nobody named meets
        "Rain met the delegates in Geneva.",  # no named actor
        "Steve Witkoff spent five hours in Moscow.",  # with nobody
    ],
)
def test_a_meeting_verb_without_a_place_or_named_party_is_no_event(extractor: RuleExtractor, sentence: str) -> None:
    assert events(extract(extractor, sentence)) == []


def test_a_meeting_verb_in_the_place_of_talks_already_named_is_those_talks(extractor: RuleExtractor) -> None:
    body = "Talks in Doha began on Monday. Rustem Umerov met Marco Rubio in Doha on Monday."
    found = events(extract(extractor, body))
    assert len(found) == 1
    assert "met Marco Rubio in Doha" in found[0][1]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("December 18-19", "2025-12-18"),
        ("4–6 December 2025", "2025-12-04"),
        ("23–24 January 2026", "2026-01-23"),
        ("2025-12-18", "2025-12-18"),
        ("12/18/2025", "2025-12-18"),
    ],
)
def test_a_run_of_days_is_dated_by_its_first(text: str, iso: str) -> None:
    resolved = resolve_date(text, date(2025, 12, 1))
    assert resolved is not None and resolved.iso == iso


def test_an_event_at_which_one_spoke_takes_the_date_of_the_verb(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "Vladimir Putin spoke at an investment forum on December 2.", date(2025, 12, 5))
    forum = [e for e in extraction.entities if e.type == EntityType.EVENT]
    assert [e.date for e in forum] == [date(2025, 12, 2)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Marco Rubio said after weekend consultations in Doha that progress had been made.",
        "Rustem Umerov held talks with Steve Witkoff in Doha on Sunday.",
        "Negotiations in Doha ended on Sunday, Marco Rubio said.",
    ],
)
def test_talks_held_in_a_place_are_named_after_it(extractor: RuleExtractor, sentence: str) -> None:
    assert [name for name, _ in events(extract(extractor, sentence))] == ["Doha talks"]
