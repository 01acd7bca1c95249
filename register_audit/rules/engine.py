"""A rule set compiled once: each distinct text of a field evaluated once, and labels decided from the evidence."""

from __future__ import annotations

from register_audit.model.records import (
    UNCLASSIFIED,
    Axis,
    Completeness,
    Decision,
    Evidence,
    Labels,
    Nature,
    PartialKind,
    Service,
    construct,
    is_human_domain,
)
from register_audit.rules.compiled import CompiledRule, _Clause, _triggers, compile_rule
from register_audit.rules.index import FirstWordIndex
from register_audit.rules.model import DomainModel, Prediction, load_model
from register_audit.rules.ruleset import RuleSet
from register_audit.rules.text import tokenize


class _FieldIndex:
    """The clauses of every rule on one field, indexed by the first word of their trigger patterns,
    so a text only tries the clauses one of its words could start."""

    def __init__(self, clauses: list[tuple[int, _Clause]]) -> None:
        self.clauses = clauses  # (rule number, clause), in rule order
        self.always = [k for k, (_, clause) in enumerate(clauses) if not _triggers(clause)]
        # The clauses each word can start; its memo is emptied with the engine's (Engine.forget).
        self.index: FirstWordIndex[int] = FirstWordIndex()
        for k, (_, clause) in enumerate(clauses):
            for pattern in _triggers(clause):
                self.index.add(pattern, k)

    def evaluate(self, text: str) -> tuple[tuple[int, str], ...]:
        """(rule number, excerpt) of every clause that holds on TEXT, in rule order."""
        tokens = tokenize(text)
        if not tokens.words:
            return ()
        found = self.index.candidates(tokens.words)
        found.update(self.always)
        held = []
        for k in sorted(found):
            number, clause = self.clauses[k]
            excerpt = clause.test(tokens)
            if excerpt is not None:
                held.append((number, excerpt))
        return tuple(held)


class Engine:
    """A rule set compiled once: its rules in order, and the clauses of each field it reads.

    A clause reads one field, so each distinct text of a field is evaluated once (which clauses
    hold on it, with their excerpts), and a service's labels are combined from its fields'
    results: a million-row register with a few thousand names and providers evaluates a few
    thousand texts, and combines each distinct pair of results once.

    Its tables are classification's one memo, bounded by _CACHE_LIMIT and emptied together by
    `forget` (ids in one refer to entries of another). Build one Engine for a rule set and pass it
    to whatever labels services with that set (classify, audit, diff, check): nothing is cached
    for the whole process.
    """

    def __init__(self, ruleset: RuleSet, model: DomainModel | None = None) -> None:
        """MODEL replaces the domain model the rule set switches on (for cross-validation)."""
        self.ruleset = ruleset
        self.name = ruleset.name
        compiled: list[CompiledRule] = []
        for axis in Axis:
            for _path, rule in ruleset.rules(axis):
                compiled.append(compile_rule(rule, axis, len(compiled)))
        self.rules = tuple(compiled)
        self.fields = tuple(sorted({c.field for r in self.rules for c in r.clauses} | {"name"}))
        self._fields = tuple(
            _FieldIndex([(r.order, c) for r in self.rules for c in r.clauses if c.field == field]) for field in self.fields
        )
        self._rule_fields = tuple(tuple(self.fields.index(c.field) for c in r.clauses) for r in self.rules)
        self._values: tuple[dict[str, int], ...] = tuple({} for _ in self.fields)
        self._results: list[dict[int, str]] = []
        self._result_ids: dict[tuple[tuple[tuple[int, str], ...], Prediction | None], int] = {}
        self._combined: dict[tuple[int, ...], Labels] = {}
        self._axis_of = tuple(_AXES.index(r.axis) for r in self.rules)
        self._projections: dict[tuple[int, int], tuple[int, ...]] = {}
        self._projection_ids: dict[object, int] = {}
        self._decision_ids: dict[tuple[int, tuple[int, ...]], int] = {}
        self._decided: list[Decision] = []
        self._labels: dict[tuple[int, ...], Labels] = {}
        self._size = 0  # texts evaluated since the results were last emptied
        # The domain model decides a name's domain where no domain rule does (rules/README.md).
        switch = ruleset.domain_model()
        self.model_switch = switch
        self._model = model
        self._name = self.fields.index("name")
        # Domain rules that read only the name: when one holds, the name's domain is decided.
        self._name_decides = frozenset(r.order for r in self.rules if r.axis == Axis.domain
                                       and all(c.field == "name" for c in r.clauses))
        self._predictions: list[Prediction | None] = []  # by result id, for the name field

    def result(self, field: int, text: str) -> int:
        """The id of what the clauses on field number FIELD (in `fields` order) make of TEXT:
        equal ids, equal clause results (texts differing only in words no pattern reads share one)."""
        values = self._values[field]
        found = values.get(text)
        if found is None:
            self._size += 1
            held = self._fields[field].evaluate(text)
            prediction = self._predict(text, held) if field == self._name else None
            key = (held, prediction)
            found = self._result_ids.get(key)
            if found is None:
                found = self._result_ids[key] = len(self._results)
                self._results.append(dict(held))
                self._predictions.append(prediction)
            values[text] = found
        return found

    def _predict(self, text: str, held: tuple[tuple[int, str], ...]) -> Prediction | None:
        """The domain model's prediction for the name TEXT, unless it is off or a domain rule on
        the name already decides (then it is never needed, and the model is not even loaded)."""
        if self.model_switch is None or any(number in self._name_decides for number, _ in held):
            return None
        if self._model is None:
            self._model = load_model(self.model_switch.name)
        return self._model.predict(text, self.model_switch.min_probability)

    def results(self, field: int, texts: list[str]) -> list[int]:
        """`result` of each of TEXTS (one column), each distinct text evaluated once; call
        `forget` only between uses of the ids (when `full`)."""
        values = self._values[field]
        for text in set(texts).difference(values):
            self.result(field, text)
        return list(map(values.__getitem__, texts))

    def combined(self, results: tuple[int, ...]) -> Labels:
        """The labels of a service whose fields have RESULTS (ids from `result`, in `fields` order);
        services with equal results share one Labels object."""
        labels = self._combined.get(results)
        if labels is None:
            self._size += 1
            labels = self._combined[results] = self._combine(results)
        return labels

    def labels_of(self, texts: tuple[str, ...]) -> Labels:
        """The labels of a service whose fields (in `fields` order) hold TEXTS."""
        if self.full():
            self.forget()
        return self.combined(tuple(self.result(k, text) for k, text in enumerate(texts)))

    def labels(self, service: Service) -> Labels:
        """The labels of SERVICE, from the text of every field a rule reads."""
        return self.labels_of(tuple(service.field_text(field) for field in self.fields))

    def _combine(self, results: tuple[int, ...]) -> Labels:
        # An axis's decision depends only on what each field's result holds for that axis's rules
        # (its projection), and many combinations share those: each decision, and each triple of
        # decisions (the labels), is built once.
        projections = [self._projection(field, result) for field, result in enumerate(results)]
        decided = tuple(self._decision(a, results, tuple(p[a] for p in projections)) for a in range(len(_AXES)))
        labels = self._labels.get(decided)
        if labels is None:
            labels = self._labels[decided] = labels_from(tuple(self._decided[d] for d in decided))
        return labels

    def _projection(self, field: int, result: int) -> tuple[int, ...]:
        """For each axis, the id of the (rule number, excerpt) pairs RESULT of FIELD holds for its rules."""
        key = (field, result)
        found = self._projections.get(key)
        if found is None:
            held = self._results[result]
            parts: list[object] = [tuple((n, e) for n, e in held.items() if self._axis_of[n] == a) for a in range(len(_AXES))]
            if field == self._name:  # the domain model's prediction for the name is part of its domain share
                parts[_DOMAIN] = (parts[_DOMAIN], self._predictions[result])
            found = self._projections[key] = tuple(self._projection_ids.setdefault(part, len(self._projection_ids)) for part in parts)
        return found

    def _decision(self, axis: int, results: tuple[int, ...], key: tuple[int, ...]) -> int:
        """The id of AXIS's decision for a service whose fields have RESULTS (and projections KEY)."""
        found = self._decision_ids.get((axis, key))
        if found is None:
            held = [self._results[r] for r in results]
            matches = []
            for number in sorted({n for by_rule in held for n in by_rule if self._axis_of[n] == axis}):
                fields = self._rule_fields[number]  # in rule order (a result holds its rules in that order)
                if not all(number in held[f] for f in fields):
                    continue
                first: tuple[int, str] | None = None
                for f in fields:  # the first clause's excerpt, or the first non-empty one after a bare `present`
                    matched = held[f][number]
                    if first is None or (not first[1] and matched):
                        first = (f, matched)
                assert first is not None  # a rule has at least one clause (schema: min_length=1)
                matches.append(self._evidence(number, *first))
            prediction = self._predictions[results[self._name]] if axis == _DOMAIN and not matches else None
            found = self._decision_ids[(axis, key)] = len(self._decided)
            # No domain rule holds: the model's decision, with its evidence (None: unclassified).
            self._decided.append(prediction.decision() if prediction is not None else decide(_AXES[axis], matches))
        return found

    def _evidence(self, number: int, field: int, matched: str) -> Evidence:
        rule = self.rules[number].rule  # validated when its file was loaded
        return construct(Evidence, {"rule_id": rule.id, "value": rule.value, "kind": rule.kind.value if rule.kind else None,
                                    "priority": rule.priority, "field": self.fields[field], "matched": matched})

    def full(self) -> bool:
        """Whether the results hold _CACHE_LIMIT texts and combinations (then `forget`, between
        uses of result ids: ids from before are meaningless after)."""
        return self._size >= _CACHE_LIMIT

    def forget(self) -> None:
        """Empty the per-text results when a register of all-distinct texts fills them: memory stays
        bounded, and a text seen again is evaluated again."""
        self._size = 0
        for values in self._values:
            values.clear()
        self._results.clear()
        self._predictions.clear()
        self._result_ids.clear()
        self._combined.clear()
        self._projections.clear()
        self._projection_ids.clear()
        self._decision_ids.clear()
        self._decided.clear()
        self._labels.clear()
        for field in self._fields:
            field.index.words.clear()


_AXES = tuple(Axis)  # iterating an enum class is slow, and this runs once per combination
_DOMAIN = _AXES.index(Axis.domain)


def decide(axis: Axis, matches: list[Evidence]) -> Decision:
    """The highest priority wins; among equals, rule order decides but a different value at the
    same priority is recorded as a conflict, never dropped."""
    if not matches:
        return construct(Decision, {"axis": axis, "value": UNCLASSIFIED, "kind": None, "winner": None, "losers": (), "conflict": ()})
    top = max(e.priority for e in matches)
    winner = next(e for e in matches if e.priority == top)
    conflict = tuple(
        e for e in matches if e.priority == top and (e.value, e.kind) != (winner.value, winner.kind)
    )
    losers = tuple(e for e in matches if e is not winner and e not in conflict)
    # Built from validated rules (their values, kinds and priorities), so not validated again.
    return construct(Decision, {"axis": axis, "value": winner.value, "kind": winner.kind, "winner": winner,
                                "losers": losers, "conflict": conflict})


def labels_from(decisions: tuple[Decision, ...]) -> Labels:
    """The four codebook labels from the three axis decisions."""
    by_axis = {d.axis: d for d in decisions}
    completeness = Completeness(by_axis[Axis.completeness].value)
    kind = by_axis[Axis.completeness].kind
    domain = by_axis[Axis.domain].value
    return construct(Labels, {
        "nature": Nature(by_axis[Axis.nature].value),
        "completeness": completeness,
        "partial_kind": PartialKind(kind) if completeness == Completeness.partial and kind else None,
        "domain": domain,
        "human_service": is_human_domain(domain),
        "decisions": decisions,
    })


# Distinct texts (and combinations of results) kept at once per field. Registers repeat names
# (editions, regions): a million rows rarely hold more than a few thousand; a register of
# all-distinct names must not grow without bound, so the results are emptied when full (a text
# seen again is evaluated again).
_CACHE_LIMIT = 1 << 18


__all__ = ["Engine", "decide", "labels_from"]
