"""Every example in the README runs: each `register-audit ...` line of its shell blocks, and its
Python example, against bundled data or the files shipped under examples/."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def _commands() -> list[str]:
    lines = [line.strip() for block in _SHELL_BLOCK.findall(README) for line in block.splitlines()]
    return [line.split("  #")[0].strip() for line in lines if line.startswith("register-audit ")]


COMMANDS = _commands()


def test_the_readme_has_examples_to_run():
    assert len(COMMANDS) >= 8
    assert any("examples/kz-sample.xlsx" in c for c in COMMANDS)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A scratch folder where examples/ and tests/ are what the README's paths name, so the
    examples' --output files land there, not in the repository."""
    folder = tmp_path_factory.mktemp("readme")
    for name in ("examples", "tests"):
        (folder / name).symlink_to(ROOT / name)
    return folder


@pytest.mark.parametrize("command", COMMANDS)
def test_every_readme_command_runs(workdir: Path, command: str):
    """Exit 0, or 1 where the README says the check fails on purpose; never 2 (could not run)."""
    args = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "register_audit", *args], cwd=workdir, capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode in (0, 1), f"{command}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    if done.returncode == 1:
        assert args[0] == "check", f"{command} reported findings"


def test_the_python_example_runs(workdir: Path, capsys, monkeypatch):
    """The notebook-style example in the README runs as written and prints what it says."""
    block = re.search(r"<!-- python-example -->\n```python\n(.*?)```", README, re.S)
    assert block, "README has no python example"
    monkeypatch.chdir(workdir)
    exec(compile(block.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "services;" in printed and "human services delivered" in printed


def test_the_example_files_are_what_make_examples_builds():
    """examples/kz-sample.xlsx and examples/kz-budget-2019.csv are built from the bundled data."""
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "examples" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, data in module.build().items():
        assert path.read_bytes() == data, f"{path} is stale: run python examples/make_examples.py"
