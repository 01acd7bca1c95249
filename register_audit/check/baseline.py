"""Reading a baseline of known findings (written by `check --write-baseline`)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from register_audit.check.evaluate import Baseline
from register_audit.errors import PolicyError
from register_audit.model.validation import describe_validation


def read_baseline(path: Path) -> Baseline:
    """The baseline at PATH, or a PolicyError naming the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such baseline file; write one with --write-baseline.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PolicyError(f"{path}: not a baseline file (JSON written by --write-baseline): {error}.") from None
    try:
        return Baseline.model_validate(data)
    except ValidationError as error:
        raise PolicyError(describe_validation(error, str(path))) from None


__all__ = ["read_baseline"]
