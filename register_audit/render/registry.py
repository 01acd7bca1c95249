"""The one registry of renderers: for each command, the formats it writes and the function that writes each."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from register_audit.render.base import Format

# Command (as typed after `register-audit`) → the module and name of its renderers by format.
# Imported on first use, so a command loads only its own (charts and workbooks load later still).
_RENDERERS: dict[str, tuple[str, str]] = {
    "parse": ("register_audit.render.parse", "PARSE_RENDERERS"),
    "registers": ("register_audit.render.parse", "EDITIONS_RENDERERS"),
    "classify": ("register_audit.render.classify", "CLASSIFY_RENDERERS"),
    "explain": ("register_audit.render.classify", "EXPLAIN_RENDERERS"),
    "audit": ("register_audit.render.audit", "AUDIT_RENDERERS"),
    "diff": ("register_audit.render.diff", "DIFF_RENDERERS"),
    "trend": ("register_audit.render.trend", "TREND_RENDERERS"),
    "compare": ("register_audit.render.compare", "COMPARE_RENDERERS"),
    "check": ("register_audit.render.check", "CHECK_RENDERERS"),
    "rules list": ("register_audit.render.classify", "RULES_RENDERERS"),
    "rules eval": ("register_audit.render.evaluate", "EVAL_RENDERERS"),
}

COMMANDS: tuple[str, ...] = tuple(_RENDERERS)


def renderers(command: str) -> dict[Format, Callable[[Any], Any]]:
    """The renderers of COMMAND by format, in the order its --help lists them."""
    module, name = _RENDERERS[command]
    return getattr(import_module(module), name)


def formats(command: str) -> tuple[Format, ...]:
    """The formats COMMAND writes (its --format choices)."""
    return tuple(renderers(command))


__all__ = ["COMMANDS", "formats", "renderers"]
