"""A rule compiled for matching: its clauses' patterns, tested against a service's field tokens."""

from __future__ import annotations

from dataclasses import dataclass

from register_audit.model.records import Axis, Evidence
from register_audit.rules.ruleset import Rule
from register_audit.rules.text import Pattern, Tokens, compile_pattern


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


def _triggers(clause: _Clause) -> tuple[Pattern, ...]:
    """Patterns one of which must match for CLAUSE to hold (any one positive operator suffices),
    or () for a clause that can hold without one (a bare `present`)."""
    return clause.start or clause.end or clause.any or clause.all[:1]


__all__ = ["CompiledRule", "compile_rule"]
