"""Any bytes given to any reader either parse or raise the tool's own RegisterAuditError."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register_audit.errors import RegisterAuditError
from register_audit.read.sources import read_table

VALID = Path(__file__).resolve().parent / "data" / "valid"
SUFFIXES = [".csv", ".tsv", ".txt", ".json", ".jsonl", ".html", ".xlsx", ".docx"]
# Bounded so the whole property suite stays within a few seconds.
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def read_or_fail_cleanly(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path)
        list(table.rows)  # row errors surface while the rows are read
    except RegisterAuditError:
        pass


@FAST
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2048))
def test_random_bytes(tmp_path, suffix, data):
    """Random bytes under every suffix: a table or a RegisterAuditError, never another exception."""
    read_or_fail_cleanly(tmp_path, suffix, data)


TEXT_PIECES = st.sampled_from(["<table>", "<tr>", "<td>", "<th>", "</td>", "</tr>", "</table>", ' rowspan="3"', ' colspan="0"',
                               "Наименование услуги", "Раздел 1", ",", ";", "\t", "\n", '"', "{", "}", "[", "]", ":", "1", "\ufeff"])


@FAST
@given(suffix=st.sampled_from(SUFFIXES[:6]), pieces=st.lists(TEXT_PIECES, max_size=60), encoding=st.sampled_from(["utf-8", "utf-16", "cp1251"]))
def test_structured_text(tmp_path, suffix, pieces, encoding):
    """Text built from table, CSV and JSON fragments in several encodings: a table or a RegisterAuditError."""
    read_or_fail_cleanly(tmp_path, suffix, "".join(pieces).encode(encoding, errors="replace"))


@FAST
@given(name=st.sampled_from(["kz_act.xlsx", "kz_act.docx"]), position=st.integers(min_value=0), value=st.integers(0, 255))
def test_damaged_office_files(tmp_path, name, position, value):
    """A real XLSX or DOCX with one byte changed: a table or a RegisterAuditError."""
    data = bytearray((VALID / name).read_bytes())
    data[position % len(data)] = value
    read_or_fail_cleanly(tmp_path, Path(name).suffix, bytes(data))


@FAST
@given(suffix=st.sampled_from([".xlsx", ".docx", ".csv"]), member=st.sampled_from(["xl/workbook.xml", "word/document.xml", "[Content_Types].xml"]),
       content=st.binary(max_size=512))
def test_zips_with_random_parts(tmp_path, suffix, member, content):
    """A zip whose Office part holds random bytes: a table or a RegisterAuditError."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, content)
    read_or_fail_cleanly(tmp_path, suffix, buffer.getvalue())
