"""Reading a baseline of known findings (written by `check --write-baseline`)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from register_audit.check.report import Baseline
from register_audit.errors import PolicyError
from register_audit.model.validation import describe_validation
from register_audit.read.files import MiB, error_of, read_text

MAX_BASELINE_BYTES = 32 * MiB  # a baseline lists findings: thousands at most


def read_baseline(path: Path) -> Baseline:
    """The baseline at PATH, or a PolicyError naming the file."""
    text = read_text(path, limit=MAX_BASELINE_BYTES, what="baseline file", error=error_of(PolicyError),
                     missing="no such baseline file; write one with --write-baseline.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyError(f"{path}: not a baseline file (JSON written by --write-baseline): {error}.") from None
    except (RecursionError, ValueError) as error:  # nested too deep; a number too long to convert
        raise PolicyError(f"{path}: not a usable baseline file ({type(error).__name__}: {str(error)[:80]}).") from None
    try:
        return Baseline.model_validate(data)
    except ValidationError as error:
        raise PolicyError(describe_validation(error, str(path))) from None


__all__ = ["read_baseline"]
