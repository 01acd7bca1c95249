"""A report's warnings (model/caveats.py) placed next to its headline, in every readable format."""

from __future__ import annotations

from html import escape
from typing import Sequence

from rich.text import Text

from register_audit.model.caveats import ReportWarning
from register_audit.render.base import md_escape

def warnings_rich(warnings: Sequence[ReportWarning]) -> list[Text]:
    """One line per warning, worded so that it reads the same without colour."""
    return [Text(f"⚠ WARNING: {w.message}", style="yellow") for w in warnings]


def warnings_markdown(warnings: Sequence[ReportWarning]) -> list[str]:
    """Block quotes, each followed by a blank line."""
    out: list[str] = []
    for w in warnings:
        out += [f"> **Warning:** {md_escape(w.message)}", ""]
    return out


def warnings_html(warnings: Sequence[ReportWarning]) -> str:
    return "".join(f'<p class="warning" role="note"><strong>Warning:</strong> {escape(w.message)}</p>' for w in warnings)


def warnings_stderr(warnings: Sequence[ReportWarning]) -> list[str]:
    """The lines the CLI prints on stderr where the payload has no place for them (CSV)."""
    return [f"warning: {w.message}" for w in warnings]


__all__ = ["warnings_html", "warnings_markdown", "warnings_rich", "warnings_stderr"]
