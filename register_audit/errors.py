"""The one error family: every failure a user can cause, as a complete sentence."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class RegisterAuditError(Exception):
    """A failure the user can fix; the CLI prints it as one sentence and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(RegisterAuditError):
    """A register file that cannot be read: names the file, and the row and field where known."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.field = field
        where = f"{self.path}"
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")


class RulesError(RegisterAuditError):
    """A rule set or catalogue that is invalid: names the file, the rule and the field."""


class PolicyError(RegisterAuditError):
    """A check policy that is missing or invalid: names the file and the key."""


class UsageError(RegisterAuditError):
    """Arguments that do not fit together, or a query that matches nothing."""


class ExitCode(IntEnum):
    """The exit codes of every command (DESIGN.md): named once, used everywhere."""

    SUCCESS = 0  # ran, and found nothing that fails
    FINDINGS = 1  # ran, and a check, a rule example or a lint found problems
    ERROR = 2  # could not run: bad input, invalid rules or policy, bad usage
