"""Terminal tables that fit the console's width (80 columns, the width of a pipe): fewer columns, never stacked letters."""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table

NARROW = 100  # below this many columns a report drops or folds what does not fit


class Fitted:
    """A renderable built for the width it is given: BUILD(width) makes the table for that width."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def text_width(text: str) -> int:
    """The widest line of TEXT, in terminal cells."""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def shorten(text: str, width: int) -> str:
    """TEXT cut at a word to at most WIDTH cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    cut = text[: max(width - 1, 1)]
    if " " in cut[width // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


class Columns:
    """A table whose rows are labels and whose columns are editions (or steps), split into as many
    tables as the width needs, each repeating the label column, so that no column header (an
    edition's name) is ever cut: `ca/2016-2017` stays `ca/2016-2017` at 80 columns."""

    def __init__(self, title: str, label: str, labels: Sequence[str], columns: Sequence[tuple[str, Sequence[str]]],
                 *, caption: str | None = None, label_width: int = 34) -> None:
        self.title, self.label, self.labels, self.columns = title, label, list(labels), list(columns)
        self.caption, self.label_width = caption, label_width

    def _label_min(self) -> int:
        """The label column's narrowest width: its longest word-free label (`human_partial_share`)
        whole, or half its longest label, whichever is wider."""
        longest = min(self.label_width, max(text_width(x) for x in (self.label, *self.labels)))
        words = max(cell_len(w) for x in (self.label, *self.labels) for w in x.split())
        return min(longest, max(longest // 2, words, 14))

    def _chunks(self, width: int) -> Iterable[list[tuple[str, Sequence[str]]]]:
        room = width - 1 - (self._label_min() + 3)
        chunk: list[tuple[str, Sequence[str]]] = []
        used = 0
        for header, cells in self.columns:
            need = max(text_width(header), *(text_width(c) for c in cells)) + 3
            if chunk and used + need > room:
                yield chunk
                chunk, used = [], 0
            chunk.append((header, cells))
            used += need
        if chunk:
            yield chunk

    def build(self, width: int) -> RenderableType:
        from rich.console import Group

        chunks = list(self._chunks(width))
        tables = []
        for n, chunk in enumerate(chunks, 1):
            title = self.title + (f" ({n} of {len(chunks)})" if len(chunks) > 1 else "")
            table = Table(title=title, title_justify="left", caption=self.caption if n == len(chunks) else None,
                          caption_justify="left")
            table.add_column(self.label, overflow="fold", max_width=self.label_width, min_width=self._label_min())
            for header, _ in chunk:
                table.add_column(header, justify="right", no_wrap=True)
            for i, label in enumerate(self.labels):
                table.add_row(label, *(cells[i] for _, cells in chunk))
            tables.append(table)
        return Group(*tables)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


__all__ = ["Columns", "Fitted", "NARROW", "shorten", "text_width"]
