"""What a predicate is about: the points or entities its object, prepositions, infinitive or clausal
content name ("rejected the demand to withdraw", "support for Ukraine", "warned that changes to the
plan would not be acceptable"), looking deeper for some types ("gains in Donetsk")."""

from __future__ import annotations

from spacy.tokens import Token

from peacegraph.graph.model import STANCE_TARGETS, StanceType
from peacegraph.loaders.rules.context import ArticleIndex
from peacegraph.loaders.rules.entities import Entities
from peacegraph.loaders.rules.points import Points

ARGUMENT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "pobj", "nsubjpass", "obj", "appos"})
# Types whose target may lie deeper in the object: "alluding to recent gains in Donetsk".
NESTED_TYPES = frozenset({StanceType.ATTACKS, StanceType.CLAIMS, StanceType.SUPPORTS})
# Types whose target may come from a clause ("refused to translate the recognition of territory"):
# points and plans only.
CONTENT_TYPES = frozenset({StanceType.SUPPORTS, StanceType.REJECTS, StanceType.CRITICIZES, StanceType.CLAIMS})
# Types whose clausal object names its target by its subject: "demanded that Kyiv withdraw".
ASKING_TYPES = frozenset({StanceType.DEMANDS, StanceType.THREATENS, StanceType.PROPOSES})


class Targets:
    """The targets of the predicates of one article."""

    def __init__(self, ix: ArticleIndex, entities: Entities, points: Points) -> None:
        self.ix = ix
        self.lex = ix.lex
        self._children = ix.children
        self.entities = entities
        self.points = points

    def of_object(self, head: Token, rel_type: StanceType, *, clausal: bool) -> list[str]:
        """Targets in the arguments of ``head``: points first, else the named entities."""
        arguments, clauses = self._arguments(head, rel_type, clausal=clausal)
        points = self.points(arguments)
        if points:
            return points
        found = self._argument_entities(arguments, rel_type)
        if found:
            return found
        return self._clause_targets(clauses, rel_type)

    def _arguments(self, head: Token, rel_type: StanceType, *, clausal: bool) -> tuple[list[Token], list[Token]]:
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
        return arguments, clauses

    def _argument_entities(self, arguments: list[Token], rel_type: StanceType) -> list[str]:
        found: list[str] = []
        for arg in arguments:
            found += self.entities(arg)
            if arg.dep_ == "pcomp" or (arg.pos_ == "VERB" and arg.dep_ not in ("pobj", "xcomp")):
                found += self.of_object(arg, rel_type, clausal=False)
        if not found:  # "lays claim | to which", "urged sanctions | against Moscow": the object's own phrase
            found = self._object_phrase_entities(arguments, rel_type)
        if not found:  # "pledged to provide Ukraine with ...", but "urged Europe | to buy weapons for Kyiv"
            for arg in (a for a in arguments if a.dep_ == "xcomp"):
                found += self.of_object(arg, rel_type, clausal=False)
        if not found and rel_type in NESTED_TYPES:
            for arg in arguments:
                found += self.nested(arg, rel_type)
        if not found:
            found = self.points(arguments, rel_type)  # last resort: a point named by its topics
        return found

    def _object_phrase_entities(self, arguments: list[Token], rel_type: StanceType) -> list[str]:
        found: list[str] = []
        for arg in (a for a in arguments if a.dep_ == "dobj"):
            for child in self._children(arg):
                if child.dep_ == "prep" and child.lower_ in self.lex.prepositions(rel_type):
                    found += [e for obj in self._children(child) if obj.dep_ == "pobj" for e in self.entities(obj)]
        return found

    def _clause_targets(self, clauses: list[Token], rel_type: StanceType) -> list[str]:
        found: list[str] = []
        for clause in clauses:
            points = self.points([clause], rel_type)
            if points:
                return points
            if rel_type in ASKING_TYPES:
                subject = [c for c in self._children(clause) if c.dep_ in ("nsubj", "nsubjpass")]
                if subject:
                    found += self.entities(subject[0])
                else:
                    found += self.of_object(clause, rel_type, clausal=False)
            elif rel_type in CONTENT_TYPES:  # "warned that changes to the plan would not be acceptable"
                plan = self.points.first_plan_outside_asides(clause)
                found += [plan] if plan is not None else []
        return found

    def nested(self, token: Token, rel_type: StanceType, depth: int = 0) -> list[str]:
        """The first entities under ``token`` through prepositions and participles: "gains in Donetsk",
        "lines known as the Fortress Belt", "peace involving Ukraine"."""
        if depth > 3:
            return []
        allowed = STANCE_TARGETS[rel_type]
        for child in self._children(token):
            for obj in self._nested_objects(child):
                found = [e for e in self.entities(obj) if self.ix.type(e) in allowed]
                found = found or self.nested(obj, rel_type, depth + 1)
                if found:
                    return found
        return []

    def _nested_objects(self, child: Token) -> list[Token]:
        """The objects of a preposition or participle: "in | Donetsk", "known | as the Fortress Belt"."""
        if child.dep_ == "prep":
            return [obj for obj in self._children(child) if obj.dep_ == "pobj"]
        if child.dep_ == "acl" and child.tag_ in ("VBN", "VBG"):
            objects = [obj for obj in self._children(child) if obj.dep_ in ("dobj", "prep")]
            return [o for obj in objects for o in ([obj] if obj.dep_ == "dobj" else self._children(obj))]
        return []

    def of_verb(self, verb: Token, rel_type: StanceType) -> list[str]:
        """The targets of a verb: its passive subject, the noun a participle modifies, else its arguments."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in self._children(verb))
        if passive:
            for child in self._children(verb):
                if child.dep_ == "nsubjpass":
                    return self.entities(child)
        if (
            verb.dep_ in ("acl", "relcl")
            and verb.tag_ == "VBN"
            and not any(c.dep_ == "dobj" for c in self._children(verb))
        ):
            return self.entities(verb.head)
        targets = self.of_object(verb, rel_type, clausal=True)
        where = (
            verb.dep_ == "relcl"
            and any(c.lower_ == "where" for c in self._children(verb))
            and rel_type == StanceType.ATTACKS
        )
        if where and not targets:  # "the city, where Russian drones struck": the place
            targets = self.entities(verb.head)
        if where:
            targets = [*self.entities(verb.head), *targets]
        return targets

    def of_noun(self, noun: Token, rel_type: StanceType) -> list[str]:
        targets = self.of_object(noun, rel_type, clausal=False)
        if not targets and rel_type in NESTED_TYPES:
            targets = self.nested(noun, rel_type)
        if not targets:
            for child in self._children(noun):
                if child.dep_ == "acl":
                    targets += self.of_object(child, rel_type, clausal=False)
        return targets
