"""Budget tables: shares of spending by COFOG function, read from CSV or YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from register_audit.audit.budget import default_budget, load_budget
from register_audit.errors import InputError
from register_audit.model.records import RegisterMeta

HEADER = "cofog,name,amount,share_pct,year,level,source,partial,note\n"


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "budget.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_kazakhstan_2019_shares_are_of_the_total_row():
    """10 social protection: 3.5 trn of 13.5 trn executed; education and health likewise."""
    budget = default_budget(RegisterMeta(name="kz", country="KZ")).budget
    assert budget.year == 2019 and "executed" in budget.level
    assert round(budget.share("10")[0], 1) == 25.9
    assert round(budget.share("09")[0], 1) == 17.0
    assert round(budget.share("07")[0], 1) == 9.6
    assert round(budget.share("06")[0], 1) == 6.8


def test_economic_affairs_is_marked_partial_and_its_gaps_stated():
    """04 holds only transport, communications, industry and construction: a partial figure, said so."""
    loaded = default_budget(RegisterMeta(name="kz", country="KZ"))
    share, partial = loaded.budget.share("04")
    assert round(share, 1) == 7.1 and partial is True
    assert any("04 economic affairs is only partly covered" in c for c in loaded.budget.caveats)
    assert loaded.path == "rules/budget/kz-2019.yaml" and loaded.default is True


def test_a_function_without_a_figure_is_unknown_not_zero():
    """General public services have no 2019 figure: None, never 0."""
    budget = default_budget(RegisterMeta(name="kz", country="KZ")).budget
    assert budget.share("01") == (None, False)


def test_only_kazakh_registers_get_a_default_budget():
    """Other countries have no shipped spending table."""
    assert default_budget(RegisterMeta(name="ca/2020-2021", country="CA")) is None


def test_a_csv_with_a_total_row_gives_shares(tmp_path):
    """Amounts and a TOTAL row: shares are computed; groups alone make a partial division."""
    budget = load_budget(_csv(tmp_path, (
        "TOTAL,all,1000,,2020,state,Ministry,,\n"
        "10,social,250,,2020,state,Ministry,,\n"
        "07.2,outpatient,50,,2020,state,Ministry,,\n"
    ))).budget
    assert budget.share("10") == (25.0, False)
    assert budget.share("07") == (5.0, True)
    assert budget.share("07.2") == (5.0, False)


def test_a_csv_may_give_shares_without_amounts(tmp_path):
    """A share_pct alone needs no TOTAL row."""
    budget = load_budget(_csv(tmp_path, "09,education,,17.5,2020,state,Ministry,,\n")).budget
    assert budget.share("09") == (17.5, False)


@pytest.mark.parametrize(("body", "message"), [
    ("10,social,lots,,2020,state,M,,\n", ", row 2, field 'amount': 'lots' is not a number."),
    ("1O,social,5,,2020,state,M,,\n", ", row 2, field 'cofog': '1O' is not a COFOG division or group such as '07' or '07.2'."),
    ("10,social,,,2020,state,M,,\n", ", row 2: give an amount or a share_pct."),
    ("10,social,5,,2020,state,M,maybe,\n", ", row 2, field 'partial': 'maybe' is not true or false."),
    ("10,social,5,,2020,state,M,,\n09,edu,5,,2021,state,M,,\n",
     ", field 'year': rows mix years (2020, 2021); one table is one year at one level."),
    ("10,social,5,,2020,state,M,,\n", ": the line for 10 has an amount but the table has no total; "
     "add a row whose cofog is TOTAL with the total amount, or give share_pct."),
])
def test_csv_errors_name_the_file_the_row_and_the_field(tmp_path, body, message):
    """One sentence per bad table: file, row, field, what was found."""
    path = _csv(tmp_path, body)
    with pytest.raises(InputError) as error:
        load_budget(path)
    assert str(error.value) == f"{path}{message}"


def test_a_yaml_error_names_the_item_and_field(tmp_path):
    """A YAML budget line with a bad share is named by its position and field."""
    path = tmp_path / "b.yaml"
    path.write_text("year: 2020\nlevel: state\nsource: M\nfunctions:\n  - {cofog: '10', share_pct: 120}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.yaml, field 'share_pct': functions item 1: Input should be less than or equal to 100"):
        load_budget(path)


def test_an_unknown_file_type_is_refused(tmp_path):
    """Only CSV and YAML tables are read."""
    path = tmp_path / "b.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="is a .csv or a .yaml file"):
        load_budget(path)


@pytest.mark.parametrize(("amount", "expected"), [
    ('"12,5"', 12.5), ("12.5", 12.5), ('"1,234,567"', 1234567.0), ('"1 234,5"', 1234.5),
    ('"1.234.567,89"', 1234567.89), ('"1,234.5"', 1234.5), ("250", 250.0),
])
def test_amounts_keep_their_decimal_comma(tmp_path, amount, expected):
    """A decimal comma (12,5) is twelve and a half: it became 125 when every comma was dropped."""
    budget = load_budget(_csv(tmp_path, f"TOTAL,all,1000000000,,2020,state,M,,\n10,social,{amount},,2020,state,M,,\n")).budget
    assert budget.functions[0].amount == expected


def test_an_ambiguous_thousands_comma_is_refused(tmp_path):
    path = _csv(tmp_path, 'TOTAL,all,1000000,,2020,state,M,,\n10,social,"1,234",,2020,state,M,,\n')
    with pytest.raises(InputError, match=r"row 3, field 'amount': '1,234' is ambiguous"):
        load_budget(path)


def test_an_unquoted_comma_is_an_error_not_a_shifted_row(tmp_path):
    """`10,social,12,5,...` has one cell too many: it said the year was "5"; now the row is named."""
    path = _csv(tmp_path, "TOTAL,all,100,,2020,state,M,,\n10,social,12,5,,2020,state,M,,\n")
    with pytest.raises(InputError, match=r"row 3 \(10 cells\)"):
        load_budget(path)


def test_a_semicolon_budget_in_windows_1251_is_read(tmp_path):
    """Delimiter and encoding are detected as for registers (a Russian Excel export)."""
    path = tmp_path / "budget.csv"
    text = HEADER.replace(",", ";") + "TOTAL;всего;1000;;2020;республиканский;Минфин;;\n10;социальная помощь;250,5;;2020;республиканский;Минфин;;\n"
    path.write_bytes(text.encode("cp1251"))
    budget = load_budget(path).budget
    assert budget.share("10") == (25.05, False) and budget.level == "республиканский"
