"""The phenomenon suite of the relation extractor (CheckList style), on sentences written for it.

Cases live in ``tests/phenomena/<group>.yaml``: ``text`` (one to three sentences), optional ``published``,
``expect`` and ``forbid`` (``[source, TYPE, target]`` by canonical name or unique alias, a plan point as
``"<plan name> #N"``; ``"<Type>"`` stands for any entity of that type, ``"<any>"`` for any entity, ``"*"`` for
any relation type), an optional ``note`` and ``known_gap: true`` while the extractor misses the case (a strict
xfail: the day it passes, remove the flag). MEETS matches in either direction.

``invariance.yaml`` holds actor pairs instead of cases: every passing case that names an actor of a pair
only by the listed forms is run again with the pair exchanged, and must give the same relations with the
actors exchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from peacegraph.graph.model import Entity, EntityType, Extraction, StanceType
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.gazetteer import default_gazetteer
from peacegraph.loaders.pipeline import reference_extraction
from tests.extraction_helpers import PUBLISHED, extract

PHENOMENA = Path(__file__).parent / "phenomena"
INVARIANCE = PHENOMENA / "invariance.yaml"
CASE_KEYS = {"id", "text", "published", "expect", "forbid", "note", "known_gap"}
ANY_TYPE = "*"
ANY_ENTITY = "<any>"

Triple = tuple[str, str, str]
# What the extractor found: (source name, source type, TYPE, target name, target type).
Found = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Case:
    group: str
    id: str
    text: str
    published: date | None
    expect: tuple[Triple, ...]
    forbid: tuple[Triple, ...]
    note: str
    known_gap: bool

    @property
    def name(self) -> str:
        return f"{self.group}::{self.id}"

    @classmethod
    def from_yaml(cls, group: str, raw: dict[str, Any]) -> Case:
        unknown = set(raw) - CASE_KEYS
        if unknown:
            raise ValueError(f"{group}::{raw.get('id')}: unknown keys {sorted(unknown)}")
        return cls(
            group=group,
            id=raw["id"],
            text=raw["text"].strip(),
            published=raw.get("published", PUBLISHED),
            expect=tuple(tuple(t) for t in raw.get("expect") or ()),
            forbid=tuple(tuple(t) for t in raw.get("forbid") or ()),
            note=raw.get("note", ""),
            known_gap=bool(raw.get("known_gap", False)),
        )


@dataclass(frozen=True)
class Swap:
    """Two actors of one type and the surface forms that exchange them."""

    id: str
    pair: tuple[str, str]
    forms: tuple[tuple[str, str], ...]

    @property
    def replacements(self) -> dict[str, str]:
        return {a: b for a, b in self.forms} | {b: a for a, b in self.forms}

    @property
    def pattern(self) -> re.Pattern[str]:
        alternatives = sorted(self.replacements, key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")

    def apply(self, text: str) -> str:
        return self.pattern.sub(lambda m: self.replacements[m.group(1)], text)

    def rename(self, name: str) -> str:
        """The name after the swap; a name the extractor made up ("Maria Zakharova's briefing") swaps its words."""
        a, b = self.pair
        if name in (a, b):
            return b if name == a else a
        return name if name in names().types else self.apply(name)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(PHENOMENA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        cases += [Case.from_yaml(path.stem, raw) for raw in data.get("cases") or ()]
    return cases


def load_invariance() -> tuple[list[Swap], dict[str, str]]:
    data = yaml.safe_load(INVARIANCE.read_text(encoding="utf-8"))
    swaps = [Swap(s["id"], tuple(s["pair"]), tuple(s["forms"].items())) for s in data["swaps"]]
    return swaps, dict(data.get("known_gaps") or {})


class Names:
    """Canonical names of the reference entities, and the display name of an extracted entity."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        entities = list(entities)
        self.by_id = {e.id: e for e in entities}
        self.plans = {e.id: e.name for e in entities if e.type is EntityType.PLAN}
        self.types = {self.display(e): e.type.value for e in entities}
        self.canonical = {fold(name): name for name in self.types}
        owners: dict[str, set[str]] = {}
        for e in entities:
            for alias in e.aliases:
                owners.setdefault(fold(alias), set()).add(self.display(e))
        for form, owned_by in owners.items():
            if len(owned_by) == 1 and form not in self.canonical:
                self.canonical[form] = next(iter(owned_by))

    def display(self, entity: Entity) -> str:
        """The name triples use: a plan point is "<plan name> #N", as the scorer resolves points by number."""
        if entity.type is EntityType.PLAN_POINT:
            return f"{self.plans.get(entity.plan or '', entity.plan)} #{entity.number}"
        return entity.name

    def resolve(self, slot: str) -> str | None:
        """The canonical name a case's slot stands for (placeholders stay as written), or None if unknown."""
        if slot == ANY_ENTITY or (slot.startswith("<") and slot[1:-1] in {t.value for t in EntityType}):
            return slot
        return self.canonical.get(fold(slot))


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def names() -> Names:
    return Names(reference_extraction().entities)


@cache
def surface_forms() -> dict[str, frozenset[str]]:
    """Canonical name -> every way a text names it (the swap check must see all of them)."""
    forms = {
        entry.name: frozenset({entry.name, *entry.aliases, *entry.descriptions, *entry.metonyms, *entry.demonyms})
        for entry in default_gazetteer().entries.values()
    }
    for entity in reference_extraction().entities:
        if entity.type is EntityType.PLAN:
            forms[entity.name] = frozenset({entity.name, *entity.aliases})
    return forms


def found_relations(extraction: Extraction) -> set[Found]:
    by_id = names().by_id | {e.id: e for e in extraction.entities}
    found = set()
    for relation in extraction.relations:
        ends = []
        for entity_id in (relation.source, relation.target):
            entity = by_id.get(entity_id)
            ends.append((names().display(entity), entity.type.value) if entity else (entity_id, "?"))
        (source, source_type), (target, target_type) = ends
        found.add((source, source_type, relation.type.value, target, target_type))
    return found


def slot_matches(pattern: str, name: str, entity_type: str) -> bool:
    if pattern == ANY_ENTITY:
        return True
    if pattern.startswith("<"):
        return pattern[1:-1] == entity_type
    return pattern == name


def matches(pattern: Triple, found: Found) -> bool:
    source, kind, target = pattern
    found_source, source_type, found_kind, found_target, target_type = found
    if kind not in (ANY_TYPE, found_kind):
        return False
    ends = [(found_source, source_type, found_target, target_type)]
    if found_kind == StanceType.MEETS.value:
        ends.append((found_target, target_type, found_source, source_type))
    return any(slot_matches(source, s, st) and slot_matches(target, t, tt) for s, st, t, tt in ends)


def resolved(triple: Triple) -> Triple:
    source, kind, target = triple
    return (names().resolve(source) or source, kind, names().resolve(target) or target)


def symmetric(found: Found) -> Found:
    """MEETS with its two ends in a fixed order, so that swapped runs compare equal."""
    source, source_type, kind, target, target_type = found
    if kind == StanceType.MEETS.value and (target, target_type) < (source, source_type):
        return (target, target_type, kind, source, source_type)
    return found


_extractions: dict[tuple[str, date | None], set[Found]] = {}


def run(extractor: RuleExtractor, text: str, published: date | None) -> set[Found]:
    """The relations the real extractor finds in ``text`` (each text is extracted once per session)."""
    key = (text, published)
    if key not in _extractions:
        _extractions[key] = found_relations(extract(extractor, text, published))
    return _extractions[key]


def listing(found: Iterable[Found]) -> str:
    return "\n".join(f"    {s} -{k}-> {t}" for s, _, k, t, _ in sorted(found)) or "    (nothing)"


# ---------------------------------------------------------------------------------------------- cases

CASES = load_cases()
SWAPS, INVARIANCE_GAPS = load_invariance()


def gap(reason: str | None) -> list[pytest.MarkDecorator]:
    """A known gap is a strict xfail: the day the extractor reads the case, the run fails until the flag goes."""
    return [] if reason is None else [pytest.mark.xfail(strict=True, reason=f"known gap: {reason}")]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.name, marks=gap((c.note or c.text) if c.known_gap else None)) for c in CASES],
)
def test_phenomenon(extractor: RuleExtractor, case: Case) -> None:
    found = run(extractor, case.text, case.published)
    missing = [t for t in map(resolved, case.expect) if not any(matches(t, f) for f in found)]
    unwanted = [f for t in map(resolved, case.forbid) for f in found if matches(t, f)]
    assert not missing and not unwanted, (
        f"{case.text}\n  missing: {missing}\n  forbidden but found: {sorted(set(unwanted))}\n  found:\n{listing(found)}"
    )


# ------------------------------------------------------------------------------------------ invariance


def swap_applies(swap: Swap, text: str) -> bool:
    """Whether ``swap`` exchanges its actors in ``text`` cleanly: it names one of them, only by the swap's
    forms, and no other known name contains a swapped form."""
    spans = [m.span() for m in swap.pattern.finditer(text)]
    if not spans:
        return False
    lowered = text.casefold()
    for name, forms in surface_forms().items():
        own = name in swap.pair
        for form in forms:
            if form.casefold() not in lowered:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE):
                inside = any(s <= m.start() and m.end() <= e for s, e in spans)
                overlaps = any(m.start() < e and s < m.end() for s, e in spans)
                if (own and not inside) or (not own and overlaps):
                    return False
    return True


def swapped_cases() -> Iterator[tuple[Case, Swap]]:
    for case in CASES:
        if case.known_gap or not case.expect:
            continue
        for swap in SWAPS:
            if swap_applies(swap, case.text):
                yield case, swap


def _event_neutral(triple: tuple[str, str, str, str, str]) -> tuple[str, str, str, str, str]:
    """An event's name is made from the text ("Lula da Silva's phone call"), so a swapped name changes it
    beyond what renaming the actors gives: events are compared as events."""
    source, source_type, kind, target, target_type = triple
    return (source, source_type, kind, "<Event>" if target_type == "Event" else target, target_type)


def swapped_id(case: Case, swap: Swap) -> str:
    return f"{case.group}/{case.id}/{swap.id}"


SWAPPED = list(swapped_cases())


@pytest.mark.parametrize(
    ("case", "swap"),
    [
        pytest.param(case, swap, id=f"invariance::{name}", marks=gap(INVARIANCE_GAPS.get(name)))
        for case, swap in SWAPPED
        for name in [swapped_id(case, swap)]
    ],
)
def test_invariance(extractor: RuleExtractor, case: Case, swap: Swap) -> None:
    found = run(extractor, case.text, case.published)
    before = {symmetric(_event_neutral((swap.rename(s), st, k, swap.rename(t), tt))) for s, st, k, t, tt in found}
    text = swap.apply(case.text)
    after = {symmetric(_event_neutral(f)) for f in run(extractor, text, case.published)}
    assert after == before, f"{text}\n  expected (swapped):\n{listing(before)}\n  found:\n{listing(after)}"


# -------------------------------------------------------------------------------------- the files


def test_cases_are_well_formed() -> None:
    problems = []
    ids = [c.name for c in CASES]
    problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    kinds = {t.value for t in StanceType} | {ANY_TYPE}
    for case in CASES:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", case.id):
            problems.append(f"{case.name}: id is not a slug")
        if not case.expect and not case.forbid:
            problems.append(f"{case.name}: neither expect nor forbid")
        for triple in case.expect + case.forbid:
            if len(triple) != 3 or triple[1] not in kinds:
                problems.append(f"{case.name}: bad triple {triple}")
                continue
            problems += [f"{case.name}: unknown name {s!r}" for s in (triple[0], triple[2]) if not names().resolve(s)]
    for swap in SWAPS:
        if len({names().types.get(name) for name in swap.pair}) != 1:
            problems.append(f"swap {swap.id}: the pair is not of one type")
        for side, name in enumerate(swap.pair):
            if names().resolve(name) != name:
                problems.append(f"swap {swap.id}: {name!r} is not a canonical name")
            problems += [
                f"swap {swap.id}: form {pair[side]!r} is not a name of {name}"
                for pair in swap.forms
                if pair[side] not in surface_forms().get(name, ())
            ]
    generated = {swapped_id(case, swap) for case, swap in SWAPPED}
    problems += [f"invariance gap {g} names no generated case" for g in sorted(set(INVARIANCE_GAPS) - generated)]
    assert not problems, "\n".join(problems)
