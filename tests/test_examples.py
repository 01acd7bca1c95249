"""The shipped examples work: the policy's documented outcome, the CI workflow and the pre-commit hook."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from register_audit.check.measures import measure
from register_audit.check.evaluate import CheckStatus, run_checks
from register_audit.check.policy import load_policy
from register_audit.load.editions import load_register

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# Two small real editions (US benefits, 30 and 61 services), in time order.
EDITIONS = ("2021-11-12.csv", "2022-05-27.csv")
LENIENT = "checks: [{id: examples, measure: rule_examples, message: Every rule example holds.}]\n"


def statuses(register: str, against: str | None = None) -> dict[str, CheckStatus]:
    report = run_checks(
        load_policy(EXAMPLES / "policy.yaml"),
        measure(load_register(register), against=load_register(against) if against else None),
    )
    return {r.id: r.status for r in report.results}


def test_the_example_policy_fails_on_kz_exactly_where_its_comments_say() -> None:
    """On kz, only human-services-delivered fails and the edition check is skipped, as documented."""
    assert statuses("kz") == {
        "unclassified-services": CheckStatus.passed,
        "human-services-delivered": CheckStatus.failed,
        "human-services-access-only": CheckStatus.passed,
        "no-new-partial-human-service": CheckStatus.skipped,
        "rule-examples": CheckStatus.passed,
    }


def test_the_example_policy_finds_new_partial_services_in_kz_2020() -> None:
    """kz/2020 against kz/2013 fails no-new-partial-human-service, as the policy's comment says."""
    assert statuses("kz/2020", against="kz/2013")["no-new-partial-human-service"] is CheckStatus.failed


# --------------------------------------------------------------------------- a repository to run in


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder laid out like an analyst's repository: registers-local/ and policy.yaml."""
    (tmp_path / "registers-local").mkdir()
    for name in EDITIONS:
        shutil.copy(ROOT / "registers" / "us" / name, tmp_path / "registers-local" / name)
    shutil.copy(EXAMPLES / "policy.yaml", tmp_path / "policy.yaml")
    return tmp_path


@pytest.fixture
def environ(tmp_path_factory) -> dict[str, str]:
    """The environment of a CI step: `register-audit` on PATH from this Python's bin folder
    (or, in a checkout that is not installed, a shim running this Python on the package)."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "register-audit").exists():
        bin_dir = tmp_path_factory.mktemp("bin")
        shim = bin_dir / "register-audit"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m register_audit "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


# --------------------------------------------------------------------------- the GitHub workflow


def workflow_script() -> tuple[str, dict[str, str]]:
    """The workflow's `run:` steps but `install`, as one bash script, and their `env:`."""
    workflow = yaml.safe_load((EXAMPLES / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"] if "run" in s and s.get("id") != "install"]
    assert steps, "the workflow has no run: steps to test"
    env: dict[str, str] = {}
    for step in steps:
        env.update({k: str(v) for k, v in step.get("env", {}).items()})
    # `shell: bash` on GitHub runs `bash --noprofile --norc -eo pipefail {0}`; each step a subshell.
    return "\n".join(f"(\n{step['run']}\n)" for step in steps) + "\n", env


def run_workflow(repo: Path, environ: dict[str, str]) -> tuple[subprocess.CompletedProcess, str]:
    script, step_env = workflow_script()
    summary = repo / "step-summary.md"
    (repo / "workflow.sh").write_text(script, encoding="utf-8")
    env = {**environ, **step_env, "GITHUB_STEP_SUMMARY": str(summary)}
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "workflow.sh"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)
    return done, summary.read_text(encoding="utf-8") if summary.exists() else ""


def test_the_workflow_annotates_each_edition_and_fails_on_the_example_policy(repo: Path, environ: dict[str, str]) -> None:
    """On two US editions the example policy's delivered-share target fails: exit 1, ::error
    annotations on the register files, and a Markdown report per edition in the job summary."""
    done, summary = run_workflow(repo, environ)
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert any(line.startswith("::error file=registers-local/2021-11-12.csv") for line in errors)
    assert any(line.startswith("::error file=registers-local/2022-05-27.csv") for line in errors)
    assert summary.count("## ❌ register-audit check") == 2
    assert "against `registers-local/2021-11-12.csv`" in summary  # the second edition against the first


def test_the_workflow_passes_when_the_policy_is_met(repo: Path, environ: dict[str, str]) -> None:
    """With a policy both editions meet the same steps exit 0 and the summary shows two passes."""
    (repo / "policy.yaml").write_text(LENIENT, encoding="utf-8")
    done, summary = run_workflow(repo, environ)
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary.count("## ✅ register-audit check") == 2


def test_the_workflow_stops_with_exit_2_on_an_invalid_policy(repo: Path, environ: dict[str, str]) -> None:
    """A policy that cannot be read is exit 2 (could not run), not a failed check."""
    (repo / "policy.yaml").write_text("checks: []\n", encoding="utf-8")
    done, _ = run_workflow(repo, environ)
    assert done.returncode == 2 and "policy.yaml: checks" in done.stderr


# --------------------------------------------------------------------------- the pre-commit hook


def run_hook(repo: Path, environ: dict[str, str], changed: list[str]) -> subprocess.CompletedProcess:
    """Run the hook as pre-commit would: `entry`, then `args`, then the changed files its
    `files` pattern selects (the config's `args` and `files` override the hook's)."""
    hooks = {h["id"]: h for h in yaml.safe_load((EXAMPLES / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    config = yaml.safe_load((EXAMPLES / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    used = [h for r in config["repos"] for h in r["hooks"]]
    assert [h["id"] for h in used] == ["register-audit-check"]
    hook = {**hooks[used[0]["id"]], **used[0]}
    files = [f for f in changed if re.search(hook["files"], f)]
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *files]
    return subprocess.run(command, cwd=repo, env=environ, capture_output=True, text=True, timeout=300)


def test_the_hook_checks_only_changed_register_files(repo: Path, environ: dict[str, str]) -> None:
    """A commit touching one edition and a README checks that edition alone, and fails on the example policy."""
    done = run_hook(repo, environ, ["README.md", "registers-local/2022-05-27.csv"])
    assert done.returncode == 1, done.stderr
    assert "registers-local/2022-05-27.csv" in done.stdout and "2021-11-12" not in done.stdout


def test_the_hook_passes_when_every_changed_file_meets_the_policy(repo: Path, environ: dict[str, str]) -> None:
    """Two changed editions that meet the policy let the commit through: exit 0."""
    (repo / "policy.yaml").write_text(LENIENT, encoding="utf-8")
    done = run_hook(repo, environ, [f"registers-local/{name}" for name in EDITIONS])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("passed: 1 passed") == 2


def test_the_hook_exits_2_when_the_policy_is_missing(repo: Path, environ: dict[str, str]) -> None:
    """No policy file: the hook cannot run, exit 2 with the file named."""
    (repo / "policy.yaml").unlink()
    done = run_hook(repo, environ, ["registers-local/2021-11-12.csv"])
    assert done.returncode == 2 and "policy.yaml: no such policy file." in done.stderr
