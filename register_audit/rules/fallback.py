"""Fallback labels: which rules decide by default, and the share of each axis they decide."""

from __future__ import annotations

from typing import Iterable

from register_audit.model.caveats import ReportWarning
from register_audit.model.records import Axis, Decision, Frozen, Labels
from register_audit.rules.ruleset import Rule, RuleSet

# Above this share of an axis decided by fallbacks, the labels on that axis are mostly a
# default, not a finding (issue #9): the audit says so next to its headline.
FALLBACK_LIMIT = 0.10


def is_fallback(rule: Rule) -> bool:
    """A fallback reads no content word: no clause has a pattern that must occur (only
    `present`, perhaps narrowed by `none`), so it fires on any text of its fields."""
    return not any(match.positive() for match in rule.when.values())


def fallback_rule_ids(ruleset: RuleSet) -> frozenset[str]:
    """The ids of the fallback rules of RULESET, on every axis."""
    return frozenset(rule.id for sourced in ruleset.files for rule in sourced.file.rules if is_fallback(rule))


def decided_by_default(decision: Decision) -> bool:
    """True when no rule decided (unclassified) or a fallback did. A fallback's evidence quotes
    no words, because its condition reads none; every other rule quotes what it matched
    (tests/test_fallback.py holds this for every shipped rule), so the labels alone tell."""
    return decision.winner is None or not decision.winner.matched


def fallback_axes(labels: Labels) -> tuple[Axis, ...]:
    """The axes of LABELS decided by default: by a fallback rule, or by no rule (unclassified)."""
    return tuple(d.axis for d in labels.decisions if decided_by_default(d))


class FallbackShare(Frozen):
    """How many services of one axis a fallback (or no rule) decided, of how many."""

    axis: Axis
    services: int
    fallback: int
    share: float  # fallback / services, rounded to 4 places; 0.0 for an empty register
    over_limit: bool  # share > FALLBACK_LIMIT


def fallback_shares(counts: dict[Axis, int], services: int, limit: float = FALLBACK_LIMIT) -> tuple[FallbackShare, ...]:
    """One FallbackShare per axis, in axis order, from the count of fallback-decided services."""
    shares = []
    for axis in Axis:
        n = counts.get(axis, 0)
        share = round(n / services, 4) if services else 0.0
        shares.append(FallbackShare(axis=axis, services=services, fallback=n, share=share,
                                    over_limit=services > 0 and n / services > limit))
    return tuple(shares)


def count_fallbacks(labels: Iterable[Labels]) -> dict[Axis, int]:
    """How many of LABELS each axis got by default."""
    counts = dict.fromkeys(Axis, 0)
    for one in labels:
        for axis in fallback_axes(one):
            counts[axis] += 1
    return counts


FALLBACK = "fallback"  # the ReportWarning code


def fallback_warnings(shares: Iterable[FallbackShare], limit: float = FALLBACK_LIMIT) -> tuple[ReportWarning, ...]:
    """One warning, in words, when fallbacks (or no rule) decided more than LIMIT of an axis:
    on such an axis the report's counts describe the rules' default, not the register."""
    over = [s for s in shares if s.over_limit]
    if not over:
        return ()
    services = over[0].services
    parts = [f"the {s.axis.value} of {s.fallback} ({s.share:.1%})" for s in over]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (ReportWarning(code=FALLBACK, message=(
        f"Labels by default, not by evidence: of {services} services, a fallback rule (one that reads no "
        f"content word) or no rule decided {listed}, more than {limit:.0%}; those counts describe the "
        f"rules' default, not the register. Extend the rules (see `rules eval`) before quoting them.")),)


__all__ = ["FALLBACK", "fallback_warnings", "FALLBACK_LIMIT", "FallbackShare", "count_fallbacks", "decided_by_default", "fallback_axes", "fallback_rule_ids",
           "fallback_shares", "is_fallback"]
