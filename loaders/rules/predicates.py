"""Whether a cue at a verb or noun states a stance, and as which type: the decisions the verb, noun,
reported-action and meeting rules share, so that exactly one of them reads a cue."""

from __future__ import annotations

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.events import unrealised
from peacegraph.loaders.lexicon import Cue
from peacegraph.loaders.rules.context import FIRST_PERSON, FUTURE
from peacegraph.loaders.rules.reading import Reading, Site


def verb_reading(site: Site, s: Reading) -> tuple[StanceType, Cue] | None:
    """The type a verb cue states once negation, modality and wording are read, or ``None`` for none:
    "will never accept" rejects, "pushed India to stop" demands, "warned" threatens only of a threat."""
    return site.once("verb-reading", lambda: _verb_reading(site, s))


def _verb_reading(site: Site, s: Reading) -> tuple[StanceType, Cue] | None:
    cue, verb = site.cue, site.token
    assert cue is not None
    rel_type = cue.type
    a = s.assertion
    warning = rel_type in (StanceType.THREATENS, StanceType.CRITICIZES) and verb.lemma_.lower() == "warn"
    if warning and (rel_type == StanceType.THREATENS) != threat_content(s, verb):
        return None  # "warn": a threat when what is warned of is one, else criticism
    if rel_type == StanceType.SUPPORTS and verb.lemma_.lower() in s.ix.lex.negation_rejects and a.negated(verb):
        if a.hypothetical(verb) or a.conditional(verb):
            return None
        rel_type, cue = StanceType.REJECTS, Cue(type=StanceType.REJECTS, code="12")  # "will never accept"
    elif not a.asserted(verb, rel_type):
        return None
    if rel_type == StanceType.ATTACKS and urges(s, verb):
        rel_type, cue = StanceType.DEMANDS, Cue(type=StanceType.DEMANDS, code="100")  # "pushed India to stop"
    return rel_type, cue


def reported_attack(site: Site, s: Reading) -> Token | None:
    """The speech verb an attack verb is reported by ("Russian forces captured the city, Putin claimed")."""
    return site.once("reported-attack", lambda: _reported_attack(site, s))


def _reported_attack(site: Site, s: Reading) -> Token | None:
    read = verb_reading(site, s)
    if read is None or read[0] != StanceType.ATTACKS:
        return None
    return s.assertion.in_speech_content(site.token)


def urges(s: Reading, verb: Token) -> bool:
    """ "pushed India to stop buying oil": an actor object and what it is to do is a demand, not a push at
    the front."""
    kids = s.ix.children(verb)
    actor_object = any(c.dep_ == "dobj" and s.actors(c) for c in kids)
    return actor_object and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in kids)


def threat_content(s: Reading, verb: Token) -> bool:
    """Does what was warned of contain a threat: a conditional consequence or a promise of force?"""
    content = (c for c in s.ix.children(verb) if c.dep_ in ("ccomp", "xcomp", "parataxis"))
    return any(_threatening(s, clause) for clause in content) or s.ix.threat_phrases.any_under(verb)


def _threatening(s: Reading, clause: Token) -> bool:
    """A conditional consequence ("would ... if") or what we will do ("our forces will advance")."""
    kids = s.ix.children(clause)
    conditional = any(c.dep_ == "advcl" and s.assertion.conditional(c) for c in kids)
    if conditional and any(c.dep_ == "aux" and c.lower_ in FUTURE | {"would"} for c in kids):
        return True
    if not any(c.dep_ == "aux" and c.lower_ in FUTURE for c in kids):
        return False
    if any(c.lower_ in FIRST_PERSON for c in kids if c.dep_ in ("nsubj", "poss")):
        return True
    return any(s.ix.first_person.any_under(c) for c in kids if c.dep_ == "nsubj")


def noun_asserted(site: Site, s: Reading) -> bool:
    """Is the act a noun cue names stated: not "no talks", not in a hedged clause, not the object of a
    negated or hypothetical verb (threats may be conditional)?"""
    return site.once("noun-asserted", lambda: _noun_asserted(site, s))


def _noun_asserted(site: Site, s: Reading) -> bool:
    assert site.cue is not None
    rel_type, noun, a = site.cue.type, site.token, s.assertion
    if a.negated(noun) or (rel_type != StanceType.THREATENS and a.hedged(noun)):
        return False
    if rel_type == StanceType.MEETS and unrealised(noun) and a.intention(noun) is None:
        return False  # "a planned round of talks with Witkoff": not held yet
    governor = noun.head
    return not (
        noun.dep_ in ("dobj", "pobj")
        and governor.pos_ in ("VERB", "AUX")
        and (a.negated(governor) or (a.hypothetical(governor) and rel_type != StanceType.THREATENS))
    )


def reporting_verb(s: Reading, noun: Token) -> Token | None:
    """The speech verb an act noun is the object of: "announced the capture", "spoke of the liberation"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "about"):
        head = head.head
    elif noun.dep_ not in ("dobj", "pobj"):
        return None
    lemma = head.lemma_.lower()
    reporting = lemma in s.ix.lex.speech_verbs or lemma in s.ix.lex.reporting_verbs
    return head if head.pos_ == "VERB" and reporting else None


def reported_capture(site: Site, s: Reading) -> Token | None:
    """The speech verb an attack noun is reported by ("announced the capture of X"), if it is stated."""
    return site.once("reported-capture", lambda: _reported_capture(site, s))


def _reported_capture(site: Site, s: Reading) -> Token | None:
    assert site.cue is not None
    if site.cue.type != StanceType.ATTACKS or not noun_asserted(site, s):
        return None
    return reporting_verb(s, site.token)
