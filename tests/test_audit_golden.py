"""Whole audit reports, every format, compared with reviewed golden files (--update-golden rewrites them)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from register_audit.audit.budget import default_budget
from register_audit.audit.catalogue import load_catalogue
from register_audit.audit.coverage import audit
from register_audit.render.audit import AUDIT_RENDERERS
from register_audit.render.base import Format
from golden_files import check_golden
from test_coverage import small_classification

GOLDEN = Path(__file__).resolve().parent / "golden" / "audit"
SUFFIX = {Format.table: "txt", Format.json: "json", Format.markdown: "md", Format.csv: "csv", Format.html: "html",
          Format.xlsx: "xlsx.txt"}


def _sheets(data: bytes) -> str:
    """A workbook's sheets as text (one tab-separated line per row), to compare with a golden file."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        lines += ["\t".join("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)]
    return "\n".join(lines) + "\n"


def _rendered(fmt: Format) -> str:
    classification = small_classification()
    payload = AUDIT_RENDERERS[fmt](audit(classification, load_catalogue(), default_budget(classification.meta)))
    if isinstance(payload, str):
        return payload
    if isinstance(payload, bytes):
        return _sheets(payload)
    console = Console(width=100, file=io.StringIO(), record=True, color_system=None)
    console.print(payload)
    return console.export_text()


def test_every_audit_format_has_a_renderer_and_a_golden_file():
    """The formats DESIGN.md promises for `audit`, no more, no fewer."""
    assert set(AUDIT_RENDERERS) == set(SUFFIX)


@pytest.mark.parametrize("fmt", list(SUFFIX), ids=[f.value for f in SUFFIX])
def test_the_small_register_audit_matches_its_golden_file(fmt, update_golden):
    """The 17-service Kazakh subset renders exactly as reviewed."""
    check_golden(GOLDEN / f"kz_small.{SUFFIX[fmt]}", _rendered(fmt), update_golden)
