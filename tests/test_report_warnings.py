"""Every report on a partial collection carries the collection warning next to its headline
(issue #12, item 1): table, Markdown and HTML in the text, JSON as `warnings`, CSV on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from register_audit.compare.diff import Split
from register_audit.model.caveats import collection_warnings
from register_audit.model.records import RegisterMeta
from register_audit.render.diff import headline

ROOT = Path(__file__).resolve().parents[1]
POLICY = str(ROOT / "examples" / "policy.yaml")
COLLECTED = "this describes what was collected, not the register"


def _before(text: str, first: str, then: str) -> bool:
    return first in text and then in text and text.index(first) < text.index(then)


def test_a_collection_headline_says_it_describes_what_was_collected() -> None:
    """The shrinkage of a collection is not worded as the register shrinking."""
    net = Split(services=-75, human=-26, human_partial=-4)
    assert headline(net, collection=True) == (
        f"The collection shrank by 75 services ({COLLECTED}); 26 of them were human services, and 4 of those were only an access step.")
    assert headline(net).startswith("The register shrank by 75 services;")


def test_one_warning_names_every_collection_compared() -> None:
    """Two eras of one collection share one warning that names both; a register adds none."""
    notes = "Counts describe the collection."
    metas = [RegisterMeta(name=n, partial_collection=True, notes=notes) for n in ("kz/2013", "kz/2020")]
    (warning,) = collection_warnings(*metas, RegisterMeta(name="ca/2020-2021"))
    assert warning.code == "partial_collection"
    assert warning.message == f"Partial collections, not whole registers (kz/2013, kz/2020): {notes}"
    assert collection_warnings(RegisterMeta(name="ca/2020-2021")) == ()


@pytest.mark.parametrize("fmt, marker", [("table", "WARNING: Partial collections, not whole registers (kz/2013, kz/2020)"),
                                         ("markdown", "> **Warning:** Partial collections, not whole registers (kz/2013, kz/2020)"),
                                         ("html", '<p class="warning" role="note"><strong>Warning:</strong> Partial collections, not whole registers (kz/2013, kz/2020)')])
def test_diff_of_collection_eras_warns_before_its_headline(run, fmt: str, marker: str) -> None:
    """diff kz/2013 kz/2020: the warning comes before the quotable sentence, which says it is about a collection."""
    result = run("diff", "kz/2013", "kz/2020", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert _before(" ".join(result.stdout.split()), marker, "The collection ")
    assert COLLECTED in " ".join(result.stdout.split())
    assert "The register shrank" not in result.stdout and "The register grew" not in result.stdout


def test_diff_json_has_a_warnings_field_and_csv_warns_on_stderr(run) -> None:
    """JSON carries `warnings`; CSV (no place for a sentence) prints it on stderr, the payload stays clean."""
    data = json.loads(run("diff", "kz/2013", "kz/2020", "--format", "json").stdout)
    assert [w["code"] for w in data["warnings"]] == ["partial_collection"]
    assert COLLECTED in data["headline"]
    result = run("diff", "kz/2013", "kz/2020", "--format", "csv")
    assert result.exit_code == 0
    assert "warning: Partial collections, not whole registers (kz/2013, kz/2020)" in result.stderr
    assert "partial collection" not in result.stdout


def test_a_diff_of_whole_registers_has_no_warning(run) -> None:
    """Canada's inventory is a register: no warning, and the headline speaks of the register."""
    data = json.loads(run("diff", "ca/2019-2020", "ca/2020-2021", "--format", "json").stdout)
    assert data["warnings"] == [] and data["headline"].startswith("The register grew")


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_trend_of_collection_eras_warns_before_its_measures(run, fmt: str) -> None:
    """trend kz/2010 kz/2013 kz/2020 says first that these are collections of sighted names."""
    result = run("trend", "kz/2010", "kz/2013", "kz/2020", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert _before(text, "Partial collections, not whole registers (kz/2010, kz/2013, kz/2020)", "Measures by edition" if fmt != "markdown" else "| edition")


def test_trend_json_has_a_warnings_field(run) -> None:
    data = json.loads(run("trend", "kz/2010", "kz/2020", "--format", "json").stdout)
    assert data["warnings"][0]["code"] == "partial_collection"


@pytest.mark.parametrize("fmt, marker", [("table", "WARNING: Partial collection"), ("markdown", "> **Warning:** Partial collection"),
                                         ("github", "::warning title=")])
def test_check_on_the_collection_warns_next_to_its_verdict(run, fmt: str, marker: str) -> None:
    """check kz: the warning is in the report itself, before the checks."""
    result = run("check", "kz", "--policy", POLICY, "--format", fmt)
    assert result.exit_code == 1, result.stderr
    assert marker in result.stdout
    assert result.stdout.index(marker) < result.stdout.index("unclassified-services")


def test_check_json_has_a_warnings_field(run) -> None:
    data = json.loads(run("check", "kz", "--policy", POLICY, "--format", "json").stdout)
    codes = [w["code"] for w in data["warnings"]]
    # A `fallback` warning follows while fallbacks decide more than 10% of an axis (tests/test_fallback.py).
    assert codes[0] == "partial_collection" and set(codes) <= {"partial_collection", "fallback"}


def test_audit_json_has_a_warnings_field_and_csv_warns_on_stderr(run) -> None:
    """The audit keeps `register.warning` and also has the shared `warnings` field."""
    data = json.loads(run("audit", "kz", "--format", "json").stdout)
    assert data["warnings"][0]["message"] == data["register"]["warning"]
    result = run("audit", "kz", "--format", "csv")
    assert "warning: Partial collection, not the whole register" in result.stderr
