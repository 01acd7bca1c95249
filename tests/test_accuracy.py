"""The shipped rule sets agree with the expert labels (CODEBOOK.md) on at least 95% per axis.

Run with `pytest -s tests/test_accuracy.py` to see the agreement and every disagreement.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from register_audit.classify import classify
from register_audit.model.records import Location, Register, RegisterMeta, Service
from register_audit.render.classify import human_value
from register_audit.rules.ruleset import load_ruleset

LABELS = Path(__file__).parent / "data" / "labels"
THRESHOLD = 0.95
AXES = ("nature", "completeness", "domain", "human_service")


def labelled(name: str) -> tuple[list[dict[str, str]], Register]:
    """The labelled rows, and their names as a register of their own (`id,name`)."""
    path = LABELS / f"{name}-dev.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    services = tuple(
        Service(id=row["id"], name=row["name"], location=Location(file=str(path), row=number))
        for number, row in enumerate(rows, start=2)
    )
    return rows, Register(meta=RegisterMeta(name=str(path)), services=services)


def compare(expected: dict[str, str], got: dict[str, str], axis: str) -> bool:
    if axis == "domain":  # the codebook's agreement: the COFOG division (first two digits)
        return expected[axis][:2] == got[axis][:2]
    return expected[axis] == got[axis]


@pytest.mark.parametrize("name", ["kz", "en"])
def test_agreement_with_expert_labels_is_at_least_95_percent_per_axis(name: str) -> None:
    """Nature, completeness (with partial kind), domain division and human service each agree on ≥95% of rows."""
    rows, register = labelled(name)
    result = classify(register, load_ruleset(name, register.meta))
    agreed = dict.fromkeys(AXES, 0)
    disagreements: list[str] = []
    for row, item in zip(rows, result.items, strict=True):
        labels = item.labels
        got = {
            "nature": labels.nature.value,
            "completeness": f"{labels.completeness.value}:{labels.partial_kind.value if labels.partial_kind else ''}",
            "domain": labels.domain,
            "human_service": human_value(labels.human_service),
        }
        expected = {**row, "completeness": f"{row['completeness']}:{row['partial_kind']}"}
        for axis in AXES:
            if compare(expected, got, axis):
                agreed[axis] += 1
            else:
                disagreements.append(f"  {row['id']} {axis}: expected {expected[axis]!r}, got {got[axis]!r}: {row['name'][:90]}")
    shares = {axis: agreed[axis] / len(rows) for axis in AXES}
    print(f"\n{name}: {len(rows)} labelled names; agreement " + ", ".join(f"{a} {s:.1%}" for a, s in shares.items()))
    print("\n".join(disagreements) or "  no disagreements")
    assert all(share >= THRESHOLD for share in shares.values()), shares
