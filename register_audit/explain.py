"""Explaining one service's labels: find it by id or fuzzy name, and show every decision."""

from __future__ import annotations

from register_audit.errors import UsageError
from register_audit.model.depth import DepthLabel
from register_audit.model.records import Classification, ClassifiedService, Decision, Frozen, HumanLabel, Provenance

# Fuzzy name lookup for `explain`: WRatio on normalised names (case, punctuation and ё folded)
# tolerates a misspelt, partial or reordered name. WRatio scores a part of a name at 0.9 of its
# partial_ratio, and one shared word ("на", "to the") at 0.855 of a perfect token-set match, so
# at 88 a fragment must match nearly letter by letter and a shared small word never pairs
# ("полёт на луну" scored 85.5 against a funeral payment at the old cutoff of 80).
FUZZY_SCORER = "WRatio"
FUZZY_CUTOFF = 88.0


class Explanation(Frozen):
    """Why one service got its labels: the query, how it was found, and every decision."""

    query: str
    found_by: str  # "id", or "name (WRatio 91.0)"
    service_id: str
    name: str
    human_service: str
    decisions: tuple[Decision, ...]
    depth: DepthLabel  # how far the service goes online, from the register's fields
    provenance: Provenance = Provenance()  # the tool and the rule files the labels came from


def explanation(query: str, found_by: str, item: ClassifiedService) -> Explanation:
    human = item.labels.human_service
    return Explanation(
        query=query,
        found_by=found_by,
        service_id=item.service.id,
        name=item.service.name,
        human_service=HumanLabel.of(human).value,
        decisions=item.labels.decisions,
        depth=item.service.depth,
    )


def find_service(result: Classification, query: str) -> tuple[ClassifiedService, str]:
    """The service whose id is QUERY, else the closest name (WRatio on normalised names, cutoff
    88), with how it was found; a UsageError naming the closest names (by shared words,
    token_set_ratio) when none is close."""
    from rapidfuzz import fuzz, process

    from register_audit.rules.text import normalize

    for item in result.items:
        if item.service.id == query:
            return item, "id"
    names = [item.service.name for item in result.items]
    best = process.extractOne(query, names, scorer=fuzz.WRatio, processor=normalize, score_cutoff=FUZZY_CUTOFF)
    if best is not None:
        return result.items[best[2]], f"name ({FUZZY_SCORER} {best[1]:.1f})"
    closest = process.extract(query, names, scorer=fuzz.token_set_ratio, processor=normalize, limit=3)
    hint = "; ".join(f"{result.items[i].service.id} {name!r}" for name, _score, i in closest)
    raise UsageError(
        f"{query!r} is neither a service id nor close to a name in {result.meta.name} "
        f"({FUZZY_SCORER} cutoff {FUZZY_CUTOFF:.0f}); the closest are: {hint or 'none'}."
    )


def explain(result: Classification, query: str) -> Explanation:
    """Why the service QUERY names (an id, or a name matched fuzzily) got its labels in RESULT."""
    item, found_by = find_service(result, query)
    return explanation(query, found_by, item).model_copy(update={"provenance": result.provenance})


__all__ = ["FUZZY_CUTOFF", "Explanation", "explain", "explanation", "find_service"]
