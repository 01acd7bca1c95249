"""Command-line interface: arguments in, a core call, a renderer, an exit code out."""

from __future__ import annotations

from register_audit.cli.app import app
from register_audit.errors import ExitCode

# Each module registers its commands on `app` when imported; this order is the order of --help.
from register_audit.cli import audit  # noqa: E402,F401  (audit)
from register_audit.cli import classify  # noqa: E402,F401  (classify, explain)
from register_audit.cli import diff  # noqa: E402,F401  (diff, trend)
from register_audit.cli import compare  # noqa: E402,F401  (compare)
from register_audit.cli import check  # noqa: E402,F401  (check)
from register_audit.cli import rules  # noqa: E402,F401  (rules test|lint|list|schema)
from register_audit.cli import parse  # noqa: E402,F401  (parse, registers)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `register-audit` console script."""
    try:
        app(args=argv, prog_name="register-audit", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (ExitCode.SUCCESS if code is None else ExitCode.ERROR)
    return ExitCode.SUCCESS


__all__ = ["app", "main"]
