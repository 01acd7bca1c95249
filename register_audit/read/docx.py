"""Read the register table of a DOCX document (a legal act as published) into a Table."""

from __future__ import annotations

import io
from pathlib import Path

from register_audit.errors import InputError, RegisterAuditError
from register_audit.read.grid import MAX_COLUMNS, Cell, CellBudget, GridRow, grid_to_table, looks_like_register
from register_audit.read.files import check_archive
from register_audit.read.table import Table


def read_docx(path: Path, data: bytes, sheet: str | None) -> Table:
    """The body table that looks most like a register; merged cells (gridSpan, vMerge) expanded."""
    import docx

    check_archive(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
        budget = CellBudget(path)
        grids = [_grid(table, budget) for table in document.tables]
    except RegisterAuditError:
        raise
    except Exception as error:  # python-docx raises many types for a damaged package
        text = " ".join(str(error).split())[:120]
        raise InputError(path, f"cannot be read as a DOCX document ({type(error).__name__}: {text}); it may be corrupt.") from None
    grids = [g for g in grids if any(cells for _, cells in g)]
    if not grids:
        raise InputError(path, "has no table; a register must be a table in the document.")
    return grid_to_table(path, max(grids, key=looks_like_register))


def _grid(table, budget: CellBudget) -> list[GridRow]:
    """Rows of cells from the table's XML: a gridSpan repeats a cell rightwards, a vMerge
    continuation repeats the cell above (python-docx proxies have no stable identity to compare)."""
    from docx.table import _Cell

    grid: list[GridRow] = []
    above: dict[int, Cell] = {}
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        before = min(tr.grid_before, MAX_COLUMNS + 1)
        budget.check_width(number, before)
        cells: list[Cell] = [Cell("", (number, "before", i)) for i in range(before)]
        for index, tc in enumerate(tr.tc_lst):
            column = len(cells)
            if tc.vMerge == "continue" and column in above:
                cell = above[column]
            else:
                cell = Cell(_Cell(tc, table).text, (number, index))
            span = max(1, min(tc.grid_span, MAX_COLUMNS + 1))
            budget.check_width(number, len(cells) + span)
            for _ in range(span):
                above[len(cells)] = cell
                cells.append(cell)
        budget.add(number, len(cells))
        grid.append((number, cells))
    return grid
