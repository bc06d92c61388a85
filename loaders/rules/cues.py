"""Which cues of the lexicon a word carries: a verb's cues (with their particles, and the first word
of a list item however it was parsed), the judgement a copula or complement makes, whether a clause
holds a cue verb."""

from __future__ import annotations

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.lexicon import Cue
from peacegraph.loaders.mentions import Mention
from peacegraph.loaders.rules.context import ArticleIndex


def item_verb(ix: ArticleIndex, token: Token, topic: Mention | None) -> bool:
    """The first word of a list item's text ("Donetsk: Claimed ..."), whatever the parser made of it."""
    if topic is None:
        return False
    start = ix.tree.sent(token).start
    first = topic.end + 1 if start <= topic.start else start
    return token.i == first


def verb_cues(ix: ArticleIndex, token: Token, topic: Mention | None) -> list[Cue]:
    """The verb cues of ``token``: those with a particle it has ("call on"), else those without one."""
    lex = ix.lex
    lemma = token.lemma_.lower()
    if item_verb(ix, token, topic):
        lemma = token.text.lower().removesuffix("ed").removesuffix("e") if lemma == token.lower_ else lemma
        lemma = next((k for k in lex.verb_cues if token.lower_.startswith(k)), lemma)
    cues = lex.verb_cues.get(lemma, [])
    kids = ix.children(token)
    words = {c.lower_ for c in kids} | {c.lemma_.lower() for c in kids}
    with_particle = [c for c in cues if c.particle is not None and c.particle in words]
    if with_particle:
        return with_particle
    return [c for c in cues if c.particle is None]


def evaluation_of(ix: ArticleIndex, word: Token) -> StanceType | None:
    """The stance a word judges with ("acceptable", "capitulation"), else that of a modifier of it."""
    found = ix.lex.evaluation(word.lemma_.lower())
    if found is None:
        found = next(
            (
                e
                for c in ix.children(word)
                if c.dep_ in ("amod", "compound") and (e := ix.lex.evaluation(c.lemma_.lower())) is not None
            ),
            None,
        )
    return found


# Verbs that say what their subject is, with where the judging word hangs: "was / became / remains
# acceptable" (a complement), "could serve as a basis", "may be taken as a basis" (an "as" phrase), "could
# form the basis", "constitutes a step" (an object).
LINKING_VERBS = frozenset({"be", "become", "remain", "seem", "look", "sound", "appear"})
AS_VERBS = frozenset({"serve", "act", "take", "see", "view", "regard", "consider", "treat", "use"})
OBJECT_VERBS = frozenset({"form", "constitute", "represent", "provide", "offer", "make"})
# Modals of possibility leave a judgement said: "said the text could serve as a basis" is the speaker's view
# of the text now, where "would" and "should" say what might be or ought to be.
POSSIBILITY_MODALS = frozenset({"could", "can", "may", "might"})


def copula_judgement(ix: ArticleIndex, clause: Token) -> StanceType | None:
    """The stance a linking verb takes by what it says its subject is: "was acceptable", "is a good basis",
    "was pure propaganda", "could serve as a basis" (the complement's head, else a word modifying it)."""
    complement = predicative_complement(ix, clause)
    return evaluation_of(ix, complement) if complement is not None else None


def predicative_complement(ix: ArticleIndex, clause: Token) -> Token | None:
    """What a linking verb says its subject is: the complement of "be", the "as" object of "serve as", the
    object of "form"; None for other verbs."""
    lemma = clause.lemma_.lower()
    kids = ix.children(clause)
    if lemma in LINKING_VERBS:
        return next((c for c in kids if c.dep_ in ("attr", "acomp", "oprd")), None)
    if lemma in AS_VERBS:
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "as"), None)
        return next((c for c in ix.children(prep) if c.dep_ == "pobj"), None) if prep is not None else None
    if lemma in OBJECT_VERBS:
        return next((c for c in kids if c.dep_ == "dobj"), None)
    return None


def only_possible(ix: ArticleIndex, clause: Token) -> bool:
    """Is every modal of ``clause`` one of possibility ("could serve", "may be taken")?"""
    modals = [c.lower_ for c in ix.children(clause) if c.dep_ == "aux" and c.lower_ in ix.lex.hypothetical_modals]
    return bool(modals) and all(m in POSSIBILITY_MODALS for m in modals)


def has_cue(ix: ArticleIndex, clause: Token) -> bool:
    """Is there a cue verb in ``clause`` (itself included)?"""
    return ix.cue_verbs.any_under(clause, besides=clause) or clause.lemma_.lower() in ix.lex.verb_cues
