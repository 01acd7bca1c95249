"""The shape of the code itself (issue #10): small modules, thin commands, caches owned by the
objects that use them, one place that turns a validation error into a sentence."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from register_audit.cli import app  # noqa: F401  (every command registered)
from conftest import ROOT

PACKAGE = ROOT / "register_audit"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 300
MAX_COMMAND_BODY_LINES = 15


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_over_300_lines(path):
    """A module past ~300 lines holds more than one responsibility: split it (STYLE.md)."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


def _commands():
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in _tree(path).body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", None) == "command" for d in node.decorator_list
            ):
                yield f"{path.stem}.{node.name}", node


COMMANDS = dict(_commands())


def test_the_commands_are_found():
    assert {"audit.audit_command", "check.check", "diff.diff", "rules.lint_command"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_body_is_over_15_lines(name):
    """A command parses options, calls the API, renders, emits and exits: its body (after the
    docstring) stays a few lines; logic goes to the API or a stage."""
    body = COMMANDS[name].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    lines = body[-1].end_lineno - body[0].lineno + 1
    assert lines <= MAX_COMMAND_BODY_LINES, f"{name} has a {lines}-line body"


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_lookup_is_keyed_by_object_identity(path):
    """id() keys break when an object dies and its id is reused: caches are keyed by value, or
    owned by the object they serve (classify's Engine, passed where it is needed)."""
    assert not _calls(_tree(path), "id"), f"{_name(path)} calls id()"


def _in_catch_warnings(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With) and any(
            isinstance(i.context_expr, ast.Call) and getattr(i.context_expr.func, "attr", "") == "catch_warnings"
            for i in node.items
        ):
            inside |= {line for stmt in node.body for line in range(stmt.lineno, stmt.end_lineno + 1)}
    return inside


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_library_code_changes_no_process_wide_state(path):
    """No gc switches and no warnings filters outside a `with warnings.catch_warnings()` block:
    a notebook user's own settings stay as they are. No `global` rebinding either (the CLI's
    --debug flag lives on its app, in cli/)."""
    tree = _tree(path)
    names = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    assert "gc" not in names, f"{_name(path)} imports gc"
    inside = _in_catch_warnings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("filterwarnings", "simplefilter"):
            assert node.lineno in inside, f"{_name(path)}:{node.lineno} sets a warnings filter for the whole process"
        if isinstance(node, ast.Global):
            assert _name(path).startswith("cli/"), f"{_name(path)}:{node.lineno} rebinds a module global"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_model_validation_reads_pydantic_errors(path):
    """Every validation error becomes a sentence through model/validation.py, so they all read alike."""
    if _name(path) == "model/validation.py":
        return
    found = [n for n in ast.walk(_tree(path)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "errors" and not n.args]
    assert not found, f"{_name(path)}:{found[0].lineno} formats a validation error itself"


def test_an_engine_is_compiled_once_and_passed_not_cached_by_the_process():
    """classify compiles a RuleSet it is given each time (nothing kept for the process), and an
    Engine it is given is used as it is: the caller that labels again passes the Engine."""
    from register_audit.classify import classify, engine
    from register_audit.load.editions import load_register
    from register_audit.rules.ruleset import load_ruleset

    register = load_register("us/2021-11-12")
    ruleset = load_ruleset(None, register.meta)
    assert engine(ruleset) is not engine(ruleset)
    compiled = engine(ruleset)
    assert engine(compiled) is compiled
    assert classify(register, compiled).items == classify(register, ruleset).items


def _sources_holding(text: str) -> list[str]:
    return [_name(p) for p in MODULES if text in p.read_text(encoding="utf-8")]


def test_one_page_shell_and_one_chart_helper():
    """Every HTML page is built by render/page.py (one head, one stylesheet) and every chart is
    drawn by render/charts.py (one set of matplotlib settings): no renderer writes its own."""
    assert _sources_holding("<!DOCTYPE") == ["render/page.py"]
    assert _sources_holding("<style") == ["render/page.py"]
    drawers = [_name(p) for p in MODULES if any(
        isinstance(n, (ast.Import, ast.ImportFrom)) and "matplotlib" in (getattr(n, "module", None) or "")
        + " ".join(a.name for a in n.names) for n in ast.walk(_tree(p)))]
    assert drawers == ["render/charts.py"]
