"""Who a plan is by, as the phrase naming it says (loaders/authorship.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from peacegraph.loaders.extract import RuleExtractor
from tests.extraction_helpers import extract, triples

US_PLAN = "plan:us-28-point-plan"
EUROPEAN = "plan:european-counter-proposal"


@pytest.mark.parametrize(
    ("body", "author", "plan"),
    [
        ("The leak of a 28-point U.S. draft set off the talks.", "country:united-states", US_PLAN),
        ("Kyiv studied Washington's 28-point plan on Friday.", "country:united-states", US_PLAN),
        ("The 28-point plan, worked out by Steve Witkoff, leaked on Thursday.", "person:steve-witkoff", US_PLAN),
        ("The 28-point plan, drawn up by Witkoff and Kirill Dmitriev, leaked.", "person:kirill-dmitriev", US_PLAN),
        (
            "The counter-proposal that Britain, France and Germany circulated on Sunday set a higher ceiling.",
            "country:germany",
            EUROPEAN,
        ),
        ("On Sunday Britain circulated the European counter-proposal.", "country:united-kingdom", EUROPEAN),
    ],
)
def test_the_phrase_of_a_plan_names_its_author(extractor: RuleExtractor, body: str, author: str, plan: str) -> None:
    assert (author, "PROPOSES", plan) in triples(extract(extractor, body))


@pytest.mark.parametrize(
    ("body", "actor", "plan"),
    [
        ("The 28-point plan, criticised by Kaja Kallas, leaked on Thursday.", "person:kaja-kallas", US_PLAN),
        ("The 28-point plan that Russia welcomed was written in Miami.", "country:russia", US_PLAN),
        ("Kyiv studied Russia's reply to the 28-point plan.", "country:russia", US_PLAN),
        ("The German reading of the European counter-proposal differed.", "country:germany", EUROPEAN),
    ],
)
def test_who_judges_or_answers_a_plan_is_not_its_author(
    extractor: RuleExtractor, body: str, actor: str, plan: str
) -> None:
    assert (actor, "PROPOSES", plan) not in triples(extract(extractor, body))
