"""Text readers: CSV/TSV in every common encoding and delimiter, JSON and JSONL, kind detection."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from register_audit.errors import InputError
from register_audit.load.editions import load_register
from register_audit.read.sources import read_table, sniff_delimiter

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"


def kz_names(column: str = "name") -> dict[str, str]:
    with open(ROOT / "registers/kz/services.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row[column] for row in csv.DictReader(handle)}


def rows(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    return list(read_table(path).rows)


def test_fixtures_are_what_make_fixtures_builds():
    """The committed fixtures are byte-for-byte what tests/data/make_fixtures.py builds from the registers."""
    spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, data in module.build(DATA).items():
        assert path.read_bytes() == data, f"{path} is stale: run python tests/data/make_fixtures.py"


@pytest.mark.parametrize(
    "name",
    ["kz_utf8.csv", "kz_utf8_bom_semicolon.csv", "kz_utf16_excel_unicode.txt", "kz_cp1251_semicolon.csv", "kz_kz1048.csv"],
)
def test_every_encoding_gives_the_exact_real_names(name):
    """UTF-8, UTF-8 with BOM, UTF-16 (Excel "Unicode text"), Windows-1251 and KZ-1048 all decode to the registered names."""
    table = read_table(VALID / name)
    assert table.header == ("id", "name", "provider")
    expected = kz_names()
    found = rows(VALID / name)
    assert found and all(cells[1] == expected[cells[0]] for _, cells in found)


def test_windows_1251_gives_russian_not_mojibake():
    """A cp1251 file reads as Cyrillic: the first name is 'Выдача архивных справок', not 'Âûäà÷à'."""
    assert rows(VALID / "kz_cp1251_semicolon.csv")[0][1][1] == "Выдача архивных справок"


def test_windows_kazakh_keeps_kazakh_letters():
    """Kazakh names (қ, ң, ұ, ү, ә) are not in cp1251; a KZ-1048 file keeps them instead of Macedonian look-alikes."""
    names = " ".join(cells[1] for _, cells in rows(VALID / "kz_kz1048.csv"))
    assert "ұйымдарына" in names and "ќ" not in names and "ѕ" not in names


def test_row_numbers_are_file_rows_with_the_header_as_row_1():
    """CSV rows are numbered as the file's lines: the first service is row 2."""
    assert [n for n, _ in rows(VALID / "kz_utf8.csv")] == list(range(2, 10))


@pytest.mark.parametrize(("name", "delimiter"), [
    ("kz_utf8.csv", ","), ("kz_utf8_bom_semicolon.csv", ";"), ("kz_utf16_excel_unicode.txt", "\t"),
    ("ca_names_with_commas.csv", ","), ("ca_names.tsv", "\t"),
])
def test_the_delimiter_is_detected(name, delimiter):
    """Comma, semicolon and tab files split into the header's three columns on every row."""
    table = read_table(VALID / name)
    assert len(table.header) == 3
    assert all(len(cells) == 3 for _, cells in table.rows)


def test_semicolon_file_with_commas_in_names_is_semicolon_separated():
    """Unquoted commas inside names (one per name, on every row) do not outvote the semicolons."""
    with open(ROOT / "registers/ca/2020-2021_services.csv", encoding="utf-8-sig", newline="") as handle:
        names = [r for r in csv.DictReader(handle) if r["service_name_en"].count(",") == 1 and ";" not in r["service_name_en"]][:30]
    sample = "service_id;service_name_en\n" + "".join(f"{r['service_id']};{r['service_name_en']}\n" for r in names)
    assert sniff_delimiter(sample) == ";"
    quoted = sample.replace(names[3]["service_name_en"], f'"{names[3]["service_name_en"]}; {names[4]["service_name_en"]}"')
    assert sniff_delimiter(quoted) == ";"


def test_comma_file_with_quoted_semicolons_and_line_breaks_is_comma_separated():
    """The bundled Kazakh file (JSON with commas and quotes in cells) sniffs as comma-separated."""
    text = (ROOT / "registers/kz/services.csv").read_text(encoding="utf-8")
    assert sniff_delimiter(text[:65536]) == ","


def test_a_single_column_file_stays_one_column():
    """A name-only file whose names hold commas is read as one column."""
    assert sniff_delimiter("name\nРегистрация рождения ребенка, в том числе внесение изменений\n") not in {",", ";"}


def test_json_and_jsonl_number_rows_by_item():
    """JSON and JSONL records are numbered from 1 in list order; a wrapped list under "services" is found."""
    assert [n for n, _ in rows(VALID / "kz.json")] == [1, 2, 3, 4]
    assert [n for n, _ in rows(VALID / "kz.jsonl")] == [1, 2, 3, 4]
    assert [c[0] for _, c in rows(VALID / "kz_wrapped.json")][0] == "D_preschool_queue"


@pytest.mark.parametrize("name", sorted(p.name for p in VALID.iterdir()))
def test_every_valid_fixture_loads_with_real_names(name):
    """Each valid file in every format gives services whose names are real registered names."""
    known = set(kz_names().values()) | set(kz_names("name_kk").values())
    with open(ROOT / "registers/ca/2020-2021_services.csv", encoding="utf-8-sig", newline="") as handle:
        known |= {r["service_name_en"] for r in csv.DictReader(handle)}
    register = load_register(str(VALID / name))
    assert register.services
    assert all(s.name in known for s in register.services)


def test_a_missing_file_and_a_directory_are_input_errors(tmp_path):
    """read_table names the path in an InputError for a missing file and for a directory."""
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a directory"):
        read_table(tmp_path)


def test_display_names_the_file_in_messages(tmp_path):
    """DISPLAY replaces the real path in messages (bundled files are named by their repository path)."""
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"^registers/x\.json: "):
        read_table(tmp_path / "x.json", display="registers/x.json")
