"""A diff report a reader can take in (issue #12, item 9): the summary first, each list up to a
limit, and a column that changed on nearly every matched service said once, as a column change."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import register_audit.compare.diff as diff_module
from register_audit.cli import app
from register_audit.compare.diff import FieldChange, Modified, column_changes

CA = ("ca/2019-2020", "ca/2020-2021")
FISCAL = "fiscal_yr changed on 1,166 of 1,166 matched services: 2019-2020 → 2020-2021"


def _modified(n: int, field: str = "fiscal_yr") -> list[Modified]:
    return [Modified(old_id=str(i), new_id=str(i), name=f"s{i}", changes=(FieldChange(field=field, old="2019", new="2020"),))
            for i in range(n)]


def test_a_field_changed_on_nine_in_ten_matched_services_is_a_column_change():
    """90% of the matched services is the line: 9 of 10 is a column change, 8 of 10 is not."""
    (change,) = column_changes(_modified(9), 10)
    assert change.sentence == "fiscal_yr changed on 9 of 10 matched services: 2019 → 2020"
    assert column_changes(_modified(8), 10) == ()


def test_the_dead_change_name_is_gone():
    """`diff.Change` was exported but never defined."""
    assert "Change" not in diff_module.__all__ and not hasattr(diff_module, "Change")


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    runner = CliRunner()
    out = {}
    for fmt, extra in (("table", ()), ("json", ()), ("markdown", ("--limit", "5")), ("html", ())):
        result = runner.invoke(app, ["diff", *CA, "--format", fmt, *extra], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.stderr
        out[fmt] = result.stdout
    return out


def test_the_table_puts_the_summary_first_and_stops_each_list_at_the_limit(reports):
    """Not 17,089 lines: the counts and the column change first, then at most 50 services per section."""
    assert len(reports["table"].splitlines()) < 3_000
    text = " ".join(reports["table"].split())  # sentences wrap at 80 columns
    assert text.index("old services") < text.index(FISCAL) < text.index("Added (451)")
    assert "… and 401 more; --limit 0 for all" in text


def test_the_column_change_is_not_repeated_on_each_row(reports):
    """fiscal_yr is said once; the Modified rows list the fields that changed on fewer services."""
    for fmt in ("table", "markdown", "html"):
        text = " ".join(reports[fmt].split())
        assert FISCAL in text, fmt
        modified = text[text.index("Modified ("):]
        assert "fiscal_yr" not in modified, fmt
        assert " → " in modified  # old → new per field


def test_markdown_and_html_stop_at_the_limit_too(reports):
    assert "… and 446 more; --limit 0 for all" in reports["markdown"]
    assert "… and 401 more; --limit 0 for all" in reports["html"]


def test_json_keeps_every_row_and_names_the_column_change(reports):
    """Scripts get every modified service, fiscal_yr included, and the column change beside them."""
    data = json.loads(reports["json"])
    assert len(data["modified"]) == data["summary"]["modified"] == 1166
    assert all(any(c["field"] == "fiscal_yr" for c in m["changes"]) for m in data["modified"])
    fiscal = next(c for c in data["column_changes"] if c["field"] == "fiscal_yr")
    assert fiscal == {"field": "fiscal_yr", "changed": 1166, "matched": 1166, "old": "2019-2020", "new": "2020-2021", "common": 1166}


def test_limit_zero_lists_every_service(run):
    """--limit 0: the whole list, and no line saying some were left out."""
    result = run("diff", "kz/2013", "kz/2020", "--limit", "0", "--format", "markdown")
    assert result.exit_code == 0 and "--limit 0 for all" not in result.stdout
    assert result.stdout.count("\n| ") >= 39 + 111
