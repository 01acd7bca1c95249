"""The shipped rule sets agree with the hand labels (CODEBOOK.md) on at least 95% per axis.

Every CSV in tests/data/labels/ is measured with `rules eval`'s engine and the bundled rule set
for its languages. Run `pytest -s tests/test_accuracy.py` to see the agreement and every
disagreement, or `register-audit rules eval tests/data/labels/NAME.csv` for the full report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from register_audit.load.labels import read_labels
from register_audit.rules.evaluate import evaluate
from register_audit.rules.ruleset import load_ruleset

LABELS = Path(__file__).parent / "data" / "labels"
THRESHOLD = 0.95
LABEL_FILES = sorted(LABELS.glob("*.csv"))


def test_there_are_label_files_to_measure() -> None:
    assert LABEL_FILES, f"no label files in {LABELS}"


@pytest.mark.parametrize("path", LABEL_FILES, ids=[p.stem for p in LABEL_FILES])
def test_agreement_with_hand_labels_is_at_least_95_percent_per_axis(path: Path) -> None:
    """Nature, completeness (with partial kind), domain division and human service each agree on
    ≥95% of the rows, and ≥95% of the names labelled partial come out partial with the right kind."""
    label_set = read_labels(path)
    result = evaluate(label_set, load_ruleset(None, label_set.register().meta), THRESHOLD)
    shares = ", ".join(f"{a.axis.value} {a.share:.1%}" for a in result.agreement)
    recall = result.partial_recall
    print(f"\n{path.name} ({result.ruleset}): {result.names} names; {shares}; partial recall "
          f"{recall.recalled}/{recall.labelled}")
    for d in result.disagreements:
        print(f"  {d.id} {d.axis.value}: expected {d.expected!r}, got {d.got!r} ({d.rule or 'no rule'}): {d.name[:90]}")
    assert result.passed, f"below {THRESHOLD:.0%}: {', '.join(result.below)}"
