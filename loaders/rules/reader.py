"""Reading an article's stances: the sites of each sentence, in reading order, offered to the rules.

Per sentence: its topic and speaker are read (``discourse``), the sites are
listed token by token (a cue phrase, each verb cue, a speech verb's content
clauses, a judging verb, each noun cue, a plan named with its proposer, an
event), and each rule that reads that kind of site and fires there gives its
stances. A sentence gives at most ``MAX_STANCES_PER_SENTENCE`` stances, the
first in reading order, so a hostile or badly scraped text costs what its
length costs.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from peacegraph.graph.model import EntityType
from peacegraph.loaders.lexicon import Cue, Lexicon
from peacegraph.loaders.mentions import ArticleMentions
from peacegraph.loaders.planlink import PointHit
from peacegraph.loaders.plans import PlanSpec
from peacegraph.loaders.rules import discourse
from peacegraph.loaders.rules.actors import Actors
from peacegraph.loaders.rules.assertion import Assertion
from peacegraph.loaders.rules.concern import Concern
from peacegraph.loaders.rules.context import MAX_STANCES_PER_SENTENCE, ArticleIndex, Discourse, Stance
from peacegraph.loaders.rules.cues import item_verb, verb_cues
from peacegraph.loaders.rules.directive import Directive
from peacegraph.loaders.rules.entities import Entities
from peacegraph.loaders.rules.front import FrontClaim
from peacegraph.loaders.rules.gatherings import EventReference, Participation, PlanProposer
from peacegraph.loaders.rules.judgement import Judgement
from peacegraph.loaders.rules.meeting import MeetingGroup
from peacegraph.loaders.rules.noun_cue import NounCue
from peacegraph.loaders.rules.phrase_cue import ConditionalDemand, PhraseCue
from peacegraph.loaders.rules.points import Points, plan_topics
from peacegraph.loaders.rules.reading import Reading, Rule, Site, SiteKind
from peacegraph.loaders.rules.reported import ReportedAction
from peacegraph.loaders.rules.sides import NegotiatingSides
from peacegraph.loaders.rules.speech import ConditionalThreat, Obligation, SpeechContent, quotation_sites, speech_sites
from peacegraph.loaders.rules.targeting import LegitimateTarget
from peacegraph.loaders.rules.targets import Targets
from peacegraph.loaders.rules.verb_cue import VerbCue


def stance_rules(event_actions: dict[str, list[tuple[str, str, str]]]) -> tuple[Rule, ...]:
    """The rules, in the order they read a site they share."""
    return (
        ConditionalDemand(),
        PhraseCue(),
        ReportedAction(),
        VerbCue(),
        ConditionalThreat(),
        LegitimateTarget(),
        SpeechContent(),
        Obligation(),
        FrontClaim(),
        Directive(),
        Judgement(),
        MeetingGroup(),
        NegotiatingSides(),
        Concern(),
        NounCue(),
        PlanProposer(),
        Participation(),
        EventReference(event_actions),
    )


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
        self.topics = plan_topics(plans)
        self.rules = stance_rules(event_actions)
        self.by_kind: dict[SiteKind, list[Rule]] = {}
        for rule in self.rules:
            for kind in rule.kinds:
                self.by_kind.setdefault(kind, []).append(rule)
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._phrase_cues = lexicon.phrases()
        for phrase in self._phrase_cues:
            self._phrases.add(phrase, [nlp.make_doc(phrase)])

    def read(
        self, doc: Doc, mentions: ArticleMentions, points: list[PointHit], proposed: dict[int, list[str]]
    ) -> list[Stance]:
        """The stances of one doc; ``proposed`` maps plan mentions (start token) to the actors their name gives."""
        article = _Article(self, ArticleIndex(doc, mentions, points, self.phrase_matches(doc), self.lexicon), proposed)
        found: list[Stance] = []
        state = Discourse()
        for sent in doc.sents:
            stances, state = article.sentence(sent, state)
            found += stances
        return found

    def phrase_matches(self, doc: Doc) -> list[tuple[Cue, int, int]]:
        return [(self._phrase_cues[doc.vocab.strings[m]], s, e) for m, s, e in self._phrases(doc)]


class _Article:
    """The readers of one article that do not depend on the discourse."""

    def __init__(self, reader: StanceReader, ix: ArticleIndex, proposed: dict[int, list[str]]) -> None:
        self.by_kind = reader.by_kind
        self.ix = ix
        self.proposed = proposed
        self.assertion = Assertion(ix)
        self.entities = Entities(ix)
        self.points = Points(ix, reader.topics)
        self.targets = Targets(ix, self.entities, self.points)
        self.site_tokens = _site_tokens(ix)
        lex = ix.lex  # its tables, looked up once: a lexicon attribute costs a pydantic lookup
        self.speech_verbs, self.judging_verbs, self.noun_cues = lex.speech_verbs, lex.judging_verbs, lex.noun_cues
        self.directive_verbs = lex.directive_verbs | lex.deadline_verbs
        self.negotiator_nouns = lex.negotiator_nouns
        self.concern_adjectives = lex.concern_adjectives

    def reading(self, sent: Span, state: Discourse) -> Reading:
        actors = Actors(self.ix, self.assertion, self.entities, state)
        return Reading(self.ix, sent, state, self.assertion, self.entities, self.points, self.targets, actors)

    def sentence(self, sent: Span, before: Discourse) -> tuple[list[Stance], Discourse]:
        """The stances of ``sent`` and what the next sentence inherits."""
        topic, pending = discourse.read_topic(self.ix, sent, before.pending_topic)
        last_speaker, last_agent = before.last_speaker, before.last_agent
        # the sentence's speaker is read while "we" is still the last sentence's speaker
        state = Discourse(before.speaker, last_speaker, last_agent, topic, pending)
        speaker = discourse.speaker(self.reading(sent, state))
        state = Discourse(speaker, last_speaker, last_agent, topic, pending)
        s = self.reading(sent, state)
        found = self._read(quotation_sites(s), s)
        any_token = topic is not None  # a list item's first word is read as a verb whatever its tag
        for token in sent:
            if len(found) >= MAX_STANCES_PER_SENTENCE:
                break  # nothing more is taken from this sentence
            if not any_token and token.i not in self.site_tokens:
                continue
            sites = self._sites(token, s)
            if sites:
                found += self._read(sites, s)
        if speaker is not None:
            last_speaker = speaker
        state = Discourse(speaker, last_speaker, last_agent, topic, pending)
        agent = discourse.agent(self.reading(sent, state)) if topic is None else None
        if agent is not None:
            state = Discourse(speaker, last_speaker, agent, topic, pending)
        return found[:MAX_STANCES_PER_SENTENCE], state

    def _read(self, sites: Iterable[Site], s: Reading) -> list[Stance]:
        found: list[Stance] = []
        for site in sites:
            for rule in self.by_kind[site.kind]:
                if rule.fires(site, s):
                    found += rule.read(site, s)
        return found

    def _sites(self, token: Token, s: Reading) -> list[Site]:
        """The sites at ``token``, in the order they are read."""
        ix, topic = self.ix, s.discourse.topic
        phrases = ix.phrases.get(token.i)
        sites = [Site("phrase", token, cue, start, end) for cue, start, end in phrases] if phrases else []
        pos = token.pos_
        if pos in ("VERB", "AUX") or (topic is not None and item_verb(ix, token, topic)):
            sites += self._verb_sites(token, s)
        if pos == "NOUN":
            sites += self._noun_sites(token)
        if token.lower_ in self.concern_adjectives:
            sites.append(Site("feeling", token))
        return sites + self._mention_sites(token)

    def _verb_sites(self, token: Token, s: Reading) -> list[Site]:
        """The sites of a verb (or a list item's first word): its cues, then its content clauses if it is a speech
        verb, then the judging and the directive verb."""
        lemma = token.lemma_.lower()
        sites = [Site("verb", token, cue) for cue in verb_cues(self.ix, token, s.discourse.topic)]
        if lemma in self.speech_verbs:
            sites += speech_sites(s, token)
        if lemma in self.judging_verbs:
            sites.append(Site("judging", token))
        if lemma in self.directive_verbs:
            sites.append(Site("directive", token))
        return sites

    def _noun_sites(self, token: Token) -> list[Site]:
        """The sites of a noun: its cues, then a noun of negotiators ("delegation", "envoy")."""
        lemma = token.lemma_.lower()
        sites = [Site("noun", token, cue) for cue in self.noun_cues.get(lemma, ())]
        if lemma in self.negotiator_nouns:
            sites.append(Site("negotiators", token))
        return sites

    def _mention_sites(self, token: Token) -> list[Site]:
        """The sites of the first token of a mention: a plan named with its proposer, then an event."""
        mention = self.ix.mention(token)
        if mention is None or token.i != mention.start:
            return []
        sites: list[Site] = []
        if token.i in self.proposed:
            sites.append(Site("plan", token, actors=tuple(self.proposed[token.i])))
        if mention.type == EntityType.EVENT:
            sites.append(Site("event", token))
        return sites


def _site_tokens(ix: ArticleIndex) -> frozenset[int]:
    """The tokens that may hold a site (outside list items): verbs, cue nouns, phrase heads, mention starts."""
    noun_cues, negotiators = ix.lex.noun_cues, ix.lex.negotiator_nouns
    found = set(ix.phrases)
    for token in ix.doc:
        pos = token.pos_
        if (
            pos in ("VERB", "AUX")
            or (pos == "NOUN" and (token.lemma_.lower() in noun_cues or token.lemma_.lower() in negotiators))
            or token.lower_ in ix.lex.concern_adjectives
        ):
            found.add(token.i)
    found.update(i for i, mention in ix.mentions.by_token.items() if mention.start == i)
    return frozenset(found)
