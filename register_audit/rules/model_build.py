"""Building the domain models from repository files only: weak labels from the bundled registers, hand labels, training.

    python -m register_audit.rules.model_build           # writes rules/model/<name>.json
    python -m register_audit.rules.model_build --check   # exit 1 when a committed model differs

The training names are (a) every service name (and translation) of the bundled registers whose
domain the rules decide, by a rule on the name or by a provider table, with the model switched
off; (b) every hand-labelled name in tests/data/labels/ (never tests/data/heldout/). A label is
the COFOG division, except water supply (06.3), kept apart because it alone of 06 is a human
service (CODEBOOK §4). The output is JSON with sorted keys: the same files give the same bytes.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Iterable

from register_audit.load.resources import bundled
from register_audit.model.records import UNCLASSIFIED
from register_audit.rules.model import MODEL_FOLDER, features
from register_audit.rules.ruleset import RuleSet, default_name, load_ruleset
from register_audit.rules.text import normalize, tokenize

# The bundled registers whose names train each model (the rule set that labels them).
REGISTERS = {
    "en": ("ca/2016-2017", "ca/2017-2018", "ca/2018-2019", "ca/2019-2020", "ca/2020-2021",
           "us/2021-11-12", "us/2022-05-27", "us/2023-06-01", "us/2024-01-30", "ke"),
    "kz": ("kz",),
}
LABELS = Path(__file__).resolve().parents[2] / "tests" / "data" / "labels"  # in a checkout only
# Chosen by leave-one-label-set-out cross-validation (register_audit.rules.model_cv; rules/README.md).
PARAMETERS = {"stem": 6, "bigrams": False, "alpha": 0.5, "uniform_prior": False}

Example = tuple[str, str]  # (name, class)


def label_class(domain: str) -> str:
    """The class a domain label trains: its division, or 06.3 (water supply, a human service)."""
    return "06.3" if domain == "06.3" else domain[:2]


def rules_only(ruleset: RuleSet) -> RuleSet:
    """RULESET with its domain model switched off: the weak labels are the rules' alone."""
    files = tuple(f.model_copy(update={"file": f.file.model_copy(update={"model": None})}) for f in ruleset.files)
    return ruleset.model_copy(update={"files": files})


def weak_examples(family: str, editions: Iterable[str] | None = None) -> list[Example]:
    """Every name and translation of FAMILY's bundled registers (or of EDITIONS of them) with the
    domain its rules decide."""
    from register_audit.api import read_register
    from register_audit.classify import classify

    found: list[Example] = []
    for edition in REGISTERS[family] if editions is None else editions:
        with warnings.catch_warnings():  # repeated ids in Canada's editions: the names are what count here
            warnings.simplefilter("ignore")
            register = read_register(edition)
        ruleset = rules_only(load_ruleset(family, register.meta))
        for item in classify(register, ruleset).items:
            if item.labels.domain == UNCLASSIFIED:
                continue
            label = label_class(item.labels.domain)
            sighted = (s.name for s in item.service.sources if s.name)  # the Kazakh names as each act gave them
            for name in (item.service.name, *sorted(item.service.names.values()), *sorted(sighted)):
                if name.strip():
                    found.append((name, label))
    return found


def hand_examples(folder: Path = LABELS) -> dict[str, tuple[str, list[Example]]]:
    """Each hand-label file of FOLDER by its stem: (the rule-set family its languages get, its
    labelled names)."""
    from register_audit.load.labels import read_labels

    sets: dict[str, tuple[str, list[Example]]] = {}
    for path in sorted(folder.glob("*.csv")):
        label_set = read_labels(path)
        family = default_name(label_set.register().meta)
        sets[path.stem] = (family, [(i.service.name, label_class(i.labels.domain))
                                    for i in label_set.items if i.labels.domain != UNCLASSIFIED])
    return sets


def train(examples: Iterable[Example], stem: int, bigrams: bool, alpha: float, uniform_prior: bool) -> dict:
    """The model's JSON data from EXAMPLES, each distinct (normalised name, class) counted once."""
    distinct = sorted({(normalize(name), label): name for name, label in examples}.items())
    documents: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {}
    for (_, label), name in distinct:
        documents[label] += 1
        for feature, _, _ in features(tokenize(name), stem, bigrams):
            counts.setdefault(feature, Counter())[label] += 1
    totals: Counter[str] = Counter()
    for by_class in counts.values():
        totals.update(by_class)
    classes = sorted(documents)
    return {
        "alpha": alpha, "bigrams": bigrams, "classes": classes, "stem": stem, "uniform_prior": uniform_prior,
        "counts": {f: dict(sorted(c.items())) for f, c in sorted(counts.items())},
        "documents": {c: documents[c] for c in classes}, "totals": {c: totals[c] for c in classes},
        "names": len(distinct),
    }


def training_examples(family: str | None, weak: dict[str, list[Example]],
                      hand: dict[str, tuple[str, list[Example]]], leave_out: str | None = None) -> list[Example]:
    """The examples of FAMILY (None: every family, one shared model), without the hand-label set
    LEAVE_OUT and without any weak-label name identical (normalised) to one of its names."""
    banned = {normalize(n) for n, _ in hand[leave_out][1]} if leave_out else set()
    chosen: list[Example] = []
    for fam, examples in sorted(weak.items()):
        if family in (None, fam):
            chosen += [e for e in examples if normalize(e[0]) not in banned]
    for stem, (fam, examples) in sorted(hand.items()):
        if stem != leave_out and family in (None, fam):
            chosen += examples
    return chosen


def serialise(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def build(parameters: dict = PARAMETERS) -> dict[str, str]:
    """The JSON text of each bundled model, by file name."""
    weak = {family: weak_examples(family) for family in REGISTERS}
    hand = hand_examples()
    return {f"domain-{family}.json": serialise(train(training_examples(family, weak, hand), **parameters))
            for family in sorted(REGISTERS)}


def main(argv: list[str]) -> int:
    folder = bundled("rules") / MODEL_FOLDER
    built = build()
    if "--check" in argv:
        stale = [n for n, text in built.items() if not (folder / n).is_file() or (folder / n).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"rules/{MODEL_FOLDER}/{name} differs from what the build makes; rebuild it.", file=sys.stderr)
        return 1 if stale else 0
    folder.mkdir(exist_ok=True)
    for name, text in built.items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"wrote rules/{MODEL_FOLDER}/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
