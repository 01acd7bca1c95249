"""Shared test helpers: the CLI runner and paths to the repository's real registers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from register_audit.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the Result with exit_code, stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(app, list(args), **kwargs)

    return invoke


@pytest.fixture(params=[None, 7], ids=["one chunk", "chunks of 7 rows"])
def chunk_rows(request, monkeypatch):
    """Run a test with the default chunk size of the columnar reader, and with chunks so small that
    ids repeat across them."""
    if request.param:
        from register_audit.load import columns

        monkeypatch.setattr(columns, "CHUNK_ROWS", request.param)
    return request.param


def subcommands(command) -> dict:
    """A click group's commands by name, each loaded (the root group imports a command's module
    only when asked for it); {} for a command."""
    list_commands = getattr(command, "list_commands", None)
    if list_commands is None:
        return {}
    import typer

    context = typer.Context(command)
    return {name: command.get_command(context, name) for name in list_commands(context)}


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files from the current output.")


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
