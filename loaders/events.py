"""Events read from noun phrases: "a Security Council meeting on November 21", "a coordinated November 21 call".

A noun phrase headed by an event noun (meeting, summit, call, address, ...)
is an ``Event`` node when something fixes it as one happening: a date, a
proper-name modifier ("G20 summit", "meeting of the Russian Security
Council"), an owner ("Zelensky's address") with a date, or a place where it
was held by the actors of its clause ("held consultations in Switzerland").
Its date is resolved against the article date; its id is
``event:<date>-<slug of name>``.

The phrase of an event noun is read through ``peacegraph.loaders.tree`` (dates under it
by position, walks up the tree memoised) and its name and forms are at most
``MAX_NAME_TOKENS`` long, so a chain of thousands of event nouns ("the meeting
on Monday of the summit of the call of ...") is read in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from peacegraph.graph.model import ACTOR_TYPES, Entity, EntityType, slugify
from peacegraph.loaders.dates import ResolvedDate, names_point_in_time, resolve_date
from peacegraph.loaders.gazetteer import GazetteerEntry
from peacegraph.loaders.lexicon import Lexicon
from peacegraph.loaders.mentions import ArticleMentions, EntityRecord, Mention, MentionKind
from peacegraph.loaders.tree import UP, ParseTree, Positions

_SKIP_MODIFIERS = frozenset({"det", "poss", "case", "predet", "punct", "nummod", "quantmod"})
_DATE_PREPOSITIONS = frozenset({"on", "in", "of", "during"})
_SAME_DAY = ("same day", "that day", "the same day")
_SAME_DAY_RE = re.compile(r"\b(?:that|the) same day\b|\bthat day\b", re.I)
_PAST_TAGS = frozenset({"VBD", "VBN"})
_CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "acl", "xcomp", "conj"})
_OWNER_DEPS = frozenset({"det", "poss", "case", "predet", "punct"})
_ASIDE_DEPS = frozenset({"relcl", "acl", "advcl", "appos"})
# Families of events one speaker gives: "In a video address, Zelensky said" is Zelensky's address; "At a summit,
# Merz said" is not Merz's summit.
SPEAKERS_EVENTS = frozenset({"address", "interview", "conference"})
# The longest event name or form, in tokens. Names in the news are a few words (at most 9 in the seeds and a
# synthetic corpus of 400 articles: "meeting of the Kiel Institute for the World Economy"); a longer run of
# modifiers or of a prepositional phrase is text, not a name, and reading it whole for every event noun of
# a chain ("the meeting of the summit of the call of ...") would take the square of the chain's length.
MAX_NAME_TOKENS = 24


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression of the text and the date it resolves to."""

    span: Span
    resolved: ResolvedDate | None  # None: a date the text names that cannot be placed (no article date)


def resolve_doc_dates(doc: Doc, base: date | None) -> dict[int, DateMention]:
    """Every point-in-time expression of ``doc`` (by token index), resolved in reading order.

    "that same day" takes the date the text named last.
    """
    found: dict[int, DateMention] = {}
    last: ResolvedDate | None = None
    for ent in _date_spans(doc):
        resolved = _resolve_span(ent, base, last)
        if resolved is None and not (base is None and names_point_in_time(ent.text)):
            continue
        last = resolved or last
        for i in range(ent.start, ent.end):
            found[i] = DateMention(ent, resolved)
    return found


def _date_spans(doc: Doc) -> list[Span]:
    """The dates the parser names and the "that same day"s outside them, in reading order."""
    spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
    taken = {i for ent in spans for i in range(ent.start, ent.end)}
    for match in _SAME_DAY_RE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            spans.append(span)
    return sorted(spans, key=lambda span: span.start)


def _resolve_span(span: Span, base: date | None, last: ResolvedDate | None) -> ResolvedDate | None:
    """The date ``span`` names: ``last`` (the date named before) for "that same day", else its own, resolved
    against ``base``."""
    lowered = span.text.lower()
    return last if any(p in lowered for p in _SAME_DAY) else resolve_date(span.text, base)


def date_of(token: Token, dates: dict[int, DateMention], dated: Positions | None = None) -> DateMention | None:
    """The date attached to ``token``: inside its phrase, or a preposition/modifier it governs.
    ``dated``: the tokens of ``dates`` indexed by ``ParseTree.positions`` (then the subtree is not walked)."""
    if dated is None:
        for child in token.subtree:
            if child.i in dates and _attached(child, token):
                return dates[child.i]
        return None
    for child in dated.under(token):
        if _reaches(dated.tree, child, token, "clause-barrier", _CLAUSE_DEPS):
            return dates[child.i]
    return None


def _attached(child: Token, token: Token) -> bool:
    """Is ``child`` within ``token``'s own phrase, not inside a nested clause?"""
    node = child
    while node.i != token.i:
        if node.dep_ in _CLAUSE_DEPS:
            return False
        node = node.head
    return True


def _reaches(tree: ParseTree, child: Token, token: Token, question: str, deps: frozenset[str]) -> bool:
    """Does the path up from ``child`` to its ancestor ``token`` pass no arc in ``deps`` (``token``'s own
    arc aside)? The first such arc above each token is found once (memoised under ``question``)."""
    barrier = tree.climb(child, question, lambda node: _barrier_step(node, deps))
    return not isinstance(barrier, Token) or barrier.i == token.i or not tree.contains(token, barrier)


def _barrier_step(node: Token, deps: frozenset[str]) -> object:
    if node.dep_ in deps:
        return node
    return None if node.head.i == node.i else UP


class EventFinder:
    """Finds event noun phrases in a doc and registers them as mentions.

    A phrase headed by an event noun (by lemma: "talks", "negotiations", "a call") is an event when something
    makes it one happening: a date, a place, a proper-name modifier, an owner, its parties ("talks with
    Russia") or a verb that says it took place ("held talks"). A definite phrase with none of these ("the
    talks") is the latest event of its family (``Lexicon.event_families``). Phrases of one family that agree
    on place and date name one event; every surface form of every phrase is kept as an alias.
    """

    def __init__(self, lexicon: Lexicon, known: Iterable[GazetteerEntry] = ()) -> None:
        self.lexicon = lexicon
        self.known = [entry for entry in known if entry.type == EntityType.EVENT and entry.kind and entry.place]

    def find(
        self, doc: Doc, mentions: ArticleMentions, dates: dict[int, DateMention], published: date | None = None
    ) -> list[Mention]:
        found = []
        dated = mentions.tree.positions(dates)
        latest: dict[str, _Happening] = {}  # family -> the event of that family read last
        for token in doc:
            if token.pos_ == "VERB":
                mention = self._meeting_verb(token, mentions, dates, latest)
                if mention is not None:
                    found.append(mention)
                continue
            family = self._family(token)
            if family is None:
                continue
            named = mentions.by_token.get(token.i)
            if named is not None:  # "the Abu Dhabi talks" named from the gazetteer: its forms, and later "the talks"
                if named.type == EntityType.EVENT:
                    known = mentions.records[named.entity_id]
                    known.forms.update(surface_forms(token, mentions.tree))
                    latest[family] = _Happening(named.entity_id, known.entity.place, _iso(known.entity.date))
                continue
            mention = self._known_event(token, mentions, published)
            if mention is None:
                mention = self._event(token, family, mentions, dates, dated, latest)
            if mention is not None:
                found.append(mention)
                record = mentions.records[mention.entity_id].entity
                latest[family] = _Happening(mention.entity_id, record.place, _iso(record.date))
        return found

    def _family(self, token: Token) -> str | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        return self.lexicon.event_family(token.lemma_.lower()) or self.lexicon.event_family(token.lower_)

    def _known_event(self, head: Token, mentions: ArticleMentions, published: date | None) -> Mention | None:
        """ "made in Vladivostok at an economic forum": a known event of that kind held in that place
        (within two months of the article date, when there is one)."""
        places = self._places_around(head, mentions)
        kind = head.lemma_.lower()
        matches = [
            entry
            for entry in self.known
            if entry.kind == kind and entry.place in places and _near(entry.date, published, days=60)
        ]
        if len(matches) != 1:
            return None
        entry = matches[0]
        mention = Mention(head.i, head.i + 1, entry.id, EntityType.EVENT, MentionKind.EVENT, head.text)
        mentions.add_new(mention, entry.entity([]))
        mentions.records[entry.id].forms.update(surface_forms(head, mentions.tree))
        return mention

    @staticmethod
    def _places_around(head: Token, mentions: ArticleMentions) -> set[str]:
        """Places in "in/at" phrases of the noun and of the verb it hangs on."""
        holders = [head]
        governor = head.head.head if head.dep_ == "pobj" else head.head
        if governor.pos_ in ("VERB", "AUX"):
            holders.append(governor)
        found = set()
        tree = mentions.tree
        for holder in holders:
            for child in tree.children(holder):
                if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                    for obj in tree.children(child):
                        mention = mentions.by_token.get(obj.i)
                        if mention is not None and mention.type == EntityType.PLACE:
                            found.add(mention.entity_id)
        return found

    def _event(
        self,
        head: Token,
        family: str,
        mentions: ArticleMentions,
        dates: dict[int, DateMention],
        dated_tokens: Positions,
        latest: dict[str, _Happening],
    ) -> Mention | None:
        """The event an event noun's phrase names: the one of its family read before, when the phrase refers back
        to it; else a new one, when something fixes the phrase as one happening or its verb says it happened;
        else None."""
        clues = self._clues(head, mentions, dates, dated_tokens)
        forms = surface_forms(head, mentions.tree)
        previous = latest.get(family)
        if previous is not None and _refers_back(previous, head, clues.place, clues.day, mentions.tree):
            # "the talks", "Sunday's negotiations in Geneva": the same event
            return _add_to_event(head, previous.entity_id, clues, forms, mentions)
        if clues.anchored or clues.happened:
            return self._new_event(head, family, clues, forms, mentions)
        return None

    def _clues(
        self, head: Token, mentions: ArticleMentions, dates: dict[int, DateMention], dated_tokens: Positions
    ) -> _EventClues:
        """What the phrase of an event noun says of its event."""
        verb = _event_verb(head)
        dated = _event_date(head, verb, dates, dated_tokens, mentions.tree)
        proper = self._proper_modifier(head, mentions)
        owner = self._owner(head, verb, mentions)
        place = self._place(head, mentions) or (self._place(verb, mentions) if verb is not None else None)
        parties = self._parties(head, mentions)
        happened = verb is not None and verb.tag_ in _PAST_TAGS and head.dep_ in ("dobj", "nsubjpass", "nsubj")
        return _EventClues(dated, proper, owner, place, parties, happened)

    def _new_event(
        self, head: Token, family: str, clues: _EventClues, forms: set[str], mentions: ArticleMentions
    ) -> Mention:
        """A new event of ``family`` for the phrase, named by ``_event_name`` and dated by its day."""
        name = self._event_name(head, family, clues, mentions)
        day, place = clues.day, clues.place
        event_id = "event:" + "-".join(p for p in (day or "", slugify(name)) if p)
        entity = Entity(id=event_id, type=EntityType.EVENT, name=name, kind=family, date=_day(day), place=place)
        mention = Mention(head.i, head.i + 1, event_id, EntityType.EVENT, MentionKind.EVENT, name)
        mentions.add_new(mention, entity)
        mentions.records[event_id].forms.update(forms)
        return mention

    def _event_name(self, head: Token, family: str, clues: _EventClues, mentions: ArticleMentions) -> str:
        """The name of a new event: its compounds and head (``_name``), after its place ("Geneva talks") or its
        owner ("Zelensky's address") when no proper name modifies it."""
        proper, owner, place = clues.proper, clues.owner, clues.place
        name = self._name(head, proper, mentions.tree)
        where = mentions.records[place].entity.name if place in mentions.records and proper is None else None
        if where is not None and family == _MEETING_FAMILY:  # "consultations in Geneva" -> "Geneva talks"
            name = f"{where} talks"
        elif owner is not None and proper is None:
            name = f"{owner.entity.name}'s {name}"
        elif where is not None:
            name = f"{where} {name}"
        return name

    def _meeting_verb(
        self, verb: Token, mentions: ArticleMentions, dates: dict[int, DateMention], latest: dict[str, _Happening]
    ) -> Mention | None:
        """A meeting told by its verb and held in a named place: "met in Geneva on Sunday", "Trump hosts
        Zelensky at Mar-a-Lago", "sat down together in Abu Dhabi". The meeting of talks read before in the same
        place is that one; otherwise it is a new event named after its place ("Geneva meeting")."""
        tree = mentions.tree
        key = self._meeting_key(verb, tree)
        held = self._meeting_place(verb, mentions) if key is not None else None
        # "spend five hours with Putin": the object is the time, the party the "with" object
        if key is None or held is None or not _meeting_parties(verb, mentions, object_is_party=" with" not in key):
            return None
        place_prep, place = held
        dated = verb_date(verb, dates, tree)
        day = dated.resolved.iso if dated is not None and dated.resolved is not None else None
        record = _meeting_record(mentions, latest.get(_MEETING_FAMILY), place, day)
        forms = _clause_forms(verb, place_prep, tree)
        event_id = record.entity.id
        mention = Mention(verb.i, verb.i + 1, event_id, EntityType.EVENT, MentionKind.EVENT, min(forms, key=len))
        mentions.add_new(mention, record.entity)
        record.forms.update(forms)
        latest[_MEETING_FAMILY] = _Happening(event_id, place, _iso(record.entity.date) or day)
        return mention

    def _meeting_place(self, verb: Token, mentions: ArticleMentions) -> tuple[Token, str] | None:
        """The "in"/"at" phrase of a named place where a meeting verb says it met, and that place: on the verb, or
        on whom it met ("meets X in Miami", "spent hours with X in Moscow")."""
        tree = mentions.tree
        withs = [o for c in tree.children(verb) if c.dep_ == "prep" and c.lower_ == "with" for o in tree.children(c)]
        holders = [verb, *(c for c in tree.children(verb) if c.dep_ == "dobj"), *withs]
        held = next((found for holder in holders if (found := _held_in(holder, mentions))), None)
        if held is None or held[1] not in mentions.records:
            return None
        return held

    def _meeting_key(self, verb: Token, tree: ParseTree) -> str | None:
        """The ``Lexicon.meeting_verbs`` entry ``verb`` is: "meet", "sit down" (a particle), "spend with" (the
        preposition of whom one spends time with), or None."""
        lemma = verb.lemma_.lower()
        if lemma in self.lexicon.meeting_verbs:
            return lemma
        seconds = (c.lower_ for c in tree.children(verb) if c.dep_ in ("prt", "prep"))
        return next((key for second in seconds if (key := f"{lemma} {second}") in self.lexicon.meeting_verbs), None)

    @staticmethod
    def _parties(head: Token, mentions: ArticleMentions) -> bool:
        """Does the phrase name who took part: "talks with Russia", "a call between Trump and Putin"?"""
        tree = mentions.tree
        for child in tree.children(head):
            if child.dep_ == "prep" and child.lower_ in ("with", "between", "of"):
                for obj in tree.children(child):
                    for node in (obj, *tree.children(obj)):
                        found = mentions.by_token.get(node.i)
                        if found is not None and found.type in ACTOR_TYPES:
                            return True
        return False

    def _owner(self, head: Token, verb: Token | None, mentions: ArticleMentions) -> EntityRecord | None:
        """Whose event it is: "Zelensky's address", "Zelensky recorded an address", "In a video address,
        Zelensky said ..." (a speaker's own address, interview or press conference)."""
        tree = mentions.tree
        for child in tree.children(head):
            if child.dep_ == "poss" and child.i in mentions.by_token:
                return mentions.records[mentions.by_token[child.i].entity_id]
        if verb is None:
            return None
        lemma = verb.lemma_.lower()
        made = head.dep_ == "dobj" and lemma in self.lexicon.participation_verbs
        spoken_in = (
            head.dep_ == "pobj"
            and head.head.lower_ in ("in", "during", "at")
            and lemma in self.lexicon.speech_verbs
            and self._family(head) in SPEAKERS_EVENTS
        )
        return _sole_person_subject(verb, mentions) if made or spoken_in else None

    @staticmethod
    def _proper_modifier(head: Token, mentions: ArticleMentions) -> Mention | None:
        tree = mentions.tree
        for child in tree.children(head):
            if child.dep_ in ("compound", "amod", "nmod") and child.pos_ == "PROPN":
                return mentions.by_token.get(child.i) or Mention(
                    child.i, child.i + 1, "", EntityType.ORGANIZATION, MentionKind.NEW, child.text
                )
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in tree.children(child):
                    found = mentions.by_token.get(obj.i)
                    if obj.dep_ == "pobj" and found is not None and found.type == EntityType.ORGANIZATION:
                        return found
        return None

    @staticmethod
    def _place(head: Token, mentions: ArticleMentions) -> str | None:
        """The place of "talks in Geneva", "held talks in Abu Dhabi", "the Geneva talks"."""
        for child in mentions.tree.children(head):
            compound = mentions.by_token.get(child.i) if child.dep_ == "compound" else None
            if compound is not None and compound.type == EntityType.PLACE:
                return compound.entity_id
        held = _held_in(head, mentions)
        return held[1] if held is not None else None

    @staticmethod
    def _name(head: Token, proper: Mention | None, tree: ParseTree) -> str:
        """Compounds + head (at most ``MAX_NAME_TOKENS``), with an "of <organization>" owner moved in front."""
        doc = head.doc
        left = [
            t
            for t in tree.children(head)
            if t.i < head.i and t.dep_ in ("compound", "amod", "nmod") and t.pos_ in ("PROPN", "NOUN", "ADJ")
        ]
        start = min((t.left_edge.i for t in left if t.dep_ != "amod" or t.pos_ == "PROPN"), default=head.i)
        core = doc[max(start, head.i + 1 - MAX_NAME_TOKENS) : head.i + 1].text
        if proper is not None and proper.start > head.i and proper.entity_id:
            return f"{doc[proper.start : proper.end].text} {core}"
        return core


@dataclass(frozen=True, slots=True)
class _EventClues:
    """What the phrase of an event noun says of its event: a date, a proper-name modifier, an owner, a place,
    whether it names its parties, whether its verb says it happened."""

    dated: DateMention | None
    proper: Mention | None
    owner: EntityRecord | None
    place: str | None
    parties: bool
    happened: bool

    @property
    def day(self) -> str | None:
        """The ISO day of the phrase's date, when it resolves."""
        resolved = self.dated.resolved if self.dated is not None else None
        return resolved.iso if resolved else None

    @property
    def anchored(self) -> bool:
        """Does something fix the phrase as one happening: a date, a proper-name modifier, a place, an owner or
        its parties?"""
        return (
            self.dated is not None
            or self.proper is not None
            or self.place is not None
            or self.owner is not None
            or self.parties
        )


def _event_verb(head: Token) -> Token | None:
    """The verb an event noun's phrase is the subject or object of, directly or through a preposition."""
    verb = head.head if head.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    return verb


def _event_date(
    head: Token, verb: Token | None, dates: dict[int, DateMention], dated_tokens: Positions, tree: ParseTree
) -> DateMention | None:
    """The date of an event noun's phrase (``date_of``), else the date of its ``verb`` when the phrase is what the
    verb did or where it happened."""
    dated = date_of(head, dates, dated_tokens)
    held_at = head.dep_ == "pobj" and head.head.lower_ in ("at", "during")  # "spoke at a forum on December 2"
    if (
        dated is None
        and verb is not None
        and verb.pos_ in ("VERB", "AUX")
        and (head.dep_ in ("dobj", "nsubj") or held_at)
    ):
        dated = verb_date(verb, dates, tree)
    return dated


def _add_to_event(
    head: Token, event_id: str, clues: _EventClues, forms: set[str], mentions: ArticleMentions
) -> Mention:
    """Mention the event ``event_id`` read before at ``head``, with the phrase's forms, and give it the place and
    date the phrase tells when it had none."""
    record = mentions.records[event_id]
    mention = Mention(head.i, head.i + 1, event_id, EntityType.EVENT, MentionKind.EVENT, head.text)
    mentions.add_new(mention, record.entity)
    record.forms.update(forms)
    given = (("place", clues.place), ("date", _day(clues.day)))
    updates = {k: v for k, v in given if v and not getattr(record.entity, k)}
    if updates:
        record.entity = record.entity.model_copy(update=updates)
    return mention


def _sole_person_subject(verb: Token, mentions: ArticleMentions) -> EntityRecord | None:
    """The one person who is the subject of ``verb``: "Starmer and Carney held a call" is nobody's own call."""
    tree = mentions.tree
    for child in tree.children(verb):
        found = mentions.by_token.get(child.i)
        if child.dep_ != "nsubj" or found is None or found.type != EntityType.PERSON:
            continue
        kids = tree.children(child)
        others = {mentions.by_token[c.i].entity_id for c in kids if c.i in mentions.by_token}
        several = others - {found.entity_id} or any(c.dep_ in ("conj", "cc") for c in kids)
        if not several:
            return mentions.records[found.entity_id]
    return None


def _date_ends_at(doc: Doc, i: int) -> bool:
    """Is token ``i`` the last of a date the parser named?"""
    return doc[i].ent_type_ == "DATE" and doc[i + 1].ent_iob_ != "I"


def _adjacent_phrase_end(top: Token, end: int, tree: ParseTree) -> int | None:
    """Where the date or place phrase right after an event phrase ends, when it hangs from the event's verb:
    "told a meeting of his Security Council | on Nov. 21", "held a call with Zelenskyy | this morning"."""
    doc = top.doc
    verb = top.head.head if top.dep_ == "pobj" else top.head
    if end >= len(doc) or verb.pos_ not in ("VERB", "AUX"):
        return None
    # the phrase of the verb that begins right there: "on" of "on Nov. 21", "morning" of "this morning"
    following = next(
        (c for c in tree.children(verb) if tree.left_edge(c) == end and c.dep_ in ("prep", "npadvmod")), None
    )
    if following is None:
        return None
    close = _phrase_end(following, tree) if following.dep_ == "prep" else following.i + 1
    return close if close - top.i < MAX_NAME_TOKENS else None


def _phrase(prep: Token, tree: ParseTree) -> str:
    """A prepositional phrase without the clauses hanging off it: "to the Ukrainian people" (the run of
    consecutive words of its subtree, at most ``MAX_NAME_TOKENS``)."""
    return prep.doc[prep.i : _phrase_end(prep, tree)].text


def _phrase_end(prep: Token, tree: ParseTree) -> int:
    """Where the phrase of ``_phrase`` ends (exclusive token index)."""
    first: Token | None = None
    end = prep.i
    position, high = tree.low[prep.i], tree.high[prep.i]
    while position < high:
        token = tree.tokens[tree.order[position]]
        aside = tree.climb(token, "aside", lambda node: _barrier_step(node, _ASIDE_DEPS))
        if isinstance(aside, Token) and aside.i != prep.i and tree.contains(prep, aside):
            position = tree.high[aside.i]  # the whole clause (or apposition) is passed over
            continue
        position += 1
        if first is None:
            first, end = token, token.i
            continue
        joins = _joins_words(token) or token.text in _QUOTES  # a quoted name: of the "Coalition of the Willing"
        if token.i != end + 1 or (token.is_punct and not joins) or end - first.i + 1 >= MAX_NAME_TOKENS:
            break
        end = token.i
    return end + 1


# Modifiers of an event that has not taken place: "a planned round of talks", "the upcoming summit".
UNREALISED = frozenset(
    {"planned", "scheduled", "upcoming", "expected", "possible", "potential", "proposed", "future", "prospective",
     "mooted", "hypothetical", "next"}
)  # fmt: skip


def unrealised(event: Token) -> bool:
    """Does the phrase say the event has not taken place: "a planned round of talks", "the upcoming summit"?"""
    heads = [event]
    if event.dep_ == "pobj" and event.head.lower_ == "of":
        heads.append(event.head.head)  # "a planned round | of talks"
    return any(c.dep_ in ("amod", "compound") and c.lower_ in UNREALISED for head in heads for c in head.children)


_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


def _joins_words(token: Token) -> bool:
    """A dash inside a word or between numbers: "Mar-a-Lago", "December 18-19", "4–6 December"."""
    doc = token.doc
    if token.text not in ("-", "–", "—") or not 0 < token.i < len(doc) - 1:
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    return (before.like_num and after.like_num) or (not before.whitespace_ and not token.whitespace_)


def _day(iso: str | None) -> date | None:
    """An entity's date from the ISO day the reading works with."""
    return date.fromisoformat(iso) if iso else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _near(day: date | None, published: date | None, *, days: int) -> bool:
    if day is None or published is None:
        return True
    return abs((day - published).days) <= days


def verb_date(verb: Token, dates: dict[int, DateMention], tree: ParseTree | None = None) -> DateMention | None:
    """A date a verb governs directly: "On November 21, Zelensky recorded ...", "said on Thursday"."""
    for child in tree.children(verb) if tree is not None else verb.children:
        if child.dep_ == "prep" and child.lower_ in _DATE_PREPOSITIONS:
            for obj in tree.children(child) if tree is not None else child.children:
                if obj.i in dates:
                    return dates[obj.i]
        if child.dep_ in ("npadvmod", "tmod") and child.i in dates:
            return dates[child.i]
    return None


_MEETING_FAMILY = "talks"
_PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})


def _held_in(head: Token, mentions: ArticleMentions) -> tuple[Token, str] | None:
    """The "in"/"at" child of ``head`` whose object is a place or a country, and that place ("met | in Geneva")."""
    tree = mentions.tree
    for child in tree.children(head):
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for obj in tree.children(child):
                found = mentions.by_token.get(obj.i)
                if found is not None and found.type in (EntityType.PLACE, EntityType.COUNTRY):
                    return child, found.entity_id
    return None


def _meeting_record(
    mentions: ArticleMentions, previous: _Happening | None, place: str, day: str | None
) -> EntityRecord:
    """The event a meeting in ``place`` on ``day`` is: the talks read just before in that place, else a new
    event named after the place ("Geneva meeting")."""
    if previous is not None and previous.place == place and _agrees(previous, place, day):
        return mentions.records[previous.entity_id]
    name = f"{mentions.records[place].entity.name} meeting"
    event_id = "event:" + "-".join(p for p in (day or "", slugify(name)) if p)
    entity = Entity(id=event_id, type=EntityType.EVENT, name=name, kind=_MEETING_FAMILY, date=_day(day), place=place)
    return mentions.records.setdefault(event_id, EntityRecord(entity))


def _meeting_parties(verb: Token, mentions: ArticleMentions, *, object_is_party: bool = True) -> bool:
    """Does an actor meet: the verb's subject or object ("Dmitriev meets Witkoff", "hosting Zelensky"), its
    "with" object, or the subject of the verb it completes ("agreed to meet in Geneva")?"""
    tree = mentions.tree
    if object_is_party and any(c.dep_ == "dobj" and not _holds_actor(c, mentions) for c in tree.children(verb)):
        return False  # "troops met fierce resistance": one meets people, not resistance
    if any(_holds_actor(node, mentions) for node in _party_phrases(verb, tree)):
        return True
    controller = verb.head if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i else None
    subjects = [c for c in tree.children(controller) if c.dep_ in ("nsubj", "nsubjpass")] if controller else []
    return any(_holds_actor(node, mentions) for node in subjects)


def _party_phrases(verb: Token, tree: ParseTree) -> list[Token]:
    """The phrases that say who meets: the verb's subject and object, the objects of its "with"."""
    found: list[Token] = []
    for child in tree.children(verb):
        if child.dep_ in _PARTY_DEPS:
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ == "with":
            found += tree.children(child)
    return found


def _holds_actor(node: Token, mentions: ArticleMentions) -> bool:
    """Is ``node``, or a word hanging on it ("Ukrainian officials", "Witkoff and Kushner"), a named actor?"""
    for part in (node, *mentions.tree.children(node)):
        found = mentions.by_token.get(part.i)
        if found is not None and found.type in ACTOR_TYPES:
            return True
    return False


def _clause_forms(verb: Token, place_prep: Token, tree: ParseTree) -> set[str]:
    """Surface forms of a meeting told by its verb: from the verb, and from its subject when that comes first, to
    the end of its place phrase and of a date phrase right after it ("meet in Geneva", "Trump hosts Zelensky at
    Mar-a-Lago", "the coalition meets in Paris on January 6")."""
    doc = verb.doc
    ends = [_phrase_end(place_prep, tree)]
    for child in tree.children(verb):
        if child.i == ends[-1] and child.dep_ in ("prep", "npadvmod"):
            ends.append(child.i + 1 if child.dep_ == "npadvmod" else _phrase_end(child, tree))
    starts = [verb.i]
    subjects = [c for c in tree.children(verb) if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    if subjects:
        starts.append(tree.left_edge(subjects[0]))
    return {
        doc[start:end].text
        for start in starts
        for end in ends
        if end - start <= MAX_NAME_TOKENS and not doc[start].is_punct
    }


@dataclass(frozen=True, slots=True)
class _Happening:
    """An event already read in this article: what a later phrase of its family is compared with."""

    entity_id: str
    place: str | None
    date: str | None


def _agrees(previous: _Happening, place: str | None, day: str | None) -> bool:
    """Can a phrase with this place and date name the event read before? (Nothing it states contradicts it.)"""
    return (place is None or previous.place is None or place == previous.place) and (
        day is None or previous.date is None or day == previous.date
    )


def _refers_back(previous: _Happening, head: Token, place: str | None, day: str | None, tree: ParseTree) -> bool:
    """Does the phrase name the event of its family read before: nothing it states contradicts it, it does not
    introduce one ("a call"), and a place it adds is said of that event ("the talks in Geneva"), not of new
    ones ("consultations in Geneva" after talks held nowhere said)?"""
    if not _agrees(previous, place, day) or _indefinite(head, tree):
        return False
    return place is None or previous.place is not None or _definite(head, tree)


def _definite(head: Token, tree: ParseTree) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another", "no") for c in tree.children(head))


def _indefinite(head: Token, tree: ParseTree) -> bool:
    """ "a call", "another meeting", "new talks": a phrase that introduces an event rather than refers back."""
    return any(
        (c.dep_ == "det" and c.lower_ in ("a", "an", "another")) or c.lower_ in ("new", "further", "next")
        for c in tree.children(head)
    )


_STOP_LEFT = frozenset({"det", "poss", "predet"})


def surface_forms(head: Token, tree: ParseTree) -> set[str]:
    """Surface forms of an event phrase, as the text writes them: from the head alone to the whole phrase
    with its determiner and prepositional phrases ("talks", "talks in Geneva", "a marathon day of talks in
    Geneva"); a phrase counted by another noun ("a round of talks") also from that noun."""
    heads = [head]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        heads.append(head.head.head)
    forms: set[str] = set()
    for top in heads:
        forms.update(_phrase_forms(top, tree))
    return forms


def _phrase_forms(top: Token, tree: ParseTree) -> list[str]:
    """The forms of the phrase headed by ``top``, each of its left ends (``_left_ends``) to each of its right
    ends (``_right_ends``), in that order."""
    doc = top.doc
    lefts = _left_ends(top, tree)
    rights = _right_ends(top, tree)
    forms = []
    for left in lefts:
        if left > top.i:
            continue
        for right in rights:
            text = doc[left:right].text.strip()
            if text and not doc[left].is_punct:
                forms.append(text)
    return forms


def _left_ends(top: Token, tree: ParseTree) -> set[int]:
    """Where a form of the phrase headed by ``top`` may begin: at the head, at the phrase's left edge (at most
    ``MAX_NAME_TOKENS`` back), at each modifier, after a determiner or possessive."""
    lefts = {top.i, max(tree.left_edge(top), top.i + 1 - MAX_NAME_TOKENS)}
    lefts |= {c.i for c in tree.children(top) if c.i < top.i and c.dep_ not in _STOP_LEFT}
    lefts |= {c.right_edge.i + 1 for c in tree.children(top) if c.i < top.i and c.dep_ in _STOP_LEFT}
    return lefts


def _right_ends(top: Token, tree: ParseTree) -> list[int]:
    """Where a form of the phrase headed by ``top`` may end (exclusive token indices): after the head, after each
    of its prepositional, adverbial or number phrases, after a date or place phrase of its verb right after it,
    and after each date inside."""
    rights = [top.i + 1]
    for child in tree.children(top):
        if child.i <= top.i or child.dep_ not in ("prep", "npadvmod", "nummod"):
            continue
        end = _phrase_end(child, tree)
        if end - top.i < MAX_NAME_TOKENS and end > rights[-1]:
            rights.append(end)
    adjacent = _adjacent_phrase_end(top, rights[-1], tree)
    if adjacent is not None:
        rights.append(adjacent)
    # a phrase run on by the parser past its date ("their summit on December 18-19 | EU leaders") ends there too
    rights += [i + 1 for i in range(top.i + 1, rights[-1] - 1) if _date_ends_at(top.doc, i)]
    # and a quoted name inside it ends there too: 'a video conference of the "Coalition of the Willing" | the next day'
    quotes = [i for i in range(top.i + 1, rights[-1] - 1) if top.doc[i].text in _QUOTES]
    rights += [i + 1 for i in quotes[1::2]]  # each closing one
    return rights
