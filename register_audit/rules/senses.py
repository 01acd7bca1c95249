"""Word-sense lint: single-word domain patterns that decide names of different COFOG divisions."""

from __future__ import annotations

from typing import Iterable

from register_audit.classify import engine
from register_audit.model.records import Axis, Service
from register_audit.rules.lint import LintCode, LintFinding, Severity
from register_audit.rules.ruleset import RuleSet, default_name
from register_audit.rules.text import compile_pattern, tokenize

_EXAMPLES = 2  # names quoted per division in a warning


def word_senses(ruleset: RuleSet, services: Iterable[Service]) -> tuple[LintFinding, ...]:
    """Warnings (never problems) about single-word domain patterns read in more than one sense.

    Precisely: take a domain rule R and a pattern P of one word in its `any`, `start` or `end`
    on `name`, in a rule with no `all` there (a second word that must occur fixes the sense).
    Take every distinct name of SERVICES whose domain R decides and in which P occurs. Give each
    name one COFOG division: that of the highest-priority other domain rule of a different
    division that matches it too, which lost to R (the sense its other words give:
    "паспорт*" decides "Выдача паспорта готовности отопительным котельным" as 01 where
    "котельн*" says 04), else R's own. P is warned about when its names get two or more
    divisions; the warning names each with up to two example names. Names where a higher
    rule overrides R are left out: there the rule set already fixes the other sense. A name
    is counted once, under its first service's fields.
    """
    compiled = engine(ruleset)
    domain_rules = [r for r in compiled.rules if r.axis == Axis.domain]
    by_id = {r.rule.id: r for r in domain_rules}
    # Each distinct name once: the domain rule that decided it, then the others that match it,
    # highest priority first.
    matched_by: dict[str, tuple[str, ...]] = {}
    for service in services:
        if service.name in matched_by:
            continue
        decision = next(d for d in compiled.labels(service).decisions if d.axis == Axis.domain)
        if decision.winner is None:
            continue
        others = sorted((*decision.conflict, *decision.losers), key=lambda e: -e.priority)
        matched_by[service.name] = (decision.winner.rule_id, *(e.rule_id for e in others))
    paths = {rule.id: path for path, rule in ruleset.rules(Axis.domain)}
    findings: list[LintFinding] = []
    for compiled_rule in domain_rules:
        rule = compiled_rule.rule
        match = rule.when.get("name")
        if match is None or match.all:
            continue
        single = [p for p in (*match.start, *match.end, *match.any) if len(compile_pattern(p).words) == 1]
        if not single:
            continue
        fired = [name for name, rules in matched_by.items() if rules[0] == rule.id]
        own = rule.value[:2]
        for text in dict.fromkeys(single):
            pattern = compile_pattern(text)
            senses: dict[str, list[str]] = {}
            for name in fired:
                if pattern.search(tokenize(name)) is None:
                    continue
                others = matched_by[name][1:]
                division = next((d for d in (by_id[r].rule.value[:2] for r in others) if d != own), own)
                senses.setdefault(division, []).append(name)
            if len(senses) < 2:
                continue
            parts = "; ".join(
                f"{division} ({len(names)} name{'s' if len(names) != 1 else ''}, e.g. "
                + ", ".join(repr(n) for n in sorted(names)[:_EXAMPLES]) + ")"
                for division, names in sorted(senses.items())
            )
            findings.append(LintFinding(
                code=LintCode.word_sense, severity=Severity.warning, path=paths[rule.id], rule_id=rule.id,
                message=(f"the single word {text!r} ({rule.value}) occurs in bundled names of {len(senses)} COFOG "
                         f"divisions: {parts}; give it the words that fix its sense, or a `none`"),
            ))
    return tuple(findings)


def bundled_corpus(ruleset: RuleSet) -> list[Service]:
    """The services of the bundled registers `audit` would label with RULESET: those whose
    default rule set (by language) is RULESET's name, or for a folder or file, the bundled set
    of the languages its files list (kz for Russian or Kazakh, else en)."""
    from register_audit.load.editions import bundled_editions, load_register
    from register_audit.model.records import RegisterMeta
    from register_audit.rules.ruleset import bundled_names

    if ruleset.name in bundled_names():
        target = ruleset.name
    else:
        languages = tuple(sorted({lang for f in ruleset.files for lang in f.file.languages}))
        target = default_name(RegisterMeta(name="", languages=languages))
    services: list[Service] = []
    seen: set[str] = set()
    for name, edition in bundled_editions().items():
        if default_name(edition.meta) != target or edition.filter is not None:
            continue  # an era of the Kazakh collection is a subset of the whole
        for service in load_register(name).services:
            if service.name not in seen:
                seen.add(service.name)
                services.append(service)
    return services


__all__ = ["bundled_corpus", "word_senses"]
