"""Measuring a rule set against hand labels: agreement per axis, partial recall, confusions."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from register_audit.classify import classify
from register_audit.load.labels import HandLabels, LabelSet
from register_audit.model.records import UNCLASSIFIED, Axis, ClassifiedService, Completeness, Frozen, HumanLabel, Labels, Provenance
from register_audit.rules.fallback import FallbackShare, count_fallbacks, decided_by_default, fallback_shares
from register_audit.rules.model import MODEL_RULE_ID
from register_audit.rules.ruleset import RuleSet

DEFAULT_MINIMUM = 0.95


class EvalAxis(StrEnum):
    """What is compared. `domain` is the COFOG division (the codebook's agreement, and the one
    gated by --min). `domain_group` is the level the hand label gives: where it names a group
    (07.2) the rules must give that group; where it names only a division (the name does not
    allow a group, CODEBOOK §3) the division must match. It is reported, not gated."""

    nature = "nature"
    completeness = "completeness"  # the value and, for partial, its kind
    domain = "domain"
    domain_group = "domain_group"
    human_service = "human_service"


GATED = (EvalAxis.nature, EvalAxis.completeness, EvalAxis.domain, EvalAxis.human_service)
# The rule axis whose decision gave each compared value (human service follows the domain).
DECIDED_BY = {
    EvalAxis.nature: Axis.nature, EvalAxis.completeness: Axis.completeness, EvalAxis.domain: Axis.domain,
    EvalAxis.domain_group: Axis.domain, EvalAxis.human_service: Axis.domain,
}


class Agreement(Frozen):
    """How many labelled names the rules gave the hand label on one axis."""

    axis: EvalAxis
    agreed: int
    names: int
    share: float  # agreed / names, rounded to 4 places
    gated: bool  # compared with --min


class PartialRecall(Frozen):
    """Of the names labelled partial, how many the rules made partial with the same kind."""

    labelled: int
    recalled: int
    share: float | None  # None when no name is labelled partial


class LanguageAgreement(Frozen):
    """The agreement on the names of one language of the label file."""

    language: str
    names: int
    agreement: tuple[Agreement, ...]


class ConfusionCell(Frozen):
    expected: str
    got: str
    names: int


class Confusion(Frozen):
    """Hand label × rule label counts on one axis; `values` lists both sides' values, sorted."""

    axis: EvalAxis
    values: tuple[str, ...]
    cells: tuple[ConfusionCell, ...]  # only the non-zero cells, by (expected, got)

    def count(self, expected: str, got: str) -> int:
        return next((c.names for c in self.cells if c.expected == expected and c.got == got), 0)


class Disagreement(Frozen):
    """One name on which the rules and the hand label differ, with the rule that decided."""

    id: str
    row: int | None
    name: str
    axis: EvalAxis
    expected: str
    got: str
    rule: str | None  # None: no rule matched (unclassified)
    matched: str  # the words the deciding rule matched ("" for a fallback)
    fallback: bool  # decided by a fallback rule or by no rule


class Evaluation(Frozen):
    """A rule set measured on a label file. `passed`: every gated axis, and partial recall when
    any name is labelled partial, at least `minimum`."""

    labels: str
    ruleset: str
    names: int
    minimum: float
    passed: bool
    below: tuple[str, ...]  # the gated measures under the minimum
    agreement: tuple[Agreement, ...]
    partial_recall: PartialRecall
    by_language: tuple[LanguageAgreement, ...]
    fallback: tuple[FallbackShare, ...]
    model: str | None  # the domain model the rule set switches on (rules/model/<name>.json), or None
    model_decided: int  # names whose domain the model decided (no domain rule did)
    confusion: tuple[Confusion, ...]
    disagreements: tuple[Disagreement, ...]  # in file order, then axis order
    provenance: Provenance = Provenance()  # the tool and the rule files measured


def _completeness(value: str, kind: str | None) -> str:
    return f"{value}:{kind}" if value == Completeness.partial.value and kind else value


def expected_values(labels: HandLabels) -> dict[EvalAxis, str]:
    """The compared value of each axis, from a hand label."""
    return {
        EvalAxis.nature: labels.nature.value,
        EvalAxis.completeness: _completeness(labels.completeness.value, labels.partial_kind.value if labels.partial_kind else None),
        EvalAxis.domain: labels.domain[:2] if labels.domain != UNCLASSIFIED else UNCLASSIFIED,
        EvalAxis.domain_group: labels.domain,
        EvalAxis.human_service: labels.human_service,
    }


def got_values(labels: Labels) -> dict[EvalAxis, str]:
    """The compared value of each axis, from the rules' labels."""
    return {
        EvalAxis.nature: labels.nature.value,
        EvalAxis.completeness: _completeness(labels.completeness.value, labels.partial_kind.value if labels.partial_kind else None),
        EvalAxis.domain: labels.domain[:2] if labels.domain != UNCLASSIFIED else UNCLASSIFIED,
        EvalAxis.domain_group: labels.domain,
        EvalAxis.human_service: HumanLabel.of(labels.human_service).value,
    }


def _agrees(axis: EvalAxis, expected: dict[EvalAxis, str], got: dict[EvalAxis, str]) -> bool:
    if axis == EvalAxis.domain_group and "." not in expected[axis]:
        return expected[EvalAxis.domain] == got[EvalAxis.domain]
    return expected[axis] == got[axis]


def _agreement(pairs: list[tuple[dict[EvalAxis, str], dict[EvalAxis, str]]]) -> tuple[Agreement, ...]:
    result = []
    for axis in EvalAxis:
        agreed = sum(1 for expected, got in pairs if _agrees(axis, expected, got))
        share = round(agreed / len(pairs), 4) if pairs else 0.0
        result.append(Agreement(axis=axis, agreed=agreed, names=len(pairs), share=share, gated=axis in GATED))
    return tuple(result)


def _confusion(pairs: list[tuple[dict[EvalAxis, str], dict[EvalAxis, str]]]) -> tuple[Confusion, ...]:
    result = []
    for axis in EvalAxis:
        counts = Counter((expected[axis], got[axis]) for expected, got in pairs)
        values = tuple(sorted({v for pair in counts for v in pair}))
        cells = tuple(ConfusionCell(expected=e, got=g, names=n) for (e, g), n in sorted(counts.items()))
        result.append(Confusion(axis=axis, values=values, cells=cells))
    return tuple(result)


def decided_by_model(item: ClassifiedService) -> bool:
    """Whether the domain model, not a rule, decided ITEM's domain."""
    winner = next(d.winner for d in item.labels.decisions if d.axis == Axis.domain)
    return winner is not None and winner.rule_id == MODEL_RULE_ID


def evaluate(label_set: LabelSet, ruleset: RuleSet, minimum: float = DEFAULT_MINIMUM) -> Evaluation:
    """Classify the names of LABEL_SET as a register of their own with RULESET and compare each
    axis with the hand labels."""
    classification = classify(label_set.register(), ruleset)
    pairs: list[tuple[dict[EvalAxis, str], dict[EvalAxis, str]]] = []
    by_language: dict[str, list[tuple[dict[EvalAxis, str], dict[EvalAxis, str]]]] = {}
    disagreements: list[Disagreement] = []
    labelled_partial = recalled = 0
    for labelled, item in zip(label_set.items, classification.items, strict=True):
        expected, got = expected_values(labelled.labels), got_values(item.labels)
        pairs.append((expected, got))
        by_language.setdefault(labelled.language, []).append((expected, got))
        if labelled.labels.completeness == Completeness.partial:
            labelled_partial += 1
            recalled += expected[EvalAxis.completeness] == got[EvalAxis.completeness]
        decisions = {d.axis: d for d in item.labels.decisions}
        for axis in EvalAxis:
            if _agrees(axis, expected, got):
                continue
            decision = decisions[DECIDED_BY[axis]]
            winner = decision.winner
            disagreements.append(Disagreement(
                id=item.service.id, row=item.service.location.row, name=item.service.name, axis=axis,
                expected=expected[axis], got=got[axis], rule=winner.rule_id if winner else None,
                matched=winner.matched if winner else "", fallback=decided_by_default(decision),
            ))
    agreement = _agreement(pairs)
    recall = PartialRecall(labelled=labelled_partial, recalled=recalled,
                           share=round(recalled / labelled_partial, 4) if labelled_partial else None)
    below = [a.axis.value for a in agreement if a.gated and a.share < minimum]
    if recall.share is not None and recall.share < minimum:
        below.append("partial_recall")
    counts = count_fallbacks(i.labels for i in classification.items)
    switch = ruleset.domain_model()
    return Evaluation(
        labels=label_set.path, ruleset=ruleset.name, names=len(pairs), minimum=minimum, passed=not below,
        below=tuple(below), agreement=agreement, partial_recall=recall,
        by_language=tuple(LanguageAgreement(language=lang, names=len(p), agreement=_agreement(p))
                          for lang, p in sorted(by_language.items())),
        fallback=fallback_shares(counts, len(pairs)),
        model=switch.name if switch else None, model_decided=sum(map(decided_by_model, classification.items)),
        confusion=_confusion(pairs), disagreements=tuple(disagreements),
    )


__all__ = ["Agreement", "Confusion", "ConfusionCell", "DEFAULT_MINIMUM", "Disagreement", "EvalAxis", "Evaluation",
           "GATED", "LanguageAgreement", "PartialRecall", "evaluate"]
