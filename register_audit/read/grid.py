"""Turn a grid of cell texts (spans expanded) into a Table: find the header, lift section headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Hashable

from register_audit.errors import InputError
from register_audit.read.table import Table

# A title block above the header rarely runs past a few dozen rows; beyond that the sheet has no header.
_HEADER_SEARCH_ROWS = 50
# Two- or three-row headers occur in legal acts; deeper "headers" are data.
_MAX_HEADER_ROWS = 3
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Stems of a service-name header in the register's languages: how a register table is told apart
# from a layout or signature table in the same document.
_NAME_STEMS = ("наименован", "атау", "name", "title", "nimetus", "service", "услуг", "қызмет")
_SECTION_HEADERS = frozenset({"section", "раздел", "бөлім"})
JOIN = " / "  # parent and child text of a two-row header
# Bounds on a grid once spans and merges are spread: a register has tens of columns, and these
# stop a small file that claims huge spans or dimensions from taking minutes and gigabytes.
MAX_COLUMNS = 1000
MAX_CELLS = 2_000_000  # a Cell is ~200 bytes spread: 5 million took over a GiB


@dataclass(frozen=True, slots=True)
class Cell:
    """One position of the grid: its text, and the source cell it comes from (shared by a span)."""

    text: str
    origin: Hashable


GridRow = tuple[int, list[Cell]]


class CellBudget:
    """Counts the cells a reader spreads into a grid and stops it at MAX_COLUMNS wide or MAX_CELLS in all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cells = 0

    def check_width(self, number: int, width: int) -> None:
        if width > MAX_COLUMNS:
            raise InputError(self.path, f"the table reaches column {width} (its spans or cells), more than the {MAX_COLUMNS} "
                             "columns a register table can have.", row=number)

    def add(self, number: int, width: int) -> None:
        self.check_width(number, width)
        self.cells += width
        if self.cells > MAX_CELLS:
            raise InputError(self.path, f"the table has more than {MAX_CELLS:,} cells once its merged and spanned cells are "
                             "spread, more than a register holds; save the register table as CSV.", row=number)


def clean(text: str) -> str:
    """Cell text with runs of whitespace (line breaks inside a cell, NBSP) folded to one space."""
    return " ".join(text.split())


def grid_to_table(path: Path, grid: list[GridRow], *, header_numbers: frozenset[int] = frozenset()) -> Table:
    """A Table from GRID: the header (the rows numbered HEADER_NUMBERS, else found), data rows, sections.

    Section headings (a row whose one text sits in its first cell or spans several columns) are
    dropped from the rows and become the `section` cell of the rows below them.
    """
    grid = [(n, cells) for n, cells in grid if any(c.text.strip() for c in cells)]
    width = max((len(cells) for _, cells in grid), default=0)
    budget = CellBudget(path)
    for number, cells in grid:
        budget.check_width(number, len(cells))
    if len(grid) * width > MAX_CELLS:
        budget.add(grid[-1][0], len(grid) * width)
    rows = [(n, _pad(cells, width, n)) for n, cells in grid]
    if not rows:
        raise InputError(path, "the table has no text in any cell.")
    marked = [i for i, (n, _) in enumerate(rows) if n in header_numbers]
    if marked:
        start = marked[0]
        depth = 1
        while depth < _MAX_HEADER_ROWS and start + depth in marked:
            depth += 1
    else:
        start = _find_header(path, rows)
        depth = _header_depth(rows, start)
    header = _header_texts(rows[start:start + depth])
    # A row with text only in its first cell is a heading unless that column holds the names.
    first_is_name = any(stem in header[0].casefold() for stem in _NAME_STEMS)
    body = rows[start + depth:]
    if body and _is_numbering_row(body[0][1]):
        body = body[1:]  # legal acts number their columns "1 2 3 …" under the header
    section_at = next((i for i, h in enumerate(header) if h.casefold() in _SECTION_HEADERS), None)
    section = ""
    found_heading = False
    out: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in body:
        texts = tuple(c.text for c in cells)
        heading = _heading(cells, first_is_name=first_is_name)
        if heading is not None:
            section, found_heading = heading, True
            continue
        if list(texts) == header:
            continue  # the header repeated on every page of a printed act
        if section_at is not None and not texts[section_at]:
            texts = texts[:section_at] + (section,) + texts[section_at + 1:]
        elif section_at is None:
            texts = texts + (section,)
        out.append((number, texts))
    if section_at is None:
        if found_heading:
            header.append("section")
        else:
            out = [(n, t[:-1]) for n, t in out]
    return _drop_empty_columns(Table(str(path), tuple(header), out))


def looks_like_register(grid: list[GridRow]) -> tuple[bool, int]:
    """Sort key for picking a document's register table: a name-like header first, then most rows."""
    head = " ".join(c.text.casefold() for _, cells in grid[:_HEADER_SEARCH_ROWS] for c in cells[:20])
    return any(stem in head for stem in _NAME_STEMS), len(grid)


def _pad(cells: list[Cell], width: int, number: int) -> list[Cell]:
    texts = [Cell(clean(c.text), c.origin) for c in cells]
    return texts + [Cell("", ("pad", number, i)) for i in range(len(texts), width)]


def _distinct(cells: list[Cell]) -> list[Cell]:
    """The non-empty source cells of a row, once each however many columns they span."""
    seen: dict[Hashable, Cell] = {}
    for cell in cells:
        if cell.text and cell.origin not in seen:
            seen[cell.origin] = cell
    return list(seen.values())


def _is_header_like(cells: list[Cell], width: int) -> bool:
    texts = [c for c in _distinct(cells) if _LETTER.search(c.text)]
    filled = sum(1 for c in cells if c.text)
    return len(texts) >= 2 and filled * 2 >= width


def _find_header(path: Path, rows: list[GridRow]) -> int:
    """The first row with two or more text cells over at least half the width, followed by rows."""
    width = len(rows[0][1])
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if _is_header_like(cells, width):
            return index
    if width >= 2:
        return 0  # no text header: the profile step will say which column is missing
    raise InputError(path, "no row of the table looks like a header (two or more text cells); give a table with column names.")


def _header_depth(rows: list[GridRow], start: int) -> int:
    """How many rows the header spans: more than one when its cells are merged down into the next rows,
    or the next row only fills columns under a merged parent cell."""
    depth = 1
    top = rows[start][1]
    while depth < _MAX_HEADER_ROWS and start + depth < len(rows):
        below = rows[start + depth][1]
        merged_down = any(a.origin == b.origin and a.text for a, b in zip(top, below))
        spanned = {i for i, c in enumerate(top) if sum(1 for d in top if d.origin == c.origin) > 1}
        fills_children = bool(spanned) and all(not c.text or i in spanned for i, c in enumerate(below)) and any(c.text for c in below)
        if not (merged_down or fills_children) or _heading(below) is not None:
            break
        depth += 1
        top = below
    return depth


def _header_texts(rows: list[GridRow]) -> list[str]:
    """One name per column: the texts of the header rows joined parent-to-child, unique, never empty."""
    width = len(rows[0][1])
    names: list[str] = []
    for column in range(width):
        parts: list[str] = []
        for _, cells in rows:
            text = cells[column].text
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(JOIN.join(parts) or f"column_{column + 1}")
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _heading(cells: list[Cell], *, first_is_name: bool = False) -> str | None:
    """The text of a section-heading row, or None: one source cell with letters, spanning several
    columns or (unless the first column holds the names) alone in the first, in a table of two or
    more columns."""
    if len(cells) < 2:
        return None
    distinct = _distinct(cells)
    if len(distinct) != 1 or not _LETTER.search(distinct[0].text):
        return None
    only = distinct[0]
    span = sum(1 for c in cells if c.origin == only.origin)
    return only.text if span > 1 or (cells[0].origin == only.origin and not first_is_name) else None


def _is_numbering_row(cells: list[Cell]) -> bool:
    texts = [c.text for c in _distinct(cells)]
    return len(texts) >= 2 and texts == [str(i) for i in range(1, len(texts) + 1)]


def _drop_empty_columns(table: Table) -> Table:
    """Drop unnamed columns with no text (stray formatting to the right of an Excel table)."""
    keep = [
        i for i, name in enumerate(table.header)
        if not name.startswith("column_") or any(cells[i] for _, cells in table.rows)
    ]
    if len(keep) == len(table.header):
        return table
    return Table(table.path, tuple(table.header[i] for i in keep), [(n, tuple(c[i] for i in keep)) for n, c in table.rows])
