"""Read the register table of a DOCX document (a legal act as published) into a Table."""

from __future__ import annotations

import io
from pathlib import Path

from register_audit.errors import InputError, RegisterAuditError
from register_audit.read.grid import Cell, GridRow, grid_to_table, looks_like_register
from register_audit.read.sources import Table


def read_docx(path: Path, data: bytes, sheet: str | None) -> Table:
    """The body table that looks most like a register; merged cells (gridSpan, vMerge) expanded."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        grids = [_grid(table) for table in document.tables]
    except RegisterAuditError:
        raise
    except Exception as error:  # python-docx raises many types for a damaged package
        text = " ".join(str(error).split())[:120]
        raise InputError(path, f"cannot be read as a DOCX document ({type(error).__name__}: {text}); it may be corrupt.") from None
    grids = [g for g in grids if any(cells for _, cells in g)]
    if not grids:
        raise InputError(path, "has no table; a register must be a table in the document.")
    return grid_to_table(path, max(grids, key=looks_like_register))


def _grid(table) -> list[GridRow]:
    """Rows of cells from the table's XML: a gridSpan repeats a cell rightwards, a vMerge
    continuation repeats the cell above (python-docx proxies have no stable identity to compare)."""
    from docx.table import _Cell

    grid: list[GridRow] = []
    above: dict[int, Cell] = {}
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells: list[Cell] = [Cell("", (number, "before", i)) for i in range(tr.grid_before)]
        for index, tc in enumerate(tr.tc_lst):
            column = len(cells)
            if tc.vMerge == "continue" and column in above:
                cell = above[column]
            else:
                cell = Cell(_Cell(tc, table).text, (number, index))
            for _ in range(max(1, min(tc.grid_span, 1000))):
                above[len(cells)] = cell
                cells.append(cell)
        grid.append((number, cells))
    return grid
