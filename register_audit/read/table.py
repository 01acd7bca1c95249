"""The table every reader gives: a header and numbered rows of text cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

# Reported rows are capped so one message stays one readable sentence.
MAX_LISTED_ROWS = 10


@dataclass(frozen=True, slots=True)
class Table:
    """A header and its rows, every cell text; `rows` pairs each row with its 1-based number.

    `rows` may be a one-pass iterator (CSV streams its rows, so a million-row file is never
    held twice); a reader's row errors are raised when the iteration reaches the end.
    """

    path: str
    header: tuple[str, ...]
    rows: Iterable[tuple[int, Sequence[str]]]
