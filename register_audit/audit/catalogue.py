"""The human-service catalogue: its schema, loading it, and matching services to its entries."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Iterable

from pydantic import Field, ValidationError, model_validator

from register_audit.errors import RulesError
from register_audit.model.records import CofogCode, Frozen, Service
from register_audit.load.resources import bundled
from register_audit.model.memo import Memo
from register_audit.model.validation import describe_validation
from register_audit.rules.safe_yaml import safe_load
from register_audit.rules.index import FirstWordIndex
from register_audit.rules.ruleset import RULE_ID
from register_audit.rules.text import Pattern, PatternText, Tokens, compile_pattern, tokenize

LANGUAGES = ("ru", "kk", "en")


class Role(StrEnum):
    """What a register service is to a catalogue entry."""

    delivery = "delivery"  # it delivers the care, the place, the benefit itself
    access = "access"  # a queue, appointment, application, referral or enrolment for it


class Status(StrEnum):
    """The audit's verdict on one catalogue entry (DESIGN.md, "The human-service catalogue")."""

    delivered = "delivered"
    access_only = "access_only"
    excluded = "excluded"


class Matchers(Frozen):
    """Word-prefix patterns (as in rule files) by language; any one pattern matching is enough,
    unless one of the `unless` patterns (any language) also matches."""

    ru: tuple[PatternText, ...] = ()
    kk: tuple[PatternText, ...] = ()
    en: tuple[PatternText, ...] = ()
    # "Оформление документов на обеспечение лиц с инвалидностью ..." names the aid but is only
    # its paperwork (CODEBOOK: partial, application): `unless` keeps it out of delivery.
    unless: tuple[PatternText, ...] = ()

    def patterns(self) -> tuple[str, ...]:
        return (*self.ru, *self.kk, *self.en)


class RoleExamples(Frozen):
    """Real register names (never invented) that must get each role, or neither."""

    delivery: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    neither: tuple[str, ...] = ()


class Entry(Frozen):
    """One human service a citizen needs, and how to recognise it in a register."""

    id: str = Field(pattern=RULE_ID, max_length=60)
    cofog: CofogCode
    title: str = Field(min_length=3)
    description: str = Field(min_length=10)
    delivery: Matchers
    access: Matchers
    # Documents and permits about the human service (a certificate from a polyclinic, a
    # water-use permit): checked first, they make a service neither delivery nor access.
    exclude: Matchers = Matchers()
    examples: RoleExamples

    @model_validator(mode="after")
    def _every_language(self) -> "Entry":
        for role in ("delivery", "access"):
            missing = [lang for lang in LANGUAGES if not getattr(getattr(self, role), lang)]
            if missing:
                raise ValueError(f"{role} needs patterns in {', '.join(LANGUAGES)}; missing {', '.join(missing)}")
        if not (self.examples.delivery or self.examples.access or self.examples.neither):
            raise ValueError("examples: give at least one real register name")
        return self


class Catalogue(Frozen):
    """The catalogue file: the human services the audit looks for, in report order."""

    id: str = Field(pattern=RULE_ID)
    version: int | str
    description: str = Field(min_length=10)
    entries: tuple[Entry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Catalogue":
        seen: set[str] = set()
        for entry in self.entries:
            if entry.id in seen:
                raise ValueError(f"the entry id {entry.id!r} is used twice")
            seen.add(entry.id)
        return self


class SourcedCatalogue(Frozen):
    """A catalogue and the path it was read from (for reports and messages)."""

    path: str
    catalogue: Catalogue


def default_path() -> Path:
    return bundled("rules") / "catalogue.yaml"


def load_catalogue(path: str | Path | None = None) -> SourcedCatalogue:
    """Read and validate a catalogue (the bundled one by default), or raise RulesError naming
    the file, the entry id and the field."""
    file = Path(path) if path is not None else default_path()
    display = "rules/catalogue.yaml" if path is None else str(file)
    from register_audit.read.files import error_of, read_text

    text = read_text(file, what="catalogue file", error=error_of(RulesError), shown=display)
    data = safe_load(text, display)
    if not isinstance(data, dict):
        raise RulesError(f"{display}: a catalogue is a mapping with id, version, description and entries.")
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as error:
        raise RulesError(describe_validation(error, display, data=data, items="entries", noun="entry")) from None
    return SourcedCatalogue(path=display, catalogue=catalogue)


# --------------------------------------------------------------------------- matching
# The rule engine's normaliser and word-prefix patterns (register_audit.rules.text), so a
# catalogue pattern means exactly what the same pattern means in a rule file.


class Hit(Frozen):
    """A service's role for one entry, and the pattern and words that gave it."""

    role: Role
    pattern: str
    matched: str


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[Pattern, ...]:
    return tuple(compile_pattern(p) for p in patterns)


def service_texts(service: Service) -> tuple[Tokens, ...]:
    """The texts a catalogue reads: the name and every translation of it."""
    texts = dict.fromkeys([service.name, *(service.names[lang] for lang in sorted(service.names))])
    return tuple(tokenize(text) for text in texts if text)


def _first(patterns: tuple[str, ...], texts: Iterable[Tokens], candidates: frozenset[str] | None) -> tuple[str, str] | None:
    for tokens in texts:
        for pattern in _compiled(patterns):
            if candidates is not None and pattern.text not in candidates:
                continue
            span = pattern.search(tokens)
            if span is not None:
                return pattern.text, tokens.excerpt(*span)
    return None


def match_entry(entry: Entry, texts: tuple[Tokens, ...], candidates: frozenset[str] | None = None) -> Hit | None:
    """The role TEXTS play for ENTRY: excluded documents first, then delivery, then access.

    CANDIDATES, when given, are the only patterns that can match (see CatalogueMatcher).
    """
    if entry.exclude.patterns() and _first(entry.exclude.patterns(), texts, candidates):
        return None
    for role, matchers in ((Role.delivery, entry.delivery), (Role.access, entry.access)):
        if matchers.unless and _first(matchers.unless, texts, candidates):
            continue
        found = _first(matchers.patterns(), texts, candidates)
        if found:
            return Hit(role=role, pattern=found[0], matched=found[1])
    return None


class CatalogueMatcher:
    """Every entry's role for a service, fast: an index of the patterns' first words picks the
    few patterns that can match before any is run (a plain scan is ~10 ms a service)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.entries = catalogue.entries
        self._index: FirstWordIndex[str] = FirstWordIndex()  # pattern texts by first word
        for entry in catalogue.entries:
            for matchers in (entry.exclude, entry.delivery, entry.access):
                for pattern in _compiled((*matchers.patterns(), *matchers.unless)):
                    self._index.add(pattern, pattern.text)
        self._text_facts: Memo[str, dict[int, tuple]] = Memo(1 << 18)  # distinct texts remembered

    def candidates(self, texts: tuple[Tokens, ...]) -> frozenset[str]:
        return frozenset(self._index.candidates(word for tokens in texts for word in tokens.words))

    def match(self, service: Service) -> tuple[Hit | None, ...]:
        """One Hit (or None) per catalogue entry, in catalogue order."""
        return self.match_tokens(service_texts(service))

    def match_texts(self, name: str, translations: tuple[str, ...] = ()) -> tuple[Hit | None, ...]:
        """`match` for a service with NAME and TRANSLATIONS (in sorted language order; "" absent).

        Each distinct text is matched once and the texts' facts combined, so a register whose
        names repeat with other translations (Canada's French names) matches each text once."""
        facts = [self._facts(text) for text in dict.fromkeys([name, *translations]) if text]
        found: list[Hit | None] = [None] * len(self.entries)
        for index in sorted({i for by_entry in facts for i in by_entry}):
            per_text = [by_entry[index] for by_entry in facts if index in by_entry]  # in text order
            if any(fact[0] for fact in per_text):  # a document about the human service
                continue
            for role, unless, first in ((Role.delivery, 1, 2), (Role.access, 3, 4)):
                if any(fact[unless] for fact in per_text):
                    continue
                hit = next((fact[first] for fact in per_text if fact[first]), None)
                if hit is not None:
                    found[index] = Hit(role=role, pattern=hit[0], matched=hit[1])
                    break
        return tuple(found)

    def _facts(self, text: str) -> dict[int, tuple[bool, bool, tuple[str, str] | None, bool, tuple[str, str] | None]]:
        """What one text holds for each entry it touches: excluded, delivery `unless`, the first
        delivery match, access `unless`, the first access match."""
        facts = self._text_facts.get(text)
        if facts is None:
            tokens = (tokenize(text),)
            candidates = self.candidates(tokens)
            facts = {}
            if candidates:
                for index, entry in enumerate(self.entries):
                    def first(patterns: tuple[str, ...]) -> tuple[str, str] | None:
                        return _first(patterns, tokens, candidates) if patterns else None

                    fact = (first(entry.exclude.patterns()) is not None, first(entry.delivery.unless) is not None,
                            first(entry.delivery.patterns()), first(entry.access.unless) is not None,
                            first(entry.access.patterns()))
                    if any(fact):
                        facts[index] = fact
            self._text_facts.put(text, facts)
        return facts

    def match_tokens(self, texts: tuple[Tokens, ...]) -> tuple[Hit | None, ...]:
        candidates = self.candidates(texts)
        if not candidates:
            return (None,) * len(self.entries)
        return tuple(match_entry(entry, texts, candidates) for entry in self.entries)


def match_name(entry: Entry, name: str) -> Role | None:
    """The role a bare service NAME plays for ENTRY (for examples and `explain`)."""
    hit = match_entry(entry, (tokenize(name),))
    return hit.role if hit else None
