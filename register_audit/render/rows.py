"""Every result as plain rows (for CSV, XLSX, notebooks and pandas): one registry of named tables."""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable, Sequence

from pydantic import BaseModel

Rows = tuple[Sequence[str], Sequence[Sequence[Any]]]  # a header, and rows in its order


def _flat(model: BaseModel, prefix: str = "") -> dict[str, Any]:
    """A model as one flat row: nested models and mappings as `a.b` columns, lists joined with "; "."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            out.update(_flat(value, f"{key}."))
        elif isinstance(value, (tuple, list)):
            out[key] = "; ".join(_cell(v) for v in value)
        elif isinstance(value, dict):
            out.update(_flat_dict(value, f"{key}."))
        else:
            out[key] = _cell(value) if isinstance(value, Enum) else value
    return out


def _flat_dict(mapping: dict, prefix: str) -> dict[str, Any]:
    """A mapping as `prefix.key` columns, nested mappings as `prefix.key.sub` (a share by group and depth)."""
    out: dict[str, Any] = {}
    for k, v in mapping.items():
        if isinstance(v, dict):
            out.update(_flat_dict(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = _cell(v) if isinstance(v, (Enum, BaseModel, tuple)) else v
    return out


def _cell(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, BaseModel):
        return str(getattr(value, "id", "") or value.model_dump_json())
    if isinstance(value, tuple):
        return ":".join(_cell(v) for v in value)
    return "" if value is None else str(value)


def _models(items: Sequence[BaseModel]) -> Rows:
    flat = [_flat(m) for m in items]
    header = list(dict.fromkeys(k for row in flat for k in row))
    return header, [[row.get(k, "") for k in header] for row in flat]


def _register(result) -> Rows:
    from register_audit.render.parse import parse_rows

    return parse_rows(result)


def _classification(result) -> Rows:
    from register_audit.render.classify import CSV_COLUMNS, row

    return CSV_COLUMNS, [[getattr(r, c) for c in CSV_COLUMNS] for r in map(row, result.items)]


def _audit_services(result) -> Rows:
    from register_audit.render.audit import CSV_COLUMNS, audit_rows

    return CSV_COLUMNS, audit_rows(result)


def _human_services(result) -> Rows:
    header = ("cofog", "id", "title", "status", "delivered_by", "access_by")
    rows = [[h.cofog, h.id, h.title, h.status.value,
             "; ".join(s.name for s in h.services if s.role.value == "delivery"),
             "; ".join(s.name for s in h.services if s.role.value == "access")] for h in result.human_services]
    return header, rows


def _diff(result) -> Rows:
    from register_audit.render.diff import CSV_HEADER, rows

    return CSV_HEADER, rows(result)


def _check_findings(result) -> Rows:
    header = ("check", "status", "id", "name", "detail", "file", "row", "known", "message")
    rows = [[c.id, c.status.value, f.subject.id, f.subject.name, f.subject.detail, f.subject.file or "",
             f.subject.row if f.subject.row is not None else "", f.known, f.message]
            for c in result.results for f in c.findings]
    return header, rows


def _confusion(result) -> Rows:
    header = ("axis", "expected", "got", "names")
    return header, [[c.axis.value, cell.expected, cell.got, cell.names] for c in result.confusion for cell in c.cells]


def _registry() -> dict[type, dict[str, Callable[[Any], Rows]]]:
    """For each result type, its tables by name, the default first."""
    from register_audit.audit.report import Audit
    from register_audit.check.evaluate import CheckReport
    from register_audit.compare.diff import Diff
    from register_audit.compare.paradox import Comparison
    from register_audit.compare.trend import Trend
    from register_audit.explain import Explanation
    from register_audit.model.records import Classification, Register
    from register_audit.rules.evaluate import Evaluation

    return {
        Register: {"services": _register},
        Classification: {"services": _classification},
        Audit: {"services": _audit_services, "human_services": _human_services,
                "domains": lambda a: _models(a.domains), "unclassified": lambda a: (("id",), [[i] for i in a.unclassified])},
        Diff: {"changes": _diff},
        Comparison: {"registers": lambda c: _models(c.registers)},
        Trend: {"measures": lambda t: _models(t.measures), "steps": lambda t: _models(t.steps)},
        CheckReport: {"checks": lambda r: _models([c.model_copy(update={"findings": ()}) for c in r.results]),
                      "findings": _check_findings},
        Explanation: {"decisions": lambda e: _models(e.decisions)},
        Evaluation: {"agreement": lambda e: _models(e.agreement), "disagreements": lambda e: _models(e.disagreements),
                     "confusion": _confusion, "fallback": lambda e: _models(e.fallback)},
    }


def _tables_of(result: Any) -> dict[str, Callable[[Any], Rows]]:
    for kind, named in _registry().items():
        if isinstance(result, kind):
            return named
    raise TypeError(f"{type(result).__name__} is not a register-audit result; give what an API function returned.")


def tables(result: Any) -> tuple[str, ...]:
    """The names of RESULT's tables, the default first."""
    return tuple(_tables_of(result))


def table_rows(result: Any, table: str | None = None) -> Rows:
    """RESULT's table (default: its first) as a header and rows."""
    from register_audit.errors import UsageError

    named = _tables_of(result)
    name = table or next(iter(named))
    if name not in named:
        raise UsageError(f"{type(result).__name__} has no table {name!r}; it has {', '.join(named)}.")
    return named[name](result)


def to_rows(result: Any, table: str | None = None) -> list[dict[str, Any]]:
    """RESULT's table as a list of dicts, one per row, keys in column order."""
    header, rows = table_rows(result, table)
    return [dict(zip(header, row)) for row in rows]


def to_frame(result: Any, table: str | None = None):
    """RESULT's table as a pandas DataFrame; a UsageError when pandas is not installed."""
    try:
        import pandas
    except ImportError:
        from register_audit.errors import UsageError

        raise UsageError("to_frame needs pandas: pip install 'register-audit[pandas]' (or pandas itself).") from None
    header, rows = table_rows(result, table)
    return pandas.DataFrame([list(r) for r in rows], columns=list(header))


__all__ = ["Rows", "table_rows", "tables", "to_frame", "to_rows"]
