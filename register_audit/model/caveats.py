"""Warnings a report carries next to its headline: what a reader must know before quoting it.

One mechanism for every report (audit, diff, trend, check): the core puts `ReportWarning`s on
the report model (JSON has them as `warnings`), and `render/caveats.py` places them next to the
headline in the table, Markdown and HTML; CSV has no place for them, so the CLI prints them on
stderr. A new kind of warning (fallback labels, ...) is a new `code`, not a new mechanism.
"""

from __future__ import annotations

from register_audit.model.records import Frozen, RegisterMeta


class ReportWarning(Frozen):
    """One warning: a stable code for scripts, and the sentence a reader sees."""

    code: str  # partial_collection | fallback | weight_unavailable | ...
    message: str


PARTIAL_COLLECTION = "partial_collection"
WEIGHT_UNAVAILABLE = "weight_unavailable"  # --weight applications|interactions on a register that counts no use


def collection_warnings(*metas: RegisterMeta) -> tuple[ReportWarning, ...]:
    """One warning for the editions among METAS that are partial collections (a sighted-names
    collection, not the register), naming them; editions with the same notes share one."""
    by_notes: dict[str, list[str]] = {}
    for meta in metas:
        if meta.partial_collection:
            names = by_notes.setdefault(meta.notes.strip(), [])
            if meta.name not in names:
                names.append(meta.name)
    warnings = []
    for notes, names in by_notes.items():
        if len(metas) == 1:
            head = "Partial collection, not the whole register"
        elif len(names) == 1:
            head = f"Partial collection, not the whole register ({names[0]})"
        else:
            head = f"Partial collections, not whole registers ({', '.join(names)})"
        warnings.append(ReportWarning(code=PARTIAL_COLLECTION, message=f"{head}: {notes}" if notes else f"{head}."))
    return tuple(warnings)


def is_collection(*metas: RegisterMeta) -> bool:
    """True when any of METAS is a partial collection: its counts describe what was collected."""
    return any(meta.partial_collection for meta in metas)


__all__ = ["PARTIAL_COLLECTION", "WEIGHT_UNAVAILABLE", "ReportWarning", "collection_warnings", "is_collection"]
