"""Plan points spoken of in other words: "a cap on our armed forces", "giving up territory", "leave the Donbas".

A point's cue phrases (``PlanPointSpec.cues``) match word for word; its
paraphrases (``PlanPointSpec.paraphrases``) are groups of lemmas that speak
of the point together: one lemma of each group, in any order, in one
sentence, with at most ``MAX_GAP`` words between one and the next. A lemma
of several words ("give up", "armed force") matches consecutive tokens by
their lemmas.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import permutations

from spacy.tokens import Doc, Span

from peacegraph.loaders.plans import PlanSpec

# At most this many words between the words of a paraphrase: "limits on | Ukraine's | armed forces" (2).
MAX_GAP = 4


@dataclass(frozen=True, slots=True)
class Paraphrase:
    """Lemma groups that together speak of point ``number`` of ``plan_id``."""

    plan_id: str
    number: int
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # each group: its lemmas, each lemma a tuple of words


@dataclass(frozen=True, slots=True)
class ParaphraseHit:
    start: int
    end: int
    plan_id: str
    number: int


class ParaphraseFinder:
    """Finds the paraphrases of every plan point in a doc."""

    def __init__(self, plans: Sequence[PlanSpec]) -> None:
        self.paraphrases = [
            Paraphrase(plan.id, item.number, tuple(tuple(tuple(w.lower().split()) for w in group) for group in groups))
            for plan in plans
            for item in plan.items
            for groups in item.paraphrases
        ]
        self._first_words = {words[0] for p in self.paraphrases for group in p.groups for words in group}

    def find(self, doc: Doc) -> list[ParaphraseHit]:
        hits: set[ParaphraseHit] = set()
        for sent in doc.sents:
            lemmas = [t.lemma_.lower() for t in sent]
            if not self._first_words.intersection(lemmas):
                continue
            for paraphrase in self.paraphrases:
                for start, end in _matches(sent, lemmas, paraphrase.groups):
                    hits.add(ParaphraseHit(start, end, paraphrase.plan_id, paraphrase.number))
        return sorted(hits, key=lambda hit: (hit.start, hit.number))


def _occurrences(lemmas: list[str], group: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Where the lemmas of ``group`` occur in the sentence: (first, last + 1) offsets within it."""
    found = []
    for i in range(len(lemmas)):
        for words in group:
            if tuple(lemmas[i : i + len(words)]) == words:
                found.append((i, i + len(words)))
    return found


Groups = tuple[tuple[tuple[str, ...], ...], ...]


def _matches(sent: Span, lemmas: list[str], groups: Groups) -> Iterator[tuple[int, int]]:
    """Doc token spans where one lemma of each group occurs, in some order, with small gaps."""
    places = [_occurrences(lemmas, group) for group in groups]
    if not all(places):
        return
    for order in permutations(range(len(groups))):
        yield from _chains(sent, [places[g] for g in order], 0, None, None)


def _chains(
    sent: Span, places: list[list[tuple[int, int]]], level: int, start: int | None, end: int | None
) -> Iterator[tuple[int, int]]:
    """Chains of one occurrence per level, each beginning at most ``MAX_GAP`` words after the previous ends
    (occurrences are sorted by their first word, so each level is searched by bisection, not scanned)."""
    if level == len(places):
        assert start is not None and end is not None
        yield sent.start + start, sent.start + end
        return
    options = places[level]
    low = 0 if end is None else bisect_left(options, (end, 0))
    for first, last in options[low:]:
        if end is not None and first > end + MAX_GAP:
            break
        yield from _chains(sent, places, level + 1, first if start is None else start, last)
