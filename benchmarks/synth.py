"""Synthetic corpora for the benchmarks, deterministic by seed, at any size.

Articles are made by recombining the sentences of ``seeds/``: every known name
in a seed sentence becomes a typed slot (person, country, organisation, place,
plan) and dates become a date slot; an article is 8-30 such sentences with the
slots filled from entity pools drawn Zipf-like (a few actors dominate, a long
tail of names appears now and then, as in real coverage). The pools come from
``loaders/data/gazetteer.yaml`` when it exists (else a small built-in list),
the plan files, and generated names, villages and meetings.

Because the generator knows what it put where, the same article also yields
its *extraction* in the contract of ``graph.model.Extraction``: the article,
its entities, stance relations with provenance (the sentence, its offsets, a
date, a CAMEO code) and MENTIONS links. ``write_jsonl`` streams those to a
file for ``peacegraph load``; ``write_articles`` writes the texts for
``peacegraph extract``.

    python -m benchmarks.synth extractions 10000 -o /tmp/x.jsonl --seed 1
    python -m benchmarks.synth articles 2000 -o /tmp/articles --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from peacegraph.graph.model import StanceType, article_id, slugify

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
GAZETTEER_FILE = ROOT / "loaders" / "data" / "gazetteer.yaml"
PLANS_DIR = ROOT / "loaders" / "data" / "plans"

# Used when the gazetteer file is absent: (id, type, name, aliases), most prominent first.
_FALLBACK: list[tuple[str, str, str, list[str]]] = [
    ("country:russia", "Country", "Russia", ["Moscow", "the Kremlin"]),
    ("country:ukraine", "Country", "Ukraine", ["Kyiv"]),
    ("person:vladimir-putin", "Person", "Vladimir Putin", ["Putin"]),
    ("person:volodymyr-zelenskyy", "Person", "Volodymyr Zelenskyy", ["Zelensky", "Zelenskyy", "Volodymyr Zelensky"]),
    ("country:united-states", "Country", "United States", ["Washington", "the U.S.", "the White House"]),
    ("person:donald-trump", "Person", "Donald Trump", ["Trump"]),
    ("org:european-union", "Organization", "European Union", ["EU", "Brussels"]),
    ("org:nato", "Organization", "NATO", []),
    ("person:steve-witkoff", "Person", "Steve Witkoff", ["Witkoff"]),
    ("person:marco-rubio", "Person", "Marco Rubio", ["Rubio"]),
    ("person:kirill-dmitriev", "Person", "Kirill Dmitriev", ["Dmitriev"]),
    ("person:dmitry-peskov", "Person", "Dmitry Peskov", ["Peskov"]),
    ("person:sergey-lavrov", "Person", "Sergey Lavrov", ["Lavrov"]),
    ("person:emmanuel-macron", "Person", "Emmanuel Macron", ["Macron"]),
    ("person:keir-starmer", "Person", "Keir Starmer", ["Starmer"]),
    ("person:friedrich-merz", "Person", "Friedrich Merz", ["Merz"]),
    ("person:dan-driscoll", "Person", "Dan Driscoll", ["Driscoll"]),
    ("person:rustem-umerov", "Person", "Rustem Umerov", ["Umerov"]),
    ("person:andriy-yermak", "Person", "Andriy Yermak", ["Yermak"]),
    ("person:kaja-kallas", "Person", "Kaja Kallas", ["Kallas"]),
    ("country:france", "Country", "France", ["Paris"]),
    ("country:germany", "Country", "Germany", ["Berlin"]),
    ("country:united-kingdom", "Country", "United Kingdom", ["Britain", "London"]),
    ("country:turkey", "Country", "Turkey", ["Ankara"]),
    ("org:european-commission", "Organization", "European Commission", []),
    ("org:united-nations", "Organization", "United Nations", ["UN"]),
    ("place:pokrovsk", "Place", "Pokrovsk", []),
    ("place:kupyansk", "Place", "Kupyansk", []),
    ("place:donbas", "Place", "Donbas", []),
    ("place:zaporizhzhia", "Place", "Zaporizhzhia", []),
    ("place:kherson", "Place", "Kherson", []),
    ("place:crimea", "Place", "Crimea", []),
    ("place:donetsk-oblast", "Place", "Donetsk Oblast", ["Donetsk"]),
    ("place:luhansk-oblast", "Place", "Luhansk Oblast", ["Luhansk"]),
    ("place:huliaipole", "Place", "Huliaipole", []),
    ("place:geneva", "Place", "Geneva", []),
    ("place:abu-dhabi", "Place", "Abu Dhabi", []),
    ("place:alaska", "Place", "Alaska", []),
]

_FIRST = (
    "Olena",
    "Andriy",
    "Mykola",
    "Iryna",
    "Oleksandr",
    "Taras",
    "Yulia",
    "Dmitry",
    "Sergei",
    "Anna",
    "Igor",
    "Natalia",
    "Mark",
    "John",
    "Sarah",
    "Pierre",
    "Claire",
    "Hans",
    "Katrin",
    "Piotr",
    "Agnieszka",
    "Mehmet",
    "Ayse",
    "Lars",
    "Ingrid",
    "James",
    "Laura",
    "Viktor",
    "Oksana",
)
_LAST = (
    "Kovalenko",
    "Shevchenko",
    "Bondarenko",
    "Tkachenko",
    "Melnyk",
    "Ivanov",
    "Petrov",
    "Sokolov",
    "Volkov",
    "Morozov",
    "Smith",
    "Johnson",
    "Miller",
    "Davis",
    "Dubois",
    "Lefevre",
    "Schmidt",
    "Weber",
    "Kowalski",
    "Nowak",
    "Yilmaz",
    "Demir",
    "Nilsson",
    "Berg",
    "Walsh",
    "Moreno",
    "Horvath",
    "Kuznetsov",
    "Lysenko",
    "Hrytsenko",
)
_ROLES = (
    "foreign minister",
    "defence minister",
    "envoy",
    "spokesperson",
    "adviser",
    "general",
    "governor",
    "negotiator",
    "senator",
    "ambassador",
)
_VILLAGE_HEAD = (
    "Novo",
    "Staro",
    "Velyka",
    "Mala",
    "Krasno",
    "Zoloto",
    "Bilo",
    "Chorno",
    "Verkhnyo",
    "Nyzhnyo",
    "Pryvil",
    "Sokil",
)
_VILLAGE_TAIL = (
    "pavlivka",
    "mykhailivka",
    "dnipro",
    "hirske",
    "lyman",
    "selydove",
    "ivanivka",
    "petrivka",
    "dolyna",
    "yar",
)
_ORG_KINDS = ("Institute for {0} Studies", "{0} Security Forum", "{0} Defence Council", "{0} Monitoring Group")
_SOURCES = (
    "Reuters",
    "AP",
    "Kyiv Independent",
    "Meduza",
    "BBC",
    "Politico",
    "CaliToday",
    "Carnegie",
    "Financial Times",
    "Le Monde",
    "Deutsche Welle",
    "Al Jazeera",
)
_MEETING_KINDS = ("talks", "summit", "call", "meeting", "consultations")

# Which stance types a source actor takes towards a target of each type, with weights.
_STANCES_BY_TARGET: dict[str, list[tuple[StanceType, int]]] = {
    "Plan": [
        (StanceType.SUPPORTS, 4),
        (StanceType.REJECTS, 3),
        (StanceType.PROPOSES, 2),
        (StanceType.CRITICIZES, 3),
        (StanceType.DEMANDS, 1),
    ],
    "PlanPoint": [
        (StanceType.SUPPORTS, 3),
        (StanceType.REJECTS, 3),
        (StanceType.DEMANDS, 2),
        (StanceType.PROPOSES, 1),
        (StanceType.CRITICIZES, 1),
    ],
    "Place": [(StanceType.CLAIMS, 3), (StanceType.ATTACKS, 3), (StanceType.DEMANDS, 2), (StanceType.THREATENS, 1)],
    "Actor": [
        (StanceType.MEETS, 3),
        (StanceType.CRITICIZES, 3),
        (StanceType.DEMANDS, 2),
        (StanceType.THREATENS, 1),
        (StanceType.SUPPORTS, 2),
        (StanceType.PROPOSES, 1),
    ],
    "Event": [(StanceType.PARTICIPATES_IN, 1)],
}
_CAMEO = {
    StanceType.PROPOSES: "03",
    StanceType.SUPPORTS: "05",
    StanceType.REJECTS: "12",
    StanceType.CRITICIZES: "11",
    StanceType.CLAIMS: "01",
    StanceType.DEMANDS: "10",
    StanceType.THREATENS: "13",
    StanceType.MEETS: "04",
    StanceType.ATTACKS: "19",
    StanceType.PARTICIPATES_IN: "04",
}

_SLOT = re.compile(r"\{(P|C|O|L|PLAN|DATE)\}")
_MONTH_DAY = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2}(?:,\s*\d{4})?\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_KIND_SLOT = {"Person": "P", "Country": "C", "Organization": "O", "Place": "L"}


@dataclass(frozen=True)
class PoolEntity:
    """An entity the generator can name: its contract fields and the forms text uses for it."""

    id: str
    type: str
    name: str
    forms: tuple[str, ...]
    extra: tuple[tuple[str, Any], ...] = ()

    def contract(self, aliases: list[str]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        if aliases:
            data["aliases"] = aliases
        data.update(self.extra)
        return data


class ZipfPool:
    """Entities of one slot kind, drawn with weight 1/rank**s: a head of regulars and a long tail."""

    def __init__(self, entities: list[PoolEntity], s: float = 1.1) -> None:
        self.entities = entities
        total = 0.0
        self._cumulative: list[float] = []
        for rank in range(1, len(entities) + 1):
            total += 1.0 / rank**s
            self._cumulative.append(total)

    def draw(self, rng: random.Random) -> PoolEntity:
        x = rng.random() * self._cumulative[-1]
        return self.entities[min(bisect.bisect_left(self._cumulative, x), len(self.entities) - 1)]


@dataclass
class Pools:
    by_slot: dict[str, ZipfPool]
    plan_points: dict[str, list[PoolEntity]]
    plans: dict[str, PoolEntity]
    known_forms: list[tuple[str, str]] = field(default_factory=list)  # (surface form, slot), longest first


def _known_entities() -> list[PoolEntity]:
    if GAZETTEER_FILE.exists():
        data = yaml.safe_load(GAZETTEER_FILE.read_text(encoding="utf-8")) or {}
        entities = []
        for item in data.get("entities", []):
            if item.get("type") not in _KIND_SLOT:
                continue
            forms = tuple(dict.fromkeys([item["name"], *item.get("aliases", [])]))
            extra = tuple((k, item[k]) for k in ("wikidata", "role", "country", "kind") if item.get(k))
            entities.append(PoolEntity(item["id"], item["type"], item["name"], forms, extra))
        if entities:
            return entities
    return [PoolEntity(i, t, n, (n, *a)) for i, t, n, a in _FALLBACK]


def _generated(rng: random.Random) -> list[PoolEntity]:
    out = []
    for first in _FIRST:
        for last in _LAST:
            name = f"{first} {last}"
            role = rng.choice(_ROLES)
            out.append(PoolEntity(f"person:{slugify(name)}", "Person", name, (name, last), (("role", role),)))
    for head in _VILLAGE_HEAD:
        for tail in _VILLAGE_TAIL:
            name = head + tail
            out.append(PoolEntity(f"place:{slugify(name)}", "Place", name, (name,), (("kind", "village"),)))
    for stem in ("Baltic", "Black Sea", "Eurasian", "Atlantic", "Danube", "Carpathian", "Nordic", "Caspian"):
        for pattern in _ORG_KINDS:
            name = pattern.format(stem)
            out.append(PoolEntity(f"org:{slugify(name)}", "Organization", name, (name,)))
    rng.shuffle(out)
    return out


def _plans() -> tuple[list[PoolEntity], dict[str, list[PoolEntity]]]:
    plans: list[PoolEntity] = []
    points: dict[str, list[PoolEntity]] = {}
    for path in sorted(PLANS_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "id" not in spec:
            continue
        forms = tuple(dict.fromkeys([spec["name"], *spec.get("aliases", [])[:6]]))
        plans.append(PoolEntity(spec["id"], "Plan", spec["name"], forms))
        slug = spec["id"].split(":", 1)[1]
        points[spec["id"]] = [
            PoolEntity(
                f"planpoint:{slug}:{item['number']}",
                "PlanPoint",
                f"{spec['name']}, point {item['number']}",
                (f"point {item['number']} of the {spec['name']}",),
                (("number", item["number"]), ("plan", spec["id"]), ("title", item.get("title", ""))),
            )
            for item in spec.get("items", [])
        ]
    if not plans:
        plans = [PoolEntity("plan:us-28-point-plan", "Plan", "28-point peace plan", ("28-point plan",))]
        points = {"plan:us-28-point-plan": []}
    # The first plan file in name order need not be the most discussed: the US plan leads.
    plans.sort(key=lambda p: (p.id != "plan:us-28-point-plan", p.id))
    return plans, points


@lru_cache(maxsize=4)
def pools(seed: int = 0) -> Pools:
    rng = random.Random(f"pools:{seed}")
    known = _known_entities()
    generated = _generated(rng)
    by_type: dict[str, list[PoolEntity]] = {t: [] for t in _KIND_SLOT}
    for entity in known + generated:  # known (prominent) first: they get the low Zipf ranks
        by_type[entity.type].append(entity)
    plans, points = _plans()
    by_slot = {_KIND_SLOT[t]: ZipfPool(entities) for t, entities in by_type.items() if entities}
    by_slot["PLAN"] = ZipfPool(plans, s=1.5)
    forms = [(form, _KIND_SLOT[e.type]) for e in known for form in e.forms if len(form) >= 4 and form[0].isupper()]
    forms += [(form, "PLAN") for plan in plans for form in plan.forms]
    forms.sort(key=lambda pair: len(pair[0]), reverse=True)
    return Pools(by_slot, points, {plan.id: plan for plan in plans}, forms)


@lru_cache(maxsize=4)
def templates(seed: int = 0) -> tuple[list[str], list[str]]:
    """Seed sentences with typed slots: (sentences with an actor slot, the others)."""
    forms = pools(seed).known_forms
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f, _ in forms) + r")(?!\w)")
    slot_of = dict(forms)
    with_actor: list[str] = []
    plain: list[str] = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            for sentence in _SENTENCE_END.split(paragraph.strip()):
                if not 40 <= len(sentence) <= 400 or "{" in sentence:
                    continue
                text = _MONTH_DAY.sub("{DATE}", sentence)
                text = pattern.sub(lambda m: "{" + slot_of[m.group(1)] + "}", text)
                slots = _SLOT.findall(text)
                (with_actor if any(s in ("P", "C", "O") for s in slots) else plain).append(text)
    if not with_actor:
        with_actor = ["{P} said {C} would not accept the {PLAN} as drafted."]
    return with_actor, plain or ["The talks continued for several hours."]


@dataclass
class SynthArticle:
    """One generated article: its text, metadata and its extraction (a contract dict)."""

    body: str
    title: str
    source: str
    published: date
    extraction: dict[str, Any]

    def text_file(self) -> str:
        """The article as a text file with header lines, the way ``loaders.readers`` reads news text."""
        return f"Title: {self.title}\nSource: {self.source}\nDate: {self.published.isoformat()}\n\n{self.body}\n"


def _fill(template: str, rng: random.Random, pool: Pools, when: date) -> tuple[str, list[tuple[int, int, PoolEntity]]]:
    """The sentence with its slots filled, and (start, end, entity) of each filled name."""
    parts: list[str] = []
    spans: list[tuple[int, int, PoolEntity]] = []
    cursor = 0
    length = 0
    for match in _SLOT.finditer(template):
        literal = template[cursor : match.start()]
        parts.append(literal)
        length += len(literal)
        slot = match.group(1)
        if slot == "DATE":
            text = (when - timedelta(days=rng.randrange(0, 4))).strftime("%B %-d")
        else:
            entity = pool.by_slot[slot].draw(rng)
            if slot == "PLAN" and pool.plan_points.get(entity.id) and rng.random() < 0.35:
                entity = rng.choice(pool.plan_points[entity.id])
            text = entity.forms[0] if rng.random() < 0.6 else rng.choice(entity.forms)
            spans.append((length, length + len(text), entity))
        parts.append(text)
        length += len(text)
        cursor = match.end()
    parts.append(template[cursor:])
    return "".join(parts), spans


def _target_kind(entity: PoolEntity) -> str:
    return "Actor" if entity.type in ("Person", "Country", "Organization") else entity.type


def _pick(rng: random.Random, weighted: list[tuple[StanceType, int]]) -> StanceType:
    return rng.choices([t for t, _ in weighted], weights=[w for _, w in weighted])[0]


def synthetic_article(index: int, seed: int = 0) -> SynthArticle:
    """Article number ``index`` of corpus ``seed``: always the same for the same pair."""
    rng = random.Random(f"article:{seed}:{index}")
    pool = pools(seed)
    with_actor, plain = templates(seed)
    published = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
    source = rng.choice(_SOURCES)
    sentences: list[tuple[str, list[tuple[int, int, PoolEntity]]]] = []
    for _ in range(rng.randint(8, 30)):
        template = rng.choice(with_actor) if rng.random() < 0.7 else rng.choice(plain)
        sentences.append(_fill(template, rng, pool, published))
    event: PoolEntity | None = None
    if rng.random() < 0.15:
        place = pool.by_slot["L"].draw(rng)
        kind = rng.choice(_MEETING_KINDS)
        name = f"{kind.capitalize()} in {place.name} on {published.strftime('%B %-d, %Y')}"
        event = PoolEntity(
            f"event:{published.isoformat()}-{slugify(kind + ' in ' + place.name)}",
            "Event",
            name,
            (name,),
            (("date", published.isoformat()), ("kind", kind), ("place", place.id)),
        )
        actor = pool.by_slot["C"].draw(rng)
        text = f"{actor.forms[0]} took part in the {name}."
        sentences.append(
            (text, [(0, len(actor.forms[0]), actor), (text.index(name), text.index(name) + len(name), event)])
        )
    dateline = f"{rng.choice(['Kyiv', 'Moscow', 'Washington', 'Brussels', 'Geneva'])}, {published:%B %-d, %Y} – "
    body_parts = [dateline]
    offset = len(dateline)
    placed: list[tuple[int, str, list[tuple[int, int, PoolEntity]]]] = []
    for i, (text, spans) in enumerate(sentences):
        if i and rng.random() < 0.25:
            body_parts.append("\n")
            offset += 1
        elif i:
            body_parts.append(" ")
            offset += 1
        placed.append((offset, text, spans))
        body_parts.append(text)
        offset += len(text)
    body = "".join(body_parts)
    title = sentences[0][0][:90].rstrip(" ,.;:")
    extraction = _extraction(rng, pool, body, title, source, published, placed, event)
    return SynthArticle(body, title, source, published, extraction)


def _sentence_relation(
    rng: random.Random,
    spans: list[tuple[int, int, PoolEntity]],
    start: int,
    text: str,
    aid: str,
    published: date,
) -> dict[str, Any] | None:
    """The stance a sentence states (its first actor on another entity of it), sometimes none."""
    actors = [entity for _, _, entity in spans if entity.type in ("Person", "Country", "Organization")]
    if not actors or len(spans) < 2 or rng.random() > 0.6:
        return None
    source_entity = actors[0]
    targets = [entity for _, _, entity in spans if entity.id != source_entity.id]
    if not targets:
        return None
    target = rng.choice(targets)
    stance = _pick(rng, _STANCES_BY_TARGET[_target_kind(target)])
    relation: dict[str, Any] = {
        "source": source_entity.id,
        "type": stance.value,
        "target": target.id,
        "article": aid,
        "evidence": text,
        "start": start,
        "end": start + len(text),
        "date": published.isoformat(),
        "date_precision": "day",
        "code": _CAMEO[stance],
        "confidence": round(rng.uniform(0.4, 0.9), 2),
        "method": "rules",
    }
    if "“" in text or '"' in text:
        relation["quote"] = text[:120]
    return relation


def _extraction(
    rng: random.Random,
    pool: Pools,
    body: str,
    title: str,
    source: str,
    published: date,
    placed: list[tuple[int, str, list[tuple[int, int, PoolEntity]]]],
    event: PoolEntity | None,
) -> dict[str, Any]:
    aid = article_id(body)
    seen: dict[str, tuple[PoolEntity, set[str], int]] = {}
    relations: list[dict[str, Any]] = []
    for start, text, spans in placed:
        for s, e, entity in spans:
            _, forms, count = seen.get(entity.id, (entity, set(), 0))
            forms.add(text[s:e])
            seen[entity.id] = (entity, forms, count + 1)
        relation = _sentence_relation(rng, spans, start, text, aid, published)
        if relation is not None:
            relations.append(relation)
    entities = []
    links: list[dict[str, Any]] = []
    plans_needed: set[str] = set()
    for entity, forms, count in seen.values():
        entities.append(entity.contract(sorted(forms - {entity.name})))
        links.append({"source": aid, "type": "MENTIONS", "target": entity.id, "count": count})
        if entity.type == "PlanPoint":
            plan = dict(entity.extra)["plan"]
            links.append({"source": entity.id, "type": "PART_OF", "target": plan})
            plans_needed.add(plan)
    entities += [pool.plans[plan].contract([]) for plan in sorted(plans_needed - set(seen))]
    if event is not None:
        links.append({"source": aid, "type": "REPORTS", "target": event.id})
    article = {
        "id": aid,
        "title": title,
        "source": source,
        "published": published.isoformat(),
        "language": "en",
        "chars": len(body),
    }
    return {"article": article, "entities": entities, "relations": relations, "links": links}


def iter_articles(count: int, seed: int = 0, start: int = 0) -> Iterator[SynthArticle]:
    for index in range(start, start + count):
        yield synthetic_article(index, seed)


def extraction_rows(extraction: dict[str, Any]) -> int:
    """Rows an extraction writes: nodes (article + entities) plus edges (relations + links)."""
    return 1 + len(extraction["entities"]) + len(extraction["relations"]) + len(extraction["links"])


def write_jsonl(path: Path, count: int, seed: int = 0) -> int:
    """Write ``count`` extractions, one JSON object a line; return the rows they hold."""
    rows = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for article in iter_articles(count, seed):
            rows += extraction_rows(article.extraction)
            handle.write(json.dumps(article.extraction, ensure_ascii=False) + "\n")
    return rows


def write_articles(directory: Path, count: int, seed: int = 0) -> int:
    """Write ``count`` articles as text files; return the number of words written."""
    directory.mkdir(parents=True, exist_ok=True)
    words = 0
    for index, article in enumerate(iter_articles(count, seed)):
        words += len(article.body.split())
        (directory / f"synthetic_{index:06d}.txt").write_text(article.text_file(), encoding="utf-8")
    return words


def describe(count: int, seed: int = 0) -> str:
    """Averages per article of a corpus: words, rows, entities, relations, MENTIONS links."""
    totals = {"words": 0, "rows": 0, "entities": 0, "relations": 0, "mentions": 0}
    for article in iter_articles(count, seed):
        extraction = article.extraction
        totals["words"] += len(article.body.split())
        totals["rows"] += extraction_rows(extraction)
        totals["entities"] += len(extraction["entities"])
        totals["relations"] += len(extraction["relations"])
        totals["mentions"] += sum(1 for link in extraction["links"] if link["type"] == "MENTIONS")
    return f"{count} articles, per article: " + ", ".join(f"{v / count:.1f} {k}" for k, v in totals.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["extractions", "articles"])
    parser.add_argument("count", type=int)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stats", action="store_true", help="also print what an article holds on average")
    args = parser.parse_args(argv)
    if args.stats:
        print(describe(args.count, args.seed))
    if args.what == "extractions":
        rows = write_jsonl(args.out, args.count, args.seed)
        print(f"{args.count} extractions, {rows} rows, {args.out.stat().st_size:,} bytes -> {args.out}")
    else:
        words = write_articles(args.out, args.count, args.seed)
        print(f"{args.count} articles, {words} words -> {args.out}")


if __name__ == "__main__":
    main()
