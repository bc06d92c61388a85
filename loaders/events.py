"""Events read from noun phrases: "a Security Council meeting on November 21", "a coordinated November 21 call".

A noun phrase headed by an event noun (meeting, summit, call, address, ...)
is an ``Event`` node when something fixes it as one happening: a date, a
proper-name modifier ("G20 summit", "meeting of the Russian Security
Council"), an owner ("Zelensky's address") with a date, or a place where it
was held by the actors of its clause ("held consultations in Switzerland").
Its date is resolved against the article date; its id is
``event:<date>-<slug of name>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from graph.model import Entity, EntityType, slugify
from loaders.dates import ResolvedDate, names_point_in_time, resolve_date
from loaders.gazetteer import GazetteerEntry
from loaders.lexicon import Lexicon
from loaders.mentions import ArticleMentions, EntityRecord, Mention, MentionKind

_SKIP_MODIFIERS = frozenset({"det", "poss", "case", "predet", "punct", "nummod", "quantmod"})
_DATE_PREPOSITIONS = frozenset({"on", "in", "of", "during"})
_SAME_DAY = ("same day", "that day", "the same day")
_SAME_DAY_RE = re.compile(r"\b(?:that|the) same day\b|\bthat day\b", re.I)
_PAST_TAGS = frozenset({"VBD", "VBN"})


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
    spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
    taken = {i for ent in spans for i in range(ent.start, ent.end)}
    for match in _SAME_DAY_RE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            spans.append(span)
    for ent in sorted(spans, key=lambda span: span.start):
        lowered = ent.text.lower()
        resolved = last if any(p in lowered for p in _SAME_DAY) else resolve_date(ent.text, base)
        if resolved is None and not (base is None and names_point_in_time(ent.text)):
            continue
        last = resolved or last
        for i in range(ent.start, ent.end):
            found[i] = DateMention(ent, resolved)
    return found


def date_of(token: Token, dates: dict[int, DateMention]) -> DateMention | None:
    """The date attached to ``token``: inside its phrase, or a preposition/modifier it governs."""
    for child in token.subtree:
        if child.i in dates and _attached(child, token):
            return dates[child.i]
    return None


def _attached(child: Token, token: Token) -> bool:
    """Is ``child`` within ``token``'s own phrase, not inside a nested clause?"""
    node = child
    while node.i != token.i:
        if node.dep_ in ("relcl", "ccomp", "advcl", "acl", "xcomp", "conj"):
            return False
        node = node.head
    return True


class EventFinder:
    """Finds event noun phrases in a doc and registers them as mentions."""

    def __init__(self, lexicon: Lexicon, known: Iterable[GazetteerEntry] = ()) -> None:
        self.lexicon = lexicon
        self.known = [entry for entry in known if entry.type == EntityType.EVENT and entry.kind and entry.place]

    def find(
        self, doc: Doc, mentions: ArticleMentions, dates: dict[int, DateMention], published: date | None = None
    ) -> list[Mention]:
        found = []
        for sent in doc.sents:
            for token in sent:
                if token.pos_ != "NOUN" or token.lemma_.lower() not in self.lexicon.event_nouns:
                    continue
                if token.i in mentions.by_token:
                    continue
                mention = self._known_event(token, mentions, published) or self._event(token, mentions, dates)
                if mention is not None:
                    found.append(mention)
        return found

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
        forms = self._forms(head)
        mentions.records[entry.id].forms.update(forms or {head.text})
        return mention

    @staticmethod
    def _places_around(head: Token, mentions: ArticleMentions) -> set[str]:
        """Places in "in/at" phrases of the noun and of the verb it hangs on."""
        holders = [head]
        governor = head.head.head if head.dep_ == "pobj" else head.head
        if governor.pos_ in ("VERB", "AUX"):
            holders.append(governor)
        found = set()
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                    for obj in child.children:
                        mention = mentions.by_token.get(obj.i)
                        if mention is not None and mention.type == EntityType.PLACE:
                            found.add(mention.entity_id)
        return found

    def _event(self, head: Token, mentions: ArticleMentions, dates: dict[int, DateMention]) -> Mention | None:
        dated = date_of(head, dates)
        verb = head.head if head.dep_ in ("dobj", "pobj", "nsubjpass") else None
        if verb is not None and verb.dep_ == "prep":
            verb = verb.head
        if dated is None and verb is not None and verb.pos_ in ("VERB", "AUX") and head.dep_ == "dobj":
            dated = verb_date(verb, dates)
        proper = self._proper_modifier(head, mentions)
        owner = self._owner(head, verb, mentions)
        place = self._place(head, mentions)
        held = place is not None and verb is not None and verb.tag_ in _PAST_TAGS
        if head.tag_ == "NNS" and proper is None and dated is None:
            return None
        if not (dated is not None or proper is not None or held):
            return None
        resolved = dated.resolved if dated is not None else None
        forms = self._forms(head)
        name = self._name(head, proper)
        if owner is not None and proper is None:
            name = f"{owner.entity.name}'s {name}"
        event_id = "event:" + "-".join(p for p in (resolved.iso if resolved else "", slugify(name)) if p)
        entity = Entity(
            id=event_id,
            type=EntityType.EVENT,
            name=name,
            kind=head.lemma_.lower(),
            date=resolved.iso if resolved else None,
            place=place,
        )
        mention = Mention(head.i, head.i + 1, event_id, EntityType.EVENT, MentionKind.EVENT, name)
        mentions.add_new(mention, entity)
        record = mentions.records[event_id]
        record.forms.update(forms)
        return mention

    def _owner(self, head: Token, verb: Token | None, mentions: ArticleMentions) -> EntityRecord | None:
        """Whose event it is: "Zelensky's address", "Zelensky recorded an address"."""
        for child in head.children:
            if child.dep_ == "poss" and child.i in mentions.by_token:
                return mentions.records[mentions.by_token[child.i].entity_id]
        if verb is not None and head.dep_ == "dobj" and verb.lemma_.lower() in self.lexicon.participation_verbs:
            for child in verb.children:
                found = mentions.by_token.get(child.i)
                if child.dep_ != "nsubj" or found is None or found.type != EntityType.PERSON:
                    continue
                others = {mentions.by_token[c.i].entity_id for c in child.children if c.i in mentions.by_token}
                several = others - {found.entity_id} or any(c.dep_ in ("conj", "cc") for c in child.children)
                if not several:  # "Starmer and Carney held a call" is nobody's own call
                    return mentions.records[found.entity_id]
        return None

    @staticmethod
    def _proper_modifier(head: Token, mentions: ArticleMentions) -> Mention | None:
        for child in head.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.pos_ == "PROPN":
                return mentions.by_token.get(child.i) or Mention(
                    child.i, child.i + 1, "", EntityType.ORGANIZATION, MentionKind.NEW, child.text
                )
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    found = mentions.by_token.get(obj.i)
                    if obj.dep_ == "pobj" and found is not None and found.type == EntityType.ORGANIZATION:
                        return found
        return None

    @staticmethod
    def _place(head: Token, mentions: ArticleMentions) -> str | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for obj in child.children:
                    found = mentions.by_token.get(obj.i)
                    if found is not None and found.type in (EntityType.PLACE, EntityType.COUNTRY):
                        return found.entity_id
        return None

    @staticmethod
    def _name(head: Token, proper: Mention | None) -> str:
        """Compounds + head, with an "of <organization>" owner moved in front."""
        doc = head.doc
        left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod") and t.pos_ in ("PROPN", "NOUN", "ADJ")]
        start = min((t.left_edge.i for t in left if t.dep_ != "amod" or t.pos_ == "PROPN"), default=head.i)
        core = doc[start : head.i + 1].text
        if proper is not None and proper.start > head.i and proper.entity_id:
            return f"{doc[proper.start : proper.end].text} {core}"
        return core

    @staticmethod
    def _forms(head: Token) -> set[str]:
        """Surface forms: the phrase without determiner or owner, also without adjectives, each also with
        the phrase's own prepositional phrase ("national address on November 21")."""
        doc = head.doc
        left = [t for t in head.subtree if t.i <= head.i and not _in_owner_or_det(t, head)]
        forms = set()
        if len(left) > 1:
            forms.add(doc[left[0].i : head.i + 1].text)
        plain = [t for t in left if not (t.dep_ == "amod" and t.pos_ in ("ADJ", "VERB")) or t.i == head.i]
        plain = [t for t in plain if t.i == head.i or t.head.i in {p.i for p in plain}]
        if len(plain) > 1:
            forms.add(" ".join(t.text for t in plain))
        right = [t for t in head.rights if t.dep_ == "prep"]
        after = head.i + 1
        if head.dep_ == "dobj" and after < len(doc) and doc[after].dep_ == "prep" and doc[after].head.i == head.head.i:
            right.append(doc[after])  # "recorded an address | to the Ukrainian people": the address's own phrase
        for prep in right:
            phrase = _phrase(prep)
            for form in list(forms) or [head.text]:
                forms.add(f"{form} {phrase}")
        return {f.strip() for f in forms if f.strip()}


def _in_owner_or_det(token: Token, head: Token) -> bool:
    node = token
    while node.i != head.i:
        if node.dep_ in ("det", "poss", "case", "predet", "punct"):
            return True
        node = node.head
    return False


def _phrase(prep: Token) -> str:
    """A prepositional phrase without the clauses hanging off it: "to the Ukrainian people"."""
    skipped = {t.i for c in prep.subtree if c.dep_ in ("relcl", "acl", "advcl", "appos") for t in c.subtree}
    tokens = [t for t in prep.subtree if t.i not in skipped]
    end = tokens[0].i
    for token in tokens[1:]:
        if token.i != end + 1 or token.is_punct:
            break
        end = token.i
    return prep.doc[prep.i : end + 1].text


def _near(day: str | None, published: date | None, *, days: int) -> bool:
    if day is None or published is None:
        return True
    return abs((date.fromisoformat(day) - published).days) <= days


def verb_date(verb: Token, dates: dict[int, DateMention]) -> DateMention | None:
    """A date a verb governs directly: "On November 21, Zelensky recorded ...", "said on Thursday"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _DATE_PREPOSITIONS:
            for obj in child.children:
                if obj.i in dates:
                    return dates[obj.i]
        if child.dep_ in ("npadvmod", "tmod") and child.i in dates:
            return dates[child.i]
    return None
