"""Items indexed by the first word of their patterns, so a text tries only what one of its words can start."""

from __future__ import annotations

from typing import Generic, Hashable, Iterable, TypeVar

from register_audit.model.memo import Memo
from register_audit.rules.text import Pattern

T = TypeVar("T", bound=Hashable)

# Distinct words remembered per index: a register's names share most of their words even when
# no two names are alike, so each word's lookup is done once (emptied when full).
WORDS_REMEMBERED = 200_000


class FirstWordIndex(Generic[T]):
    """ITEMS (rule clauses, catalogue patterns) by the first word of a pattern that must match for
    them: an exact word, or the stem of a prefix pattern (`врач*`). Never loses a match: an item
    whose pattern starts a text is found from that text's first matched word."""

    def __init__(self) -> None:
        self.exact: dict[str, set[T]] = {}
        self.prefix: dict[str, set[T]] = {}
        self.lengths: tuple[int, ...] = ()
        self.words: Memo[str, frozenset[T]] = Memo(WORDS_REMEMBERED)

    def add(self, pattern: Pattern, item: T) -> None:
        stem = pattern.words[0]
        table = self.prefix if pattern.prefix[0] else self.exact
        table.setdefault(stem, set()).add(item)
        if pattern.prefix[0] and len(stem) not in self.lengths:
            self.lengths = tuple(sorted((*self.lengths, len(stem))))
        if self.words:
            self.words.clear()  # an answer given before this item was added would lack it

    def by_word(self, word: str) -> frozenset[T]:
        """The items WORD can start."""
        found = self.words.get(word)
        if found is None:
            hits = set(self.exact.get(word, ()))
            for length in self.lengths:
                if length > len(word):
                    break
                hits.update(self.prefix.get(word[:length], ()))
            found = self.words.put(word, frozenset(hits))
        return found

    def candidates(self, words: Iterable[str]) -> set[T]:
        """The items any of WORDS can start."""
        found: set[T] = set()
        for word in set(words):
            found.update(self.by_word(word))
        return found


__all__ = ["FirstWordIndex", "WORDS_REMEMBERED"]
