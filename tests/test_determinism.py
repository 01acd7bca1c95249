"""The same input gives byte-identical reports across processes, whatever the hash seed: run in
two subprocesses with different PYTHONHASHSEED and compared (twice in one process shares the
seed, so set order could never differ there)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

# Every command whose output CI may diff, each in the format most likely to hold an unordered set.
CASES = {
    "audit-html": ["audit", "kz/2013", "--format", "html"],  # the report and its matplotlib charts
    "audit-json": ["audit", "--format", "json"],
    "diff-json": ["diff", "kz/2013", "kz/2020", "--match", "name", "--format", "json"],
    "trend-html": ["trend", "us/2021-11-12", "us/2022-05-27", "--format", "html"],  # its chart too
    "classify-csv": ["classify", "us/2024-01-30", "--format", "csv"],
    "compare-json": ["compare", "kz", "ca/2019-2020", "--format", "json"],
    "check-json": ["check", "kz", "--policy", str(ROOT / "examples" / "policy.yaml"), "--format", "json"],
    "rules-eval-json": ["rules", "eval", str(ROOT / "tests" / "data" / "labels" / "en-dev.csv"), "--format", "json"],
}


def _run(args: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "register_audit", *args], capture_output=True, cwd=ROOT,
                          env=env, check=False)
    assert done.returncode in (0, 1), done.stderr.decode()  # 1: a check or an evaluation that did not pass
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_byte_identical_under_two_hash_seeds(case):
    """Run in two fresh interpreters with different hash seeds, the output is the same bytes."""
    assert _run(CASES[case], "1") == _run(CASES[case], "4242")


def test_a_written_baseline_is_byte_identical_under_two_hash_seeds(tmp_path):
    """`check --write-baseline` writes the same file from two interpreters with different hash seeds."""
    files = []
    for seed in ("1", "4242"):
        target = tmp_path / f"baseline-{seed}.json"
        _run(["check", "kz", "--policy", str(ROOT / "examples" / "policy.yaml"), "--write-baseline", str(target)], seed)
        files.append(target.read_bytes())
    assert files[0] == files[1]
