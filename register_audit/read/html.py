"""Read the register table of an HTML page (a legal act as published) into a Table."""

from __future__ import annotations

import re
from pathlib import Path

from register_audit.errors import InputError
from register_audit.read.grid import Cell, CellBudget, GridRow, grid_to_table, looks_like_register
from register_audit.read.encodings import decode
from register_audit.read.table import Table

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# The HTML standard's limits on spans; larger values are errors or attacks, not tables.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
# The page is parsed whole into a tree (~100 bytes a node): a few MB of `<b>` would take a GiB.
# A legal act with a register table of 2,000,000 cells holds a few million tags at most.
_MAX_TAGS = 4_000_000


def read_html(path: Path, data: bytes, sheet: str | None) -> Table:
    """The table that looks most like a register (a name-like header, then the most rows); spans expanded."""
    import lxml.html
    from lxml import etree

    if data.count(b"<") > _MAX_TAGS:
        raise InputError(path, f"the page holds more than {_MAX_TAGS:,} tags, far more than a register table's; save the table as CSV.")
    text = _html_text(path, data)
    try:
        document = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(no_network=True, remove_comments=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(path, f"cannot be parsed as HTML ({error}).") from None
    tables = [t for t in document.iter("table") if not t.xpath(".//table")]  # innermost: layout tables wrap others
    budget = CellBudget(path)
    grids = [_grid(table, budget) for table in tables]
    grids = [g for g in grids if g[0]]
    if not grids:
        raise InputError(path, "has no HTML table (<table> with rows); a register must be a table.")
    grid, header_numbers = max(grids, key=lambda g: looks_like_register(g[0]))
    return grid_to_table(path, grid, header_numbers=header_numbers)


def _html_text(path: Path, data: bytes) -> str:
    """The page as text: by its declared charset when that decodes it, else as any text file."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = decode(path, data)
    else:
        text = decode(path, data)
    return _XML_DECLARATION.sub("", text.lstrip("\ufeff"))


def _grid(table, budget: CellBudget) -> tuple[list[GridRow], frozenset[int]]:
    """The table's rows with rowspan/colspan expanded, and the numbers of its leading <th>-only rows."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    pending: dict[int, tuple[int, Cell]] = {}  # column -> (rows still covered, cell)
    grid: list[GridRow] = []
    header: set[int] = set()
    for number, tr in enumerate(rows, start=1):
        cells: list[Cell] = []
        column = 0
        elements = tr.xpath("./td | ./th")

        def carry() -> None:
            nonlocal column
            while column in pending:
                left, cell = pending[column]
                cells.append(cell)
                if left <= 1:
                    del pending[column]
                else:
                    pending[column] = (left - 1, cell)
                column += 1

        for index, element in enumerate(elements):
            carry()
            cell = Cell(element.text_content(), (number, index))
            colspan = _span(element.get("colspan"), _MAX_COLSPAN)
            rowspan = _span(element.get("rowspan"), _MAX_ROWSPAN, zero=len(rows) - number + 1)
            budget.check_width(number, column + colspan)
            for _ in range(colspan):
                cells.append(cell)
                if rowspan > 1:
                    pending[column] = (rowspan - 1, cell)
                column += 1
        last = max(pending, default=-1)
        while column <= last:  # spans from above, right of this row's cells
            if column in pending:
                carry()
            else:
                cells.append(Cell("", (number, "gap", column)))
                column += 1
        budget.add(number, len(cells))
        # The header is the first run of rows made only of <th> cells.
        if elements and all(e.tag == "th" for e in elements) and (not header or number - 1 in header):
            header.add(number)
        grid.append((number, cells))
    return grid, frozenset(header)


def _span(value: str | None, limit: int, *, zero: int = 1) -> int:
    """A colspan/rowspan attribute as the HTML standard reads it: digits, 1 when absent or bad."""
    digits = re.match(r"\s*(\d+)", value or "")
    if not digits:
        return 1
    number = int(digits.group(1)[:6])
    if number == 0:
        return max(1, zero)  # rowspan="0" spans to the end of the table
    return min(number, limit)
