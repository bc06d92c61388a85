"""Mentions: which tokens of a parsed article name which entity.

Known names, aliases, role descriptions ("the Russian leader"), metonyms
("the Kremlin") and nationality adjectives of acting groups ("Russian
troops") come from the gazetteer through phrase matchers; plans are matched
by their names. Names spaCy's NER finds that the gazetteer does not know
become new nodes with a slug id. Then each mention is resolved in context:
a metonym is the actor when it acts and the place when it is a location; a
role description, a bare surname or "he"/"she" is the last named matching
person; "it" is the last plan or acting state.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import islice

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from peacegraph.graph.model import ACTOR_TYPES, Entity, EntityType, slugify
from peacegraph.loaders.bylines import byline_names
from peacegraph.loaders.gazetteer import Gazetteer
from peacegraph.loaders.lexicon import Lexicon
from peacegraph.loaders.plans import PlanSpec
from peacegraph.loaders.tree import UP, ParseTree


class MentionKind(StrEnum):
    NAME = "name"  # a gazetteer name or alias, or a plan name
    DESCRIPTION = "description"  # a role phrase: "the Russian leader"
    METONYM = "metonym"  # "the Kremlin" speaking for Russia
    PROXY = "proxy"  # "Russian troops": the country acting through a group
    PRONOUN = "pronoun"  # he, she, it
    NEW = "new"  # a name spaCy found that the gazetteer does not know
    PLAN_CUE = "plan_cue"  # "the plan", "the draft": the plan under discussion
    EVENT = "event"  # a dated happening read from a noun phrase


@dataclass(slots=True)
class Mention:
    """Tokens ``start``..``end`` (exclusive) of a doc naming ``entity_id``."""

    start: int
    end: int
    entity_id: str
    type: EntityType
    kind: MentionKind
    text: str

    @property
    def is_actor(self) -> bool:
        return self.type in ACTOR_TYPES


@dataclass
class EntityRecord:
    """An entity of one article: the node, the forms seen and how often it is mentioned."""

    entity: Entity
    forms: set[str] = field(default_factory=set)
    count: int = 0
    named: bool = False  # named at least once (not only described, referred to by pronoun or generic cue)

    def output(self) -> Entity:
        aliases = sorted(form for form in self.forms if form != self.entity.name)
        return self.entity.model_copy(update={"aliases": aliases})


# Where a metonym ("Moscow", "Kyiv") is a location rather than the actor.
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "from", "near", "over", "outside", "inside", "around", "across", "into", "toward", "towards",
     "via", "through", "within", "throughout", "between", "like", "beyond", "above", "under"}
)  # fmt: skip
PLACE_NOUNS = frozenset({"city", "cities", "town", "towns", "capital", "capitals", "region", "oblast", "village"})
REGION_NOUNS = frozenset({"region", "oblast", "province"})
# Verbs whose object, when a capital, is the city struck rather than the state: "pounded Kyiv".
STRIKE_VERBS = frozenset({"strike", "hit", "pound", "shell", "bomb", "bombard", "hammer", "pummel", "target", "attack"})
# Words before a platform one posts on: a one-letter name ("X") is read only after them ("wrote on X").
PLATFORM_PREPOSITIONS = frozenset({"on", "via"})
MALE_FEMALE_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
IT_PRONOUNS = frozenset({"it", "its", "itself"})
NER_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "EVENT": EntityType.EVENT,
}
_HEADLINE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_TRIM_LEFT = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_NAME_SHAPE = re.compile(r"^[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|of|for|the|and|de|von|der|al|bin|van))*$")
PRIORITY = {MentionKind.NAME: 0, MentionKind.METONYM: 1, MentionKind.DESCRIPTION: 2, MentionKind.PROXY: 3}
# Earlier mentions a pronoun is weighed against, latest first. A pronoun refers to something named a few
# mentions back (the two-sentence window of a news text holds a handful); without a bound a "sentence" of
# thousands of names and pronouns would compare every pronoun with every name before it.
MAX_ANTECEDENTS = 64


def _descriptive(form: str) -> bool:
    """ "Ukrainian parliament", "Russia's central bank": a description of an institution, not its name."""
    words = form.split()
    return len(words) > 1 and words[-1][:1].islower() and words[0][:1].isupper()


def _case_sensitive(form: str) -> bool:
    """Short forms and acronyms ("US", "EU", "UN") must match exactly; longer names in any case."""
    letters = [c for c in form if c.isalpha()]
    return len(form) <= 3 or (len(letters) > 1 and all(c.isupper() for c in letters))


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines that read as headings: short, no closing punctuation."""
    ranges = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped.split()) <= 12 and not _HEADLINE_END.search(stripped):
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


class MentionFinder:
    """Finds and resolves the mentions of one parsed article."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, plans: Sequence[PlanSpec], lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.plans = {plan.id: plan for plan in plans}
        self.lexicon = lexicon
        self._options: dict[str, list[tuple[str, MentionKind]]] = {}
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._demonyms: dict[str, str] = {}
        for entry in gazetteer.entries.values():
            for form in {entry.name, *entry.aliases}:
                descriptive = entry.type == EntityType.ORGANIZATION and _descriptive(form)
                kind = MentionKind.DESCRIPTION if descriptive else MentionKind.NAME
                self._add(nlp, form, entry.id, kind)
            for form in entry.descriptions:
                self._add(nlp, form, entry.id, MentionKind.DESCRIPTION)
            for form in entry.metonyms:
                self._add(nlp, form, entry.id, MentionKind.METONYM)
            for form in entry.demonyms:
                self._demonyms.setdefault(form, entry.id)
        for plan in plans:
            for form in {plan.name, *plan.aliases}:
                self._add(nlp, form, plan.id, MentionKind.NAME)
        self._surnames = self._known_surnames()

    def _add(self, nlp: Language, form: str, entity_id: str, kind: MentionKind) -> None:
        form = form.strip()
        if not form:
            return
        exact = _case_sensitive(form)
        key = form if exact else form.lower()
        options = self._options.setdefault(("=" if exact else "~") + key, [])
        if (entity_id, kind) in options:
            return
        if not options:
            matcher = self._exact if exact else self._caseless
            matcher.add(("=" if exact else "~") + key, [nlp.make_doc(form)])
        options.append((entity_id, kind))

    def _known_surnames(self) -> dict[str, str]:
        counts: dict[str, list[str]] = {}
        for entry in self.gazetteer.entries.values():
            if entry.type == EntityType.PERSON:
                for form in {entry.name, *entry.aliases}:
                    counts.setdefault(form.split()[-1], []).append(entry.id)
        return {name: ids[0] for name, ids in counts.items() if len(set(ids)) == 1}

    def actors_named_in(self, nlp: Language, text: str) -> list[tuple[str, str]]:
        """Actors a name contains, with the form: "U.S. peace proposal" -> [("country:united-states", "U.S.")]."""
        doc = nlp.make_doc(text)
        found = []
        for matcher in (self._exact, self._caseless):
            for match_id, start, end in matcher(doc):
                for entity_id, kind in self._options[doc.vocab.strings[match_id]]:
                    if kind == MentionKind.NAME and self.entity_type(entity_id) in ACTOR_TYPES:
                        found.append((entity_id, doc[start:end].text))
                        break
        for token in doc:
            if token.text in self._demonyms:
                found.append((self._demonyms[token.text], token.text))
        return found

    def demonym(self, word: str) -> str | None:
        """The country a nationality word names: "American" -> country:united-states."""
        return self._demonyms.get(word)

    def entity_type(self, entity_id: str) -> EntityType:
        entry = self.gazetteer.get(entity_id)
        if entry is not None:
            return entry.type
        return EntityType.PLAN if entity_id in self.plans else EntityType.PLAN_POINT

    def base_entity(self, entity_id: str) -> Entity:
        entry = self.gazetteer.get(entity_id)
        if entry is not None:
            return entry.entity([])
        return self.plans[entity_id].entity().model_copy(update={"aliases": []})

    # --- finding -------------------------------------------------------------

    def _matches(self, doc: Doc) -> list[tuple[int, int, list[tuple[str, MentionKind]]]]:
        found = []
        for matcher in (self._exact, self._caseless):
            for match_id, start, end in matcher(doc):
                found.append((start, end, self._options[doc.vocab.strings[match_id]]))

        # longest first (a leading article not counted: "the Kremlin" is no longer than "Kremlin spokesman"), then the
        # better kind; earlier start breaks ties
        def words(start: int, end: int) -> int:
            return end - start - (doc[start].lower_ in _ARTICLES)

        found.sort(key=lambda m: (-words(m[0], m[1]), min(PRIORITY.get(k, 9) for _, k in m[2]), m[0]))
        taken: set[int] = set()
        chosen = []
        for start, end, options in found:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            chosen.append((start, end, options))
        return sorted(chosen, key=lambda m: m[0])

    def find(self, doc: Doc, *, source_name: str | None = None) -> ArticleMentions:
        """The named mentions of ``doc``, resolved, with the article's entity records (pronouns come later)."""
        article = ArticleMentions(doc)
        headings = heading_lines(doc.text)
        taken: set[int] = set()
        for start, end, options in self._matches(doc):
            span = doc[start:end]
            if len(span.text) == 1 and not _posted_on(span):
                continue  # "X" names the platform only where one posts: "wrote on X", not "an agreement on X"
            entity_id, kind = self._sense(span, options, article)
            if entity_id is None:
                continue
            entity_id = self._region_named(span, entity_id, article.tree)
            article.add(Mention(start, end, entity_id, self.entity_type(entity_id), kind, span.text), self)
            taken.update(range(start, end))
            if end - start > 1:
                self._add_inside(span, entity_id, kind, article)
        for token in doc:
            if token.i in taken or token.text not in self._demonyms:
                continue
            if self._is_proxy(token, article.tree) or _is_side(token, article.tree):
                country = self._demonyms[token.text]
                article.add(
                    Mention(token.i, token.i + 1, country, EntityType.COUNTRY, MentionKind.PROXY, token.text), self
                )
                taken.add(token.i)
        if source_name:  # before the parser's names: "(Reuters)" in a dateline is the outlet, never a person
            self._add_source(doc, article, source_name, taken)
        _add_byline(doc, article, taken)
        self._add_new_names(doc, article, taken, headings)
        article.sort()
        return article

    def _is_proxy(self, token: Token, tree: ParseTree) -> bool:
        """A nationality adjective of a group that acts for its state: "Russian troops"."""
        head = token.head
        if token.dep_ not in ("amod", "compound", "nmod") and not (
            token.dep_ == "conj" and head.dep_ in ("amod", "compound", "nmod")
        ):
            return False
        found = tree.climb(head, "modified", _modified_step)  # up the modifiers to the noun they modify
        assert isinstance(found, Token)
        head = found
        lemma = head.lemma_.lower()
        return (
            lemma in self.lexicon.proxy_nouns
            or head.lower_ in self.lexicon.proxy_nouns
            or any(cue.type == "ATTACKS" for cue in self.lexicon.noun_cues.get(lemma, []))
            or (self._paired(token) and self.lexicon.event_family(lemma) is not None)
        )

    def _paired(self, token: Token) -> bool:
        """Is the nationality one of a hyphenated pair ("U.S.-Ukrainian talks", "Russian-Ukrainian talks"): the
        sides of a meeting, where "Ukrainian talks" alone may be talks in Ukraine?"""
        neighbours = [token.doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(token.doc)]
        return any(n.text in ("-", "–", "—") for n in neighbours)

    def _sense(
        self, span: Span, options: list[tuple[str, MentionKind]], article: ArticleMentions
    ) -> tuple[str | None, MentionKind]:
        """Pick among the entities a form can name: metonym actor or place, the right described person."""
        names = [(eid, kind) for eid, kind in options if kind == MentionKind.NAME]
        metonyms = [(eid, kind) for eid, kind in options if kind == MentionKind.METONYM]
        descriptions = [eid for eid, kind in options if kind == MentionKind.DESCRIPTION]
        if metonyms:
            place = next((eid for eid, _ in names if self.entity_type(eid) == EntityType.PLACE), None)
            if place is not None and self._is_location(span, article.tree):
                return place, MentionKind.NAME
            return metonyms[0]
        if names:
            return names[0]
        if descriptions:
            return article.last_of(descriptions) or descriptions[0], MentionKind.DESCRIPTION
        return None, MentionKind.NAME

    def _region_named(self, span: Span, entity_id: str, tree: ParseTree) -> str:
        """A city's name that modifies "region(s)": "the Kherson and Zaporizhzhia regions", "Kharkiv, Sumy
        and Odesa regions" name the regions (the gazetteer's "<name> region"), not the cities."""
        if self.entity_type(entity_id) != EntityType.PLACE:
            return entity_id
        node = span.root
        while node.dep_ == "conj":  # up a list of names to its first one
            node = node.head
        if node.dep_ not in ("compound", "nmod", "amod") or node.head.lemma_.lower() not in REGION_NOUNS:
            return entity_id
        options = self._options.get("~" + f"{span.text} region".lower(), [])
        return next((eid for eid, _ in options if self.entity_type(eid) == EntityType.PLACE), entity_id)

    def _add_inside(self, span: Span, entity_id: str, kind: MentionKind, article: ArticleMentions) -> None:
        """Names inside a longer match also name their entity: the organization in a role description
        ("European Commission President"), the place of an event ("summit in Anchorage")."""
        entry = self.gazetteer.get(entity_id)
        inner = self._inner_names(span)
        if kind == MentionKind.DESCRIPTION and entry is not None and entry.type == EntityType.PERSON:
            for inner_id, form in inner:
                if self.entity_type(inner_id) in ACTOR_TYPES:
                    article.add_named_inside(inner_id, form, self)
        elif entry is not None and entry.type == EntityType.EVENT and entry.place:
            for inner_id, form in inner:
                if inner_id == entry.place:
                    article.add_named_inside(inner_id, form, self)

    def _inner_names(self, span: Span) -> list[tuple[str, str]]:
        found = []
        doc = span.doc
        for matcher in (self._exact, self._caseless):
            for match_id, start, end in matcher(span):  # indices into the doc
                if end - start >= len(span) or start < span.start or end > span.end:
                    continue
                for entity_id, kind in self._options[doc.vocab.strings[match_id]]:
                    if kind == MentionKind.NAME:
                        found.append((entity_id, doc[start:end].text))
                        break
        return found

    @staticmethod
    def _is_location(span: Span, tree: ParseTree) -> bool:
        """Is this use of "Moscow"/"Kyiv" a place (in Moscow, cities like Moscow, a dateline) and not an actor?"""
        root = tree.coordination(span.root)
        head = root.head
        if root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPOSITIONS:
            return True
        if root.dep_ in ("appos", "compound") and head.lower_ in PLACE_NOUNS:
            return True
        if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.lower_ in PLACE_NOUNS:
            return True
        if root.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in STRIKE_VERBS:
            return True  # "Russia pounded Kyiv with drones": the city struck
        doc = span.doc
        if span.start >= 3:
            return False
        at_start = all(doc[i].is_space for i in range(span.start))  # a dateline: "Moscow, November 22 –"
        return at_start and span.end < len(doc) and doc[span.end].text == ","

    def _add_new_names(
        self, doc: Doc, article: ArticleMentions, taken: set[int], headings: list[tuple[int, int]]
    ) -> None:
        """Names the parser finds outside ``taken`` tokens and ``headings``, as new entities (a surname of a
        person named before: that person); then the bare surnames of new persons the parser missed."""
        heading_starts = [start for start, _ in headings]  # sorted, the ranges do not overlap
        for ent in doc.ents:
            etype = NER_TYPES.get(ent.label_)
            if etype is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            if _in_heading(ent.start_char, headings, heading_starts):
                continue
            span = _name_span(ent, etype, self.lexicon.not_entities)
            if span is None:
                continue
            if etype == EntityType.PERSON:
                if self._add_known_person(span, article, taken):
                    continue
                if len(span) == 1 and span.text not in article.new_surnames:
                    continue  # a lone unknown word tagged PERSON is more often noise than a person
            entity_id = f"{etype.id_prefix}:{slugify(span.text)}"
            entity = Entity(id=entity_id, type=etype, name=span.text)
            article.add_new(Mention(span.start, span.end, entity_id, etype, MentionKind.NEW, span.text), entity)
            taken.update(range(span.start, span.end))
        _add_bare_surnames(doc, article, taken, self)

    def _add_known_person(self, span: Span, article: ArticleMentions, taken: set[int]) -> bool:
        """Add ``span`` as the person whose surname it is (``_person_by_surname``), if any; whether it was."""
        known = self._person_by_surname(span, article)
        if known is None:
            return False
        article.add(Mention(span.start, span.end, known, EntityType.PERSON, MentionKind.NAME, span.text), self)
        taken.update(range(span.start, span.end))
        return True

    def _person_by_surname(self, span: Span, article: ArticleMentions) -> str | None:
        if len(span) != 1:
            return None
        return article.new_surnames.get(span.text) or self._surnames.get(span.text)

    def _add_source(self, doc: Doc, article: ArticleMentions, source: str, taken: set[int]) -> None:
        """The outlet that published the article, when the text names it ("CaliToday.Net")."""
        pattern = re.compile(r"\b" + re.escape(source) + r"(?:\.\w+)?\b")
        entity_id = f"org:{slugify(source)}"
        entity = Entity(id=entity_id, type=EntityType.ORGANIZATION, name=source)
        for found in pattern.finditer(doc.text):
            span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            article.add_new(
                Mention(span.start, span.end, entity_id, EntityType.ORGANIZATION, MentionKind.NEW, found.group(0)),
                entity,
            )
            taken.update(range(span.start, span.end))

    def resolve_pronouns(self, doc: Doc, article: ArticleMentions) -> None:
        """he/she -> the last person named as a subject (else named at all); it -> the last plan or acting state.

        Run after every other kind of mention (plans, events) has been added.
        """
        tree = article.tree
        persons: list[_Candidate] = []
        things: list[_Candidate] = []
        by_start = {m.start: m for m in article.mentions}
        resolved: list[Mention] = []
        for token in doc:
            mention = by_start.get(token.i)
            if mention is not None:
                root = token if mention.end - mention.start == 1 else doc[mention.start : mention.end].root
                salient = _salient(root, tree)
                if mention.type == EntityType.PERSON:
                    persons.append(_Candidate(token.i, mention.entity_id, salient, _in_phrase(root, tree)))
                elif mention.type in (EntityType.PLAN, EntityType.COUNTRY, EntityType.ORGANIZATION):
                    salient = salient or mention.type == EntityType.PLAN
                    things.append(_Candidate(token.i, mention.entity_id, salient, _in_phrase(root, tree)))
                continue
            lower = token.lower_
            if lower in MALE_FEMALE_PRONOUNS and persons:
                target = _antecedent(persons, token, tree, skip_phrases=True)
                resolved.append(
                    Mention(token.i, token.i + 1, target, EntityType.PERSON, MentionKind.PRONOUN, token.text)
                )
                persons.append(_Candidate(token.i, target, _salient(token, tree), False))
            elif lower in IT_PRONOUNS and things:
                # "criticised NATO for expanding its exercises": the last candidate of the same sentence
                if lower == "its" and things[-1].index >= tree.sent(token).start:
                    target = things[-1].entity_id
                else:
                    target = _antecedent(things, token, tree, skip_phrases=False)
                resolved.append(
                    Mention(token.i, token.i + 1, target, self.entity_type(target), MentionKind.PRONOUN, token.text)
                )
        for mention in resolved:
            article.add(mention, self)
        article.sort()


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An earlier mention a pronoun may refer to."""

    index: int
    entity_id: str
    salient: bool  # a subject, or the owner of one ("Zelenskyy's response ... he")
    in_phrase: bool  # inside a prepositional phrase ("calls with Vance")


def _phrase_top(root: Token, tree: ParseTree) -> Token:
    """The head of the phrase a name is part of: up its conjunctions, appositions and compounds."""
    found = tree.climb(root, "phrase-top", _phrase_top_step)
    assert isinstance(found, Token)
    return found


def _phrase_top_step(node: Token) -> object:
    return UP if node.dep_ in ("conj", "appos", "compound") and node.head.i != node.i else node


def _modified_step(node: Token) -> object:
    return (
        UP
        if node.dep_ in ("amod", "compound", "conj", "nmod") and node.head.i != node.i and node.pos_ != "NOUN"
        else node
    )


def _salient(root: Token, tree: ParseTree) -> bool:
    node = _phrase_top(root, tree)
    if node.dep_ == "poss":
        node = node.head
    return node.dep_ in ("nsubj", "nsubjpass")


def _in_phrase(root: Token, tree: ParseTree) -> bool:
    return _phrase_top(root, tree).dep_ == "pobj"


def _antecedent(candidates: list[_Candidate], token: Token, tree: ParseTree, *, skip_phrases: bool) -> str:
    """The latest salient candidate of the last two sentences (of the last ``MAX_ANTECEDENTS``); names in a
    phrase of the pronoun's own sentence ("after calls with Vance, he ...") are passed over; else the latest
    candidate at all."""
    sentence_start = tree.sent(token).start
    window_start = tree.sent(token.doc[sentence_start - 1]).start if sentence_start > 0 else 0
    fallback = None
    for candidate in islice(reversed(candidates), MAX_ANTECEDENTS):
        if candidate.index < window_start:
            break
        if skip_phrases and candidate.index >= sentence_start and candidate.in_phrase:
            continue
        if candidate.salient:
            return candidate.entity_id
        fallback = fallback or candidate.entity_id
    return fallback or candidates[-1].entity_id


def _in_heading(start_char: int, headings: list[tuple[int, int]], heading_starts: list[int]) -> bool:
    """Is character ``start_char`` inside one of the ``headings`` (character ranges, ``heading_starts`` their
    starts, sorted)?"""
    line = bisect_right(heading_starts, start_char) - 1
    return line >= 0 and start_char < headings[line][1]


def _name_span(ent: Span, etype: EntityType, not_entities: frozenset[str]) -> Span | None:
    """The name a parser entity of type ``etype`` gives, trimmed ("the Axios's" -> "Axios"); None when it lacks
    the shape of a proper name, has two characters or fewer, is one of ``not_entities`` or is a place name
    modifying a common noun."""
    span = _trim(ent)
    if span is not None and etype == EntityType.PERSON:
        span = _with_first_names(span)
    if span is None or not _NAME_SHAPE.match(span.text) or span.root.pos_ != "PROPN":
        return None
    if len(span.text) <= 2 or span.text.lower() in not_entities:
        return None
    if etype == EntityType.PLACE and span.root.dep_ in ("compound", "amod") and span.root.head.pos_ == "NOUN":
        return None  # "Arctic resources": a name used as a modifier of a common noun
    return span


# Words before a name that are titles, not first names: "President Karis", "Foreign Minister Sybiha".
_TITLE_WORDS = frozenset(
    {"president", "minister", "prime", "chancellor", "secretary", "general", "senator", "ambassador", "envoy",
     "king", "queen", "premier", "mr", "mrs", "ms", "dr", "sir", "lieutenant", "colonel", "admiral", "foreign",
     "defence", "defense", "commissioner", "spokesman", "spokeswoman", "governor", "mayor", "speaker", "pope",
     "sheikh", "prince", "representative", "rep", "sen", "gen", "col", "lt", "deputy", "vice", "chief",
     "congressman", "congresswoman", "lawmaker", "mp", "judge", "professor", "prof", "captain", "major",
     "sergeant", "officer", "director", "chairman", "chairwoman", "ceo", "patriarch", "metropolitan"}
)  # fmt: skip


def _with_first_names(span: Span) -> Span:
    """A person's name the parser cut after a first name it did not tag: "Alar | Karis" -> "Alar Karis"."""
    doc, start = span.doc, span.start
    while start > 0 and start > span.start - 2:
        before = doc[start - 1]
        first_name = before.pos_ == "PROPN" and before.dep_ == "compound" and span.start <= before.head.i < span.end
        title = before.lower_.rstrip(".") in _TITLE_WORDS
        if not first_name or before.ent_type_ or not before.text[:1].isupper() or title:
            break
        start -= 1
    return doc[start : span.end]


def _add_bare_surnames(doc: Doc, article: ArticleMentions, taken: set[int], finder: MentionFinder) -> None:
    """Mention the new person a later bare surname names where the parser missed it: "Hrytsenko later
    rejected ..." """
    for token in doc:
        person = article.new_surnames.get(token.text)
        if person is not None and token.i not in taken and token.pos_ == "PROPN":
            article.add(Mention(token.i, token.i + 1, person, EntityType.PERSON, MentionKind.NAME, token.text), finder)
            taken.add(token.i)


def _trim(span: Span) -> Span | None:
    """Drop a leading article and a trailing possessive: "the Axios's" -> "Axios"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in _TRIM_LEFT:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    if start >= end:
        return None
    trimmed = doc[start:end]
    return trimmed if any(c.isalpha() for c in trimmed.text) else None


class ArticleMentions:
    """The mentions of one doc, a token -> mention index, and the article's entity records."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions: list[Mention] = []
        self.records: dict[str, EntityRecord] = {}
        self.by_token: dict[int, Mention] = {}
        self.group_members: dict[int, list[str]] = {}  # token -> every member of the group it stands for
        self.new_surnames: dict[str, str] = {}

    @cached_property
    def tree(self) -> ParseTree:
        """The doc's parse indexed once, for every step that reads it (``peacegraph.loaders.tree``)."""
        return ParseTree(self.doc)

    def add(self, mention: Mention, finder: MentionFinder) -> None:
        if mention.entity_id not in self.records:
            self.records[mention.entity_id] = EntityRecord(finder.base_entity(mention.entity_id))
        self._register(mention)

    def add_group_member(self, mention: Mention) -> None:
        """One member of a group a noun stands for ("the three leaders"): an entity already in the article. The
        token index keeps one mention; ``group_members`` keeps them all."""
        self._register(mention)
        for i in range(mention.start, mention.end):
            self.group_members.setdefault(i, []).append(mention.entity_id)

    def add_named_inside(self, entity_id: str, form: str, finder: MentionFinder) -> None:
        """An entity named inside another mention ("U.S." in "U.S. peace proposal"): counted, not indexed by token."""
        if entity_id not in self.records:
            self.records[entity_id] = EntityRecord(finder.base_entity(entity_id))
        self.records[entity_id].count += 1
        self.records[entity_id].forms.add(form)
        self.records[entity_id].named = True

    def add_new(self, mention: Mention, entity: Entity) -> None:
        self.records.setdefault(mention.entity_id, EntityRecord(entity))
        if mention.type == EntityType.PERSON and " " in mention.text:
            self.new_surnames.setdefault(mention.text.split()[-1], mention.entity_id)
        self._register(mention)

    def _register(self, mention: Mention) -> None:
        record = self.records[mention.entity_id]
        record.count += 1
        if mention.kind not in (MentionKind.PRONOUN, MentionKind.PLAN_CUE, MentionKind.PROXY):
            record.forms.add(mention.text)
        if mention.kind not in (MentionKind.PRONOUN, MentionKind.PLAN_CUE, MentionKind.DESCRIPTION):
            record.named = True
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def sort(self) -> None:
        self.mentions.sort(key=lambda m: m.start)

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def last_of(self, entity_ids: Iterable[str]) -> str | None:
        """The one of ``entity_ids`` mentioned most recently so far."""
        wanted = set(entity_ids)
        for mention in reversed(self.mentions):
            if mention.entity_id in wanted:
                return mention.entity_id
        return None

    def in_span(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]


def _is_side(token: Token, tree: ParseTree) -> bool:
    """A plural demonym with "the" is a state's side at the table: "talks with the Russians", "met the
    Ukrainians" (not "ordinary Russians", nor "Russians living abroad")."""
    if token.tag_ not in ("NNS", "NNPS") or token.dep_ in ("amod", "compound", "nmod"):
        return False
    return any(c.dep_ == "det" and c.lower_ == "the" for c in tree.children(token))


_ARTICLES = frozenset({"the", "a", "an"})


def _add_byline(doc: Doc, article: ArticleMentions, taken: set[int]) -> None:
    """The authors a byline names ("By Lena Fischer and Tomás Aguirre"), as people."""
    for start, end in byline_names(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        entity_id = f"person:{slugify(span.text)}"
        entity = Entity(id=entity_id, type=EntityType.PERSON, name=span.text)
        article.add_new(Mention(span.start, span.end, entity_id, EntityType.PERSON, MentionKind.NEW, span.text), entity)
        taken.update(range(span.start, span.end))


def _posted_on(span: Span) -> bool:
    """Is a name the place something was posted: after "on" or "via" that a verb governs ("wrote on X")?"""
    before = span.doc[span.start - 1] if span.start else None
    return before is not None and before.lower_ in PLATFORM_PREPOSITIONS and before.head.pos_ in ("VERB", "AUX")


# Arcs up which a place only says where another place is: "Huliaipole | in Zaporizhzhia Oblast",
# "Huliaipole, a town in the east of Ukraine's Zaporizhzhia region".
_LOCATING_DEPS = frozenset({"pobj", "prep", "appos", "poss", "compound", "nmod", "amod"})
MAX_LOCATING_STEPS = 8


def locates_another_place(token: Token, by_token: Mapping[int, Mention]) -> bool:
    """Is the place at ``token`` only where another place, named before it, is?"""
    node = token
    for _ in range(MAX_LOCATING_STEPS):
        if node.dep_ not in _LOCATING_DEPS or node.head.i == node.i:
            return False
        node = node.head
        mention = by_token.get(node.i)
        if mention is not None and mention.type == EntityType.PLACE and mention.end <= token.i:
            return True
    return False
