"""Entities, mentions, plan points, events and dates, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from peacegraph.graph.model import Extraction, LinkType
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.readers import RawArticle
from tests.extraction_helpers import extract, triples


def entity_ids(extraction: Extraction) -> set[str]:
    return {e.id for e in extraction.entities}


def test_metonym_as_speaker_is_the_state(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "The Kremlin rejected the European counter-proposal on Thursday.")
    assert ("country:russia", "REJECTS", "plan:european-counter-proposal") in triples(extraction)
    russia = next(e for e in extraction.entities if e.id == "country:russia")
    assert "The Kremlin" in russia.aliases


def test_metonym_as_location_is_the_place(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "Steve Witkoff flew to talks in Moscow, and Kyiv welcomed the news.")
    ids = entity_ids(extraction)
    assert "place:moscow" in ids and "country:russia" not in ids
    assert "country:ukraine" in ids and "place:kyiv" not in ids


def test_dateline_city_is_a_place(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "Washington, December 4, 2025 – Pete Hegseth visited troops in Poland.")
    assert "place:washington-d-c" in entity_ids(extraction) or "country:united-states" not in entity_ids(extraction)


def test_aliases_and_spellings_merge(extractor: RuleExtractor) -> None:
    body = (
        "Volodymyr Zelensky arrived in Berlin. Zelenskyy met Friedrich Merz there. "
        "Later Zelensky said the talks were useful."
    )
    extraction = extract(extractor, body)
    people = [e for e in extraction.entities if e.type.value == "Person"]
    zelensky = next(e for e in people if e.id == "person:volodymyr-zelenskyy")
    assert {"Volodymyr Zelensky", "Zelenskyy", "Zelensky"} <= set(zelensky.aliases) | {zelensky.name}
    mentions = {link.target: link.count for link in extraction.links if link.type == LinkType.MENTIONS}
    assert mentions["person:volodymyr-zelenskyy"] >= 3


def test_role_description_and_pronoun_resolve_to_the_named_person(extractor: RuleExtractor) -> None:
    body = (
        "Vladimir Putin spoke in Sochi on Monday. The Russian leader rejected the European counter-proposal. "
        "Later he criticized Kaja Kallas."
    )
    found = triples(extract(extractor, body))
    assert ("person:vladimir-putin", "REJECTS", "plan:european-counter-proposal") in found
    assert ("person:vladimir-putin", "CRITICIZES", "person:kaja-kallas") in found


def test_bare_surname_of_an_unknown_person_is_the_same_node(extractor: RuleExtractor) -> None:
    body = "Ukrainian negotiator Oksana Hrytsenko met Marco Rubio. Hrytsenko later rejected the 28-point plan."
    extraction = extract(extractor, body)
    assert "person:oksana-hrytsenko" in entity_ids(extraction)
    assert ("person:oksana-hrytsenko", "REJECTS", "plan:us-28-point-plan") in triples(extraction)


def test_junk_is_not_an_entity(extractor: RuleExtractor) -> None:
    body = (
        "The Long Road Back\n"
        "Experts and analysts argue that Russian cities face shortages before Thanksgiving. "
        "Prices rose 20% in 2024."
    )
    extraction = extract(extractor, body)
    names = {e.name for e in extraction.entities}
    assert not names & {"The Long Road Back", "Experts", "Thanksgiving", "2024", "20%"}
    assert "country:russia" not in entity_ids(extraction)  # a nationality adjective; Russia does not act here


def test_nationality_of_acting_troops_makes_the_state_an_actor(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "Ukrainian forces struck a depot near Belgorod.")
    assert ("country:ukraine", "ATTACKS", "place:belgorod") in triples(extraction)


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("The draft would cap Ukraine's army at 600,000 troops, and Zelensky rejected that cap.", 6),
        ("It foresees a constitutional amendment barring NATO membership, which Zelensky rejected.", 7),
        ("Under it Crimea, Luhansk and Donetsk would be recognised as Russian, and Zelensky rejected that.", 21),
    ],
)
def test_plan_points_are_linked_by_their_cues(extractor: RuleExtractor, sentence: str, number: int) -> None:
    extraction = extract(extractor, f"Washington sent Kyiv the 28-point plan. {sentence}")
    point_id = f"planpoint:us-28-point-plan:{number}"
    point = next(e for e in extraction.entities if e.id == point_id)
    assert point.number == number and point.plan == "plan:us-28-point-plan"
    assert any(link.source == point_id and link.type == LinkType.CONCERNS for link in extraction.links)
    assert any(link.source == point_id and link.type == LinkType.PART_OF for link in extraction.links)


def test_stance_on_one_point_targets_the_point(extractor: RuleExtractor) -> None:
    body = "The 28-point plan reached Kyiv. Zelensky rejected the cap of 600,000 on Ukraine's armed forces."
    found = triples(extract(extractor, body))
    assert ("person:volodymyr-zelenskyy", "REJECTS", "planpoint:us-28-point-plan:6") in found
    assert ("person:volodymyr-zelenskyy", "REJECTS", "plan:us-28-point-plan") not in found


def test_no_plan_named_no_points(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "Poland keeps an army of 600,000 and wants security guarantees.")
    assert not [e for e in extraction.entities if e.type.value == "PlanPoint"]


def test_generic_plan_words_follow_the_plan_under_discussion(extractor: RuleExtractor) -> None:
    body = "London published the European counter-proposal. Sergey Lavrov dismissed the proposal within hours."
    assert ("person:sergey-lavrov", "REJECTS", "plan:european-counter-proposal") in triples(extract(extractor, body))


@pytest.mark.parametrize(
    ("when", "iso", "precision"),
    [
        ("on Thursday", "2025-12-04", "day"),
        ("on November 21", "2025-11-21", "day"),
        ("in August", "2025-08-01", "month"),
        ("in August 2024", "2024-08-01", "month"),
        ("on 3 January 2026", "2026-01-03", "day"),
    ],
)
def test_dates_resolve_against_the_article_date(extractor: RuleExtractor, when: str, iso: str, precision: str) -> None:
    (relation,) = extract(extractor, f"Sergey Lavrov rejected the European counter-proposal {when}.").relations
    assert (relation.date, relation.date_precision, relation.method) == (
        date.fromisoformat(iso),
        precision,
        "rules/verb-cue/verb",
    )


def test_a_dated_meeting_becomes_an_event_with_its_date(extractor: RuleExtractor) -> None:
    body = "Keir Starmer and Mark Carney held a video call on Tuesday about Ukraine."
    extraction = extract(extractor, body)
    event = next(e for e in extraction.entities if e.type.value == "Event")
    assert event.date == date(2025, 12, 2) and event.id.startswith("event:2025-12-02-")
    assert ("person:keir-starmer", "PARTICIPATES_IN", event.id) in triples(extraction)
    assert ("person:keir-starmer", "MEETS", "person:mark-carney") in triples(extraction)


def test_an_event_keeps_the_time_phrase_of_its_verb_among_its_forms(extractor: RuleExtractor) -> None:
    """ "held a call with X | this morning": the time phrase hangs from the verb, its first word from the
    phrase's head; both the phrase with it and without it are forms of the event."""
    body = "Keir Starmer held a call with Volodymyr Zelensky this morning."
    event = next(e for e in extract(extractor, body).entities if e.type.value == "Event")
    forms = {event.name, *event.aliases}
    assert {"a call with Volodymyr Zelensky this morning", "a call with Volodymyr Zelensky"} <= forms


def test_the_outlet_in_a_dateline_is_the_organisation_not_a_person(extractor: RuleExtractor) -> None:
    body = "KYIV, Nov 24 (Ned Daily) - Volodymyr Zelensky met Keir Starmer in Kyiv on Monday."
    article = RawArticle(body=body, published=date(2025, 11, 24), path="test.txt", source="Ned Daily")
    (extraction,) = extractor.extract([article])
    outlet = [e for e in extraction.entities if e.name == "Ned Daily"]
    assert [e.type.value for e in outlet] == ["Organization"]


def test_talks_in_a_named_place_after_talks_held_nowhere_said_are_new_talks(extractor: RuleExtractor) -> None:
    body = (
        "Dan Driscoll held closed-door meetings with a Russian delegation on Tuesday. "
        "Weekend consultations in Geneva between U.S. and Ukrainian officials had produced a shorter text."
    )
    events = [e for e in extract(extractor, body).entities if e.type.value == "Event"]
    assert len(events) == 2
    geneva = next(e for e in events if e.place == "place:geneva")
    assert "Weekend consultations in Geneva" in geneva.aliases


def test_the_talks_in_a_named_place_are_the_talks_just_read(extractor: RuleExtractor) -> None:
    body = "Dan Driscoll held closed-door meetings with a Russian delegation on Tuesday. The talks in Valletta went on."
    events = [e for e in extract(extractor, body).entities if e.type.value == "Event"]
    assert len(events) == 1


def test_an_event_phrase_run_on_past_its_date_also_ends_at_the_date(extractor: RuleExtractor) -> None:
    """The parser may run "their summit on December 18-19" on into the next words; the form ending at the date
    is kept as well."""
    body = "At their summit on December 18-19 EU leaders settled on a loan funded by joint borrowing."
    event = next(e for e in extract(extractor, body).entities if e.type.value == "Event")
    assert "their summit on December 18-19" in {event.name, *event.aliases}


def test_that_same_day_takes_the_last_date(extractor: RuleExtractor) -> None:
    body = "Talks opened on December 1. At a press conference that same day, Sergey Lavrov rejected the 28-point plan."
    relation = next(r for r in extract(extractor, body).relations if r.type.value == "REJECTS")
    assert relation.date == date(2025, 12, 1)


def test_evidence_offsets_slice_the_body_exactly(extractor: RuleExtractor) -> None:
    body = (
        "KYIV, Ukraine, December 5, 2025 – Zelensky rejected the 28-point plan.\n\n"
        "  “We will not give up Donbas,” he said on Thursday.\r\n"
        "Russian troops advanced toward Huliaipole, and Kallas condemned Russia."
    )
    extraction = extract(extractor, body)
    assert len(extraction.relations) >= 3
    for relation in extraction.relations:
        assert body[relation.start : relation.end] == relation.evidence
        assert relation.evidence == relation.evidence.strip()


def test_a_point_can_be_recognised_by_its_topics(extractor: RuleExtractor) -> None:
    body = "The 28-point plan reached Brussels. Kaja Kallas rejected any recognition of occupied territory."
    extraction = extract(extractor, body)
    assert ("person:kaja-kallas", "REJECTS", "planpoint:us-28-point-plan:21") in triples(extraction)
    assert "planpoint:us-28-point-plan:21" in entity_ids(extraction)
    vague = extract(extractor, "The 28-point plan reached Brussels. Kaja Kallas rejected talk about territory.")
    assert not [r for r in vague.relations if r.target.startswith("planpoint:")]


def test_a_generic_event_phrase_links_to_the_known_event_of_that_place_and_time(extractor: RuleExtractor) -> None:
    body = "Vladimir Putin made the offer in Vladivostok at a business forum."
    linked = extract(extractor, body, date(2025, 9, 6))
    forum = "event:2025-09-03-eastern-economic-forum"
    assert ("person:vladimir-putin", "PARTICIPATES_IN", forum) in triples(linked)
    assert forum not in entity_ids(extract(extractor, body, date(2023, 9, 6)))


@pytest.mark.parametrize(
    "body",
    [
        "Dan Driscoll held talks with the Russians in Abu Dhabi on Monday.",
        "Steve Witkoff met the Russians again on Tuesday.",
    ],
)
def test_the_plural_demonym_is_the_state_at_the_table(extractor: RuleExtractor, body: str) -> None:
    assert "country:russia" in entity_ids(extract(extractor, body))


@pytest.mark.parametrize(
    "body",
    [
        "Ordinary Russians are tired of the war, Steve Witkoff said.",
        "Many Russians living abroad watched the speech, Steve Witkoff said.",
    ],
)
def test_people_of_a_nationality_are_not_the_state(extractor: RuleExtractor, body: str) -> None:
    assert "country:russia" not in entity_ids(extract(extractor, body))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Antonio Costa wrote on X that the money would cover two years.", True),
        ("The foreign ministry said via X that the envoy had left.", True),
        ("Point X of the memorandum covers the grain corridor.", False),
        ("The summit reached an agreement on X and Y.", False),
    ],
)
def test_a_one_letter_platform_name_is_read_only_where_something_is_posted(
    extractor: RuleExtractor, body: str, expected: bool
) -> None:
    assert ("org:x-social-network" in entity_ids(extract(extractor, body))) is expected


def test_a_platform_named_in_full_is_an_organisation(extractor: RuleExtractor) -> None:
    extraction = extract(extractor, "The regional governor said on Telegram that two drones were shot down.")
    assert "org:telegram" in entity_ids(extraction)


def test_an_event_phrase_keeps_a_quoted_name_among_its_forms(extractor: RuleExtractor) -> None:
    body = (
        'Recep Tayyip Erdogan repeated the offer at a video conference of the "Coalition of the Willing" the next day.'
    )
    event = next(e for e in extract(extractor, body).entities if e.type.value == "Event")
    assert 'a video conference of the "Coalition of the Willing"' in event.aliases
    assert not any(alias.endswith('of the "') for alias in event.aliases)


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        ("By Hanna Lind\n\nKYIV – Talks resumed on Monday.", {"person:hanna-lind"}),
        (
            "By Lena Fischer and Tomas Aguirre\n\nTalks resumed on Monday.",
            {"person:lena-fischer", "person:tomas-aguirre"},
        ),
        ("By Monday the talks had resumed in Geneva.", set()),
        ("Talks resumed.\n\nBy Hanna Lind", {"person:hanna-lind"}),
    ],
)
def test_a_byline_names_its_authors_as_people(extractor: RuleExtractor, body: str, authors: set[str]) -> None:
    people = {e.id for e in extract(extractor, body).entities if e.type.value == "Person"}
    assert authors <= people and not ({"person:monday", "person:monday-the"} & people)


def test_a_first_name_the_parser_left_out_of_a_name_is_kept(extractor: RuleExtractor) -> None:
    people = {e.id for e in extract(extractor, "The meeting was also attended by Estonia's Alar Karis.").entities}
    assert "person:alar-karis" in people and "person:karis" not in people


def test_a_title_before_a_name_is_not_a_first_name(extractor: RuleExtractor) -> None:
    people = {
        e.id for e in extract(extractor, "Foreign Minister Kestutis Budrys and President Alar Karis spoke.").entities
    }
    assert not any(p.startswith(("person:president", "person:foreign", "person:minister")) for p in people)
