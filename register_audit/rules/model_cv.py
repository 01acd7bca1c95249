"""Cross-validating the domain model: each hand-label set left out in turn, rules alone against rules and model.

    python -m register_audit.rules.model_cv            # the table for the shipped parameters
    python -m register_audit.rules.model_cv --search   # every parameter choice, best first

For each label set of tests/data/labels/ the model is trained on the weak labels (without any
name identical to one of the set's) and the other sets, then the set's names are classified by
the rules with the model switched off; where they leave the domain unclassified the model
decides above the threshold. Domain is compared at division level, human service by CODEBOOK §4.
"""

from __future__ import annotations

import itertools
import sys
import warnings

from register_audit.model.records import UNCLASSIFIED, HumanLabel, is_human_domain
from register_audit.rules.model import DomainModel
from register_audit.rules.model_build import (
    LABELS, PARAMETERS, REGISTERS, hand_examples, label_class, rules_only, train, training_examples, weak_examples,
)
from register_audit.rules.text import normalize

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
SEARCH = {"stem": (4, 5, 6, 7, 99), "bigrams": (False, True), "alpha": (0.1, 0.5, 1.0), "uniform_prior": (False, True)}


def rule_labels() -> dict[str, list[tuple[str, str, str, str]]]:
    """Each label set's (name, hand domain, hand human service, rules' domain with the model off)."""
    from register_audit.classify import classify
    from register_audit.load.labels import read_labels
    from register_audit.rules.ruleset import default_name, load_ruleset

    found = {}
    for path in sorted(LABELS.glob("*.csv")):
        label_set = read_labels(path)
        register = label_set.register()
        ruleset = rules_only(load_ruleset(default_name(register.meta), register.meta))
        items = classify(register, ruleset).items
        found[path.stem] = [(i.service.name, h.labels.domain, h.labels.human_service, i.labels.domain)
                            for h, i in zip(label_set.items, items, strict=True)]
    return found


def _agrees(expected: str, got: str) -> bool:
    return expected[:2] == got[:2] if UNCLASSIFIED not in (expected, got) else expected == got


def measure(rows, predictions, threshold: float) -> dict[str, int]:
    """Counts on one set: names, domain and human service agreeing with rules alone and with the
    model, the names the model decided, and of those how many it got right."""
    n = {"names": len(rows), "domain": 0, "human": 0, "domain+m": 0, "human+m": 0, "filled": 0, "right": 0,
         "alone": 0, "alone_right": 0}
    for (name, hand, human, rules), p in zip(rows, predictions):
        got = rules
        if p is not None and p.probability >= threshold:
            n["alone"] += 1
            n["alone_right"] += _agrees(hand, p.value)
            if rules == UNCLASSIFIED:
                got = p.value
                n["filled"] += 1
                n["right"] += _agrees(hand, got)
        n["domain"] += _agrees(hand, rules)
        n["human"] += HumanLabel.of(is_human_domain(rules)).value == human
        n["domain+m"] += _agrees(hand, got)
        n["human+m"] += HumanLabel.of(is_human_domain(got)).value == human
    return n


def predictions(parameters: dict, shared: bool, weak, hand, labelled) -> dict[str, list]:
    """The model's prediction (no threshold) for every name of each set, trained without that set."""
    found = {}
    for stem, (family, _) in sorted(hand.items()):
        model = DomainModel(train(training_examples(None if shared else family, weak, hand, stem), **parameters))
        found[stem] = [model.predict(name) for name, *_ in labelled[stem]]
    return found


def table(parameters: dict, shared: bool, threshold: float, weak, hand, labelled) -> list[str]:
    """The Markdown table of the CV for one choice of parameters."""
    found = predictions(parameters, shared, weak, hand, labelled)
    lines = ["| label set | names | domain, rules | domain, rules + model | human, rules | human, rules + model "
             "| filled (right) | model alone: decided (right) |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    total: dict[str, int] = {}
    for stem in sorted(found):
        n = measure(labelled[stem], found[stem], threshold)
        total = {k: total.get(k, 0) + v for k, v in n.items()}
        lines.append(_row(f"`{stem}.csv`", n))
    lines.append(_row("all", total))
    return lines


def _row(title: str, n: dict[str, int]) -> str:
    pct = lambda k: f"{n[k] / n['names']:.1%}"  # noqa: E731
    return (f"| {title} | {n['names']} | {pct('domain')} | {pct('domain+m')} | {pct('human')} | {pct('human+m')} "
            f"| {n['filled']} ({n['right']}) | {n['alone']} ({n['alone_right']}) |")


MIN_PRECISION = 0.8  # of the model's decisions on names it was not trained on, the share right


def search(weak, hand, labelled) -> list[tuple]:
    """Every parameter choice with its totals over the folds, best first: of the choices whose
    decisions on the left-out names (all of them, not only those the rules leave unclassified:
    on the label sets, which the rules were written from, they leave few) are right at least
    MIN_PRECISION of the time, the one that decides the most names right; then the higher
    threshold."""
    results = []
    for values in itertools.product(*SEARCH.values()):
        parameters = dict(zip(SEARCH, values))
        for shared in (False, True):
            found = predictions(parameters, shared, weak, hand, labelled)
            for threshold in THRESHOLDS:
                total: dict[str, int] = {}
                for stem in found:
                    n = measure(labelled[stem], found[stem], threshold)
                    total = {k: total.get(k, 0) + v for k, v in n.items()}
                precision = total["alone_right"] / total["alone"] if total["alone"] else 0.0
                results.append((precision >= MIN_PRECISION, total["alone_right"], round(precision, 4), total["alone"],
                                total["domain+m"], threshold, shared, parameters))
    return sorted(results, key=lambda r: (not r[0], -r[1], -r[5], repr(r[7])))


def names_without_domain_words(editions) -> list[tuple[str, str]]:
    """(name, class) of the names of EDITIONS whose domain no rule on the name decides but a
    provider or section table does: the names the model is for, with the tables' label."""
    from register_audit.api import read_register
    from register_audit.classify import classify
    from register_audit.model.records import Location, Register, Service
    from register_audit.rules.ruleset import load_ruleset

    found: dict[str, str] = {}
    for edition in editions:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            register = read_register(edition)
        ruleset = rules_only(load_ruleset(None, register.meta))
        bare = Register(meta=register.meta, services=tuple(
            Service(id=str(k), name=s.name, location=Location(edition, k)) for k, s in enumerate(register.services)))
        for whole, alone in zip(classify(register, ruleset).items, classify(bare, ruleset).items, strict=True):
            if alone.labels.domain == UNCLASSIFIED and whole.labels.domain != UNCLASSIFIED:
                found.setdefault(whole.service.name, label_class(whole.labels.domain))
    return sorted(found.items())


def by_register(thresholds, hand) -> list[str]:
    """Each English register left out in turn: the model trained on the others' weak labels and
    every hand label (without any name identical to a test name), tested on the left-out names
    no name rule decides, against the label its provider table gives (USA: none such)."""
    groups = {"Canada": REGISTERS["en"][:5], "USA": REGISTERS["en"][5:9], "Kenya": REGISTERS["en"][9:]}
    lines = ["| left out | names no name rule decides | threshold | model decides | domain right | human service right |",
             "|---|---:|---:|---:|---:|---:|"]
    for title, editions in groups.items():
        test = names_without_domain_words(editions)
        if not test:
            continue
        banned = {normalize(n) for n, _ in test}
        others = [e for g, eds in groups.items() if g != title for e in weak_examples("en", eds)]
        others += [e for fam, examples in hand.values() if fam == "en" for e in examples]
        model = DomainModel(train([e for e in others if normalize(e[0]) not in banned], **PARAMETERS))
        found = [(model.predict(name), label) for name, label in test]
        for threshold in thresholds:
            decided = [(p.value, label) for p, label in found if p is not None and p.probability >= threshold]
            right = sum(_agrees(label, value) for value, label in decided)
            human = sum(is_human_domain(label) == is_human_domain(value) for value, label in decided)
            pct = lambda k: f"{k} ({k / len(decided):.1%})" if decided else "0"  # noqa: E731
            lines.append(f"| {title} | {len(test)} | {threshold} | {len(decided)} | {pct(right)} | {pct(human)} |")
    return lines


def main(argv: list[str]) -> int:
    weak = {family: weak_examples(family) for family in REGISTERS}
    hand, labelled = hand_examples(), rule_labels()
    if "--search" in argv:
        for row in search(weak, hand, labelled)[:40]:
            print(*row)
        return 0
    shared = "--shared" in argv
    threshold = float(next((a.split("=")[1] for a in argv if a.startswith("--threshold=")), 0.7))
    print("\n".join(table(PARAMETERS, shared, threshold, weak, hand, labelled)))
    print()
    print("\n".join(by_register(THRESHOLDS, hand)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
