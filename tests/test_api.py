"""The library API, called as an analyst in a notebook would: a name or a path in, typed results out."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import register_audit as ra
from register_audit.audit.report import Audit
from register_audit.errors import InputError, UsageError
from register_audit.model.records import Classification, Register
from conftest import ROOT

POLICY = ROOT / "examples" / "policy.yaml"


def test_the_package_top_offers_the_api_functions():
    """`import register_audit as ra` gives every API function, even after the same-named stage modules were imported."""
    import register_audit.audit.coverage  # noqa: F401  (the stage folder `audit/`)
    import register_audit.classify  # noqa: F401  (the stage module `classify.py`)

    import register_audit.compare.paradox  # noqa: F401  (the stage folder `compare/`)

    for name in ("read_register", "classify", "explain", "audit", "diff", "trend", "compare", "check", "evaluate",
                 "to_rows", "to_frame"):
        assert callable(getattr(ra, name)), name
    assert ra.audit.__module__ == "register_audit.api"


def test_audit_of_a_bundled_register_is_the_typed_report_the_cli_renders():
    """ra.audit("kz") returns the Audit whose headline the README quotes."""
    report = ra.audit("kz")
    assert isinstance(report, Audit)
    assert report.headline.services == 192  # 198 before registers/kz/links.csv tied six services to others
    assert (report.headline.delivered, report.headline.access_only, report.headline.excluded) == (9, 2, 3)


def test_api_and_cli_give_the_same_audit(run):
    """The CLI's JSON is the API's result rendered: one pipeline, not two."""
    from register_audit.render.audit import audit_json

    cli = run("audit", "us/2021-11-12", "--format", "json")
    assert cli.exit_code == 0
    assert cli.stdout == audit_json(ra.audit("us/2021-11-12", rows=False))


def test_a_register_read_once_is_reused_by_every_function():
    """read_register gives a Register; classify, audit and diff take it instead of a name."""
    register = ra.read_register("us/2021-11-12")
    assert isinstance(register, Register) and len(register.services) == 30
    assert isinstance(ra.classify(register), Classification)
    assert ra.audit(register).headline.services == 30
    assert ra.diff(register, "us/2022-05-27").summary.old_services == 30


def test_results_become_plain_rows():
    """to_rows gives one dict per service, with the public CSV columns first."""
    rows = ra.to_rows(ra.classify("us/2021-11-12"))
    assert len(rows) == 30
    assert list(rows[0])[:7] == ["id", "name", "nature", "completeness", "partial_kind", "domain", "human_service"]
    medicaid = next(r for r in rows if r["name"] == "Medicaid")
    assert medicaid["human_service"] == "true" and medicaid["domain"].startswith("07")


def test_every_result_names_its_tables_and_each_gives_rows():
    """Each API result lists its tables (the default first); every table gives rows with the header's keys."""
    results = [
        ra.read_register("us/2021-11-12"), ra.classify("us/2021-11-12"), ra.audit("us/2021-11-12"),
        ra.explain("us/2021-11-12", "Medicaid"), ra.diff("us/2021-11-12", "us/2022-05-27"),
        ra.trend(["us/2021-11-12", "us/2022-05-27"]), ra.check("us/2021-11-12", policy=POLICY),
        ra.compare(["us/2021-11-12", "ca/2020-2021"]),
    ]
    for result in results:
        names = ra.tables(result)
        assert names, type(result).__name__
        for name in names:
            rows = ra.to_rows(result, name)
            assert all(isinstance(row, dict) for row in rows)
    audit_tables = ra.tables(results[2])
    assert audit_tables[0] == "services" and "human_services" in audit_tables
    verdicts = ra.to_rows(results[2], "human_services")
    assert {row["status"] for row in verdicts} <= {"delivered", "access_only", "excluded"}


def test_a_comparison_is_one_row_per_register_with_a_column_per_measure():
    """compare's result as rows: one per register, nested shares spread into `a.b.c` columns, unknown stays None."""
    rows = ra.to_rows(ra.compare(["us/2021-11-12", "ca/2020-2021"]))
    assert [r["edition"] for r in rows] == ["2021-11-12", "2020-2021"]
    canada = rows[1]
    assert canada["human_pct"] == 15.5 and canada["depth_pct.human.end_to_end"] == 26.4
    assert rows[0]["human_applications_pct"] is None  # the US benefits give no volumes: unknown, not zero
    assert all(not isinstance(v, dict) for row in rows for v in row.values())


def test_an_unknown_table_names_the_ones_there_are():
    with pytest.raises(UsageError, match="has no table 'nope'; it has services"):
        ra.to_rows(ra.audit("us/2021-11-12"), "nope")


def test_to_frame_gives_a_dataframe_when_pandas_is_installed():
    """With pandas, to_frame gives the same rows as a DataFrame."""
    pandas = pytest.importorskip("pandas")
    frame = ra.to_frame(ra.audit("kz"), "human_services")
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 14 and (frame["status"] == "delivered").sum() == 9


def test_to_frame_without_pandas_says_how_to_get_it(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("no pandas")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(UsageError, match=r"register-audit\[pandas\]"):
        ra.to_frame(ra.classify("us/2021-11-12"))


def test_check_reports_whether_the_gate_passes():
    """check returns the report; `passed` is False on the Kazakh collection (the example policy fails on purpose)."""
    report = ra.check("kz", policy=POLICY)
    assert report.passed is False
    assert any(r.status.value == "failed" for r in report.results)


def test_explain_below_the_cutoff_is_no_match():
    """A query far from every name (WRatio under 88) is no match: a UsageError naming the closest services."""
    with pytest.raises(UsageError, match="closest are"):
        ra.explain("kz", "полёт на луну")
    assert ra.explain("kz", "запись на прием к врачу").name == "Запись на прием к врачу"


def test_read_options_are_the_same_as_the_cli_s(tmp_path: Path):
    """profile, sheet, skip_lines, encoding and delimiter are keyword arguments, as on the command line."""
    source = (ROOT / "tests/data/valid/kz_cp1251_semicolon.csv").read_bytes()
    path = tmp_path / "titled.csv"
    path.write_bytes("Отчёт\r\n\r\n".encode("cp1251") + source)
    register = ra.read_register(path, skip_lines=2, encoding="cp1251", delimiter=";")
    assert register.services[0].name == "Выдача архивных справок"
    options = ra.ReadOptions(skip_lines=2, encoding="cp1251")
    assert ra.read_register(path, options=options).services == register.services


def test_a_bad_read_option_is_a_usage_error():
    with pytest.raises(UsageError, match="encoding"):
        ra.read_register("tests/data/valid/kz_utf8.csv", encoding="no-such-codec")


def test_input_warnings_reach_a_notebook_as_python_warnings(tmp_path: Path):
    """A repeated id is a warning (InputWarning), not silence; on_notice takes them instead."""
    path = tmp_path / "dup.csv"
    path.write_text("id,name\nA,Выдача архивных справок\nA,Запись на прием к врачу\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ra.audit(path)
    assert any(issubclass(w.category, ra.InputWarning) and "duplicate id" in str(w.message) for w in caught)
    seen = []
    ra.classify(path, on_notice=seen.extend)
    assert len(seen) == 1 and seen[0].row == 3


def test_a_missing_file_is_an_input_error():
    with pytest.raises(InputError, match="no such file"):
        ra.audit("no/such/dir/register.csv")
