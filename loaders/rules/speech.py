"""Rules on what a speaker says, read at each content clause of a speech verb (and at a bare quotation,
which continues the last speaker). ``conditional-threat``: "If Kyiv rejects this, our forces will
advance" threatens the actor of the condition. ``speech-content``: rejection or demand of the plan points
the clause names, its judgement of a plan ("said the plan was acceptable"), a claim about a plan.
``obligation``: "said Kyiv must decide now" demands of the actor the clause obliges."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import STANCE_TARGETS, EntityType, StanceType
from peacegraph.loaders.rules.context import FUTURE, Stance
from peacegraph.loaders.rules.cues import copula_judgement, has_cue, only_possible
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind


def speech_sites(s: Reading, verb: Token) -> list[Site]:
    """One site per content clause of a stated speech verb that has a speaker."""
    if s.assertion.unasserted(verb):
        return []
    speaker = s.sources.subject_actors(verb)
    if not speaker:
        return []
    speakers = tuple(speaker.actors)
    return [Site("speech", verb, clause=clause, actors=speakers) for clause in _content_clauses(s, verb)]


def quotation_sites(s: Reading) -> list[Site]:
    """A quotation without a speech verb continues the sentence's speaker: its root is what they said."""
    speaker = s.discourse.speaker
    if speaker is None or any(t.pos_ == "VERB" and t.lemma_.lower() in s.ix.lex.speech_verbs for t in s.sent):
        return []
    return [Site("speech", s.sent.root, clause=s.sent.root, actors=(speaker,))]


def _content_clauses(s: Reading, verb: Token) -> list[Token]:
    clauses = [c for c in s.ix.children(verb) if c.dep_ in ("ccomp", "parataxis")]
    if not clauses and verb.dep_ in ("parataxis", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        if s.ix.inside_quote(head) or head.dep_ == "ROOT":
            clauses.append(head)
    return clauses


# Words of readiness that make a conditional statement a threat: "we are ready to fight if Europe starts a war".
READY = frozenset({"ready", "prepared"})


def ready_acts(s: Reading, clause: Token) -> list[Token]:
    """What a clause says its subject is ready to do: "is ready | to fight", parsed under "ready" or the clause."""
    ready = _readiness_words(s, clause)
    if not ready:
        return []
    acts = [c for r in ready for c in s.ix.children(r) if c.dep_ == "xcomp"]
    acts += [c for c in s.ix.children(clause) if c.dep_ in ("xcomp", "advcl")]
    return [a for a in acts if s.assertion.infinitive(a)]


def _readiness_words(s: Reading, clause: Token) -> list[Token]:
    """The words of readiness ``clause`` has as complement: "is | ready", "are | prepared"."""
    return [c for c in s.ix.children(clause) if c.dep_ == "acomp" and c.lower_ in READY]


def _hostile(s: Reading, act: Token) -> bool:
    """Is the act one of war ("fight", "strike")?"""
    lemma = act.lemma_.lower()
    hostile = (StanceType.ATTACKS, StanceType.THREATENS)
    return lemma in HOSTILE_ACTS or any(cue.type in hostile for cue in s.ix.lex.verb_cues.get(lemma, []))


# Acts of war a side may say it is ready for, besides the ATTACKS and THREATENS cues.
HOSTILE_ACTS = frozenset({"fight", "retaliate", "respond", "hit"})


class ConditionalThreat:
    name: ClassVar[str] = "conditional-threat"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"speech"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example('"If Kyiv refuses, our forces will advance further," Putin said.',
                ("person:vladimir-putin", StanceType.THREATENS, "country:ukraine")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.clause is not None
        children = s.ix.children(site.clause)
        # "will advance", "would achieve", "is ready to fight": what the speaker's side will do
        ready = any(_hostile(s, act) for act in ready_acts(s, site.clause))
        return ready or any(c.dep_ == "aux" and c.lower_ in FUTURE | {"would"} for c in children)

    def read(self, site: Site, s: Reading) -> list[Stance]:
        assert site.clause is not None
        speakers = list(site.actors)
        clauses = [site.clause, *ready_acts(s, site.clause)]  # "ready to fight | if ..."
        conditions = [a for clause in clauses for a in s.actors.condition_actors(clause)]
        actors = [a for a in conditions if a not in speakers]
        return s.emit(self.name, speakers, StanceType.THREATENS, actors, site.clause, "conditional_threat", "130")


# Words that oblige the subject of a clause: "Kyiv must decide", "should negotiate", "has to leave", "needs to".
OBLIGING_AUX = frozenset({"must", "should", "ought"})
OBLIGING_VERBS = frozenset({"have", "need"})


def obliged_subject(s: Reading, clause: Token) -> Token | None:
    """The subject a clause obliges to act ("Kyiv must make a decision", "Ukraine has to withdraw"), if any."""
    children = s.ix.children(clause)
    obliging = any(c.dep_ == "aux" and c.lower_ in OBLIGING_AUX for c in children) or (
        clause.lemma_.lower() in OBLIGING_VERBS
        and any(c.dep_ == "xcomp" and any(t.lower_ == "to" for t in s.ix.children(c)) for c in children)
    )
    subjects = [c for c in children if c.dep_ == "nsubj"]
    return subjects[0] if obliging and subjects else None


class Obligation:
    name: ClassVar[str] = "obligation"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"speech"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Yuri Ushakov said Kyiv must make a decision on Donbas without delay.",
                ("person:yuri-ushakov", StanceType.DEMANDS, "country:ukraine")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.clause is not None
        clause = site.clause
        conditions = [c for c in s.ix.children(clause) if c.dep_ == "advcl"]  # "should decide if it wants ..."
        conditional = any(s.assertion.conditional(c) for c in [clause, *conditions])
        return obliged_subject(s, clause) is not None and not conditional

    def read(self, site: Site, s: Reading) -> list[Stance]:
        assert site.clause is not None
        subject = obliged_subject(s, site.clause)
        assert subject is not None
        speakers = list(site.actors)
        sides = {s.ix.side(speaker) for speaker in speakers}
        obliged = [a for a in s.actors(subject) if a not in speakers and s.ix.side(a) not in sides]
        return s.emit(self.name, speakers, StanceType.DEMANDS, obliged, site.token, "obligation", "10")


def unsuitable(s: Reading, clause: Token) -> bool:
    """Is ``clause`` a verb saying its subject suits someone ("suits us", "works for Europe"), read when negated:
    "does not suit us", "does not work for Europe"?"""
    lemma = clause.lemma_.lower()
    if lemma in s.ix.lex.suitability_verbs:
        return True
    return lemma == "work" and any(c.dep_ == "prep" and c.lower_ == "for" for c in s.ix.children(clause))


# Verbs of overstepping a limit: "the text crosses our red lines", "violates Russia's red lines".
_CROSSING_VERBS = frozenset({"cross", "violate", "breach", "overstep"})


def crosses_red_line(s: Reading, clause: Token) -> bool:
    """Is ``clause`` a plan crossing a red line ("crossed Russia's red lines")?"""
    if clause.lemma_.lower() not in _CROSSING_VERBS:
        return False
    lines = [c for c in s.ix.children(clause) if c.dep_ == "dobj" and c.lemma_.lower() == "line"]
    return any(m.lower_ == "red" for line in lines for m in s.ix.children(line))


def _said_unsuitable(s: Reading, clause: Token, negated: bool) -> bool:
    """Does the clause say its subject does not suit someone ("does not work for Europe") or, affirmed, crosses a
    red line ("crosses our red lines")?"""
    return (negated and unsuitable(s, clause)) or (not negated and crosses_red_line(s, clause))


class SpeechContent:
    name: ClassVar[str] = "speech-content"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"speech"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Zelensky said the 28-point plan was a good basis for peace.",
                ("person:volodymyr-zelenskyy", StanceType.SUPPORTS, "plan:us-28-point-plan")),
        Example("Zelensky said the 28-point plan envisages elections.",
                ("person:volodymyr-zelenskyy", StanceType.CLAIMS, "plan:us-28-point-plan")),
        Example("Donald Tusk said the 28-point plan does not work for Europe.",
                ("person:donald-tusk", StanceType.REJECTS, "plan:us-28-point-plan")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        return True

    def read(self, site: Site, s: Reading) -> list[Stance]:
        clause, verb, speakers = site.clause, site.token, list(site.actors)
        assert clause is not None
        subject = [c for c in s.ix.children(clause) if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        negated = s.assertion.negated(clause) or s.ix.refusals.any_under(clause)
        on_points = self._on_points(clause, negated, speakers, verb, s)
        if on_points is not None:
            return on_points
        if subject and _said_unsuitable(s, clause, negated):
            return self._unsuitable(subject[0], speakers, verb, s)
        if not subject or negated:
            return []
        return self._judgement_or_claim(clause, subject[0], speakers, verb, s)

    def _judgement_or_claim(
        self, clause: Token, subject: Token, speakers: list[str], verb: Token, s: Reading
    ) -> list[Stance]:
        """What an affirmative clause with a subject says of a plan: its judgement ("said the plan was
        acceptable"), else a claim about it ("said the plan envisages ..."); a hypothetical clause only judges."""
        if s.assertion.hypothetical(clause):  # "said the text could serve as a basis" is still the speaker's judgement
            judged = self._judgement(clause, subject, speakers, verb, s) if only_possible(s.ix, clause) else None
            return judged or []
        judged = self._judgement(clause, subject, speakers, verb, s)
        return judged if judged is not None else self._claim(clause, subject, speakers, verb, s)

    def _unsuitable(self, subject: Token, speakers: list[str], verb: Token, s: Reading) -> list[Stance]:
        """ "said the plan does not work for Europe", "it does not suit us", "it crosses our red lines": the speaker
        rejects the plan."""
        targets = [e for e in s.entities(subject) if s.ix.type(e) in (EntityType.PLAN, EntityType.PLAN_POINT)]
        targets += s.points([subject])
        return s.emit(self.name, speakers, StanceType.REJECTS, targets, verb, "speech_content", "12")

    def _claim(self, clause: Token, subject: Token, speakers: list[str], verb: Token, s: Reading) -> list[Stance]:
        """What a speaker says a plan does or contains ("said the plan envisages ...") is a claim about it."""
        plans = [e for e in s.entities(subject) if s.ix.type(e) == EntityType.PLAN]
        elaborates = verb.dep_ in ("advcl", "xcomp") and verb.head.lemma_.lower() in s.ix.lex.verb_cues
        if plans and not has_cue(s.ix, clause) and not elaborates:
            return s.emit(self.name, speakers, StanceType.CLAIMS, plans, verb, "speech_content", "010")
        return []

    def _on_points(
        self, clause: Token, negated: bool, speakers: list[str], verb: Token, s: Reading
    ) -> list[Stance] | None:
        """Plan points said to be refused ("cannot give up Donbas") or required ("must"): ``None`` otherwise."""
        points = s.points([clause])
        if points and negated:
            return s.emit(self.name, speakers, StanceType.REJECTS, points, verb, "speech_content", "12")
        if points and any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in s.ix.children(clause)):
            return s.emit(self.name, speakers, StanceType.DEMANDS, points, verb, "speech_content", "100")
        return None

    def _judgement(
        self, clause: Token, subject: Token, speakers: list[str], verb: Token, s: Reading
    ) -> list[Stance] | None:
        """ "said the plan was acceptable", "said the draft was a capitulation": ``None`` when no judgement."""
        judgement = copula_judgement(s.ix, clause)
        if judgement is None:
            return None
        judged = [e for e in s.entities(subject) if s.ix.type(e) in STANCE_TARGETS[judgement]]
        judged += s.points([subject])
        if not judged:
            return None
        code = s.ix.lex.relations[judgement].code
        return s.emit(self.name, speakers, judgement, judged, verb, "judgement", code)
