"""Labelling editions for a diff or trend: each with the rule set for its own languages."""

from __future__ import annotations

from register_audit.model.records import Classification, Register


class Labeler:
    """Labels an edition with its rule set (RULES, or the default for its languages), and names
    the fields those labels read, so the diff labels only the pairs whose text there changed
    (a yearly column changing on every row otherwise costs a classification of both editions)."""

    def __init__(self, rules: str | None = None) -> None:
        self.rules = rules
        self.used: dict[str, object] = {}  # the rule sets loaded, by name, for the report's provenance

    def ruleset(self, register: Register):
        from register_audit.rules.ruleset import load_ruleset

        loaded = load_ruleset(self.rules, register.meta)
        self.used.setdefault(loaded.name, loaded)
        return loaded

    def provenance(self):
        from register_audit.model.provenance import provenance_of

        return provenance_of(self.used.values())

    def __call__(self, register: Register) -> Classification:
        from register_audit.classify import classify

        return classify(register, self.ruleset(register))

    def fields(self, register: Register) -> tuple[str, ...]:
        from register_audit.classify import engine

        return engine(self.ruleset(register)).fields


__all__ = ["Labeler"]
