"""register-audit: audit a register of public services for the human services it leaves out.

The library API (`register_audit.api`) is re-exported here, imported on first use so that the
command line starts fast:

    import register_audit as ra
    report = ra.audit("kz")

Four API names (`audit`, `check`, `classify`, `explain`) are also stage modules of the package;
here they are always the functions. The modules are imported by their full names
(`from register_audit.audit.coverage import audit_stream`).
"""

from __future__ import annotations

import sys
import types
from typing import Any

__version__ = "0.1.0"

_API = ("InputWarning", "ReadOptions", "audit", "check", "classify", "diff", "explain", "read_register",
        "tables", "to_frame", "to_rows", "trend")


def _api(name: str) -> Any:
    from register_audit import api

    return getattr(api, name)


class _Package(types.ModuleType):
    """The package module: API names resolve to the API functions, even after the import system
    has set the same-named submodule (`register_audit.audit`, the stage folder) as an attribute."""

    def __getattribute__(self, name: str) -> Any:
        if name in _API:
            return _api(name)
        return super().__getattribute__(name)


def __getattr__(name: str) -> Any:
    if name in _API:
        return _api(name)
    raise AttributeError(f"module 'register_audit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted((*globals(), *_API))


sys.modules[__name__].__class__ = _Package

__all__ = ["__version__", *_API]
