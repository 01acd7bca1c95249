"""An edition read as rows for a diff: the same services, texts, columns and notices as the Service stream."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from register_audit.compare.edition import Services
from register_audit.load.editions import open_register
from register_audit.load.rows import RegisterRows, load_rows
from register_audit.model.depth import UNKNOWN_DEPTH
from register_audit.model.records import Register

DATA = Path(__file__).parent / "data"
REGISTERS = ["ca/2019-2020", "ca/2020-2021", "us/2024-01-30", "ke", str(DATA / "invalid" / "duplicate_ids.csv"),
             str(DATA / "valid" / "kz_cp1251_semicolon.csv"), str(DATA / "valid" / "ca_names.tsv"),
             str(DATA / "valid" / "kz.json"), str(DATA / "valid" / "kz_act.xlsx")]
FIELDS = ("id", "name", "provider", "section", "subsection", "channels", "form", "fee", "name_en", "name_kk",
          "name_fr", "service_type", "program_name_en", "fiscal_yr", "no_such_column")


@pytest.mark.parametrize("spec", REGISTERS)
def test_rows_hold_what_the_services_hold(spec, chunk_rows):
    """Every service built from its row equals the stream's (but for depth and volumes: a diff reads
    neither); texts, the text `modified` compares, the edition's columns and its notices too."""
    stream = open_register(spec)
    services = list(stream)
    rows = RegisterRows(open_register(spec))
    assert len(rows) == len(services)
    bare = [s.model_copy(update={"depth": UNKNOWN_DEPTH, "volumes": None}) for s in services]
    assert [rows.service(k) for k in range(len(rows))] == bare
    assert rows.names == [s.name for s in services]
    for field in FIELDS:
        assert rows.texts(field) == [s.field_text(field) for s in services], field
        unmapped, compared = rows.compared(field)
        assert all((field in s.extra) == unmapped for s in services), field
        assert compared == [s.extra[field] if unmapped else s.field_text(field) for s in services], field
    assert rows.columns() == Services(services).columns()
    assert rows.warnings == tuple(stream.notices)
    assert rows.holding(tuple(services[:2])).services == tuple(services[:2])


def test_a_register_with_a_sources_column_is_read_as_services():
    """The Kazakh collection's sources cells are JSON checked row by row: it is read whole, as Services."""
    loaded = load_rows("kz/2013")
    assert isinstance(loaded, Register)
    assert loaded.services == tuple(open_register("kz/2013"))


def _canada_with(path: Path, cells: dict[tuple[int, str], str]) -> Path:
    text = (Path(__file__).parents[1] / "registers" / "ca" / "2020-2021_services.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))
    for (row, column), value in cells.items():
        table[row][table[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return path


def test_cells_that_are_not_counts_are_noticed_as_the_stream_notices_them(tmp_path, chunk_rows):
    """Rows read without their volumes still name the first cell of each use column that is not a count."""
    path = _canada_with(tmp_path / "ca.csv", {(5, "online_applications"): "about 40", (9, "online_applications"): "12.5",
                                              (12, "calls_received"): " n/a x ", (14, "calls_received"): "7"})
    stream = open_register(str(path))
    list(stream)
    notices = [n for n in stream.notices if "not a count" in n.message]
    assert [(n.row, n.field) for n in notices] == [(13, "calls_received"), (6, "online_applications")]
    assert RegisterRows(open_register(str(path))).warnings == tuple(stream.notices)


@pytest.mark.parametrize("cell", ["inf", "1e999", "²", "-0.5"])
def test_an_infinite_or_superscript_count_is_noticed_not_a_traceback(tmp_path, cell):
    """A volume cell float() reads as infinite, or a digit int() refuses, is a cell that is not a count."""
    path = _canada_with(tmp_path / "ca.csv", {(3, "online_applications"): cell})
    stream = open_register(str(path))
    services = list(stream)
    assert services[2].volumes.applications["online"] is None
    assert [(n.row, n.field) for n in stream.notices if "not a count" in n.message] == [(4, "online_applications")]
    assert RegisterRows(open_register(str(path))).warnings == tuple(stream.notices)
