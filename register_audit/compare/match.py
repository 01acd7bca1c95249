"""Pair the services of two register editions: by key, then exact normalised name, then fuzzy name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence as SequenceABC
from itertools import repeat
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable, NamedTuple, Sequence

from rapidfuzz import fuzz

from register_audit.compare.edition import Edition, Services
from register_audit.compare.fuzzy import CUTOFF, PROCESSOR, SCORER, pair_fuzzy
from register_audit.errors import UsageError
from register_audit.model.records import Frozen, Service
from register_audit.rules.text import normalize

# auto mode trusts the keys when the editions share at least this share of them (counted
# against the smaller edition) AND the names behind shared keys mostly still agree. Canada's
# consecutive years share 0.88-0.99 of service_id; the Kazakh 2013 and 2020 collections 0.17;
# a renumbered register that reuses 1..N shares all its keys, but the names behind them differ.
# Two services pair by name only if their providers are alike (token_set_ratio, so a renamed
# department that keeps its words, "Citizenship and Immigration Canada" → "Immigration, Refugees
# and Citizenship Canada", passes) or one edition has no provider. On Canada with ids withheld this
# gate stops "Access to Information and Privacy" of one agency pairing with another's.
PROVIDER_SCORER: Callable[..., float] = fuzz.token_set_ratio
PROVIDER_CUTOFF = 70.0
KEY_SHARE = 0.5
KEY_NAME_AGREEMENT = 0.5
KEY_SAMPLE = 2000  # shared keys whose names are compared in auto mode (evenly spaced, sorted)


class MatchMode(StrEnum):
    """How to pair services: by key only, by name only, or by key when the keys are trustworthy."""

    auto = "auto"
    id = "id"
    name = "name"


class Method(StrEnum):
    """The stage that paired two services."""

    key = "key"
    name = "name"  # exact normalised name
    fuzzy = "fuzzy"


class MatchOptions(Frozen):
    """What the user chose: the mode, the key column (default: the service id), the cutoff."""

    mode: MatchMode = MatchMode.auto
    key: str = "id"
    threshold: float = CUTOFF


def options_of(mode: str, key: str = "id", threshold: float | None = None) -> MatchOptions:
    """MatchOptions from the user's words (--match, --key, --threshold; no threshold: CUTOFF),
    or a UsageError naming the modes when MODE is none of them."""
    try:
        chosen = MatchMode(mode)
    except ValueError:
        raise UsageError(f"--match {mode!r} is not a mode; choose one of {', '.join(MatchMode)}.") from None
    return MatchOptions(mode=chosen, key=key, threshold=CUTOFF if threshold is None else threshold)


# The matching is an internal step of one diff, with up to 10^6 pairs: a named tuple and a
# plain slotted dataclass, not validated models (the changes built from it are models).
class Pair(NamedTuple):
    old: int  # index into the old edition's services
    new: int
    method: Method
    score: float  # 100 for key and exact-name pairs; the scorer's value for fuzzy ones


@dataclass(frozen=True, slots=True)
class Matching:
    pairs: tuple[Pair, ...]
    removed: tuple[int, ...]  # old indices left unpaired, ascending
    added: tuple[int, ...]  # new indices left unpaired, ascending
    used_keys: bool  # whether the key stage ran
    key_share: float  # shared keys / keys of the smaller edition
    key_agreement: float  # share of sampled shared keys whose names still agree


def key_of(service: Service, key: str) -> str:
    """The matching key of SERVICE: its id, or the text of another field or source column."""
    return service.id if key == "id" else service.field_text(key).strip()


def match(old: Sequence[Service] | Edition, new: Sequence[Service] | Edition, options: MatchOptions = MatchOptions()) -> Matching:
    """Pair OLD and NEW services one-to-one; every service ends in exactly one pair or list.

    A key that names no field and no column of either edition is a UsageError, not an empty key."""
    old = Services(old) if isinstance(old, SequenceABC) else old
    new = Services(new) if isinstance(new, SequenceABC) else new
    _check_key(old, new, options.key)
    old_keys, new_keys = _keys(old, options.key), _keys(new, options.key)
    share, agreement = key_trust(old.names, new.names, old_keys, new_keys, options.threshold)
    use_keys = options.mode == MatchMode.id or (
        options.mode == MatchMode.auto and share >= KEY_SHARE and agreement >= KEY_NAME_AGREEMENT
    )
    pairs: list[Pair] = []
    old_left, new_left = list(range(len(old))), list(range(len(new)))

    def take(found: list[Pair]) -> None:
        nonlocal old_left, new_left
        if found:
            pairs.extend(found)
            old_done, new_done = {p.old for p in found}, {p.new for p in found}
            old_left = [i for i in old_left if i not in old_done]
            new_left = [j for j in new_left if j not in new_done]

    if use_keys:
        take(_pair_exact(old_left, new_left, old_keys, new_keys, Method.key))
    if options.mode != MatchMode.id:
        old_prov, new_prov = _normalized(old.texts("provider")), _normalized(new.texts("provider"))
        gate = _ProviderGate(old_prov, new_prov)
        # Identical strings first, then normalised ones: Canada lists both "Internal Audit" and
        # "Internal audit" (two departments), and each must keep its own twin. Within each, same
        # name and provider first, so that Canada's many "Access to Information requests" (one
        # per department) pair with their own department's. Only the names left by the identical
        # strings are normalised (a tenth of an edition, where most names stay as they were).
        old_names: Sequence[str] | dict[int, str] = old.names
        new_names: Sequence[str] | dict[int, str] = new.names
        for normalised in (False, True):
            if normalised:
                old_names = {i: PROCESSOR(old.names[i]) for i in old_left}
                new_names = {j: PROCESSOR(new.names[j]) for j in new_left}
            both_old = {i: f"{old_names[i]}\x00{old_prov[i]}" for i in old_left}
            both_new = {j: f"{new_names[j]}\x00{new_prov[j]}" for j in new_left}
            take(_pair_exact(old_left, new_left, both_old, both_new, Method.name))
            take(_pair_exact(old_left, new_left, old_names, new_names, Method.name, gate))
        fuzzy = pair_fuzzy(old_left, new_left, old_names, new_names, gate, options.threshold)  # type: ignore[arg-type]
        take([Pair(i, j, Method.fuzzy, score) for i, j, score in fuzzy])
    pairs.sort()  # by old index, each paired once (then by new index)
    return Matching(tuple(pairs), tuple(old_left), tuple(new_left), use_keys, share, agreement)


def _keys(edition: Edition, key: str) -> Sequence[str]:
    """Each service's `key_of`."""
    return edition.texts("id") if key == "id" else [text.strip() for text in edition.texts(key)]


def _normalized(texts: Sequence[str]) -> list[str]:
    """PROCESSOR of each of TEXTS, each distinct text normalised once."""
    found = {text: PROCESSOR(text) for text in set(texts)}
    return list(map(found.__getitem__, texts))


def _check_key(old_edition: Edition, new_edition: Edition, key: str) -> None:
    if key in _FIELD_KEYS or key.startswith("name_") or not (len(old_edition) or len(new_edition)):
        return
    old, new = _ends(old_edition), _ends(new_edition)
    if any(key in s.extra for s in (*old[:1], *new[:1], *old[-1:], *new[-1:])):
        return
    columns = sorted({*(old[0].extra if old else ()), *(new[0].extra if new else ())})
    shown = ", ".join(repr(c) for c in columns[:20]) or "none"
    raise UsageError(f"--key {key!r}: neither edition has a field or column of that name; give id, a field "
                     f"(name, provider, section, ...) or one of the unmapped columns ({shown}).")


def _ends(edition: Edition) -> list[Service]:
    """The first and the last service of EDITION (none when it is empty)."""
    return [edition.service(0), edition.service(len(edition) - 1)] if len(edition) else []


_FIELD_KEYS = frozenset({"id", "name", "provider", "section", "subsection", "channels", "form", "fee"})


def key_trust(old_names: Sequence[str], new_names: Sequence[str], old_keys: Sequence[str], new_keys: Sequence[str],
              cutoff: float) -> tuple[float, float]:
    """(share of keys shared, share of sampled shared keys whose names score at least CUTOFF)."""
    old_first = _first_index(old_keys)
    new_first = _first_index(new_keys)
    if not old_first or not new_first:
        return 0.0, 0.0
    shared = sorted(old_first.keys() & new_first.keys())
    share = len(shared) / min(len(old_first), len(new_first))
    if not shared:
        return share, 0.0
    step = max(1, len(shared) // KEY_SAMPLE)
    sample = shared[::step][:KEY_SAMPLE]
    agree = sum(
        SCORER(PROCESSOR(old_names[old_first[k]]), PROCESSOR(new_names[new_first[k]])) >= cutoff for k in sample
    )
    return share, agree / len(sample)


def _first_index(keys: Sequence[str]) -> dict[str, int]:
    """Each non-empty key's first index (built backwards in C: the last write is the first index)."""
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))
    first.pop("", None)
    return first


class _ProviderGate:
    """Whether old service I and new service J may pair by name: alike or missing providers."""

    def __init__(self, old_prov: Sequence[str], new_prov: Sequence[str]) -> None:
        self.old_prov, self.new_prov = old_prov, new_prov
        self.cache: dict[tuple[str, str], bool] = {}

    def __call__(self, i: int, j: int) -> bool:
        a, b = self.old_prov[i], self.new_prov[j]
        if not a or not b or a == b:
            return True
        verdict = self.cache.get((a, b))
        if verdict is None:
            verdict = self.cache[(a, b)] = PROVIDER_SCORER(a, b) >= PROVIDER_CUTOFF
        return verdict


def _pair_exact(old_left: list[int], new_left: list[int], old_keys, new_keys, method: Method,
                gate: Callable[[int, int], bool] | None = None) -> list[Pair]:
    """Pair services with equal non-empty keys (and passing GATE); equal keys pair in source order."""
    if gate is None:  # the common case, keys that each edition holds once: paired by set intersection in C
        old_index = dict(zip(map(old_keys.__getitem__, old_left), old_left))
        new_index = dict(zip(map(new_keys.__getitem__, new_left), new_left))
        if len(old_index) == len(old_left) and len(new_index) == len(new_left):
            shared = old_index.keys() & new_index.keys()
            shared.discard("")
            found = zip(map(old_index.__getitem__, shared), map(new_index.__getitem__, shared), repeat(method), repeat(100.0))
            return list(map(tuple.__new__, repeat(Pair), found))  # Pair(*values), built in C
    by_key: dict[str, list[int]] = defaultdict(list)
    for j in new_left:
        if new_keys[j]:
            by_key[new_keys[j]].append(j)
    pairs: list[Pair] = []
    for i in old_left:
        key = old_keys[i]
        candidates = by_key.get(key) if key else None
        if not candidates:
            continue
        for position, j in enumerate(candidates):
            if gate is None or gate(i, j):
                pairs.append(Pair(i, j, method, 100.0))
                del candidates[position]
                break
    return pairs


__all__ = ["CUTOFF", "KEY_SHARE", "PROCESSOR", "SCORER", "MatchMode", "MatchOptions", "Matching", "Method", "Pair", "key_of", "match",
           "options_of"]
