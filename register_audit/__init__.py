"""register-audit: audit a register of public services for the human services it leaves out.

The library API (`register_audit.api`) is re-exported here, imported on first use so that the
command line starts fast:

    import register_audit as ra
    report = ra.audit("kz")

Five API names (`audit`, `check`, `classify`, `compare`, `explain`) are also stage modules of the package.
Here they are always the functions; an attribute the function lacks is looked up in the module
of that name, so `import register_audit.audit.report as report` still finds the module.
"""

from __future__ import annotations

import sys
import types
from typing import Any

__version__ = "0.1.0"

_API = ("InputWarning", "ReadOptions", "audit", "check", "classify", "compare", "diff", "evaluate", "explain",
        "read_register", "tables", "to_frame", "to_rows", "trend")


_STAGE_MODULES = frozenset({"audit", "check", "classify", "compare", "explain"})
_FUNCTIONS: dict[str, Any] = {}


class _StageFunction:
    """An API function that shares its name with a stage module: calls go to the function, other
    attributes to the module (so `import register_audit.audit.report as r` keeps working)."""

    def __init__(self, name: str, function: Any) -> None:
        import functools

        functools.update_wrapper(self, function)
        self._module = f"{__name__}.{name}"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        import importlib

        return getattr(importlib.import_module(self._module), attribute)

    def __repr__(self) -> str:
        return repr(self.__wrapped__)


def _api(name: str) -> Any:
    found = _FUNCTIONS.get(name)
    if found is None:
        from register_audit import api

        found = getattr(api, name)
        if name in _STAGE_MODULES:
            found = _StageFunction(name, found)
        _FUNCTIONS[name] = found
    return found


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
