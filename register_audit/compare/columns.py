"""Column changes: a field that changed on nearly every matched service, said once for the edition."""

from __future__ import annotations

from collections import Counter
from typing import Protocol, Sequence

from register_audit.model.records import Frozen


class _Changed(Protocol):  # a Modified (compare/diff.py): its field changes
    changes: Sequence


class ColumnChange(Frozen):
    """A field that changed on so many matched services (COLUMN_CHANGE_SHARE of them or more) that
    it is a change of the edition, not of each service: Canada's `fiscal_yr` on every row."""

    field: str
    changed: int  # matched services whose value of FIELD differs
    matched: int
    old: str  # the most common old value among the changed services
    new: str  # the most common new value
    common: int  # how many changed services went exactly from OLD to NEW

    @property
    def sentence(self) -> str:
        values = f"{self.old or '(empty)'} → {self.new or '(empty)'}"
        if self.common < self.changed:
            values = f"most often {values} ({self.common:,})"
        return f"{self.field} changed on {self.changed:,} of {self.matched:,} matched services: {values}"


# A field that changed on this share of the matched services or more is reported once, as a
# column change, instead of on every row (issue #12: 17,089 lines for a new fiscal year).
COLUMN_CHANGE_SHARE = 0.9


def column_changes(modified: Sequence[_Changed], matched: int) -> tuple[ColumnChange, ...]:
    """The fields that changed on COLUMN_CHANGE_SHARE or more of the MATCHED services, in field order."""
    if not matched:
        return ()
    pairs: dict[str, Counter] = {}
    for m in modified:
        for c in m.changes:
            pairs.setdefault(c.field, Counter())[(c.old, c.new)] += 1
    found = []
    for field, counts in pairs.items():
        changed = sum(counts.values())
        if changed >= COLUMN_CHANGE_SHARE * matched:
            (old, new), common = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            found.append(ColumnChange(field=field, changed=changed, matched=matched, old=old, new=new, common=common))
    return tuple(found)


__all__ = ["COLUMN_CHANGE_SHARE", "ColumnChange", "column_changes"]
