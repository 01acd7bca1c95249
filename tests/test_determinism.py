"""The same input gives byte-identical reports across processes, whatever the hash seed: run in
two subprocesses with different PYTHONHASHSEED and compared (twice in one process shares the
seed, so set order could never differ there)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

CASES = {
    "audit-html": ["audit", "kz/2013", "--format", "html"],  # the report and its matplotlib charts
    "diff-json": ["diff", "kz/2013", "kz/2020", "--match", "name", "--format", "json"],
    "classify-csv": ["classify", "us/2024-01-30", "--format", "csv"],
}


def _run(args: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "register_audit", *args], capture_output=True, cwd=ROOT,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_byte_identical_under_two_hash_seeds(case):
    assert _run(CASES[case], "1") == _run(CASES[case], "4242")
