"""Pair the services of two register editions: by key, then exact normalised name, then fuzzy name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable, Sequence

from rapidfuzz import fuzz, process

from register_audit.errors import UsageError
from register_audit.model.records import Frozen, Service
from register_audit.rules.text import normalize

# token_sort_ratio: a word-order swap scores 100 and a small edit or one dropped word of a
# typical 6-12 word service name costs 5-15 points, while unrelated names of the same register
# (which share stock words like "certificate", "permit") stay below 80. WRatio is ~4x slower
# and its partial matching pairs a short name with any longer one that contains it.
SCORER: Callable[..., float] = fuzz.token_sort_ratio
# Names are normalised once (case, ё/е, punctuation; text.normalize) before scoring, so the
# scorer is called with processor=None.
PROCESSOR: Callable[[str], str] = normalize
# 85: on Canada's inventory with ids withheld this keeps rename precision at or above 0.98
# (tests/test_match.py); the synthetic benchmark's rewordings score 86-100.
CUTOFF = 85.0
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
# Fuzzy candidates share one of either name's BLOCK_KEYS rarest words (_blocks).
BLOCK_KEYS = 3
# A word shared by more names than this is no key: it would make every name a candidate of every
# other (editions whose names all share "service", "of", "the"), and the cost quadratic. Real
# registers' rarest words are shared by a handful of names; a rename keeps one of its rare ones.
MAX_BLOCK = 500
TOP_K = 4  # candidates kept per old service; a fifth-best candidate never wins a greedy pass


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


# The matching is an internal step of one diff, with up to 10^6 pairs: plain slotted
# dataclasses, not validated models (the changes built from it are models).
@dataclass(frozen=True, slots=True)
class Pair:
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


def match(old: Sequence[Service], new: Sequence[Service], options: MatchOptions = MatchOptions()) -> Matching:
    """Pair OLD and NEW services one-to-one; every service ends in exactly one pair or list.

    A key that names no field and no column of either edition is a UsageError, not an empty key."""
    _check_key(old, new, options.key)
    old_keys = [key_of(s, options.key) for s in old]
    new_keys = [key_of(s, options.key) for s in new]
    share, agreement = key_trust(old, new, old_keys, new_keys, options.threshold)
    use_keys = options.mode == MatchMode.id or (
        options.mode == MatchMode.auto and share >= KEY_SHARE and agreement >= KEY_NAME_AGREEMENT
    )
    pairs: list[Pair] = []
    old_left, new_left = list(range(len(old))), list(range(len(new)))
    if use_keys:
        pairs += _pair_exact(old_left, new_left, old_keys, new_keys, Method.key)
        old_left, new_left = _unpaired(old_left, new_left, pairs)
    if options.mode != MatchMode.id:
        old_names = _names(old, old_left)
        new_names = _names(new, new_left)
        old_prov = {i: normalize(old[i].provider) for i in old_left}
        new_prov = {j: normalize(new[j].provider) for j in new_left}
        # Same name and provider first, so that Canada's many "Access to Information requests"
        # (one per department) pair with their own department's.
        both_old = {i: f"{old_names[i]}\x00{old_prov[i]}" for i in old_left}
        both_new = {j: f"{new_names[j]}\x00{new_prov[j]}" for j in new_left}
        gate = _ProviderGate(old_prov, new_prov)
        pairs += _pair_exact(old_left, new_left, both_old, both_new, Method.name)
        old_left, new_left = _unpaired(old_left, new_left, pairs)
        pairs += _pair_exact(old_left, new_left, old_names, new_names, Method.name, gate)
        old_left, new_left = _unpaired(old_left, new_left, pairs)
        pairs += _pair_fuzzy(old_left, new_left, old_names, new_names, gate, options.threshold)
        old_left, new_left = _unpaired(old_left, new_left, pairs)
    pairs.sort(key=lambda p: (p.old, p.new))
    return Matching(tuple(pairs), tuple(old_left), tuple(new_left), use_keys, share, agreement)


def _check_key(old: Sequence[Service], new: Sequence[Service], key: str) -> None:
    if key in _FIELD_KEYS or key.startswith("name_") or not (old or new):
        return
    if any(key in s.extra for s in (*old[:1], *new[:1], *old[-1:], *new[-1:])):
        return
    columns = sorted({*(old[0].extra if old else ()), *(new[0].extra if new else ())})
    shown = ", ".join(repr(c) for c in columns[:20]) or "none"
    raise UsageError(f"--key {key!r}: neither edition has a field or column of that name; give id, a field "
                     f"(name, provider, section, ...) or one of the unmapped columns ({shown}).")


_FIELD_KEYS = frozenset({"id", "name", "provider", "section", "subsection", "channels", "form", "fee"})


def key_trust(old: Sequence[Service], new: Sequence[Service], old_keys: list[str], new_keys: list[str], cutoff: float) -> tuple[float, float]:
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
        SCORER(PROCESSOR(old[old_first[k]].name), PROCESSOR(new[new_first[k]].name)) >= cutoff for k in sample
    )
    return share, agree / len(sample)


def _first_index(keys: list[str]) -> dict[str, int]:
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key:
            first.setdefault(key, index)
    return first


def _names(services: Sequence[Service], indices: list[int]) -> dict[int, str]:
    return {i: PROCESSOR(services[i].name) for i in indices}


def _unpaired(old_left: list[int], new_left: list[int], pairs: list[Pair]) -> tuple[list[int], list[int]]:
    old_done = {p.old for p in pairs}
    new_done = {p.new for p in pairs}
    return [i for i in old_left if i not in old_done], [j for j in new_left if j not in new_done]


class _ProviderGate:
    """Whether old service I and new service J may pair by name: alike or missing providers."""

    def __init__(self, old_prov: dict[int, str], new_prov: dict[int, str]) -> None:
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


def _numbers(name: str) -> tuple[str, ...]:
    """The number words of a normalised name, sorted ("form 12 part 3" → ("12", "3"))."""
    return tuple(sorted(t for t in name.split() if t.isdigit()))


def _blocks(old_left: list[int], new_left: list[int], old_names: dict[int, str], new_names: dict[int, str]) -> list[list[int]]:
    """For each old service (by position in OLD_LEFT), the positions in NEW_LEFT worth scoring.

    Blocking: a pair is a candidate when the two names share one of either name's BLOCK_KEYS
    rarest words (rarity counted over both remainders, ties by the word). A rewording that a
    fuzzy match can still find at the cutoff (a word swap, a typo, one word dropped or added)
    keeps all but one or two words, so it keeps at least one of the rarest three; names that
    share none of them share too few characters to reach 85. Two adjacent words joined are also
    looked up as one word, so a join or split ("GC Share" → "GCShare", Canada 2018 → 2019) stays a
    candidate. On every Canadian step the pairs equal those of scoring all pairs
    (tests/test_match.py), and the cost follows the candidates, not the product of the remainders
    (all pairs of ~5,900 × 5,900 names took 15-23 s at 10^5 rows; see benchmarks/RESULTS.md).
    Names that normalise to nothing get no candidates; a word shared by more than MAX_BLOCK names is no key.
    """
    old_split = [old_names[i].split() for i in old_left]
    new_split = [new_names[j].split() for j in new_left]
    df: dict[str, int] = defaultdict(int)
    for words in (*old_split, *new_split):
        for word in set(words):
            df[word] += 1

    def lookups(words: list[str]) -> set[str]:
        rarest = sorted(set(words), key=lambda w: (df[w], w))[:BLOCK_KEYS]
        return {*rarest, *(a + b for a, b in zip(words, words[1:]))}

    def index(split: list[list[str]]) -> dict[str, list[int]]:
        by_word: dict[str, list[int]] = defaultdict(list)
        for position, words in enumerate(split):
            for word in set(words):
                by_word[word].append(position)
        return {word: found for word, found in by_word.items() if len(found) <= MAX_BLOCK}

    old_by_word, new_by_word = index(old_split), index(new_split)
    candidates: list[set[int]] = [set() for _ in old_left]
    for r, words in enumerate(old_split):
        for word in lookups(words):
            candidates[r].update(new_by_word.get(word, ()))
    for c, words in enumerate(new_split):
        for word in lookups(words):
            for r in old_by_word.get(word, ()):
                candidates[r].add(c)
    return [sorted(found) for found in candidates]


def _pair_fuzzy(old_left: list[int], new_left: list[int], old_names: dict[int, str], new_names: dict[int, str],
                gate: _ProviderGate, cutoff: float) -> list[Pair]:
    """One-to-one pairs scoring at least CUTOFF, best pairs first (ties: same provider, then order).

    Only names with equal number words may pair ("Form 12" never becomes "Form 13"): in a register
    a number in a name is an item's identity (form, section, article, year), not wording. On
    the synthetic benchmark the removed "X section 5" and the added "X section 23" scored 90-95
    and paired as false renames; Canada's five editions hold no rename that changes a number
    (tests/test_match.py).
    """
    if not old_left or not new_left:
        return []
    columns = [new_names[j] for j in new_left]
    column_numbers = [_numbers(name) for name in columns]
    rows_l: list[int] = []
    cols_l: list[int] = []
    vals_l: list[float] = []
    for r, block in enumerate(_blocks(old_left, new_left, old_names, new_names)):
        if not block:
            continue
        query = old_names[old_left[r]]
        numbers = _numbers(query)
        block = [c for c in block if column_numbers[c] == numbers]
        if not block:
            continue
        found = process.extract(query, [columns[c] for c in block], scorer=SCORER, processor=None,
                                score_cutoff=cutoff, limit=TOP_K)
        for _, score, position in found:
            rows_l.append(r)
            cols_l.append(block[position])
            vals_l.append(score)
    if not rows_l:
        return []
    import numpy as np  # here, not at the top: every other command would pay for it at start-up
    rows = np.array(rows_l, dtype=np.int64)
    cols = np.array(cols_l, dtype=np.int64)
    vals = np.array(vals_l, dtype=np.float32)
    same_provider = np.array(
        [gate.old_prov[old_left[r]] == gate.new_prov[new_left[c]] for r, c in zip(rows.tolist(), cols.tolist())],
        dtype=np.int8,
    )
    order = np.lexsort((cols, rows, -same_provider, -vals))
    pairs: list[Pair] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for position in order:
        r, c = int(rows[position]), int(cols[position])
        if r in used_old or c in used_new or not gate(old_left[r], new_left[c]):
            continue
        used_old.add(r)
        used_new.add(c)
        pairs.append(Pair(old_left[r], new_left[c], Method.fuzzy, round(float(vals[position]), 1)))
    return pairs


__all__ = ["CUTOFF", "KEY_SHARE", "PROCESSOR", "SCORER", "MatchMode", "MatchOptions", "Matching", "Method", "Pair", "key_of", "match"]
