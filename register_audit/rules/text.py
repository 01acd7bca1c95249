"""Text normalisation and the word-prefix patterns that rules match against it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator

from register_audit.rules.scripts import BEFORE_FOLDING, kazakh_latin_alphabet, match_form, pattern_alphabet

# Kazakh registers are typed on keyboards that mix scripts: the Kazakh "і" is often a Latin
# "i" (U+0069) inside a Cyrillic word ("шетелдiк"). Inside a word that also has Cyrillic
# letters these Latin look-alikes are folded to their Cyrillic twins, so one pattern serves both.
_LATIN_TO_CYRILLIC = str.maketrans(
    {"i": "і", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}
)
MAX_PATTERN_WORDS = 12
MAX_PATTERN_CHARS = 200


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """One character in, one out (so offsets into the NFC text stay valid): lower case,
    ё→е, and anything that is not a letter, digit or combining mark becomes a space."""
    lowered = char.lower()[:1] or char  # "İ".lower() is two characters; keep the base
    if lowered == "ё":
        return "е"
    category = unicodedata.category(lowered)
    if category[0] in "LN" or category == "Mn":  # Mn: decomposed Latin-script Kazakh marks
        return lowered
    return " "


class _FoldTable(dict):
    """str.translate table filled on first sight of each character with _fold_char (the same
    one-character-in, one-out fold, so spans are unchanged), at C speed for known characters."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_WORD = re.compile(r"[^ ]+")  # after folding, words are the runs between single-space separators
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _fold_script(word: str) -> str:
    if word.isascii() or not _CYRILLIC.search(word):
        return word
    return word.translate(_LATIN_TO_CYRILLIC)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The normalised words of a text, and where each one sits in the NFC original."""

    source: str  # the NFC text that spans refer to
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    joined: str  # the words joined by single spaces, which compiled patterns search
    starts: dict[int, int]  # offset in `joined` of each word -> its index

    def excerpt(self, first: int, last: int) -> str:
        """The original text from the start of word FIRST to the end of word LAST."""
        return self.source[self.spans[first][0] : self.spans[last][1]]


# Rules and the diff's matcher read the first this many characters of a field: a service name
# runs to a few hundred, and a hostile 100 KB "name" would cost every rule a search of it.
MAX_MATCHED_CHARS = 4096


def tokenize(text: str) -> Tokens:
    """Split TEXT into the words patterns match, with their spans in the NFC form of TEXT.

    The words are normalised (see normalize) and then put in their match form: Latin-script
    Kazakh read as Cyrillic, and the letters the scripts confuse folded alike (scripts.py)."""
    source = unicodedata.normalize("NFC", text[:MAX_MATCHED_CHARS])
    # Plain ASCII is English unless it has the 2017 apostrophes or a q (2021 Kazakh can be ASCII).
    ascii_english = source.isascii() and "'" not in source and "q" not in source.lower()
    script = None if ascii_english else kazakh_latin_alphabet(source.lower())
    return _tokens(source, script)


def _tokens(source: str, script: str | None) -> Tokens:
    """The Tokens of SOURCE (NFC) written in SCRIPT (a Latin alphabet of Kazakh, or None)."""
    folded = source.translate(BEFORE_FOLDING.get(script, {})).translate(_FOLD_TABLE)
    found = list(_WORD.finditer(folded))
    words = tuple(_match_word(m.group(), script) for m in found)
    spans = tuple(m.span() for m in found)
    starts: dict[int, int] = {}
    offset = 0
    for index, word in enumerate(words):
        starts[offset] = index
        offset += len(word) + 1
    return Tokens(source, words, spans, " ".join(words), starts)


def _match_word(word: str, script: str | None) -> str:
    if word.isascii() and script is None:  # English words, numbers: nothing to fold
        return word
    return match_form(_fold_script(word), script)


@lru_cache(maxsize=1 << 16)  # providers and section titles repeat on every row
def normalize(text: str) -> str:
    """Lower case, ё→е, punctuation to spaces, single spaces; Kazakh letters kept.

    The words of tokenize(TEXT), joined, without building their spans."""
    folded = unicodedata.normalize("NFC", text[:MAX_MATCHED_CHARS]).translate(_FOLD_TABLE)
    if folded.isascii():  # no Cyrillic word to fold Latin look-alikes in
        return " ".join(folded.split())
    return " ".join([_fold_script(word) for word in folded.split(" ") if word])


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled word-prefix pattern: contiguous words, each whole or a prefix (``word*``)."""

    text: str
    words: tuple[str, ...]  # normalised, without the star
    prefix: tuple[bool, ...]
    _compiled: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def regex(self) -> re.Pattern[str]:
        """The same pattern over Tokens.joined, compiled when first searched with: a rule set
        holds thousands of patterns, and a register's words reach only some of them."""
        compiled = self._compiled
        if compiled is None:
            compiled = _regex(self.words, self.prefix)
            object.__setattr__(self, "_compiled", compiled)  # a cache of the frozen fields above
        return compiled

    def match_at(self, words: tuple[str, ...], start: int) -> bool:
        """Whether the pattern matches WORDS beginning at START."""
        if start < 0 or start + len(self.words) > len(words):
            return False
        for offset, (word, is_prefix) in enumerate(zip(self.words, self.prefix)):
            token = words[start + offset]
            if not (token.startswith(word) if is_prefix else token == word):
                return False
        return True

    def search(self, tokens: Tokens) -> tuple[int, int] | None:
        """The first (first word, last word) span where the pattern matches, else None.

        Linear in the number of words times the pattern length: the regular expression is
        built by compile_pattern from literal words, each followed at most by `[^ ]*` and a
        space, so it can only ever backtrack within one word.
        """
        found = self.regex.search(tokens.joined)
        if found is None:
            return None
        start = tokens.starts[found.start()]
        return start, start + len(self.words) - 1


class PatternError(ValueError):
    """A pattern the tool cannot compile; the message says what is wrong with it."""


def compile_pattern(text: str) -> Pattern:
    """Compile a pattern such as ``постановк* на очеред*``.

    Each word is normalised as service text is; a word ending in ``*`` matches any word it
    begins. Other punctuation is refused: normalisation removes it from service text, so a
    word holding it could never match. The regular expression is built from the words when the
    pattern is first searched with (it cannot fail: every word is a literal).
    """
    if len(text) > MAX_PATTERN_CHARS:
        raise PatternError(f"is longer than {MAX_PATTERN_CHARS} characters")
    raw_words = text.split()
    if not raw_words:
        raise PatternError("is empty")
    if len(raw_words) > MAX_PATTERN_WORDS:
        raise PatternError(f"has more than {MAX_PATTERN_WORDS} words")
    script = pattern_alphabet(unicodedata.normalize("NFC", text).lower())  # the whole pattern's
    words: list[str] = []
    prefix: list[bool] = []
    for raw in raw_words:
        is_prefix = raw.endswith("*")
        stem = raw[:-1] if is_prefix else raw
        folded = unicodedata.normalize("NFC", stem).translate(_FOLD_TABLE)
        normalised = _tokens(unicodedata.normalize("NFC", stem), script).words
        if "*" in stem or len(normalised) != 1 or folded != folded.strip() or " " in folded:
            raise PatternError(
                f"has the word {raw!r}, with punctuation that normalisation strips from service "
                "text, so it can never match; use letters and digits, and '*' only at a word's end"
            )
        if is_prefix and len(normalised[0]) < 2:
            raise PatternError(f"has the prefix {raw!r}, shorter than two letters")
        words.append(normalised[0])
        prefix.append(is_prefix)
    return Pattern(text, tuple(words), tuple(prefix))


def _regex(words: tuple[str, ...], prefix: tuple[bool, ...]) -> re.Pattern[str]:
    body = " ".join(re.escape(word) + ("[^ ]*" if is_prefix else "") for word, is_prefix in zip(words, prefix))
    return re.compile(f"(?<![^ ]){body}(?![^ ])")


def checked_pattern(pattern: str) -> str:
    """PATTERN itself when it compiles, else ValueError saying why (for pydantic validators)."""
    try:
        compile_pattern(pattern)
    except PatternError as error:
        raise ValueError(f"the pattern {pattern!r} {error}") from None
    return pattern


PatternText = Annotated[str, AfterValidator(checked_pattern)]  # a pattern field of a rule or catalogue file
