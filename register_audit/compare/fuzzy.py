"""The fuzzy stage of pairing: the scorer, candidates blocked by rare words, and the guards
that keep a number, a code or one swapped content word from pairing two services."""

from __future__ import annotations

from collections import Counter, defaultdict
from os.path import commonprefix
from typing import Callable, Iterator, Protocol, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

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
# Fuzzy candidates share one of either name's BLOCK_KEYS rarest words (_blocks).
BLOCK_KEYS = 3
# A word shared by more names than this is no key: it would make every name a candidate of every
# other (editions whose names all share "service", "of", "the"), and the cost quadratic. Real
# registers' rarest words are shared by a handful of names; a rename keeps one of its rare ones.
MAX_BLOCK = 500
MAX_CANDIDATES = 2 * MAX_BLOCK  # candidates scored per old name, from its rarest words first
TOP_K = 4  # candidates kept per old service; a fifth-best candidate never wins a greedy pass


class ProviderGate(Protocol):
    """Whether old service I and new service J may pair (compare/match.py's provider gate)."""

    old_prov: Sequence[str]  # each service's normalised provider, by index
    new_prov: Sequence[str]

    def __call__(self, i: int, j: int) -> bool: ...


# Single letters that are words, not codes ("a permit", "и", "в"): they may come and go in a rewording.
_LETTER_WORDS = frozenset("a i à y а в и к о с у я".split())
# Function words: swapping one for another ("of" → "for") rewords a name; swapping a content word
# ("Air" → "Marine") names another service.
_FUNCTION_WORDS = frozenset(
    "a an the of for to and or in on at by with from under into per via "
    "de du des la le les l d et ou pour par sur aux au en dans à "
    "и в на по для о об от из к с у за при или және мен үшін бойынша туралы".split()
)


def _codes(name: str) -> tuple[str, ...]:
    """The number and code words of a normalised name, sorted ("category d form t2 part 3" →
    ("3", "d", "t2")): digits, letters mixed with digits, and single letters that are not words."""
    return tuple(sorted(
        t for t in name.split()
        if t.isdigit() or (len(t) == 1 and t not in _LETTER_WORDS) or (not t.isalpha() and any(c.isdigit() for c in t))
    ))


# A swapped word blocks a pair in names of at most this many words. In a short name one word is the
# service's identity (Canada's Air, Marine, Rail and Highway Traveller Processing); in a longer one
# a swapped word is an edit: every one-word swap that pairs by name on Canada's consecutive editions
# is confirmed by the ids ("Aboriginal" → "Indigenous business", "services" → "system nols", 5-13
# words), as is Kazakhstan's 16-word "(7 жасқа дейін)" → "(7 жасқа толмаған)".
SWAP_MAX_WORDS = 4


def _one_word_swapped(a: str, b: str) -> bool:
    """Whether short normalised names A and B differ only by one content word replaced by another
    that is neither an inflection, an extension nor a misspelling of it ("air traveller
    processing" → "marine traveller processing"); a dropped, added or reordered word is no swap."""
    words_a, words_b = a.split(), b.split()
    if min(len(words_a), len(words_b)) > SWAP_MAX_WORDS:
        return False
    only_a, only_b = Counter(words_a), Counter(words_b)
    only_a, only_b = only_a - only_b, only_b - only_a
    if only_a.total() != 1 or only_b.total() != 1:
        return False
    x, y = next(iter(only_a)), next(iter(only_b))
    if x in _FUNCTION_WORDS and y in _FUNCTION_WORDS:
        return False
    # "processing"/"process", "centre"/"center" share a stem, "at"/"atp" extends an acronym,
    # "wreck"/"wrek" is a typo.
    if x.startswith(y) or y.startswith(x) or len(commonprefix((x, y))) >= 4:
        return False
    return Levenshtein.normalized_similarity(x, y) < 0.75


def _blocks(old_left: list[int], new_left: list[int], old_names: dict[int, str], new_names: dict[int, str]) -> Iterator[set[int]]:
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
    # The new names that look a word up, for the words an old name holds (the other direction of
    # the blocking): as large as the lookups, not as the pairs they make.
    looked_up: dict[str, list[int]] = defaultdict(list)
    for c, words in enumerate(new_split):
        for word in lookups(words):
            if word in old_by_word:
                looked_up[word].append(c)
    # One old name's candidates at a time, smallest blocks (rarest words) first and at most
    # MAX_CANDIDATES of them: editions whose names are drawn from a few hundred words would
    # otherwise make every name a candidate of thousands, gigabytes of candidates in all.
    for words in old_split:
        sources = [new_by_word[word] for word in lookups(words) if word in new_by_word]
        sources += [looked_up[word] for word in set(words) if word in looked_up]
        found: set[int] = set()
        for source in sorted(sources, key=len):
            if len(found) + len(source) > MAX_CANDIDATES:
                break
            found.update(source)
        yield found


def pair_fuzzy(old_left: list[int], new_left: list[int], old_names: dict[int, str], new_names: dict[int, str],
               gate: ProviderGate, cutoff: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (old index, new index, score) scoring at least CUTOFF, best pairs first (ties: same provider, then order).

    Only names with equal number and code words may pair ("Form 12" never becomes "Form 13",
    "Category D - …" never "Category F - …"): in a register a number or a letter code in a name
    is an item's identity (form, section, article, year, category), not wording. On the synthetic
    benchmark the removed "X section 5" and the added "X section 23" scored 90-95 and paired as
    false renames; Canada's five editions hold no rename that changes a number (tests/test_match.py).
    Nor do names pair whose only difference is one content word swapped for another ("Air
    Traveller Processing" is not "Marine Traveller Processing"; tests/test_rename_precision.py).
    """
    if not old_left or not new_left:
        return []
    columns = [new_names[j] for j in new_left]
    with_codes: dict[tuple[str, ...], set[int]] = defaultdict(set)  # the columns with each tuple of codes
    for c, name in enumerate(columns):
        with_codes[_codes(name)].add(c)
    # (-score, other provider, row, column): best first, then the same provider, then source order.
    candidates: list[tuple[float, bool, int, int]] = []
    for r, found in enumerate(_blocks(old_left, new_left, old_names, new_names)):
        if not found:
            continue
        query = old_names[old_left[r]]
        block = sorted(with_codes.get(_codes(query), set()).intersection(found))
        if not block:
            continue
        found = process.extract(query, [columns[c] for c in block], scorer=SCORER, processor=None,
                                score_cutoff=cutoff, limit=2 * TOP_K)
        kept = [(score, block[position]) for _, score, position in found
                if not _one_word_swapped(query, columns[block[position]])][:TOP_K]
        provider = gate.old_prov[old_left[r]]
        candidates += [(-score, provider != gate.new_prov[new_left[c]], r, c) for score, c in kept]
    candidates.sort()
    pairs: list[tuple[int, int, float]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for negative, _, r, c in candidates:
        if r in used_old or c in used_new or not gate(old_left[r], new_left[c]):
            continue
        used_old.add(r)
        used_new.add(c)
        pairs.append((old_left[r], new_left[c], round(-negative, 1)))
    return pairs


__all__ = ["CUTOFF", "PROCESSOR", "SCORER", "pair_fuzzy"]
