"""One doc's dependency parse, indexed once, so that rules never rescan a sentence per token.

spaCy's own navigation costs as much as what it walks over: ``token.sent``
scans to both sentence boundaries, ``token.children`` scans the token's whole
extent, ``token.subtree`` visits every descendant, a walk up to the root is as
long as the tree is deep. Asked once per token, cue or mention, each makes the
reading of a sentence quadratic in its length, and worse on deep trees (a
chain of nested quotations, a list of a thousand places, a text without
punctuation). ``ParseTree`` is built in linear time per doc and answers the
same questions in constant or logarithmic time:

* each token's sentence and children, precomputed;
* each token's subtree as a contiguous range of an in-order numbering of the
  tree (the order in which ``token.subtree`` yields tokens), so "does
  something of this kind occur under this clause, and where first" is a
  binary search in the sorted positions of the tokens of that kind
  (``Positions``);
* walks up the tree memoised per question (``climb``): every token is
  visited once per question whatever the number of tokens that ask it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

UP = object()
"""What a ``climb`` step returns to go on to the head of the node."""


class ParseTree:
    """Sentences, children and in-order subtree ranges of every token of ``doc``."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: list[Token] = list(doc)
        count = len(self.tokens)
        heads = [token.head.i for token in self.tokens]
        kids: list[list[int]] = [[] for _ in range(count)]
        for i, head in enumerate(heads):
            if head != i:
                kids[head].append(i)
        self._children: list[tuple[Token, ...]] = [tuple(self.tokens[j] for j in ids) for ids in kids]
        self.order: list[int] = []  # token indices in the order token.subtree yields them
        self.position = [0] * count  # token index -> its place in ``order``
        self.low = [0] * count  # a token's subtree is order[low:high]
        self.high = [0] * count
        self.min_index = list(range(count))  # the first token index of each subtree
        for root in (i for i in range(count) if heads[i] == i):
            self._number(root, kids)
        self._sentences: list[Span | None] = [None] * count
        if count and doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                for i in range(sent.start, sent.end):
                    self._sentences[i] = sent
        self.memo: dict[str, dict[int, object]] = {}

    def _number(self, root: int, kids: list[list[int]]) -> None:
        """Number ``root``'s tree in order (left children's subtrees, the token, right children's), no recursion."""
        stack = [(root, 0)]
        while stack:
            node, phase = stack.pop()
            if phase == 0:
                self.low[node] = len(self.order)
                stack.append((node, 2))
                stack.extend((child, 0) for child in reversed(kids[node]) if child > node)
                stack.append((node, 1))
                stack.extend((child, 0) for child in reversed(kids[node]) if child < node)
            elif phase == 1:
                self.position[node] = len(self.order)
                self.order.append(node)
            else:
                self.high[node] = len(self.order)
                for child in kids[node]:
                    self.min_index[node] = min(self.min_index[node], self.min_index[child])

    # --- navigation ------------------------------------------------------------

    def children(self, token: Token) -> tuple[Token, ...]:
        """``token.children``, in the same order, without scanning the token's extent."""
        return self._children[token.i]

    def sent(self, token: Token) -> Span:
        """``token.sent`` without scanning to the sentence boundaries."""
        return self._sentences[token.i] or token.sent

    def subtree(self, token: Token) -> Iterator[Token]:
        """``token.subtree``, in the same order."""
        for position in range(self.low[token.i], self.high[token.i]):
            yield self.tokens[self.order[position]]

    def left_edge(self, token: Token) -> int:
        """The smallest token index of ``token``'s subtree."""
        return self.min_index[token.i]

    def coordination(self, token: Token) -> Token:
        """The first member of the coordination ``token`` is in (up its ``conj`` arcs), else ``token``."""
        found = self.climb(token, "coordination", _coordination_step)
        assert isinstance(found, Token)
        return found

    def contains(self, root: Token, token: Token) -> bool:
        """Is ``token`` in ``root``'s subtree (``root`` itself included)?"""
        return self.low[root.i] <= self.position[token.i] < self.high[root.i]

    def positions(self, indices: Iterable[int]) -> Positions:
        """The tokens ``indices``, indexed for subtree queries."""
        return Positions(self, indices)

    def climb(self, token: Token, question: str, step: Callable[[Token], object]) -> object:
        """The answer of a walk up from ``token``: ``step(node)`` returns the answer or ``UP`` to ask the
        head; it must answer at the root. The walk is the same from every node it passes, so every node
        passed keeps the answer under ``question``: a token is stepped on once per question."""
        memo = self.memo.setdefault(question, {})
        passed: list[int] = []
        node = token
        while node.i not in memo:
            passed.append(node.i)
            answer = step(node)
            if answer is not UP:
                break
            node = node.head
        else:
            answer = memo[node.i]
        for i in passed:
            memo[i] = answer
        return answer


def _coordination_step(node: Token) -> object:
    return UP if node.dep_ == "conj" and node.head.i != node.i else node


class Positions:
    """Tokens of one kind (a cue word, a mention of a plan, ...) by their place in the in-order numbering."""

    def __init__(self, tree: ParseTree, indices: Iterable[int]) -> None:
        self.tree = tree
        self.sorted = sorted(tree.position[i] for i in indices)

    def _range(self, root: Token) -> tuple[int, int]:
        low = bisect_left(self.sorted, self.tree.low[root.i])
        high = bisect_left(self.sorted, self.tree.high[root.i], low)
        return low, high

    def under(self, root: Token) -> Iterator[Token]:
        """The tokens in ``root``'s subtree, in ``root.subtree`` order."""
        low, high = self._range(root)
        tree = self.tree
        for k in range(low, high):
            yield tree.tokens[tree.order[self.sorted[k]]]

    def first_under(self, root: Token) -> Token | None:
        """The first of the tokens in ``root``'s subtree, in ``root.subtree`` order."""
        return self.first_between(self.tree.low[root.i], self.tree.high[root.i])

    def first_between(self, low: int, high: int) -> Token | None:
        """The first of the tokens at in-order positions ``low``..``high`` (exclusive)."""
        k = bisect_left(self.sorted, low)
        if k < len(self.sorted) and self.sorted[k] < high:
            return self.tree.tokens[self.tree.order[self.sorted[k]]]
        return None

    def any_under(self, root: Token, *, besides: Token | None = None) -> bool:
        """Is one of the tokens in ``root``'s subtree (other than ``besides``)?"""
        low, high = self._range(root)
        if besides is None or not self.tree.contains(root, besides):
            return high > low
        own = self.tree.position[besides.i]
        k = bisect_left(self.sorted, own, low, high)
        listed = k < high and self.sorted[k] == own
        return high - low > (1 if listed else 0)
