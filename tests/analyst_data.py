"""A small hand-made graph with known stances, so the API tests can assert exact content.

Two invented countries (Freedonia, Sylvania), their people, an invented
three-point plan, a place and a summit. Every relation's evidence is a
sentence of its article's body at the given offsets.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from peacegraph.graph.model import (
    ArticleMeta,
    Entity,
    EntityType,
    Extraction,
    Link,
    LinkType,
    Relation,
    StanceType,
    article_id,
)
from peacegraph.graph.store import GraphStore

ADA = "person:ada-example"
BO = "person:bo-sample"
FREEDONIA = "country:freedonia"
SYLVANIA = "country:sylvania"
LEAGUE = "org:test-league"
PORT = "place:port-city"
SUMMIT = "event:2025-11-20-port-city-summit"
PLAN = "plan:test-plan"
POINT = {n: f"planpoint:test-plan:{n}" for n in (1, 2, 3)}

# A value a Cypher export must escape: quotes, a backslash, a newline and an injection attempt.
NASTY_ALIAS = 'O\'Brien "Ada" \\ }) DETACH DELETE n //\nsecond line'

BODY_1 = (
    "Ada Example said Freedonia supports the ceasefire in point 1 of the Test Plan. "
    "Sylvania rejected the Test Plan as a whole on Friday. "
    "Bo Sample claimed that Sylvanian troops control Port City. "
    "Sylvania shelled Port City overnight. "
    "Ada Example met Bo Sample at the Port City summit."
)
BODY_2 = (
    "Ada Example later rejected point 1, calling it unworkable. "
    "Freedonia demanded that Sylvania withdraw from Port City. "
    "The League proposed the Test Plan. "
    "Ada Example criticized Sylvania for the shelling. "
    "Bo Sample supported point 2 of the Test Plan. "
    'Ada Example again backed point 1: "It is the only way," she said.'
)
ARTICLE_1 = article_id(BODY_1)
ARTICLE_2 = article_id(BODY_2)


def _relation(
    body: str, sentence: str, source: str, stance: StanceType, target: str, day: str, **extra: object
) -> Relation:
    start = body.index(sentence)
    return Relation(
        source=source,
        type=stance,
        target=target,
        article=article_id(body),
        evidence=sentence,
        start=start,
        end=start + len(sentence),
        date=day,
        date_precision="day",
        confidence=0.9,
        method="hand",
        **extra,  # type: ignore[arg-type]
    )


def entities() -> list[Entity]:
    return [
        Entity(
            id=ADA,
            type=EntityType.PERSON,
            name="Ada Example",
            aliases=["Ada", NASTY_ALIAS],
            role="Foreign Minister of Freedonia",
            country=FREEDONIA,
            wikidata="Q4242",
        ),
        Entity(id=BO, type=EntityType.PERSON, name="Bo Sample", role="President of Sylvania", country=SYLVANIA),
        Entity(id=FREEDONIA, type=EntityType.COUNTRY, name="Freedonia", wikidata="Q1"),
        Entity(id=SYLVANIA, type=EntityType.COUNTRY, name="Sylvania", aliases=["Sylvanian"]),
        Entity(id=LEAGUE, type=EntityType.ORGANIZATION, name="The League"),
        Entity(id=PORT, type=EntityType.PLACE, name="Port City", kind="city", country=SYLVANIA, lat=1.5, lon=2.5),
        Entity(id=SUMMIT, type=EntityType.EVENT, name="Port City summit", date="2025-11-20", kind="summit", place=PORT),
        Entity(id=PLAN, type=EntityType.PLAN, name="Test Plan", proposer=LEAGUE, published="2025-11-19", points=3),
        *[
            Entity(
                id=POINT[n],
                type=EntityType.PLAN_POINT,
                name=f"Test Plan #{n}",
                number=n,
                plan=PLAN,
                title=title,
                summary=f"What point {n} says.",
                topics=[title.lower()],
            )
            for n, title in ((1, "Ceasefire"), (2, "Elections"), (3, "Port City status"))
        ],
    ]


def reference() -> Extraction:
    """Entities and structural links, with no article (like the gazetteer and plan files)."""
    links = [Link(source=POINT[n], type=LinkType.PART_OF, target=PLAN) for n in POINT]
    links += [
        Link(source=POINT[3], type=LinkType.CONCERNS, target=PORT),
        Link(source=PORT, type=LinkType.LOCATED_IN, target=SYLVANIA),
        Link(source=SUMMIT, type=LinkType.HELD_IN, target=PORT),
        Link(source=BO, type=LinkType.LEADS, target=SYLVANIA, role="President"),
    ]
    return Extraction(entities=entities(), links=links)


def articles() -> list[Extraction]:
    """The two articles and the stances read from them."""
    b1, b2 = BODY_1, BODY_2
    first = [
        _relation(b1, "Ada Example said Freedonia supports the ceasefire in point 1 of the Test Plan.",
                  ADA, StanceType.SUPPORTS, POINT[1], "2025-11-21", code="051"),
        _relation(b1, "Sylvania rejected the Test Plan as a whole on Friday.",
                  SYLVANIA, StanceType.REJECTS, PLAN, "2025-11-21", code="12"),
        _relation(b1, "Bo Sample claimed that Sylvanian troops control Port City.",
                  BO, StanceType.CLAIMS, PORT, "2025-11-21"),
        _relation(b1, "Sylvania shelled Port City overnight.", SYLVANIA, StanceType.ATTACKS, PORT, "2025-11-20"),
        _relation(b1, "Ada Example met Bo Sample at the Port City summit.", ADA, StanceType.MEETS, BO, "2025-11-20"),
        _relation(b1, "Ada Example met Bo Sample at the Port City summit.",
                  ADA, StanceType.PARTICIPATES_IN, SUMMIT, "2025-11-20"),
    ]  # fmt: skip
    second = [
        _relation(b2, "Ada Example later rejected point 1, calling it unworkable.",
                  ADA, StanceType.REJECTS, POINT[1], "2025-11-25", code="12"),
        _relation(b2, "Freedonia demanded that Sylvania withdraw from Port City.",
                  FREEDONIA, StanceType.DEMANDS, PORT, "2025-11-24"),
        _relation(b2, "The League proposed the Test Plan.", LEAGUE, StanceType.PROPOSES, PLAN, "2025-11-19"),
        _relation(b2, "Ada Example criticized Sylvania for the shelling.",
                  ADA, StanceType.CRITICIZES, SYLVANIA, "2025-11-24"),
        _relation(b2, "Bo Sample supported point 2 of the Test Plan.", BO, StanceType.SUPPORTS, POINT[2], "2025-11-24"),
        _relation(b2, 'Ada Example again backed point 1: "It is the only way," she said.',
                  ADA, StanceType.SUPPORTS, POINT[1], "2025-11-24", quote="It is the only way,"),
    ]  # fmt: skip
    meta_1 = ArticleMeta(id=ARTICLE_1, title="Talks in Port City", source="Test Wire", published=date(2025, 11, 21))
    meta_2 = ArticleMeta(id=ARTICLE_2, title="A change of heart", source="Test Wire", published=date(2025, 11, 25))
    mentions_1 = [Link(source=ARTICLE_1, type=LinkType.MENTIONS, target=t, count=1) for t in (ADA, BO, SYLVANIA, PORT)]
    mentions_2 = [Link(source=ARTICLE_2, type=LinkType.MENTIONS, target=t, count=1) for t in (ADA, FREEDONIA, PLAN)]
    return [
        Extraction(article=meta_1, relations=first, links=mentions_1),
        Extraction(article=meta_2, relations=second, links=mentions_2),
    ]


BODIES = {ARTICLE_1: BODY_1, ARTICLE_2: BODY_2}


def load(store: GraphStore) -> None:
    """Write the reference part first (the stances match their ends), then the articles."""
    store.write_extraction(reference())
    for extraction in articles():
        store.write_extraction(extraction)


INJECTIONS = (
    "SUPPORTS]->() DETACH DELETE n //",
    "person:x'}) DETACH DELETE n //",
    'x" OR 1=1 //',
    "`Actor` WITH n MATCH (m) DETACH DELETE m",
)


def get(client: TestClient, url: str, **params: Any) -> Any:
    """GET that must answer 200; the JSON body."""
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()
