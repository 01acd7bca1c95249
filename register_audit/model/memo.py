"""The one bounded memo: a dict that empties itself when full, so a cache never grows without bound."""

from __future__ import annotations

from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict, Generic[K, V]):
    """Values remembered by key, at most LIMIT at once: when full it is emptied, and what is asked
    again is computed again (simpler than LRU bookkeeping on a hot path, and as bounded). Read with
    `get` (a plain dict lookup); write with `put`. Owned by one object (an engine, a reader),
    never by the process."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


__all__ = ["Memo"]
