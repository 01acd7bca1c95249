"""The Provenance of a report from the rule sets and catalogue it used."""

from __future__ import annotations

from typing import Any, Iterable

from register_audit.model.records import Provenance, SourceRef


def provenance_of(rulesets: Iterable[Any] = (), catalogue: Any = None) -> Provenance:
    """The Provenance of the RuleSets (each file once, in load order) and the SourcedCatalogue used."""
    seen: dict[tuple[str, str], SourceRef] = {}
    for ruleset in rulesets:
        for sourced in ruleset.files:
            ref = SourceRef(id=sourced.file.id, version=str(sourced.file.version), axis=sourced.file.axis.value, path=sourced.path)
            seen.setdefault((ref.id, ref.path), ref)
    cat = None
    if catalogue is not None:
        cat = SourceRef(id=catalogue.catalogue.id, version=str(catalogue.catalogue.version), path=catalogue.path)
    return Provenance(rules=tuple(seen.values()), catalogue=cat)


def merged(provenances: Iterable[Provenance]) -> Provenance:
    """One Provenance for a report made of several (each rule file once, in order; the first catalogue)."""
    rules: dict[tuple[str, str], SourceRef] = {}
    catalogue = None
    for provenance in provenances:
        for ref in provenance.rules:
            rules.setdefault((ref.id, ref.path), ref)
        catalogue = catalogue or provenance.catalogue
    return Provenance(rules=tuple(rules.values()), catalogue=catalogue)


__all__ = ["Provenance", "SourceRef", "merged", "provenance_of"]
