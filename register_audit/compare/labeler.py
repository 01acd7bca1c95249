"""Labelling editions for a diff or trend: each with the rule set for its own languages."""

from __future__ import annotations

from register_audit.model.records import Classification, Register


class Labeler:
    """Labels an edition with its rule set (RULES, or the default for its languages), and names
    the fields those labels read, so the diff labels only the pairs whose text there changed
    (a yearly column changing on every row otherwise costs a classification of both editions).

    Each rule set is compiled once, into an Engine this labeler holds for all the editions."""

    def __init__(self, rules: str | None = None) -> None:
        self.rules = rules
        self.used: dict[str, object] = {}  # the compiled rule sets (Engines), by name; their rule sets make the provenance

    def engine(self, register: Register):
        from register_audit.classify import engine
        from register_audit.rules.ruleset import load_ruleset

        loaded = load_ruleset(self.rules, register.meta)
        compiled = self.used.get(loaded.name)
        if compiled is None or compiled.ruleset is not loaded:  # type: ignore[attr-defined]
            compiled = self.used[loaded.name] = engine(loaded)
        return compiled

    def provenance(self):
        from register_audit.model.provenance import provenance_of

        return provenance_of(e.ruleset for e in self.used.values())  # type: ignore[attr-defined]

    def __call__(self, register: Register) -> Classification:
        from register_audit.classify import classify

        return classify(register, self.engine(register))

    def fields(self, register: Register) -> tuple[str, ...]:
        return self.engine(register).fields


__all__ = ["Labeler"]
