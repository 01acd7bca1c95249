"""`register-audit audit`: the command, its contract, and what it finds in the bundled registers."""

from __future__ import annotations

import json

import pytest

from register_audit.load.editions import bundled_editions

KZ_VERDICTS = {
    "primary-care": "access_only", "hospital-care": "excluded", "medicines": "excluded",
    "vaccination-screening": "delivered", "kindergarten-place": "delivered", "school": "delivered",
    "higher-education": "delivered", "disability-support": "delivered", "old-age-pension": "delivered",
    "family-child-benefits": "delivered", "unemployment-support": "access_only", "social-housing": "delivered",
    "social-assistance-care": "delivered", "drinking-water": "excluded",
}


@pytest.fixture(scope="module")
def kz_json():
    from typer.testing import CliRunner

    from register_audit.cli import app

    result = CliRunner().invoke(app, ["audit", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _roles(report, entry_id):
    verdict = next(v for v in report["human_services"] if v["id"] == entry_id)
    return {s["id"]: s["role"] for s in verdict["services"]}


def test_with_no_argument_it_audits_the_bundled_kazakhstan_register(kz_json):
    """No REGISTER means `kz`, with its partial-collection warning and its default budget."""
    assert kz_json["register"]["name"] == "kz"
    assert kz_json["register"]["partial_collection"] is True and "not the whole register" in kz_json["register"]["warning"]
    assert kz_json["budget"]["default"] is True and kz_json["budget"]["path"] == "rules/budget/kz-2019.yaml"


def test_the_json_has_every_contract_key(kz_json):
    """DESIGN.md's public contract: register, summary counts, domains, human services, unclassified."""
    assert {"register", "summary", "domains", "human_services", "unclassified"} <= set(kz_json)
    assert {"services", "nature", "completeness", "human_service"} <= set(kz_json["summary"])
    assert set(kz_json["summary"]["human_service"]) == {"true", "false", "unclassified"}
    assert all({"id", "cofog", "status", "services"} <= set(v) for v in kz_json["human_services"])
    assert {v["status"] for v in kz_json["human_services"]} <= {"delivered", "access_only", "excluded"}
    assert all("code" in d for d in kz_json["domains"])
    assert kz_json["unclassified"] == sorted(kz_json["unclassified"])


def test_kazakhstan_verdicts_per_human_service(kz_json):
    """What the Kazakh collection delivers, offers only as access, and leaves out."""
    assert {v["id"]: v["status"] for v in kz_json["human_services"]} == KZ_VERDICTS


def test_kazakh_primary_care_is_appointment_home_call_and_attachment_only(kz_json):
    """Booking, the home call and attachment are there; the care itself is not, and certificates do not count."""
    roles = _roles(kz_json, "primary-care")
    assert {"D_health_appointment", "D_health_home_call", "D_health_attachment"} <= set(roles)
    assert set(roles.values()) == {"access"}
    assert "KZ-e7d26250" not in roles  # the certificate from the polyclinic


def test_kazakh_kindergarten_has_the_queue_and_the_admission(kz_json):
    """The queue is there; so is "зачисление детей в дошкольные организации", which the codebook counts as the place."""
    roles = _roles(kz_json, "kindergarten-place")
    assert roles["D_preschool_queue"] == "access" and roles["D_preschool_admission"] == "delivery"


def test_kazakh_unemployment_support_is_registration_and_referral_only(kz_json):
    """Registering as unemployed and referral to programmes; no benefit service in the collection."""
    roles = _roles(kz_json, "unemployment-support")
    assert {"P_unemployed_reg", "KZ-ed58f75a", "KZ-4b8865c3"} <= set(roles) and set(roles.values()) == {"access"}


@pytest.mark.parametrize("edition", sorted(bundled_editions()))
def test_audit_runs_on_every_bundled_register(run, edition):
    """Every bundled edition audits cleanly, with all fourteen human services judged."""
    result = run("audit", edition, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["human_services"]) == 14 and report["summary"]["services"] > 0


@pytest.mark.parametrize(("fmt", "start"), [("table", "╭"), ("markdown", "# Audit:"), ("csv", "id,name,nature,completeness,partial_kind,domain,human_service,"), ("html", "<!DOCTYPE html>")])
def test_every_format_renders_from_the_command(run, fmt, start):
    """table, markdown, csv and html come out of the CLI as their renderers promise."""
    result = run("audit", "kz", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith(start)
    # CSV has no place for the collection warning: it goes to stderr (the others carry it inline).
    assert all(line.startswith(("warning: Partial collection", "warning: Labels by default")) for line in result.stderr.splitlines())
    assert (result.stderr != "") == (fmt == "csv")


def test_output_is_written_to_a_file(run, tmp_path):
    """--output writes the report and prints nothing."""
    target = tmp_path / "kz.html"
    result = run("audit", "--format", "html", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").count("<svg") == 3


def test_another_budget_replaces_the_default_and_no_budget_drops_it(run, tmp_path):
    """--budget FILE is used instead of the shipped table; --no-budget leaves spending out."""
    budget = tmp_path / "b.csv"
    budget.write_text("cofog,amount,year,level,source\nTOTAL,100,2022,state,test\n07,50,2022,state,test\n", encoding="utf-8")
    report = json.loads(run("audit", "--budget", str(budget), "--format", "json").stdout)
    assert report["budget"]["default"] is False and next(d for d in report["domains"] if d["code"] == "07")["spending_pct"] == 50.0
    report = json.loads(run("audit", "--no-budget", "--format", "json").stdout)
    assert report["budget"] is None and all(d["spending_pct"] is None for d in report["domains"])


def test_a_bad_budget_exits_2_naming_the_file_row_and_field(run, tmp_path):
    """Could not run: one sentence on stderr, nothing on stdout."""
    budget = tmp_path / "b.csv"
    budget.write_text("cofog,amount,year,level,source\n07,many,2022,state,test\n", encoding="utf-8")
    result = run("audit", "--budget", str(budget))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == f"error: {budget}, row 2, field 'amount': 'many' is not a number."


def test_a_bad_catalogue_exits_2(run, tmp_path):
    """A catalogue that does not validate stops the run with its file named."""
    catalogue = tmp_path / "c.yaml"
    catalogue.write_text("id: c\nversion: 1\ndescription: A broken catalogue.\nentries: []\n", encoding="utf-8")
    result = run("audit", "--catalogue", str(catalogue))
    assert result.exit_code == 2 and str(catalogue) in result.stderr and "entries" in result.stderr


def test_a_format_audit_does_not_have_exits_2(run):
    """jsonl is for parse and classify, not audit."""
    result = run("audit", "--format", "jsonl")
    assert result.exit_code == 2 and "table, json, markdown, csv, html" in result.stderr


def test_help_has_examples(run):
    """`audit --help` shows how to call it."""
    result = run("audit", "--help")
    assert result.exit_code == 0 and "register-audit audit kz/2013 --format markdown" in result.stdout
