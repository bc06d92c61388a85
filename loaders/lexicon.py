"""The stance cue lexicon (``loaders/data/lexicon.yaml``): which words express which relation.

Verbs and nouns are keyed by spaCy lemma; a key of two words ("call on",
"lay claim") is a lemma with a particle, preposition or object noun that must
accompany it. Each cue carries the CAMEO code of the act it names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from peacegraph.graph.model import StanceType

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.yaml"


class RelationCues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str | None = None
    verbs: dict[str, str | None] = Field(default_factory=dict)
    nouns: dict[str, str | None] = Field(default_factory=dict)
    phrases: list[str] = Field(default_factory=list)


class Cue(BaseModel):
    """One lexicon entry: the relation a word expresses and its CAMEO code."""

    model_config = ConfigDict(frozen=True)

    type: StanceType
    code: str | None
    particle: str | None = Field(default=None, description="the second word of a two-word key")


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confidence: dict[str, float]
    relations: dict[StanceType, RelationCues]
    speech_verbs: frozenset[str]
    judging_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    light_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    meeting_verbs: frozenset[str]
    authorship_verbs: frozenset[str]
    directive_verbs: frozenset[str]
    deadline_verbs: frozenset[str]
    front_words: frozenset[str]
    suitability_verbs: frozenset[str]
    intention_words: frozenset[str]
    control_verbs: frozenset[str]
    proxy_nouns: frozenset[str]
    negotiator_nouns: frozenset[str]
    concern_adjectives: frozenset[str]
    event_nouns: frozenset[str]
    event_families: dict[str, frozenset[str]]
    evaluations: dict[StanceType, frozenset[str]]
    gathering_kinds: frozenset[str]
    hypothetical_modals: frozenset[str]
    not_entities: frozenset[str]
    negation_rejects: frozenset[str]
    target_prepositions: dict[str, frozenset[str]]

    _verb_cues: dict[str, list[Cue]] = PrivateAttr(default_factory=dict)
    _noun_cues: dict[str, list[Cue]] = PrivateAttr(default_factory=dict)
    _event_family: dict[str, str] = PrivateAttr(default_factory=dict)
    _evaluation: dict[str, StanceType] = PrivateAttr(default_factory=dict)

    def _cues(self, kind: str) -> dict[str, list[Cue]]:
        table: dict[str, list[Cue]] = {}
        for rel_type, cues in self.relations.items():
            entries = cues.verbs if kind == "verbs" else cues.nouns
            for key, code in entries.items():
                lemma, _, particle = key.partition(" ")
                table.setdefault(lemma, []).append(
                    Cue(type=rel_type, code=code or cues.code, particle=particle or None)
                )
        return table

    def model_post_init(self, context: object, /) -> None:
        self._verb_cues = self._cues("verbs")
        self._noun_cues = self._cues("nouns")
        self._event_family = {word: family for family, words in self.event_families.items() for word in words}
        self._evaluation = {word: stance for stance, words in self.evaluations.items() for word in words}

    def evaluation(self, lemma: str) -> StanceType | None:
        """The stance a judging word takes ("acceptable" -> SUPPORTS, "unacceptable" -> REJECTS), if any."""
        return self._evaluation.get(lemma)

    def event_family(self, token_lemma: str) -> str | None:
        """The family of an event noun ("negotiation" -> "talks", "conversation" -> "call"), None if it is none."""
        return self._event_family.get(token_lemma)

    @property
    def verb_cues(self) -> dict[str, list[Cue]]:
        """Verb lemma -> the cues it can express."""
        return self._verb_cues

    @property
    def noun_cues(self) -> dict[str, list[Cue]]:
        """Noun lemma -> the cues it can express."""
        return self._noun_cues

    def phrases(self) -> dict[str, Cue]:
        """Fixed phrase (lower case) -> the cue it stands for."""
        return {
            phrase.lower(): Cue(type=rel_type, code=cues.code)
            for rel_type, cues in self.relations.items()
            for phrase in cues.phrases
        }

    def prepositions(self, rel_type: StanceType) -> frozenset[str]:
        """Prepositions whose object can be the target of a ``rel_type`` predicate."""
        return self.target_prepositions.get(rel_type.value) or self.target_prepositions["default"]

    def directs(self, lemma: str) -> bool:
        """Does the verb put the act of an infinitive on its object ("asks Kyiv to", "gave Kyiv a week to")?"""
        return lemma in self.control_verbs or lemma in self.directive_verbs or lemma in self.deadline_verbs

    def score(self, pattern: str) -> float:
        return self.confidence[pattern]


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    return Lexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
