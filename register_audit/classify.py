"""Classification: apply a rule set to every service of a register and keep the evidence."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Iterable, Iterator

from register_audit.model.records import (
    UNCLASSIFIED,
    Axis,
    Classification,
    ClassifiedService,
    Completeness,
    Decision,
    Evidence,
    Labels,
    Nature,
    PartialKind,
    Register,
    Service,
    construct,
    is_human_domain,
)
from register_audit.rules.ruleset import Rule, RuleSet
from register_audit.rules.text import Pattern, Tokens, compile_pattern, tokenize


@dataclass(frozen=True, slots=True)
class _Clause:
    field: str
    any: tuple[Pattern, ...]
    all: tuple[Pattern, ...]
    start: tuple[Pattern, ...]
    end: tuple[Pattern, ...]
    none: tuple[Pattern, ...]
    present: bool

    def test(self, tokens: Tokens) -> str | None:
        """The matched excerpt when the clause holds ("" for a bare `present`), else None."""
        if not tokens.words:
            return None
        excerpts: list[str] = []
        words = tokens.words
        if self.start:
            hit = next((p for p in self.start if p.match_at(words, 0)), None)
            if hit is None:
                return None
            excerpts.append(tokens.excerpt(0, len(hit.words) - 1))
        if self.end:
            hit = next((p for p in self.end if p.match_at(words, len(words) - len(p.words))), None)
            if hit is None:
                return None
            excerpts.append(tokens.excerpt(len(words) - len(hit.words), len(words) - 1))
        if self.any:
            for pattern in self.any:
                span = pattern.search(tokens)
                if span is not None:
                    excerpts.append(tokens.excerpt(*span))
                    break
            else:
                return None
        for pattern in self.all:
            span = pattern.search(tokens)
            if span is None:
                return None
            excerpts.append(tokens.excerpt(*span))
        if any(pattern.search(tokens) is not None for pattern in self.none):
            return None
        return " … ".join(excerpts)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its patterns compiled, ready to test against a service's fields."""

    rule: Rule
    axis: Axis
    order: int
    clauses: tuple[_Clause, ...]

    def test(self, texts: dict[str, Tokens]) -> Evidence | None:
        """Evidence when every clause holds on TEXTS (tokens by field), else None."""
        first: tuple[str, str] | None = None
        for clause in self.clauses:
            matched = clause.test(texts[clause.field])
            if matched is None:
                return None
            if first is None or (not first[1] and matched):
                first = (clause.field, matched)
        assert first is not None  # a rule has at least one clause (schema: min_length=1)
        return Evidence(
            rule_id=self.rule.id,
            value=self.rule.value,
            kind=self.rule.kind.value if self.rule.kind else None,
            priority=self.rule.priority,
            field=first[0],
            matched=first[1],
        )


def compile_rule(rule: Rule, axis: Axis, order: int = 0) -> CompiledRule:
    """Compile one rule's patterns (they were validated when the rule set was loaded)."""

    def patterns(texts: tuple[str, ...]) -> tuple[Pattern, ...]:
        return tuple(compile_pattern(t) for t in texts)

    clauses = tuple(
        _Clause(
            field,
            patterns(m.any),
            patterns(m.all),
            patterns(m.start),
            patterns(m.end),
            patterns(m.none),
            bool(m.present),
        )
        for field, m in rule.when.items()
    )
    return CompiledRule(rule, axis, order, clauses)


_WORD_CACHE_LIMIT = 200_000  # distinct (field, word) pairs remembered; emptied when full


class _Index:
    """Rules indexed by the first word of a pattern in their first positive clause, so a
    service only tries the rules one of its words could start: never every rule on every name."""

    def __init__(self, rules: tuple[CompiledRule, ...]) -> None:
        self.always: list[int] = []
        self.exact: dict[tuple[str, str], set[int]] = {}
        self.prefix: dict[tuple[str, str], set[int]] = {}
        self.prefix_lengths: dict[str, list[int]] = {}
        for number, compiled in enumerate(rules):
            clause = compiled.clauses[0]
            # Any one positive operator must hold, so indexing by one of them never loses a match.
            triggers = clause.start or clause.end or clause.any or clause.all[:1]
            if not triggers:  # a bare `present` rule: a catch-all, always a candidate
                self.always.append(number)
                continue
            for pattern in triggers:
                key = (clause.field, pattern.words[0])
                (self.prefix if pattern.prefix[0] else self.exact).setdefault(key, set()).add(number)
        lengths: dict[str, set[int]] = {}
        for field, word in self.prefix:
            lengths.setdefault(field, set()).add(len(word))
        self.prefix_lengths = {field: sorted(values) for field, values in lengths.items()}
        self._words: dict[tuple[str, str], frozenset[int]] = {}

    def candidates(self, texts: dict[str, Tokens]) -> list[int]:
        found = set(self.always)
        for field, tokens in texts.items():
            for word in set(tokens.words):
                found.update(self._by_word(field, word))
        return sorted(found)

    def _by_word(self, field: str, word: str) -> frozenset[int]:
        """The rules one word of one field can start; cached, because a register's names share
        most of their words even when no two names are alike."""
        cached = self._words.get((field, word))
        if cached is None:
            found = set(self.exact.get((field, word), ()))
            for length in self.prefix_lengths.get(field, []):
                if length > len(word):
                    break
                found.update(self.prefix.get((field, word[:length]), ()))
            if len(self._words) >= _WORD_CACHE_LIMIT:
                self._words.clear()
            cached = self._words[(field, word)] = frozenset(found)
        return cached


class _Projection:
    """The words of one field's text that some pattern on that field could match, in place,
    others blanked: texts with equal projections match exactly the same patterns."""

    def __init__(self, rules: tuple[CompiledRule, ...], field: str) -> None:
        patterns = [
            p for r in rules for c in r.clauses if c.field == field
            for p in (*c.any, *c.all, *c.start, *c.end, *c.none)
        ]
        self.exact = {w for p in patterns for w, pre in zip(p.words, p.prefix) if not pre}
        self.stems = {w for p in patterns for w, pre in zip(p.words, p.prefix) if pre}
        self.lengths = sorted({len(s) for s in self.stems})
        self.cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        found = self.cache.get(text)
        if found is None:
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            found = self.cache[text] = tuple(w if self._relevant(w) else "" for w in tokenize(text).words)
        return found

    def _relevant(self, word: str) -> bool:
        return word in self.exact or any(word[:n] in self.stems for n in self.lengths if n <= len(word))


class Engine:
    """A rule set compiled once: its rules in order, their index, and the fields they read."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.name = ruleset.name
        compiled: list[CompiledRule] = []
        for axis in Axis:
            for _path, rule in ruleset.rules(axis):
                compiled.append(compile_rule(rule, axis, len(compiled)))
        self.rules = tuple(compiled)
        self.fields = tuple(sorted({c.field for r in self.rules for c in r.clauses} | {"name"}))
        self.index = _Index(self.rules)
        self.axes = frozenset(r.axis for r in self.rules)
        self._projections = {f: _Projection(self.rules, f) for f in self.fields if f != "name"}

    def key(self, service: Service) -> tuple[object, ...]:
        """What the labels depend on: the name, and of every other field a rule reads, the words
        some pattern could match (in place: "Department of Health — municipality 17" keys as
        "department of health", so a provider named per municipality is classified once)."""
        if self.fields == ("name",):  # the common case, and the hot loop of a 10^6-row register
            return (service.name,)
        return tuple(
            service.name if f == "name" else self._projections[f](service.field_text(f)) for f in self.fields
        )

    def labels(self, service: Service) -> Labels:
        """The labels of SERVICE, from the text of every field a rule reads.

        Services with equal keys get equal labels (a pattern cannot tell them apart); the
        evidence quotes the first one's text."""
        texts = {field: tokenize(service.field_text(field)) for field in self.fields}
        matches: dict[Axis, list[Evidence]] = {axis: [] for axis in Axis}
        for number in self.index.candidates(texts):
            compiled = self.rules[number]
            evidence = compiled.test(texts)
            if evidence is not None:
                matches[compiled.axis].append(evidence)
        decisions = tuple(decide(axis, matches[axis]) for axis in Axis)
        return labels_from(decisions)


def decide(axis: Axis, matches: list[Evidence]) -> Decision:
    """The highest priority wins; among equals, rule order decides but a different value at the
    same priority is recorded as a conflict, never dropped."""
    if not matches:
        return Decision(axis=axis, value=UNCLASSIFIED)
    top = max(e.priority for e in matches)
    winner = next(e for e in matches if e.priority == top)
    conflict = tuple(
        e for e in matches if e.priority == top and (e.value, e.kind) != (winner.value, winner.kind)
    )
    losers = tuple(e for e in matches if e is not winner and e not in conflict)
    return Decision(
        axis=axis, value=winner.value, kind=winner.kind, winner=winner, losers=losers, conflict=conflict
    )


def labels_from(decisions: tuple[Decision, ...]) -> Labels:
    """The four codebook labels from the three axis decisions."""
    by_axis = {d.axis: d for d in decisions}
    completeness = Completeness(by_axis[Axis.completeness].value)
    kind = by_axis[Axis.completeness].kind
    domain = by_axis[Axis.domain].value
    return Labels(
        nature=Nature(by_axis[Axis.nature].value),
        completeness=completeness,
        partial_kind=PartialKind(kind) if completeness == Completeness.partial and kind else None,
        domain=domain,
        human_service=is_human_domain(domain),
        decisions=decisions,
    )


_ENGINES: dict[int, tuple[RuleSet, Engine]] = {}


def engine(ruleset: RuleSet) -> Engine:
    """The compiled engine of a rule set, cached by identity (a rule set is frozen, and holds
    dicts, so it cannot be hashed); the cache keeps the rule set alive so ids are not reused."""
    cached = _ENGINES.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        return cached[1]
    if len(_ENGINES) >= 8:
        _ENGINES.pop(next(iter(_ENGINES)))
    compiled = Engine(ruleset)
    _ENGINES[id(ruleset)] = (ruleset, compiled)
    return compiled


def _item(service: Service, labels: Labels) -> ClassifiedService:
    """A ClassifiedService from two already validated models, without validating them again."""
    return construct(ClassifiedService, {"service": service, "labels": labels})


def classify(register: Register, ruleset: RuleSet) -> Classification:
    """Label every service of REGISTER with RULESET, in source order."""
    items = [_item(service, labels) for service, labels in label_stream(register.services, ruleset)]
    # Validating a million items we just built would cost more than classifying them.
    return Classification.model_construct(meta=register.meta, ruleset=ruleset.name, items=tuple(items))


def classify_iter(services: Iterable[Service], ruleset: RuleSet) -> Iterator[ClassifiedService]:
    """Label SERVICES one at a time, as ClassifiedService items. Same labels as classify()."""
    for service, labels in label_stream(services, ruleset):
        yield _item(service, labels)


# Distinct texts kept at once. Registers repeat names (editions, regions): a million rows
# rarely hold more than a few thousand; a register of all-distinct names must not grow the
# cache without bound, so it is emptied when full (a miss costs one classification).
_CACHE_LIMIT = 50_000


def label_stream(services: Iterable[Service], ruleset: RuleSet) -> Iterator[tuple[Service, Labels]]:
    """Each service with its labels, streamed (the audit of a 10^6-row register never holds it).

    Each distinct combination of the fields the rules read is classified once; services with
    the same texts share one Labels object.
    """
    compiled = engine(ruleset)
    cache: dict[tuple[str, ...], Labels] = {}
    # The loop makes a million acyclic objects; the cyclic collector would rescan them all
    # again and again (half the run time), and there are no cycles here for it to find.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for service in services:
            key = compiled.key(service)
            labels = cache.get(key)
            if labels is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                labels = cache[key] = compiled.labels(service)
            yield service, labels
    finally:
        if collecting:
            gc.enable()


__all__ = ["classify", "classify_iter", "label_stream", "compile_rule", "decide", "engine", "Engine", "labels_from"]
