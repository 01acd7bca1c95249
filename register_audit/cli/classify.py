"""The `classify` and `explain` commands: labels for every service, and why one got them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from register_audit.cli.app import command, emit
from register_audit.cli.options import OUTPUT_OPTION, check_format, format_option, load
from register_audit.errors import UsageError
from register_audit.model.records import Classification, ClassifiedService
from register_audit.render.classify import CLASSIFY_RENDERERS, EXPLAIN_RENDERERS, explanation

CLASSIFY_FORMATS = tuple(CLASSIFY_RENDERERS)
EXPLAIN_FORMATS = tuple(EXPLAIN_RENDERERS)
RULES_OPTION = typer.Option(None, "--rules", help="Rule set: a bundled name (kz, en), a folder or a file. Default: from the register's language.")
# Fuzzy name lookup for `explain`: WRatio on normalised names (case, punctuation and ё folded)
# tolerates a partial or reordered name; below 80 the best candidate is rarely the service meant.
FUZZY_CUTOFF = 80.0


def _classified(register: str, rules: str | None) -> Classification:
    from register_audit.classify import classify
    from register_audit.rules.ruleset import load_ruleset

    loaded = load(register)
    return classify(loaded, load_ruleset(rules, loaded.meta))


@command(name="classify")
def classify_command(
    register: str = typer.Argument(..., help="A register file or a bundled edition name (kz, ca/2020-2021, ...)."),
    rules: Optional[str] = RULES_OPTION,
    format: str = format_option(CLASSIFY_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
) -> None:
    """Label every service: nature, completeness (and partial kind), COFOG domain, human service,
    with the rule that decided each.

    \b
    Examples:
      register-audit classify kz
      register-audit classify ca/2020-2021 --rules en --format csv --output ca.csv
    """
    from register_audit.load.editions import edition_path

    chosen = check_format(format, CLASSIFY_FORMATS)
    result = _classified(register, rules)
    emit(CLASSIFY_RENDERERS[chosen](result), output, inputs=(edition_path(register),))


def find_service(result: Classification, query: str) -> tuple[ClassifiedService, str]:
    """The service whose id is QUERY, else the closest name (WRatio on normalised names, cutoff
    80), with how it was found; a UsageError naming the closest names when none is close."""
    from rapidfuzz import fuzz, process

    from register_audit.rules.text import normalize

    for item in result.items:
        if item.service.id == query:
            return item, "id"
    names = [item.service.name for item in result.items]
    best = process.extractOne(query, names, scorer=fuzz.WRatio, processor=normalize, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return result.items[best[2]], f"name (WRatio {best[1]:.1f})"
    closest = process.extract(query, names, scorer=fuzz.WRatio, processor=normalize, limit=3)
    hint = "; ".join(f"{result.items[i].service.id} {name!r}" for name, _score, i in closest)
    raise UsageError(
        f"{query!r} is neither a service id nor close to a name in {result.meta.name} "
        f"(WRatio cutoff {FUZZY_CUTOFF:.0f}); the closest are: {hint or 'none'}."
    )


@command(name="explain")
def explain_command(
    register: str = typer.Argument(..., help="A register file or a bundled edition name."),
    query: str = typer.Argument(..., help="A service id, or (part of) its name: matched fuzzily."),
    rules: Optional[str] = RULES_OPTION,
    format: str = format_option(EXPLAIN_FORMATS),
    output: Optional[Path] = OUTPUT_OPTION,
) -> None:
    """Why a service got its labels: each axis, the winning rule, the text it matched, and the
    rules that lost (conflicts between equal-priority rules first).

    \b
    Examples:
      register-audit explain kz "Запись на прием к врачу"
      register-audit explain ca/2020-2021 "Registry Services" --format json
    """
    chosen = check_format(format, EXPLAIN_FORMATS)
    result = _classified(register, rules)
    item, found_by = find_service(result, query)
    emit(EXPLAIN_RENDERERS[chosen](explanation(query, found_by, item)), output)


__all__ = ["classify_command", "explain_command", "find_service"]
