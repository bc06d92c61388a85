"""Candidate relations: every (actor, target) pair of mentions in one sentence, described by features.

A relation of the graph is a pair of mentions in one sentence (the source an actor, the target any
entity) and a type. This module lists the pairs a sentence offers and describes each by what a reader
would look at: the entity types, how the two are connected in the dependency parse (the path, the word
where the two branches meet and the cue class of that word in the lexicon), the cue words on the path
and between the two, negation, modality, quotation, and which relation the hand-written rules
(``peacegraph.loaders.rules``) read for the pair. ``peacegraph.loaders.relation_model`` scores the pairs.

Lexical features are lemmas and lexicon classes, never names: a feature must mean the same thing in an
article about other people. What one sentence can offer is bounded (``MAX_SOURCES``, ``MAX_TARGETS``,
``MAX_DEPTH``), so a list or a scrape without punctuation costs what its length costs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from peacegraph.graph.model import ACTOR_TYPES, EntityType
from peacegraph.loaders.events import unrealised
from peacegraph.loaders.lexicon import Lexicon
from peacegraph.loaders.mentions import ArticleMentions, Mention, locates_another_place
from peacegraph.loaders.planlink import PointHit
from peacegraph.loaders.tree import ParseTree

MAX_SOURCES = 12
MAX_TARGETS = 24
MAX_DEPTH = 12
NEGATIONS = frozenset({"not", "n't", "never", "no", "nothing", "neither", "nor", "without"})
MODALS = frozenset({"would", "could", "might", "may", "should", "'d"})
FUTURE = frozenset({"will", "'ll", "shall"})
CONDITIONS = frozenset({"if", "unless", "whether"})
# Features that say the relation is not stated as a fact: negated, hypothetical, planned or only intended, or
# the content of a claim the source denies.
# Such relations are not annotated (shared/eval/ANNOTATION.md), whatever the words around them.
UNASSERTED = frozenset({"negated", "modal", "future", "conditional", "intention", "denied_content", "unrealised_event"})
# The feature of a target place named only to say where another place is ("Huliaipole in Zaporizhzhia Oblast").
TARGET_LOCATES = "target_locates"
# The feature of two sides named together before a noun of people who are not negotiators ("U.S. and Ukrainian
# officials said"): they spoke side by side, nothing says they met.
SIDE_BY_SIDE = "side_by_side"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A target of a sentence: an entity mention or a plan point hit."""

    entity_id: str
    type: EntityType
    kind: str
    root: Token


@dataclass
class Candidate:
    """A pair of entities of one sentence that may stand in a relation."""

    source: str
    target: str
    target_type: EntityType
    sent: Span
    anchor: Token  # where the two are joined: the word the relation is read from
    features: dict[str, float] = field(default_factory=dict)


def _in_content_clause(down: list[Token], speech_nouns: frozenset[str]) -> bool:
    """Does the path down to a target pass a clause that states what someone said or claimed ("claims | that
    Kupiansk had fallen", "denied | that ...")?"""
    return any(
        t.dep_ == "ccomp"
        or (
            t.dep_ in ("acl", "relcl")
            and (t.head.lemma_.lower() in speech_nouns or any(c.lower_ in ("that", "whether") for c in t.children))
        )
        for t in down[1:]
    )


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    node = token
    for _ in range(MAX_DEPTH):
        if node.head.i == node.i:
            break
        node = node.head
        chain.append(node)
    return chain


def _path(source: Token, target: Token) -> tuple[Token | None, list[Token], list[Token]]:
    """The lowest common ancestor of two tokens and the chains up to it (each excluding it)."""
    up_source = _ancestors(source)
    up_target = _ancestors(target)
    seen = {t.i: k for k, t in enumerate(up_target)}
    for k, node in enumerate(up_source):
        if node.i in seen:
            return node, up_source[:k], up_target[: seen[node.i]]
    return None, up_source, up_target


def _shape_features(
    source: Anchor, target: Anchor, up: list[Token], down: list[Token], f: dict[str, float], cache: _DocCache
) -> None:
    """What the two ends of a pair are (types, kinds, dependency labels) and the shape of the path between them
    (``up`` from the source and ``down`` to the target): its length, its labels, which end comes first."""
    ttype = target.type.value
    f[f"types={source.type.value}>{ttype}"] = 1.0
    f[f"ttype={ttype}"] = 1.0
    f[f"skind={source.kind}"] = 1.0
    f[f"tkind={target.kind}"] = 1.0
    f[f"sdep={source.root.dep_}"] = 1.0
    f[f"tdep={target.root.dep_}"] = 1.0
    f["pathlen"] = float(len(up) + len(down))
    f[f"pathlen={min(len(up) + len(down), 6)}"] = 1.0
    deps = "^".join(t.dep_ for t in up) + "|" + ">".join(t.dep_ for t in reversed(down))
    if len(up) + len(down) <= 4:
        f[f"path={deps}"] = 1.0
    f[f"sfirst={source.root.i < target.root.i}"] = 1.0
    if target.type == EntityType.PLACE and locates_another_place(target.root, cache.by_token):
        f[TARGET_LOCATES] = 1.0  # "Huliaipole in Zaporizhzhia Oblast": the region only says where
    if up:
        f[f"sfirstdep={up[-1].dep_}"] = 1.0  # how the source hangs from the joining word: nsubj, poss...
    if down:
        f[f"tlastdep={down[-1].dep_}"] = 1.0
        prep = next((t for t in down if t.dep_ == "prep"), None)
        if prep is not None:
            f[f"tprep={prep.lower_}"] = 1.0


def _join_features(joining: str, up: list[Token], down: list[Token], f: dict[str, float], ttype: str) -> None:
    """How each end hangs from the joining word, with the word's class (``joining``: its cue class, else its
    part of speech): a linear model weighs a combination ("nsubj of a REJECTS verb, dobj a Plan") only when it
    is one feature."""
    source_arc = up[-1].dep_ if up else "self"
    target_arc = down[-1].dep_ if down else "self"
    f[f"join={source_arc}>{joining}"] = 1.0
    f[f"join={joining}>{target_arc}>{ttype}"] = 1.0
    f[f"join={source_arc}>{joining}>{target_arc}>{ttype}"] = 1.0


@dataclass
class _DocCache:
    """What one doc's pairs share: its indexed parse and, per token, the modality its own children give it."""

    tree: ParseTree
    by_token: dict[int, Mention]
    flags: dict[int, frozenset[str]] = field(default_factory=dict)

    def of(self, node: Token, intention_words: frozenset[str]) -> frozenset[str]:
        known = self.flags.get(node.i)
        if known is None:
            known = self.flags[node.i] = _own_flags(node, self.tree, intention_words)
        return known


def _own_flags(node: Token, tree: ParseTree, intention_words: frozenset[str]) -> frozenset[str]:
    found = {"intention"} if node.lemma_.lower() in intention_words else set()
    for child in tree.children(node):
        word = child.lower_
        if child.dep_ == "neg" or (word in NEGATIONS and child.dep_ in ("det", "advmod")):
            found.add("negated")
        elif child.dep_ == "aux" and word in MODALS:
            found.add("modal")
        elif child.dep_ == "aux" and word in FUTURE:
            found.add("future")
        elif child.dep_ == "mark" and word in CONDITIONS:
            found.add("conditional")
        elif child.dep_ == "acomp" and word == "due":
            found.add("intention")  # "is due in Moscow for another meeting": scheduled, not held
    return frozenset(found)


class PairReader:
    """Lists and describes the candidate pairs of a parsed, mention-resolved doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.cue_class: dict[str, str] = {}
        for table in (lexicon.verb_cues, lexicon.noun_cues):
            for lemma, cues in table.items():
                plain = [cue for cue in cues if cue.particle is None]  # "call" alone is no "call on"
                if plain:
                    self.cue_class.setdefault(lemma, plain[0].type.value)
        for lemma in lexicon.speech_verbs:
            self.cue_class.setdefault(lemma, "SPEECH")
        for lemma in lexicon.participation_verbs:
            self.cue_class.setdefault(lemma, "PARTICIPATION")
        for lemma in lexicon.control_verbs:
            self.cue_class.setdefault(lemma, "CONTROL")

    def candidates(
        self,
        mentions: ArticleMentions,
        points: Iterable[PointHit],
        rule_types: dict[tuple[int, str, str], set[str]],
    ) -> list[Candidate]:
        """The pairs of every sentence; ``rule_types`` maps (sentence start, source, target) to the types the
        rules read for that pair there."""
        doc = mentions.doc
        by_sentence: dict[int, list[Anchor]] = {}
        tree = mentions.tree
        for mention in mentions.mentions:
            root = doc[mention.start : mention.end].root
            sent = tree.sent(root)
            by_sentence.setdefault(sent.start, []).append(
                Anchor(mention.entity_id, mention.type, mention.kind.value, root)
            )
        for hit in points:
            root = doc[hit.start : hit.end].root
            sent = tree.sent(root)
            by_sentence.setdefault(sent.start, []).append(Anchor(hit.point_id, EntityType.PLAN_POINT, "point", root))
        cache = _DocCache(tree, mentions.by_token)
        found: list[Candidate] = []
        # Only pairs of one sentence: an actor of a sentence after an event that does not name it again
        # ("Sunday's meetings were led by Rubio. The Ukrainian delegation was headed by Yermak.") was tried as a
        # participant of the event; held out, 13 of 126 such pairs were, and precision fell by 0.04.
        for start in sorted(by_sentence):
            anchors = by_sentence[start]
            found += self._sentence(tree.sent(anchors[0].root), anchors, rule_types, cache)
        return found

    def _sentence(
        self,
        sent: Span,
        anchors: list[Anchor],
        rule_types: dict[tuple[int, str, str], set[str]],
        cache: _DocCache,
    ) -> list[Candidate]:
        sources = [a for a in anchors if a.type in ACTOR_TYPES][:MAX_SOURCES]
        targets = anchors[:MAX_TARGETS]
        context = self._sentence_features(sent)
        best: dict[tuple[str, str], Candidate] = {}
        for source in sources:
            for target in targets:
                if target.entity_id == source.entity_id:
                    continue
                key = (source.entity_id, target.entity_id)
                candidate = self._candidate(source, target, sent, context, cache)
                rules = rule_types.get((sent.start, *key), set())
                for rule in sorted(rules):  # a set: its order differs between processes
                    candidate.features[f"rule={rule}"] = 1.0
                previous = best.get(key)
                if previous is None or candidate.features["pathlen"] < previous.features["pathlen"]:
                    if previous is not None:  # what the rules read for another mention pair is kept
                        candidate.features.update({k: v for k, v in previous.features.items() if k[:5] == "rule="})
                    best[key] = candidate
        return list(best.values())

    def _sentence_features(self, sent: Span) -> dict[str, float]:
        text = sent.text
        features = {}
        if any(q in text for q in ('"', "“", "”")):
            features["quote"] = 1.0
        if text.rstrip().endswith("?"):
            features["question"] = 1.0
        return features

    def _candidate(
        self, source: Anchor, target: Anchor, sent: Span, context: dict[str, float], cache: _DocCache
    ) -> Candidate:
        top, up, down = _path(source.root, target.root)
        anchor = top if top is not None else sent.root
        f: dict[str, float] = dict(context)
        ttype = target.type.value
        _shape_features(source, target, up, down, f, cache)
        self._veto_features(source, target, top, [*up, *down], f)
        cue = self.cue_class.get(anchor.lemma_.lower())
        f[f"toppos={anchor.pos_}"] = 1.0
        if cue is not None:
            f[f"topcue={cue}"] = 1.0
            f[f"topcue={cue}>{ttype}"] = 1.0
        judged = [c for c in anchor.children if c.dep_ in ("acomp", "attr", "oprd", "dobj")]
        self._word_features([*up[1:], *down[1:], *judged], f, ttype)
        self._between(source.root, target.root, f, ttype, cache.tree)
        self._modality(anchor, [*up, *down], f, cache)
        if (
            cue == "REJECTS"
            and target.type != EntityType.PLAN_POINT
            and _in_content_clause(down, self.lexicon.speech_nouns)
        ):
            f["denied_content"] = 1.0  # "denied Russia's claims that Kupiansk had fallen": the claim is Russia's
        _join_features(cue or anchor.pos_, up, down, f, ttype)
        return Candidate(source.entity_id, target.entity_id, target.type, sent, anchor, f)

    def _veto_features(
        self, source: Anchor, target: Anchor, top: Token | None, path: list[Token], f: dict[str, float]
    ) -> None:
        """The features that rule a reading out: two sides named side by side ("U.S. and Ukrainian officials"),
        an event that has not taken place on the path or as the target ("a planned round of talks with X")."""
        if top is not None and self._side_by_side(source.root, target.root, top):
            f[SIDE_BY_SIDE] = 1.0
        nouns = self.lexicon.event_nouns
        events_on_path = [t for t in path if t.lemma_.lower() in nouns or t.lower_ in nouns]
        if (target.type == EntityType.EVENT and unrealised(target.root)) or any(map(unrealised, events_on_path)):
            f["unrealised_event"] = 1.0

    def _word_features(self, words: list[Token], f: dict[str, float], ttype: str) -> None:
        """The evaluation (good, bad) and cue class of ``words`` (the path and what the joining word judges),
        alone and with the target type."""
        for token in words:
            word = token.lemma_.lower()
            polarity = self.lexicon.evaluation(word)
            if polarity is not None:
                f[f"evaluation={polarity}"] = 1.0
                f[f"evaluation={polarity}>{ttype}"] = 1.0
            path_cue = self.cue_class.get(word)
            if path_cue is not None:
                f[f"pathcue={path_cue}"] = 1.0
                f[f"pathcue={path_cue}>{ttype}"] = 1.0

    def _side_by_side(self, source: Token, target: Token, top: Token) -> bool:
        """Are the two coordinated modifiers of one noun of people other than negotiators ("U.S. and Ukrainian
        officials", "Polish and Lithuanian leaders")?"""
        conjoined = (source.dep_ == "conj" and source.head.i == top.i) or (
            target.dep_ == "conj" and target.head.i == top.i
        )
        if not conjoined or top.i not in (source.i, target.i) or top.dep_ not in ("amod", "compound", "nmod"):
            return False
        noun = top.head.lemma_.lower()
        return (
            top.head.pos_ == "NOUN" and noun in self.lexicon.proxy_nouns and noun not in self.lexicon.negotiator_nouns
        )

    def _between(self, source: Token, target: Token, f: dict[str, float], ttype: str, tree: ParseTree) -> None:
        low, high = sorted((source.i, target.i))
        for token in tree.tokens[low + 1 : min(high, low + 1 + 3 * MAX_TARGETS)]:
            cue = self.cue_class.get(token.lemma_.lower())
            if cue is not None:
                f[f"betweencue={cue}"] = 1.0
                f[f"betweencue={cue}>{ttype}"] = 1.0
        f[f"gap={min(high - low, 20) // 5}"] = 1.0

    def _modality(self, anchor: Token, chain: list[Token], f: dict[str, float], cache: _DocCache) -> None:
        """Negation, modality, future, conditions and intentions on the joining word, the words above it and
        the path."""
        for node in [anchor, *_ancestors(anchor)[1:4], *chain]:
            for flag in cache.of(node, self.lexicon.intention_words):
                f[flag] = 1.0
        if anchor.tag_:
            f[f"toptag={anchor.tag_}"] = 1.0
