"""XLSX, HTML and DOCX readers: the register table found, headers and section headings normalised."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from register_audit.errors import InputError
from register_audit.read.grid import Cell, grid_to_table
from register_audit.load.editions import load_register
from register_audit.read.sources import read_table

ROOT = Path(__file__).resolve().parents[1]
VALID = Path(__file__).resolve().parent / "data" / "valid"
SECTIONS = ["Раздел 1. Документы и справки", "Раздел 1. Документы и справки", "Раздел 2. Образование", "Раздел 2. Образование"]
RU_IDS = ["D_archive_certificates", "D_birth_registration", "D_preschool_admission", "P_civreg_duplicates"]


def kz(column: str = "name") -> dict[str, str]:
    with open(ROOT / "registers/kz/services.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row[column] for row in csv.DictReader(handle)}


def grid(*rows: list[str]) -> list[tuple[int, list[Cell]]]:
    """A grid with every cell its own source cell (no spans)."""
    return [(n, [Cell(t, (n, c)) for c, t in enumerate(r)]) for n, r in enumerate(rows, start=1)]


@pytest.mark.parametrize("name", ["kz_act.xlsx", "kz_act.docx", "kz_act_ru.html", "kz_act_cp1251.html"])
def test_legal_act_tables_use_the_kz_register_profile_with_sections(name):
    """A legal-act table (№ п/п column, numbered columns, section headings) maps with kz-register, headings as sections."""
    register = load_register(str(VALID / name))
    assert register.meta.profile == "kz-register"
    assert [s.id for s in register.services] == RU_IDS
    assert [s.name for s in register.services] == [kz()[i] for i in RU_IDS]
    assert [s.section for s in register.services] == SECTIONS
    assert register.services[0].extra["№ п/п"] == "1"


def test_kazakh_headers_and_headings_map_too():
    """Kazakh headers ("Мемлекеттік көрсетілетін қызметтің атауы") and "1-бөлім" headings read the same way."""
    register = load_register(str(VALID / "kz_act_kk.html"))
    assert register.meta.profile == "kz-register"
    assert [s.section for s in register.services][::2] == ["1-бөлім. Құжаттар мен анықтамалар", "2-бөлім. Білім беру"]
    assert register.services[0].name == kz("name_kk")["D_preschool_queue"]


def test_xlsx_skips_title_rows_and_joins_a_two_row_header():
    """The title and blank rows are skipped; a merged parent header is joined to its children."""
    table = read_table(VALID / "kz_act.xlsx")
    assert table.header == ("№ п/п", "Код государственной услуги", "Наименование государственной услуги",
                            "Услугодатель", "Форма оказания / электронная", "Форма оказания / бумажная", "section")


def test_xlsx_rows_are_sheet_rows():
    """Services keep the sheet's own row numbers, past the title, header, numbering and heading rows."""
    assert [n for n, _ in read_table(VALID / "kz_act.xlsx").rows] == [7, 8, 10, 11]


def test_xlsx_named_sheet_is_read():
    """--sheet picks another sheet of the workbook; whole-number cells read without '.0'."""
    register = load_register(str(VALID / "kz_act.xlsx"), sheet="Canada")
    assert register.meta.profile == "ca-service-inventory"
    assert [s.id for s in register.services] == ["1353", "1640", "1961", "1963", "2007"]


def test_xlsx_unknown_sheet_lists_the_sheets():
    """An unknown sheet is an InputError naming the sheets the workbook has."""
    with pytest.raises(InputError, match="the sheets are 'Реестр', 'Canada'"):
        read_table(VALID / "kz_act.xlsx", sheet="Nope")


def test_html_rowspan_and_colspan_are_expanded():
    """A provider cell spanning two rows gives both services that provider; the layout table is not chosen."""
    services = load_register(str(VALID / "kz_act_ru.html")).services
    assert services[2].provider == services[3].provider == kz("provider")["D_preschool_admission"]


def test_docx_vertical_merge_repeats_the_cell():
    """A provider merged down two rows (vMerge) is the provider of both services."""
    services = load_register(str(VALID / "kz_act.docx")).services
    assert services[2].provider == services[3].provider


def test_headings_in_the_first_cell_only_are_sections():
    """A row with text in its first cell only becomes the section of the rows below, and is dropped."""
    names = kz()
    table = grid(["№ п/п", "Наименование государственной услуги", "Услугодатель"],
                 ["Раздел 1. Документы и справки", "", ""],
                 ["1", names["D_archive_certificates"], ""])
    result = grid_to_table(Path("act.html"), table)
    assert result.header[-1] == "section"
    assert list(result.rows) == [(3, ("1", names["D_archive_certificates"], "", "Раздел 1. Документы и справки"))]


def test_a_name_first_table_keeps_rows_with_only_a_name():
    """When the first column holds the names, a row with only a name is a service, not a heading."""
    names = kz()
    table = grid(["Наименование государственной услуги", "Услугодатель"], [names["D_archive_certificates"], ""])
    result = grid_to_table(Path("x.xlsx"), table)
    assert result.header == ("Наименование государственной услуги", "Услугодатель")
    assert len(list(result.rows)) == 1


def test_an_existing_section_column_is_filled_not_duplicated():
    """A table with a 'Раздел' column gets heading text only where its own cell is empty."""
    names = kz()
    table = grid(["№", "Наименование услуги", "Раздел"], ["Раздел 2. Образование", "", ""],
                 ["1", names["D_preschool_admission"], ""], ["2", names["P_civreg_duplicates"], "own"])
    result = grid_to_table(Path("x.docx"), table)
    assert result.header == ("№", "Наименование услуги", "Раздел")
    assert [c[2] for _, c in result.rows] == ["Раздел 2. Образование", "own"]


def test_duplicate_and_empty_headers_get_unique_names():
    """Merged header text repeated over columns is suffixed; a blank header with data is named by position."""
    names = kz()
    table = [(1, [Cell("Наименование", "a"), Cell("Форма", "b"), Cell("Форма", "b"), Cell("", "c")]),
             (2, [Cell(names["D_archive_certificates"], 1), Cell("x", 2), Cell("y", 3), Cell("z", 4)])]
    assert grid_to_table(Path("x.xlsx"), table).header == ("Наименование", "Форма", "Форма (2)", "column_4")
