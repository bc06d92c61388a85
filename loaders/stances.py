"""Stances and actions from the dependency parse: who proposes, supports, rejects, ... what.

A predicate is a verb, noun or fixed phrase of the cue lexicon
(``loaders/data/lexicon.yaml``). Its source is the actor that is its subject
(the agent of a passive, the owner of a noun: "Ukraine's rejection", the
speaker of a quotation, the actor of an earlier clause when the clause has
none); its target is what its object, prepositions or clausal content name,
a plan point when the object speaks of one. A predicate that is negated
("did not reject"), hypothetical ("would reject", "if ... rejects") or only
demanded of someone else ("demanded that he sign") states no stance; a
conditional consequence announced by a speaker ("If Kyiv rejects this, our
forces will advance") is a threat against the actor of the condition.
Reported actions ("claimed Russian forces captured the city") are claims
of the speaker, not actions.

Reading a sentence takes time linear in its length: the parse is navigated
through ``loaders.tree`` (children, sentences and subtree queries indexed once
per doc, walks up the tree memoised), and what one sentence can contribute is
capped (``MAX_COORDINATED``, ``MAX_STANCES_PER_SENTENCE``), so a hostile or
badly scraped text (thousands of quotations or names in one "sentence", no
punctuation at all) costs what its length costs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations, islice

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from graph.model import ACTOR_TYPES, STANCE_TARGETS, EntityType, StanceType
from loaders.lexicon import Cue, Lexicon
from loaders.mentions import ArticleMentions, Mention, MentionKind
from loaders.planlink import PointHit
from loaders.plans import PlanSpec
from loaders.tree import UP, Positions

CIRCUMSTANCE = frozenset({"after", "before", "during", "in", "following", "amid", "at", "through", "via"})
QUANTITY_NOUNS = frozenset({"plenty", "number", "series", "lot", "couple", "round", "host", "string", "flurry"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves"})
THEY = frozenset({"they", "them", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
CONDITION_MARKS = frozenset({"if", "unless"})
UNCERTAIN_MARKS = frozenset({"if", "unless", "whether"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
FUTURE = frozenset({"will", "'ll", "shall", "must"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp", "acl", "relcl", "dep"})
ARGUMENT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "pobj", "nsubjpass", "obj", "appos"})
QUOTE = re.compile(r"[\"“”]([^\"“”]{3,}?)[\"“”]")
TARGET_TYPES = STANCE_TARGETS
# Types whose target may lie deeper in the object: "alluding to recent gains in Donetsk".
NESTED_TYPES = frozenset({StanceType.ATTACKS, StanceType.CLAIMS, StanceType.SUPPORTS})
# Types whose target may come from a clause ("refused to translate the recognition of territory"):
# points and plans only.
CONTENT_TYPES = frozenset({StanceType.SUPPORTS, StanceType.REJECTS, StanceType.CRITICIZES, StanceType.CLAIMS})


# What one sentence can contribute. News sentences coordinate a handful of parties and give under ten
# stances (at most 3 coordinated names and 9 stances in a sentence of the seeds and of a synthetic corpus of
# 400 articles); far past that a "sentence" is a list, a table or a scrape without punctuation. Every stance
# repeats its whole sentence as evidence, and a source list times a target list grows with the square of
# the list: so a noun phrase gives at most MAX_COORDINATED conjuncts and entities, a sentence at most
# MAX_STANCES_PER_SENTENCE stances (the first ones in reading order).
MAX_COORDINATED = 32
MAX_STANCES_PER_SENTENCE = 64
# Modifier tokens read for the parties of one meeting ("U.S.-Russia-Ukraine talks"): far more than any
# group of named parties needs, few enough that a modifier of thousands of words is not reread per cue.
MAX_GROUP_TOKENS = 4 * MAX_COORDINATED

# Stances whose target may be a point recognised by its topic words alone.
TOPIC_TYPES = frozenset({StanceType.REJECTS, StanceType.SUPPORTS, StanceType.DEMANDS, StanceType.CRITICIZES})
# Topic words too common in this news to tell one point from another.
VAGUE_TOPICS = frozenset({"security", "europe", "russia", "united", "states", "eu", "trade", "economy", "nato"})


def _stem(word: str) -> str:
    """A crude stem: "territorial"/"territory" -> "territ", "recognised"/"recognition" -> "recogn"."""
    return word.lower()[:6]


def _topic_stems(topics: list[str]) -> frozenset[str]:
    words = {w for topic in topics for w in topic.lower().split("-")}
    return frozenset(_stem(w) for w in words - VAGUE_TOPICS if len(w) > 2)


@dataclass
class Stance:
    """One stance read from a sentence, before provenance is attached."""

    source: str
    type: StanceType
    target: str
    sent: Span
    anchor: Token
    confidence: float
    code: str | None
    method: str = "rules"


@dataclass
class _Sources:
    actors: list[str]
    pattern: str

    def __bool__(self) -> bool:
        return bool(self.actors)


@dataclass
class _Context:
    """Discourse state carried from sentence to sentence."""

    last_speaker: str | None = None
    last_agent: str | None = None
    speaker: str | None = None  # of the current sentence
    topic: Mention | None = None  # "Donetsk: Claimed ..." list items
    pending_topic: Mention | None = None
    found: list[Stance] = field(default_factory=list)


class StanceReader:
    """Reads stance relations from parsed, mention-resolved docs."""

    def __init__(
        self,
        nlp: Language,
        lexicon: Lexicon,
        event_actions: dict[str, list[tuple[str, str, str]]],
        plans: Iterable[PlanSpec] = (),
    ) -> None:
        self.lexicon = lexicon
        self.event_actions = event_actions
        self.topics: dict[str, list[tuple[str, frozenset[str]]]] = {
            plan.id: [(plan.point_id(item.number), _topic_stems(item.topics)) for item in plan.items] for plan in plans
        }
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._phrase_cues = lexicon.phrases()
        for phrase in self._phrase_cues:
            self._phrases.add(phrase, [nlp.make_doc(phrase)])

    def read(
        self, doc: Doc, mentions: ArticleMentions, points: list[PointHit], proposed: dict[int, list[str]]
    ) -> list[Stance]:
        """The stances of one doc; ``proposed`` maps plan mentions (start token) to the actors their name gives."""
        return _ArticleReader(self, doc, mentions, points, proposed).read()

    def phrase_matches(self, doc: Doc) -> list[tuple[Cue, int, int]]:
        return [(self._phrase_cues[doc.vocab.strings[m]], s, e) for m, s, e in self._phrases(doc)]


class _ArticleReader:
    def __init__(
        self,
        reader: StanceReader,
        doc: Doc,
        mentions: ArticleMentions,
        points: list[PointHit],
        proposed: dict[int, list[str]],
    ) -> None:
        self.reader = reader
        self.proposed = proposed
        self.lex = reader.lexicon
        self.doc = doc
        self.mentions = mentions
        self.points: dict[int, list[PointHit]] = {}
        for hit in points:
            for i in range(hit.start, hit.end):
                self.points.setdefault(i, []).append(hit)
        self.phrases: dict[int, list[tuple[Cue, int, int]]] = {}
        for cue, start, end in reader.phrase_matches(doc):
            self.phrases.setdefault(doc[start:end].root.i, []).append((cue, start, end))
        self.ctx = _Context()
        # The parse indexed once (``loaders.tree``): tokens of the kinds rules look for under a clause.
        self.tree = tree = mentions.tree
        self._children = tree.children
        by_point: dict[str, set[int]] = {}
        for i, hits in self.points.items():
            for hit in hits:
                by_point.setdefault(hit.point_id, set()).add(i)
        self.point_tokens = {point_id: tree.positions(ids) for point_id, ids in by_point.items()}
        tokens = tree.tokens
        self.refusals = tree.positions(t.i for t in tokens if t.lower_ in ("cannot", "no"))
        self.first_person = tree.positions(t.i for t in tokens if t.lower_ in FIRST_PERSON)
        self.cue_verbs = tree.positions(
            t.i for t in tokens if t.pos_ == "VERB" and t.lemma_.lower() in self.lex.verb_cues
        )
        self.threat_phrases = tree.positions(
            i for i, cues in self.phrases.items() if any(cue.type == StanceType.THREATENS for cue, _, _ in cues)
        )
        self.actor_tokens = tree.positions(i for i, m in mentions.by_token.items() if m.type in ACTOR_TYPES)
        self.plan_tokens = tree.positions(
            i for i, m in mentions.by_token.items() if m.type in (EntityType.PLAN, EntityType.PLAN_POINT)
        )
        self.named_plans = sorted(
            (m.start, m.entity_id)
            for m in mentions.mentions
            if m.type == EntityType.PLAN and m.kind != MentionKind.PLAN_CUE
        )
        self.named_plan_starts = [start for start, _ in self.named_plans]
        self.mention_starts: dict[str, list[tuple[int, int]]] = {}
        for m in mentions.mentions:
            self.mention_starts.setdefault(m.entity_id, []).append((m.start, m.end))
        self._stem_tokens: dict[str, Positions] | None = None
        self._actor_arguments: Positions | None = None
        self._entity_memo: dict[tuple[int, int], list[str]] = {}
        self._left_subjects: dict[int, list[str]] = {}
        self._quoted: dict[int, dict[int, bool]] = {}  # sentence start -> token -> inside a quotation
        self._first_pobj: dict[int, list[str]] = {}
        self._sentence_first = 0

    # --- driver ----------------------------------------------------------------

    def read(self) -> list[Stance]:
        for sent in self.doc.sents:
            self._sentence(sent)
        return self.ctx.found

    def _sentence(self, sent: Span) -> None:
        ctx = self.ctx
        self._sentence_first = len(ctx.found)
        ctx.topic = self._topic(sent)
        ctx.speaker = self._speaker(sent)
        if ctx.speaker is not None and not self._has_speech_verb(sent):
            # a bare quotation continues the last speaker: read it as what they said
            self._conditional_threat([ctx.speaker], sent.root, sent)
            self._content_stance([ctx.speaker], sent.root, sent.root, sent)
        for token in sent:
            if token.i in self.phrases:
                for cue, start, end in self.phrases[token.i]:
                    self._phrase(cue, token, start, end, sent)
            if token.pos_ in ("VERB", "AUX") or self._item_verb(token):
                for cue in self._verb_cues(token):
                    self._verb(cue, token, sent)
                if token.lemma_.lower() in self.lex.speech_verbs:
                    self._speech(token, sent)
                if token.lemma_.lower() in self.lex.judging_verbs:
                    self._judged(token, sent)
            if token.pos_ == "NOUN":
                for cue in self.lex.noun_cues.get(token.lemma_.lower(), []):
                    self._noun(cue, token, sent)
            mention = self.mentions.at(token)
            if mention is not None and token.i in self.proposed and token.i == mention.start:
                head = self._head(mention)
                if not self._hedged(head):
                    self._emit(
                        self.proposed[token.i], StanceType.PROPOSES, [mention.entity_id], sent, head, "noun", "03"
                    )
            if mention is not None and mention.type == EntityType.EVENT and token.i == mention.start:
                self._participation(mention, token, sent)
                self._event_actions(mention, sent)
            if self._sentence_full():
                break  # nothing more is taken from this sentence (MAX_STANCES_PER_SENTENCE)
        if ctx.speaker is not None:
            ctx.last_speaker = ctx.speaker
        agent = self._sentence_agent(sent) if ctx.topic is None else None
        if agent is not None:
            ctx.last_agent = agent

    # --- emitting --------------------------------------------------------------

    def _emit(
        self,
        sources: Iterable[str],
        rel_type: StanceType,
        targets: Iterable[str],
        sent: Span,
        anchor: Token,
        pattern: str,
        code: str | None,
    ) -> None:
        if rel_type in (StanceType.MEETS, StanceType.PARTICIPATES_IN) and self._planned(anchor):
            return  # "will meet on Sunday", "is due to attend": planned, not yet happened
        allowed = TARGET_TYPES[rel_type]
        targets = list(dict.fromkeys(targets))
        hostile = rel_type in (StanceType.THREATENS, StanceType.ATTACKS)
        for source in dict.fromkeys(sources):
            if self._type(source) not in ACTOR_TYPES:
                continue
            for target in targets:
                if target == source or self._type(target) not in allowed:
                    continue
                if hostile and target in self.mentions.records and self._side(source) == self._side(target):
                    continue  # nobody threatens or attacks their own side
                if self._sentence_full():
                    return
                confidence = self.lex.score(pattern)
                self.ctx.found.append(
                    Stance(source, rel_type, target, sent, anchor, confidence, code, method=f"rules/{pattern}")
                )

    def _planned(self, anchor: Token) -> bool:
        """Is the meeting or attendance at ``anchor`` only planned: a future ("will meet"), an intention or
        schedule above it ("plans to attend", "will fly to Moscow to meet")?"""
        node = anchor
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in FUTURE - {"must"} for c in self._children(node)):
                return True
            if node.lemma_.lower() in self.lex.intention_words or node.lower_ == "due":
                return True
            if node.head.i == node.i or node.dep_ not in ("xcomp", "advcl", "acl", "pobj", "prep", "dobj", "ccomp"):
                return False
            node = node.head
        return False

    def _sentence_full(self) -> bool:
        return len(self.ctx.found) - self._sentence_first >= MAX_STANCES_PER_SENTENCE

    def _head(self, mention: Mention) -> Token:
        """The noun a multi-word mention hangs from: "address" in "national address | on November 21"."""
        span = self.doc[mention.start : mention.end]
        outside = [t for t in span if not (span.start <= t.head.i < span.end)]
        nouns = [t for t in outside if t.pos_ in ("NOUN", "PROPN")]
        return nouns[0] if nouns else span.root

    def _type(self, entity_id: str) -> EntityType:
        record = self.mentions.records.get(entity_id)
        return record.entity.type if record is not None else EntityType.PLAN_POINT

    # --- cues ------------------------------------------------------------------

    def _item_verb(self, token: Token) -> bool:
        """The first word of a list item's text ("Donetsk: Claimed ..."), whatever the parser made of it."""
        topic = self.ctx.topic
        if topic is None:
            return False
        start = self.tree.sent(token).start
        first = topic.end + 1 if start <= topic.start else start
        return token.i == first

    def _verb_cues(self, token: Token) -> list[Cue]:
        lemma = token.lemma_.lower()
        if self._item_verb(token):
            lemma = token.text.lower().removesuffix("ed").removesuffix("e") if lemma == token.lower_ else lemma
            lemma = next((k for k in self.lex.verb_cues if token.lower_.startswith(k)), lemma)
        cues = self.lex.verb_cues.get(lemma, [])
        words = {c.lower_ for c in self._children(token)} | {c.lemma_.lower() for c in self._children(token)}
        with_particle = [c for c in cues if c.particle is not None and c.particle in words]
        if with_particle:
            return with_particle
        return [c for c in cues if c.particle is None]

    # --- assertion status ----------------------------------------------------------

    def _negated(self, token: Token) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in self._children(token))

    def _hypothetical(self, token: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in self.lex.hypothetical_modals for c in self._children(token))

    def _conditional(self, token: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in UNCERTAIN_MARKS for c in self._children(token))

    def _asserted(self, token: Token, rel_type: StanceType) -> bool:
        """Not negated, not hypothetical, not inside a condition or someone else's demand."""
        if self._negated(token) or self._conditional(token):
            return False
        threat = rel_type == StanceType.THREATENS
        if not threat and self._hypothetical(token):
            return False
        question = "asserted-threat" if threat else "asserted"
        return bool(self.tree.climb(token, question, lambda node: self._asserted_step(node, threat)))

    def _asserted_step(self, node: Token, threat: bool) -> object:
        """One step of ``_asserted`` up the clauses from ``node``: the answer, or ``UP`` to the governing clause."""
        if node.dep_ not in CLAUSE_DEPS or node.head.i == node.i:
            return True
        head = node.head
        if node.dep_ == "conj":
            shares_modal = node.tag_ == "VB" and not any(c.dep_ == "aux" for c in self._children(node))
            if shares_modal and not threat and self._hypothetical(head):
                return False
            return UP
        if node.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            settled = node.dep_ == "relcl" and node.tag_ == "VBD"  # "Crimea, which Russia annexed in 2014"
            return threat or settled or not self._hedged(head)
        if self._negated(head) or self._conditional(node) or self._conditional(head):
            return False
        if not threat and self._hypothetical(head):
            return False
        asked = self._own_subject(node) or (
            node.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in self._children(head))
        )
        refusal = any(c.type == StanceType.REJECTS for c in self.lex.verb_cues.get(head.lemma_.lower(), []))
        if node.dep_ in ("xcomp", "ccomp") and refusal:
            return False  # "refused to welcome", "denied that he had accepted": the refusal is the stance
        if node.dep_ in ("ccomp", "xcomp") and self._demand_or_intention(head) and asked:
            return False  # "demanded that he sign", "pressed Kyiv to accept": asked of someone, not done
        objects = any(c.dep_ == "dobj" for c in self._children(head))
        if node.dep_ == "xcomp" and objects and head.lemma_.lower() in self.lex.control_verbs:
            return False  # "the draft asks Ukraine to accept": put on Ukraine, not done by it
        return UP

    def _hedged(self, token: Token) -> bool:
        """Is ``token`` inside a hypothetical or conditional clause ("would be a deal that ...", "if ...")?"""
        if token.head.i == token.i:
            return False
        return bool(self.tree.climb(token.head, "hedged", self._hedged_step))

    def _hedged_step(self, node: Token) -> object:
        if node.pos_ in ("VERB", "AUX") and (self._hypothetical(node) or self._conditional(node)):
            return True
        return False if node.head.i == node.i else UP

    def _demand_or_intention(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma in self.lex.intention_words:
            return True
        return any(c.type == StanceType.DEMANDS for c in self.lex.verb_cues.get(lemma, []))

    def _own_subject(self, token: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in self._children(token))

    def _in_speech_content(self, token: Token) -> Token | None:
        """The speech verb whose clausal content ``token`` is in, if any."""
        found = self.tree.climb(token, "speech-content", self._speech_content_step)
        return found if isinstance(found, Token) else None

    def _speech_content_step(self, node: Token) -> object:
        if node.head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "xcomp", "parataxis") and node.head.lemma_.lower() in self.lex.speech_verbs:
            return node.head
        if node.dep_ not in CLAUSE_DEPS and node.dep_ not in ("ccomp", "parataxis"):
            return None
        return UP

    # --- entity lookup -------------------------------------------------------------

    def _mention(self, token: Token) -> Mention | None:
        return self.mentions.at(token)

    def _entities(self, token: Token, *, depth: int = 0) -> list[str]:
        """Entities a noun phrase headed by ``token`` names (its first ``MAX_COORDINATED`` conjuncts included)."""
        key = (token.i, depth)
        known = self._entity_memo.get(key)
        if known is None:
            found: dict[str, None] = {}
            for node in self._conjunct_tree(token):
                found.update(dict.fromkeys(self._entities_one(node, depth)))
            known = self._entity_memo[key] = list(found)[:MAX_COORDINATED]
        return list(known)

    def _conjunct_tree(self, token: Token) -> list[Token]:
        """``token`` and the conjuncts under it (conjuncts of conjuncts too), depth first as they are
        written, at most ``MAX_COORDINATED``."""
        found: list[Token] = []
        stack = [token]
        while stack and len(found) < MAX_COORDINATED:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed([c for c in self._children(node) if c.dep_ == "conj"]))
        return found

    def _conjuncts(self, token: Token) -> list[Token]:
        """``token.conjuncts`` (the other members of its coordination), at most ``MAX_COORDINATED``."""
        output = [self.tree.coordination(token)]
        for word in output:
            if len(output) > MAX_COORDINATED:
                break
            output += [c for c in self._children(word) if c.i > word.i and c.dep_ == "conj"]
        return [w for w in output if w.i != token.i][:MAX_COORDINATED]

    def _entities_one(self, token: Token, depth: int) -> list[str]:
        mention = self._mention(token)
        if mention is not None and mention.kind != MentionKind.PROXY:
            return [mention.entity_id]
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self._entities(token.head.head, depth=depth + 1) if depth < 3 else []
        if token.dep_ == "pobj" and token.lower_ in RELATIVE_PRONOUNS:  # "regions to which it lays claim"
            clause = token.head.head
            for _ in range(3):
                if clause.dep_ == "relcl" or clause.head.i == clause.i:
                    break
                clause = clause.head
            if clause.dep_ == "relcl":
                return self._entities(clause.head, depth=depth + 1) if depth < 3 else []
        if depth >= 3:
            return []
        owners: list[str] = []
        for child in self._children(token):
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                for part in (child, *self._conjuncts(child)):  # "the Zaporizhzhia and Kherson regions"
                    inner = self._mention(part)
                    if inner is not None and (inner.kind != MentionKind.PROXY or self._is_proxy_head(token)):
                        owners.append(inner.entity_id)
        if owners:
            return owners
        found: list[str] = []
        for child in self._children(token):
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in self._children(child):
                    if obj.dep_ == "pobj":
                        found += self._entities(obj, depth=depth + 1)
            if child.dep_ == "appos":
                found += self._entities(child, depth=depth + 1)
        return found

    def _is_proxy_head(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.proxy_nouns or token.lower_ in self.lex.proxy_nouns

    def _actors(self, token: Token) -> list[str]:
        """Actors a subject noun phrase names: "Putin", "the Kremlin", "Russian troops", "who" -> antecedent."""
        actors: list[str] = []
        conjuncts = self._conjunct_tree(token)[1:]
        for node in [token, *sorted(conjuncts, key=lambda node: self.tree.position[node.i])]:
            actors += self._actor_one(node)
            # "Starmer, President Macron, and ..." / "Keir Starmer and Mark Carney" misparsed
            for child in self._children(node):
                mention = self._mention(child)
                if mention is None or not actors or mention.type != self._type(actors[0]):
                    continue
                coordinated = child.dep_ in ("nmod", "compound") and any(c.dep_ == "cc" for c in self._children(child))
                if child.dep_ == "appos" or coordinated:
                    actors.append(mention.entity_id)
        return list(dict.fromkeys(actors))[:MAX_COORDINATED]

    def _actor_one(self, token: Token) -> list[str]:
        lower = token.lower_
        if lower in FIRST_PERSON:
            return [self.ctx.speaker] if self.ctx.speaker and self._quoted_or_reported(token) else []
        if lower in THEY:
            speech = self._in_speech_content(token.head)
            return self._subject_actors(speech).actors if speech is not None else []
        if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self._actors(token.head.head)
        mention = self._mention(token)
        if mention is not None:
            if mention.type in ACTOR_TYPES and (mention.kind != MentionKind.PROXY or self._is_proxy_head(token)):
                return [mention.entity_id]
            return []
        found = []
        for child in self._children(token):
            if child.dep_ in ("compound", "amod", "nmod", "poss"):
                inner = self._mention(child)
                if inner is None or inner.type not in ACTOR_TYPES:
                    continue
                if self._is_proxy_head(token) or (child.dep_ == "poss" and self._speech_noun(token)):
                    found.append(inner.entity_id)
                    found += [m.entity_id for c in self._conjuncts(child) if (m := self._mention(c)) is not None]
        if not found and self._is_proxy_head(token):  # "officials from France and Germany": each of them
            for prep in (c for c in self._children(token) if c.dep_ == "prep" and c.lower_ in ("from", "of")):
                for obj in (o for o in self._children(prep) if o.dep_ == "pobj"):
                    found += [m.entity_id for c in [obj, *self._conjuncts(obj)] if (m := self._mention(c)) is not None]
            found = [a for a in found if self._type(a) in ACTOR_TYPES]
        if not found and self._speech_noun(token) and not any(c.dep_ == "poss" for c in self._children(token)):
            earlier = self.ctx.last_speaker or self.ctx.last_agent
            if any(c.lower_ in ("the", "this", "that") for c in self._children(token)) and earlier:
                return [earlier]
        return found

    def _speech_noun(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.speech_nouns

    def _quoted_or_reported(self, token: Token) -> bool:
        return self._in_speech_content(token) is not None or self._inside_quote(token)

    def _inside_quote(self, token: Token) -> bool:
        """Does the sentence open a quotation before ``token`` and not close it?"""
        sent = self.tree.sent(token)
        quoted = self._quoted.get(sent.start)
        if quoted is None:  # one pass over the sentence, counting quotation marks up to each token
            quoted = self._quoted[sent.start] = {}
            text = sent.text
            opening = closing = straight = 0
            offset = 0
            for word in sent:
                upto = word.idx - sent.start_char
                before = text[offset:upto]
                opening += before.count("“")
                closing += before.count("”")
                straight += before.count('"')
                offset = upto
                quoted[word.i] = opening > closing or straight % 2 == 1
        return quoted[token.i]

    # --- sources ---------------------------------------------------------------------

    def _subject_actors(self, verb: Token, *, hops: int = 0) -> _Sources:
        """The actors acting in ``verb``'s clause, climbing to governing clauses when it has none."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in self._children(verb)) or (
            verb.dep_ == "acl" and verb.tag_ == "VBN"
        )
        if passive:
            for child in self._children(verb):
                if child.dep_ == "agent":
                    actors = [a for obj in self._children(child) if obj.dep_ == "pobj" for a in self._actors(obj)]
                    if actors:
                        return _Sources(actors, "passive")
            if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
                actors = self._actors(verb.head)
                if actors:
                    return _Sources(actors, "inherited_subject")
            return _Sources([], "passive")
        topic = self.ctx.topic
        subjects = [c for c in self._children(verb) if c.dep_ in ("nsubj", "csubj", "expl")]
        if len(subjects) > 1:  # "A, B, and C reaffirmed" parsed as two subjects; a dateline "Moscow, ..." as one
            named = [a for c in subjects if not (topic and topic.start <= c.i < topic.end) for a in self._actors(c)]
            if len(named) > 1 and self._type(named[0]) == EntityType.PERSON:
                return _Sources(list(dict.fromkeys(named)), "verb" if hops == 0 else "inherited_subject")
            subjects.sort(key=lambda c: not self._actor_one(c))
        for child in subjects:
            if child.dep_ in ("nsubj", "csubj", "expl"):
                if topic is not None and topic.start <= child.i < topic.end:
                    break
                actors = self._actors(child)
                if actors:
                    return _Sources(actors, "verb" if hops == 0 else "inherited_subject")
                speech = self._in_speech_content(verb)
                if speech is not None and child.lower_ not in FIRST_PERSON and child.lower_ not in THEY:
                    outer = self._subject_actors(speech)
                    return _Sources(outer.actors, "speech_content")
                if child.lower_ not in ("it", "this", "that") or verb.dep_ not in CLAUSE_DEPS:
                    return _Sources([], "verb")
        head = verb.head
        if verb.dep_ == "xcomp":  # "urged Moscow to show flexibility": the object acts
            controllers = [a for c in self._children(head) if c.dep_ == "dobj" for a in self._actors(c)]
            if controllers:
                return _Sources(controllers, "inherited_subject")
        if hops < 4 and head.i != verb.i and verb.dep_ in CLAUSE_DEPS | {"ccomp", "parataxis"}:
            mention = self._mention(head)
            if mention is not None and mention.type in ACTOR_TYPES:
                return _Sources([mention.entity_id], "inherited_subject")
            if head.pos_ in ("VERB", "AUX"):
                return self._subject_actors(head, hops=hops + 1)
            if head.pos_ == "NOUN" and verb.dep_ in ("acl", "relcl"):
                return self._noun_sources(head)
        if verb.dep_ == "ROOT" and topic is None:
            left = self._left_subject(verb)
            if left:
                return _Sources(left, "inherited_subject")
        if (verb.dep_ == "ROOT" or topic is not None) and self.ctx.last_agent:
            return _Sources([self.ctx.last_agent], "inherited_subject")
        return _Sources([], "verb")

    def _left_subject(self, verb: Token) -> list[str]:
        """A subject the parser attached elsewhere: the first actor of the words just before the verb,
        back to the last comma ("..., Trump and members of his team had meetings")."""
        known = self._left_subjects.get(verb.i)
        if known is not None:
            return list(known)
        window = []
        for token in reversed(self.doc[self.tree.sent(verb).start : verb.i]):
            if token.text in (",", ";", ":", "—", "–") or token.pos_ in ("VERB",):
                break
            window.append(token)
        found: list[str] = []
        for token in reversed(window):
            mention = self._mention(token)
            if mention is not None and mention.type in ACTOR_TYPES and mention.kind != MentionKind.PRONOUN:
                found = [mention.entity_id]
                break
        self._left_subjects[verb.i] = found
        return list(found)

    def _noun_sources(self, noun: Token) -> _Sources:
        """Who performs the act a noun names: owner, nationality, "from X", or the light verb's subject."""
        found: list[str] = []
        for child in self._children(noun):
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                mention = self._mention(child)
                if mention is not None and mention.type in ACTOR_TYPES:
                    found.append(mention.entity_id)
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                found += [a for obj in self._children(child) if obj.dep_ == "pobj" for a in self._actors(obj)]
        if found:
            return _Sources(list(dict.fromkeys(found)), "noun")
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS:
            noun, head = head.head, head.head.head
        if (
            noun.dep_ in ("dobj", "attr", "oprd")
            and head.lemma_.lower() in self.lex.light_verbs | self.lex.speech_verbs
            and not self._judging(head)
        ):
            sources = self._subject_actors(head)
            return _Sources(sources.actors, "light_verb" if sources.pattern == "verb" else sources.pattern)
        if noun.dep_ == "conj":
            return self._noun_sources(head)
        if noun.dep_ == "pobj" and head.lower_ in CIRCUMSTANCE and head.head.pos_ in ("VERB", "AUX"):
            sources = self._subject_actors(head.head)
            return _Sources(sources.actors, "inherited_subject")
        if self._speech_noun(noun):
            return _Sources(self._actor_one(noun), "inherited_subject")
        return _Sources([], "noun")

    # --- targets ---------------------------------------------------------------------

    def _point_targets(self, roots: Iterable[Token], rel_type: StanceType | None = None) -> list[str]:
        """Plan points the subtrees of ``roots`` (in turn) speak of: by cue phrase, else (for stances on
        content) by topic words. Found by position, without walking the subtrees."""
        roots = list(roots)
        found: list[tuple[int, int, int, str]] = []
        for number, root in enumerate(roots):
            for point_id, tokens in self.point_tokens.items():
                first = tokens.first_under(root)
                if first is not None:  # the point's first token in the subtree, then its place among the hits there
                    rank = next(k for k, hit in enumerate(self.points[first.i]) if hit.point_id == point_id)
                    found.append((number, self.tree.position[first.i], rank, point_id))
        points = [point_id for *_, point_id in sorted(found)]
        if not points and rel_type in TOPIC_TYPES and roots:
            points = self._topic_point(roots)
        return list(dict.fromkeys(points))

    def _topic_point(self, roots: list[Token]) -> list[str]:
        """The one point of the plan under discussion whose topics the subtrees of ``roots`` name: two of its
        topic words, or the only one of a single-topic point ("preserve sovereignty" -> the sovereignty point)."""
        start = min(self.tree.left_edge(root) for root in roots)
        before = bisect_left(self.named_plan_starts, start)
        if not before:
            return []
        stem_tokens = self._topic_stem_tokens()
        present: dict[str, bool] = {}

        def named(stem: str) -> bool:
            if stem not in present:
                tokens = stem_tokens.get(stem)
                present[stem] = tokens is not None and any(tokens.any_under(root) for root in roots)
            return present[stem]

        scored = []
        for point_id, topics in self.reader.topics.get(self.named_plans[before - 1][1], []):
            hits = sum(1 for stem in topics if named(stem))
            if hits >= 2 or (hits == 1 and len(topics) == 1):
                scored.append((hits, point_id))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return []
        return [scored[0][1]]

    def _topic_stem_tokens(self) -> dict[str, Positions]:
        """The tokens of each topic word stem of the plans, indexed once (on first use)."""
        if self._stem_tokens is None:
            wanted = {stem for points in self.reader.topics.values() for _, topics in points for stem in topics}
            by_stem: dict[str, list[int]] = {}
            for token in self.doc:
                if token.is_alpha and len(token) > 2 and (stem := _stem(token.lower_)) in wanted:
                    by_stem.setdefault(stem, []).append(token.i)
            self._stem_tokens = {stem: self.tree.positions(ids) for stem, ids in by_stem.items()}
        return self._stem_tokens

    def _object_targets(self, head: Token, rel_type: StanceType, *, clausal: bool) -> list[str]:
        """Targets in the arguments of ``head``: points first, else the named entities."""
        arguments: list[Token] = []
        clauses: list[Token] = []
        for child in self._children(head):
            if child.dep_ in ARGUMENT_DEPS and child.dep_ != "nsubjpass":
                arguments.append(child)
            elif child.dep_ == "prep" and child.lower_ in self.lex.prepositions(rel_type):
                arguments += [obj for obj in self._children(child) if obj.dep_ in ("pobj", "pcomp")]
            elif child.dep_ == "prt":
                arguments += [obj for obj in self._children(child) if obj.dep_ == "pobj"]
            elif child.dep_ == "xcomp":
                arguments.append(child)
            elif child.dep_ == "ccomp" and clausal:
                clauses.append(child)
        points = self._point_targets(arguments)
        if points:
            return points
        found: list[str] = []
        for arg in arguments:
            found += self._entities(arg)
            if arg.dep_ == "pcomp" or (arg.pos_ == "VERB" and arg.dep_ not in ("pobj", "xcomp")):
                found += self._object_targets(arg, rel_type, clausal=False)
        if not found:  # "lays claim | to which", "urged sanctions | against Moscow": the object's own phrase
            for arg in arguments:
                if arg.dep_ == "dobj":
                    for child in self._children(arg):
                        if child.dep_ == "prep" and child.lower_ in self.lex.prepositions(rel_type):
                            found += [
                                e for obj in self._children(child) if obj.dep_ == "pobj" for e in self._entities(obj)
                            ]
        if not found:  # "pledged to provide Ukraine with ...", but "urged Europe | to buy weapons for Kyiv"
            for arg in arguments:
                if arg.dep_ == "xcomp":
                    found += self._object_targets(arg, rel_type, clausal=False)
        if not found and rel_type in NESTED_TYPES:
            for arg in arguments:
                found += self._nested_entities(arg, rel_type)
        if not found:
            found = self._point_targets(arguments, rel_type)  # last resort: a point named by its topics
        if found:
            return found
        for clause in clauses:
            points = self._point_targets([clause], rel_type)
            if points:
                return points
            if rel_type in (StanceType.DEMANDS, StanceType.THREATENS, StanceType.PROPOSES):
                subject = [c for c in self._children(clause) if c.dep_ in ("nsubj", "nsubjpass")]
                if subject:
                    found += self._entities(subject[0])
                else:
                    found += self._object_targets(clause, rel_type, clausal=False)
            elif rel_type in CONTENT_TYPES:  # "warned that changes to the plan would not be acceptable"
                plan = self._first_plan_outside_asides(clause)
                found += [plan] if plan is not None else []
        return found

    def _first_plan_outside_asides(self, clause: Token) -> str | None:
        """The first plan or point named in ``clause`` outside its adverbial and relative clauses."""
        tree = self.tree
        asides = sorted((tree.low[c.i], tree.high[c.i]) for c in self._children(clause) if c.dep_ in ("advcl", "relcl"))
        low = tree.low[clause.i]
        for aside_low, aside_high in [*asides, (tree.high[clause.i], tree.high[clause.i])]:
            token = self.plan_tokens.first_between(low, aside_low)
            if token is not None:
                mention = self._mention(token)
                return mention.entity_id if mention is not None else None
            low = max(low, aside_high)
        return None

    def _nested_entities(self, token: Token, rel_type: StanceType, depth: int = 0) -> list[str]:
        """The first entities under ``token`` through prepositions and participles: "gains in Donetsk",
        "lines known as the Fortress Belt", "peace involving Ukraine"."""
        if depth > 3:
            return []
        allowed = TARGET_TYPES[rel_type]
        for child in self._children(token):
            objects: list[Token] = []
            if child.dep_ == "prep":
                objects = [obj for obj in self._children(child) if obj.dep_ == "pobj"]
            elif child.dep_ == "acl" and child.tag_ in ("VBN", "VBG"):
                objects = [obj for obj in self._children(child) if obj.dep_ in ("dobj", "prep")]
                objects = [o for obj in objects for o in ([obj] if obj.dep_ == "dobj" else self._children(obj))]
            for obj in objects:
                found = [e for e in self._entities(obj) if self._type(e) in allowed]
                found = found or self._nested_entities(obj, rel_type, depth + 1)
                if found:
                    return found
        return []

    # --- predicates --------------------------------------------------------------------

    def _verb(self, cue: Cue, verb: Token, sent: Span) -> None:
        rel_type = cue.type
        warning = rel_type in (StanceType.THREATENS, StanceType.CRITICIZES) and verb.lemma_.lower() == "warn"
        if warning and (rel_type == StanceType.THREATENS) != self._threat_content(verb):
            return  # "warn": a threat when what is warned of is one, else criticism
        if rel_type == StanceType.SUPPORTS and verb.lemma_.lower() in self.lex.negation_rejects and self._negated(verb):
            if self._hypothetical(verb) or self._conditional(verb):
                return
            rel_type, cue = StanceType.REJECTS, Cue(type=StanceType.REJECTS, code="12")  # "will never accept"
        elif not self._asserted(verb, rel_type):
            return
        if rel_type == StanceType.ATTACKS and self._urges(verb):
            rel_type, cue = StanceType.DEMANDS, Cue(type=StanceType.DEMANDS, code="100")  # "pushed India to stop"
        speech = self._in_speech_content(verb)
        if rel_type == StanceType.ATTACKS and speech is not None:
            self._reported_action(verb, speech, sent)
            return
        sources = self._subject_actors(verb)
        if rel_type == StanceType.MEETS and self._intended(verb):
            rel_type, cue = StanceType.PROPOSES, Cue(type=StanceType.PROPOSES, code="036")
        targets = self._verb_targets(verb, rel_type)
        if rel_type == StanceType.THREATENS:  # "threatened to strike if NATO deployed troops": the condition's actor
            condition = self._condition_actors(verb)
            for clause in (c for c in self._children(verb) if c.dep_ in ("ccomp", "xcomp")):
                condition += self._condition_actors(clause)
            targets = condition or targets
        if rel_type == StanceType.CLAIMS and self.ctx.topic is not None and not targets:
            targets = [self.ctx.topic.entity_id]
        if rel_type == StanceType.CLAIMS and self.ctx.topic is not None and sources.pattern != "passive":
            targets = [self.ctx.topic.entity_id, *targets]
        if rel_type == StanceType.MEETS and not targets and len(sources.actors) > 1:
            self._group(sources.actors, StanceType.MEETS, sent, verb, "meeting_group", cue.code)
            return
        if (
            rel_type in (StanceType.ATTACKS, StanceType.CRITICIZES)
            and len(cue_types := {c.type for c in self.lex.verb_cues.get(verb.lemma_.lower(), [])}) > 1
            and StanceType.ATTACKS in cue_types
        ):
            place_like = any(self._type(t) in (EntityType.PLACE, EntityType.COUNTRY) for t in targets)
            if (rel_type == StanceType.ATTACKS) != place_like:
                return
        self._emit(sources.actors, rel_type, targets, sent, verb, sources.pattern, cue.code)

    def _verb_targets(self, verb: Token, rel_type: StanceType) -> list[str]:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in self._children(verb))
        if passive:
            for child in self._children(verb):
                if child.dep_ == "nsubjpass":
                    return self._entities(child)
        if (
            verb.dep_ in ("acl", "relcl")
            and verb.tag_ == "VBN"
            and not any(c.dep_ == "dobj" for c in self._children(verb))
        ):
            return self._entities(verb.head)
        targets = self._object_targets(verb, rel_type, clausal=True)
        if (
            not targets
            and verb.dep_ == "relcl"
            and any(c.lower_ == "where" for c in self._children(verb))
            and rel_type == StanceType.ATTACKS
        ):
            targets = self._entities(verb.head)
        if (
            verb.dep_ == "relcl"
            and any(c.lower_ == "where" for c in self._children(verb))
            and rel_type == StanceType.ATTACKS
        ):
            targets = [*self._entities(verb.head), *targets]
        return targets

    def _noun(self, cue: Cue, noun: Token, sent: Span) -> None:
        rel_type = cue.type
        if self._negated(noun) or (rel_type != StanceType.THREATENS and self._hedged(noun)):
            return
        governor = noun.head
        if (
            noun.dep_ in ("dobj", "pobj")
            and governor.pos_ in ("VERB", "AUX")
            and (self._negated(governor) or (self._hypothetical(governor) and rel_type != StanceType.THREATENS))
        ):
            return
        sources = self._noun_sources(noun)
        reporter = self._reporting_verb(noun) if rel_type == StanceType.ATTACKS else None
        if reporter is not None:  # "announced the capture of X", "boasted of the seizure of X": a claim on X
            speakers = self._subject_actors(reporter).actors
            places = [t for t in self._noun_targets(noun, rel_type) if self._type(t) == EntityType.PLACE]
            self._emit(speakers, StanceType.CLAIMS, places, sent, reporter, "speech_content", "010")
            return
        intention = self._intention(noun) if rel_type == StanceType.MEETS else None
        if intention is not None:
            rel_type = StanceType.PROPOSES
            if not sources.actors:  # "Moscow was open to talks with Washington": who is open
                holder = intention.head if intention.dep_ in ("acomp", "attr", "dobj") else intention
                sources = _Sources(self._subject_actors(holder).actors, "inherited_subject")
        targets = self._noun_targets(noun, rel_type)
        own = self._mention(noun)
        if rel_type == StanceType.PROPOSES and own is not None and own.type == EntityType.PLAN:
            targets = [own.entity_id, *targets]  # "U.S. proposals": the proposal is the plan
        if rel_type == StanceType.MEETS:
            group = self._meeting_group(noun)
            if len(group) > 1:
                self._group(group, rel_type, sent, noun, "meeting_group", cue.code)
                return
            if not targets and len(sources.actors) > 1:
                self._group(sources.actors, rel_type, sent, noun, "meeting_group", cue.code)
                return
            if not targets:
                return
        if not sources.actors and not targets:
            return
        light = governor.lemma_.lower() in self.lex.light_verbs
        if not targets and noun.dep_ == "dobj" and (light or rel_type in (StanceType.PROPOSES, StanceType.DEMANDS)):
            targets = self._object_targets(governor, rel_type, clausal=False)  # "reaffirmed support | for Ukraine"
        self._emit(sources.actors, rel_type, targets, sent, noun, sources.pattern, cue.code)

    def _reporting_verb(self, noun: Token) -> Token | None:
        """The speech verb an act noun is the object of: "announced the capture", "spoke of the liberation"."""
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "about"):
            head = head.head
        elif noun.dep_ not in ("dobj", "pobj"):
            return None
        lemma = head.lemma_.lower()
        reporting = lemma in self.lex.speech_verbs or lemma in self.lex.reporting_verbs
        return head if head.pos_ == "VERB" and reporting else None

    def _noun_targets(self, noun: Token, rel_type: StanceType) -> list[str]:
        targets = self._object_targets(noun, rel_type, clausal=False)
        if not targets and rel_type in NESTED_TYPES:
            targets = self._nested_entities(noun, rel_type)
        if not targets:
            for child in self._children(noun):
                if child.dep_ == "acl":
                    targets += self._object_targets(child, rel_type, clausal=False)
        return targets

    def _meeting_group(self, noun: Token) -> list[str]:
        """Actors that meet in one call/meeting: "U.S.-Russia backchannel", "a backchannel involving A and B",
        "talks between A and B", "In a call, A, B and C said". A single named owner ("Security Council
        meeting") is no group."""
        named: list[str] = []
        for left in self._children(noun):
            if left.i < noun.i and left.dep_ in ("compound", "amod", "nmod"):
                for token in islice(self.actor_tokens.under(left), MAX_GROUP_TOKENS):
                    mention = self._mention(token)
                    if mention is not None and mention.type in ACTOR_TYPES and mention.entity_id not in named:
                        named.append(mention.entity_id)
        named = named[:MAX_COORDINATED]
        involved = [
            a for child in self._children(noun) if child.dep_ == "acl" and child.lemma_.lower() == "involve"
            for obj in self._children(child) if obj.dep_ == "dobj" for a in self._actors(obj)
        ]  # fmt: skip
        between = [
            a for child in self._children(noun) if child.dep_ == "prep" and child.lower_ == "between"
            for obj in self._children(child) if obj.dep_ == "pobj" for a in self._actors(obj)
        ]  # fmt: skip  # "talks between Rubio and Sybiha"
        present: list[str] = []
        if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during", "at") and noun.head.head.pos_ == "VERB":
            present = self._subject_actors(noun.head.head).actors
        for group in (named, list(dict.fromkeys(involved)), list(dict.fromkeys(between)), present):
            if len(group) > 1:
                return group
        return []

    def _group(
        self, actors: list[str], rel_type: StanceType, sent: Span, anchor: Token, pattern: str, code: str | None
    ) -> None:
        """Each pair of ``actors`` once, in the order the sentence names them (the first ``MAX_COORDINATED``)."""

        def position(actor: str) -> int:
            spans = self.mention_starts.get(actor, [])
            for start, end in spans[bisect_left(spans, (sent.start, -1)) :]:
                if start >= sent.end:
                    break
                if end <= sent.end:
                    return start
            return len(self.doc)

        ordered = sorted(actors, key=position)[:MAX_COORDINATED]
        for first, second in combinations(ordered, 2):
            self._emit([first], rel_type, [second], sent, anchor, pattern, code)

    def _intended(self, token: Token) -> bool:
        """A meeting that is only planned or offered: "plans to intensify consultations", "readiness to host talks"."""
        return self._intention(token) is not None

    def _intention(self, token: Token) -> Token | None:
        """The intention word a meeting hangs on ("open to talks", "ready for talks"), if any."""
        node = token
        for _ in range(4):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.lemma_.lower() in self.lex.intention_words:
                return node
        return None

    def _phrase(self, cue: Cue, head: Token, start: int, end: int, sent: Span) -> None:
        rel_type = cue.type
        if (rel_type == StanceType.DEMANDS and head.lower_ == "if") or self.doc[start].lower_ == "only":
            self._condition_demand(head, start, sent)
            return
        if rel_type == StanceType.DEMANDS and self.doc[start:end].text.lower() == "red line":
            return
        if rel_type == StanceType.THREATENS:
            speaker = self._clause_speaker(head)
            self._emit(speaker, rel_type, self._first_pobj_entity(sent), sent, head, "speech_content", cue.code)
            return
        if rel_type == StanceType.SUPPORTS:
            speaker = self._clause_speaker(head)
            clause = self.tree.climb(head, "clause", _clause_step)
            assert isinstance(clause, Token)
            targets = self._point_targets([clause])
            if not targets:  # the first actor its subjects and objects name
                argument = self._actor_arguments_index().first_under(clause)
                if argument is not None:
                    targets = [e for e in self._entities(argument) if self._type(e) in ACTOR_TYPES][:1]
            self._emit(speaker, rel_type, targets, sent, head, "speech_content", cue.code)

    def _first_pobj_entity(self, sent: Span) -> list[str]:
        """The first entity the prepositional objects of ``sent`` name (one pass per sentence)."""
        known = self._first_pobj.get(sent.start)
        if known is None:
            known = next(([e] for t in sent if t.dep_ == "pobj" for e in self._entities(t)), [])
            self._first_pobj[sent.start] = known
        return list(known)

    def _actor_arguments_index(self) -> Positions:
        """Subjects and objects that name an actor, indexed on first use."""
        if self._actor_arguments is None:
            self._actor_arguments = self.tree.positions(
                t.i
                for t in self.doc
                if t.dep_ in ("nsubj", "pobj", "dobj") and any(self._type(e) in ACTOR_TYPES for e in self._entities(t))
            )
        return self._actor_arguments

    def _clause_speaker(self, token: Token) -> list[str]:
        """Who says what ``token`` is part of: the speech verb's subject or the owner of an acknowledgment."""
        node = token
        if token.head.i != token.i:
            found = self.tree.climb(token.head, "speaking", self._speaking_step)
            assert isinstance(found, tuple)
            spoken, node = found
            if spoken:
                if node.pos_ == "NOUN":
                    return self._noun_sources(node).actors
                return self._subject_actors(node).actors
        if self.ctx.speaker:
            return [self.ctx.speaker]
        return self._subject_actors(node).actors if node.pos_ in ("VERB", "AUX") else []

    def _speaking_step(self, node: Token) -> object:
        """(True, the node) at a word of saying or acknowledging, (False, the root) when there is none."""
        lemma = node.lemma_.lower()
        if (
            lemma in self.lex.speech_verbs
            or lemma in self.lex.speech_nouns
            or lemma in ("acknowledgment", "acknowledgement", "unequivocal", "emphasize", "emphasise")
        ):
            return (True, node)
        return (False, node) if node.head.i == node.i else UP

    def _condition_demand(self, mark: Token, start: int, sent: Span) -> None:
        """ "ready to stop fighting only if the Ukrainian army withdraws": the speaker demands it of that actor."""
        clause = mark.head if mark.dep_ == "mark" else self.doc[start + 1].head
        if clause.dep_ == "mark":
            clause = clause.head
        subjects = [a for c in self._children(clause) if c.dep_ in ("nsubj", "nsubjpass") for a in self._actors(c)]
        speaker = self._clause_speaker(clause)
        self._emit(speaker, StanceType.DEMANDS, subjects, sent, clause, "speech_content", "100")

    def _threat_content(self, verb: Token) -> bool:
        """Does what was warned of contain a threat: a conditional consequence or a promise of force?"""
        content = [c for c in self._children(verb) if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        for clause in content:
            conditional = any(c.dep_ == "advcl" and self._conditional(c) for c in self._children(clause))
            if conditional and any(c.dep_ == "aux" and c.lower_ in FUTURE | {"would"} for c in self._children(clause)):
                return True
            if any(c.dep_ == "aux" and c.lower_ in FUTURE for c in self._children(clause)):
                if any(c.lower_ in FIRST_PERSON for c in self._children(clause) if c.dep_ in ("nsubj", "poss")):
                    return True
                if any(self.first_person.any_under(c) for c in self._children(clause) if c.dep_ == "nsubj"):
                    return True
        return self.threat_phrases.any_under(verb)

    def _speech(self, verb: Token, sent: Span) -> None:
        """What a speaker says: conditional threats, claims about plans, rejection or demand of plan points."""
        if self._negated(verb) or self._hypothetical(verb):
            return
        speaker = self._subject_actors(verb)
        if not speaker:
            return
        for clause in self._content_clauses(verb):
            self._conditional_threat(speaker.actors, clause, sent)
            self._content_stance(speaker.actors, verb, clause, sent)

    def _content_clauses(self, verb: Token) -> list[Token]:
        clauses = [c for c in self._children(verb) if c.dep_ in ("ccomp", "parataxis")]
        if not clauses and verb.dep_ in ("parataxis", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            head = verb.head
            if self._inside_quote(head) or head.dep_ == "ROOT":
                clauses.append(head)
        return clauses

    def _conditional_threat(self, speakers: list[str], clause: Token, sent: Span) -> None:
        """ "If Kyiv rejects this, our forces will advance": a consequence announced for a condition."""
        if not any(c.dep_ == "aux" and c.lower_ in FUTURE | {"would"} for c in self._children(clause)):
            return
        actors = [a for a in self._condition_actors(clause) if a not in speakers]
        self._emit(speakers, StanceType.THREATENS, actors, sent, clause, "conditional_threat", "130")

    def _condition_actors(self, clause: Token) -> list[str]:
        """The actors of the if/unless clauses of ``clause`` (and of its infinitive complement)."""
        found = []
        for node in [clause, *[c for c in self._children(clause) if c.dep_ == "xcomp"]]:
            for child in self._children(node):
                if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in self._children(child)
                ):
                    found += [
                        a for c in self._children(child) if c.dep_ in ("nsubj", "nsubjpass") for a in self._actors(c)
                    ]
        return found

    def _content_stance(self, speakers: list[str], verb: Token, clause: Token, sent: Span) -> None:
        subject = [c for c in self._children(clause) if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        points = self._point_targets([clause])
        negated = self._negated(clause) or self.refusals.any_under(clause)
        if points and negated:
            self._emit(speakers, StanceType.REJECTS, points, sent, verb, "speech_content", "12")
            return
        if points and any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in self._children(clause)):
            self._emit(speakers, StanceType.DEMANDS, points, sent, verb, "speech_content", "100")
            return
        judgement = self._judgement(clause) if subject and not negated else None
        if judgement is not None and not self._hypothetical(clause):
            judged = [e for e in self._entities(subject[0]) if self._type(e) in TARGET_TYPES[judgement]]
            judged += self._point_targets([subject[0]])
            if judged:  # "said the plan was acceptable", "said the draft was a capitulation"
                self._emit(speakers, judgement, judged, sent, verb, "judgement", self.lex.relations[judgement].code)
                return
        if subject and not negated and not self._hypothetical(clause):
            plans = [e for e in self._entities(subject[0]) if self._type(e) == EntityType.PLAN]
            elaborates = verb.dep_ in ("advcl", "xcomp") and verb.head.lemma_.lower() in self.lex.verb_cues
            if plans and not self._has_cue(clause) and not elaborates:
                self._emit(speakers, StanceType.CLAIMS, plans, sent, verb, "speech_content", "010")

    def _judgement(self, clause: Token) -> StanceType | None:
        """The stance a copula takes by what it says its subject is: "was acceptable", "is a good basis",
        "was pure propaganda" (the complement's head, else a word modifying it)."""
        if clause.lemma_.lower() != "be":
            return None
        for complement in self._children(clause):
            if complement.dep_ in ("attr", "acomp"):
                return self._evaluation_of(complement)
        return None

    def _evaluation_of(self, word: Token) -> StanceType | None:
        found = self.lex.evaluation(word.lemma_.lower())
        if found is None:
            found = next(
                (
                    e
                    for c in self._children(word)
                    if c.dep_ in ("amod", "compound") and (e := self.lex.evaluation(c.lemma_.lower())) is not None
                ),
                None,
            )
        return found

    def _urges(self, verb: Token) -> bool:
        """ "pushed India to stop buying oil": an actor object and what it is to do is a demand, not a push at
        the front."""
        kids = self._children(verb)
        actor_object = any(c.dep_ == "dobj" and self._actors(c) for c in kids)
        return actor_object and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in kids)

    def _judging(self, verb: Token) -> bool:
        """Does ``verb`` judge its object ("called the proposal unacceptable") rather than issue it?"""
        if verb.lemma_.lower() not in self.lex.judging_verbs:
            return False
        kids = self._children(verb)
        return any(c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") for c in kids) or any(
            c.dep_ == "prep" and c.lower_ == "as" for c in kids
        )

    def _judged(self, verb: Token, sent: Span) -> None:
        """ "called the plan unacceptable", "deemed it a capitulation", "described the talks as productive":
        the subject judges the object."""
        if self._negated(verb) or self._hypothetical(verb):
            return
        objects = [c for c in self._children(verb) if c.dep_ == "dobj"]
        complements = [c for c in self._children(verb) if c.dep_ in ("oprd", "xcomp", "acomp", "ccomp", "attr")]
        for prep in (c for c in self._children(verb) if c.dep_ == "prep" and c.lower_ == "as"):
            complements += [o for o in self._children(prep) if o.dep_ == "pobj"]
        for obj in objects:
            complements += [c for c in self._children(obj) if c.dep_ in ("amod", "appos") and c.i > obj.i]
        judgement = next((j for c in complements if (j := self._evaluation_of(c)) is not None), None)
        if judgement is None or not objects:
            return
        sources = self._subject_actors(verb).actors
        targets = [e for o in objects for e in self._entities(o) if self._type(e) in TARGET_TYPES[judgement]]
        targets += self._point_targets(objects)
        self._emit(sources, judgement, targets, sent, verb, "judgement", self.lex.relations[judgement].code)

    def _has_cue(self, clause: Token) -> bool:
        return self.cue_verbs.any_under(clause, besides=clause) or clause.lemma_.lower() in self.lex.verb_cues

    def _reported_action(self, verb: Token, speech: Token, sent: Span) -> None:
        """An attack someone reports. A side reporting its own gains ("Putin claimed Russian forces captured
        the city") claims the place, the capture is not taken as fact; anyone else reporting an attack
        ("Russian drones struck Kharkiv, the governor said") reports an attack."""
        speakers = self._subject_actors(speech).actors
        attackers = self._subject_actors(verb).actors
        targets = self._verb_targets(verb, StanceType.ATTACKS)
        if self.ctx.topic is not None:
            targets = [self.ctx.topic.entity_id, *targets]
        sides = {self._side(a) for a in attackers}
        if not attackers or any(self._side(s) in sides for s in speakers):
            places = [t for t in targets if self._type(t) == EntityType.PLACE]
            self._emit(speakers, StanceType.CLAIMS, places, sent, speech, "speech_content", "010")
        else:
            self._emit(attackers, StanceType.ATTACKS, targets, sent, verb, "speech_content", "190")

    def _side(self, actor: str) -> str:
        """The state an actor belongs to (a person's country), else the actor itself."""
        return self.mentions.records[actor].entity.country or actor

    def _participation(self, event: Mention, token: Token, sent: Span) -> None:
        """Actors that take part in an event: held/attended/recorded it, spoke at it, owned it, acted where it was."""
        kind = self.mentions.records[event.entity_id].entity.kind
        if kind not in self.lex.gathering_kinds:
            return
        head = self._head(event)
        actors: list[str] = []
        pattern = "verb"
        for child in self._children(head):
            owner = (
                child.dep_ == "poss"
                or (
                    child.dep_ in ("nmod", "compound")
                    and child.i + 1 < len(self.doc)
                    and self.doc[child.i + 1].tag_ == "POS"
                )
                or (child.i + 1 < len(self.doc) and self.doc[child.i + 1].lower_ in ("'s", "’s"))
            )
            if owner:
                mention = self._mention(child)
                if mention is not None and mention.type == EntityType.PERSON:
                    actors.append(mention.entity_id)
        governor = head.head
        if head.dep_ == "pobj" and governor.lower_ in ("at", "during", "in", "on") and governor.head.i != governor.i:
            verb = governor.head
            if verb.pos_ in ("VERB", "AUX") and not self._negated(verb):
                actors += self._subject_actors(verb).actors
            elif verb.pos_ == "NOUN" and self._speech_noun(verb):
                actors += self._noun_sources(verb).actors
        elif (
            head.dep_ in ("dobj", "nsubjpass")
            and governor.lemma_.lower() in self.lex.participation_verbs
            and not self._negated(governor)
        ):
            sources = self._subject_actors(governor)
            actors += sources.actors
            pattern = sources.pattern if sources.pattern != "verb" else "light_verb"
        for relcl in self._where_clauses(head):
            for child in self._children(relcl):
                if child.dep_ in ("nsubj", "dobj"):
                    actors += self._actors(child)
        self._emit(actors, StanceType.PARTICIPATES_IN, [event.entity_id], sent, head, pattern, None)

    def _event_actions(self, event: Mention, sent: Span) -> None:
        """A named event that is an act ("the full-scale invasion") stands for its act, when both sides are named."""
        head = self._head(event)
        if self._negated(head) or (head.head.pos_ in ("VERB", "AUX") and self._negated(head.head)):
            return
        for source, rel_type, target in self.reader.event_actions.get(event.entity_id, []):
            if source in self.mentions.records and target in self.mentions.records:
                self._emit([source], StanceType(rel_type), [target], sent, head, "event_reference", None)

    def _where_clauses(self, head: Token) -> Iterator[Token]:
        """Relative "where" clauses of the event or of the place it is in: "summit in Anchorage, where ..."."""
        nodes = [head]
        for child in self._children(head):
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for obj in self._children(child):
                    nodes += [obj, *[c for c in self._children(obj) if c.dep_ == "appos"]]
        for node in nodes:
            for child in self._children(node):
                if child.dep_ == "relcl" and any(c.lower_ == "where" for c in self._children(child)):
                    yield child

    # --- sentence-level discourse ------------------------------------------------------------

    def _topic(self, sent: Span) -> Mention | None:
        """A list item "Donetsk: Claimed ...": the entity before the colon is what the item is about.

        The parser may cut the item after the colon; then the topic is kept for the next sentence.
        """
        pending, self.ctx.pending_topic = self.ctx.pending_topic, None
        first = self._mention(sent[0])
        if first is None or first.start != sent.start:
            return pending
        after = first.end
        if after < sent.end and self.doc[after].text == ":":
            if all(t.is_punct or t.is_space for t in self.doc[after : sent.end]):
                self.ctx.pending_topic = first
                return None
            return first
        return pending

    def _has_speech_verb(self, sent: Span) -> bool:
        return any(t.pos_ == "VERB" and t.lemma_.lower() in self.lex.speech_verbs for t in sent)

    def _speaker(self, sent: Span) -> str | None:
        """The actor who speaks in this sentence; a bare quotation continues the last speaker."""
        for token in sent:
            if token.lemma_.lower() in self.lex.speech_verbs and token.pos_ == "VERB":
                actors = self._subject_actors_plain(token) or self._subject_actors(token).actors
                if actors:
                    return actors[0]
        stripped = sent.text.lstrip()
        if stripped[:1] in ('"', "“") and self.ctx.last_speaker:
            return self.ctx.last_speaker
        return None

    def _subject_actors_plain(self, verb: Token) -> list[str]:
        for child in self._children(verb):
            if child.dep_ == "nsubj":
                mention = self._mention(child)
                if mention is not None and mention.type in ACTOR_TYPES:
                    return [mention.entity_id]
                found = self._actor_one(child) if child.lower_ not in FIRST_PERSON | THEY else []
                if found:
                    return found
        return []

    def _sentence_agent(self, sent: Span) -> str | None:
        """The actor the sentence is about: the subject of its main verb, else its speaker."""
        root = sent.root
        for child in self._children(root):
            if child.dep_ == "nsubj":
                actors = self._actors(child)
                if actors:
                    return actors[0]
        return self.ctx.speaker


def _clause_step(node: Token) -> object:
    """The verb of the clause a word is in (the root when there is none)."""
    return node if node.pos_ in ("VERB", "AUX") or node.head.i == node.i else UP
