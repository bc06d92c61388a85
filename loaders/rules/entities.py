"""Which entities a noun phrase names: its mention, its owners ("Ukraine's army"), "of" phrases,
appositions, the antecedent of a relative pronoun, and all of it over coordinated conjuncts.

Nothing here depends on the discourse, so answers are memoised per article.
"""

from __future__ import annotations

from spacy.tokens import Token

from peacegraph.loaders.mentions import MentionKind
from peacegraph.loaders.rules.context import MAX_COORDINATED, RELATIVE_PRONOUNS, ArticleIndex


class Entities:
    """Entities named by the noun phrases of one article."""

    def __init__(self, ix: ArticleIndex) -> None:
        self.ix = ix
        self.tree = ix.tree
        self._children = ix.children

    def __call__(self, token: Token, *, depth: int = 0) -> list[str]:
        """Entities a noun phrase headed by ``token`` names (its first ``MAX_COORDINATED`` conjuncts included)."""
        key = (token.i, depth)
        known = self.ix.entity_memo.get(key)
        if known is None:
            found: dict[str, None] = {}
            for node in self.conjunct_tree(token):
                found.update(dict.fromkeys(self._one(node, depth)))
            known = self.ix.entity_memo[key] = list(found)[:MAX_COORDINATED]
        return list(known)

    def conjunct_tree(self, token: Token) -> list[Token]:
        """``token`` and the conjuncts under it (conjuncts of conjuncts too), depth first as they are
        written, at most ``MAX_COORDINATED``."""
        found: list[Token] = []
        stack = [token]
        while stack and len(found) < MAX_COORDINATED:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed([c for c in self._children(node) if c.dep_ == "conj"]))
        return found

    def conjuncts(self, token: Token) -> list[Token]:
        """``token.conjuncts`` (the other members of its coordination), at most ``MAX_COORDINATED``."""
        output = [self.tree.coordination(token)]
        for word in output:
            if len(output) > MAX_COORDINATED:
                break
            output += [c for c in self._children(word) if c.i > word.i and c.dep_ == "conj"]
        return [w for w in output if w.i != token.i][:MAX_COORDINATED]

    def _one(self, token: Token, depth: int) -> list[str]:
        mention = self.ix.mention(token)
        if mention is not None and mention.kind != MentionKind.PROXY:
            return [mention.entity_id]
        antecedent = self._antecedent(token)
        if antecedent is not None:
            return self(antecedent, depth=depth + 1) if depth < 3 else []
        if depth >= 3:
            return []
        owners = self._owners(token)
        if owners:
            return owners
        found: list[str] = []
        for child in self._children(token):
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in self._children(child):
                    if obj.dep_ == "pobj":
                        found += self(obj, depth=depth + 1)
            if child.dep_ == "appos":
                found += self(child, depth=depth + 1)
        return found

    def _antecedent(self, token: Token) -> Token | None:
        """The noun a relative pronoun stands for: "who" in a relative clause, "regions to which it lays claim"."""
        if token.lower_ not in RELATIVE_PRONOUNS:
            return None
        if token.head.dep_ == "relcl":
            return token.head.head
        if token.dep_ != "pobj":
            return None
        clause = token.head.head
        for _ in range(3):
            if clause.dep_ == "relcl" or clause.head.i == clause.i:
                break
            clause = clause.head
        return clause.head if clause.dep_ == "relcl" else None

    def _owners(self, token: Token) -> list[str]:
        """Entities modifying ``token``: "Ukraine's", "the Zaporizhzhia and Kherson regions"."""
        owners: list[str] = []
        for child in self._children(token):
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                for part in (child, *self.conjuncts(child)):
                    inner = self.ix.mention(part)
                    if inner is not None and (inner.kind != MentionKind.PROXY or self.ix.is_proxy_head(token)):
                        owners.append(inner.entity_id)
        return owners
