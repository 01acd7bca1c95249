"""Kazakh in its three official Latin alphabets read as Cyrillic, and the fold that lets one
Cyrillic pattern match a word in every script."""

from __future__ import annotations

import re
from typing import Callable

# Kazakhstan has published three Latin alphabets (decrees of 26.10.2017, 19.02.2018 and the
# 2021 revision); acts and portals of 2018-2021 use them beside Cyrillic. Each table maps a
# lower-case letter (or digraph) to Cyrillic. Letters a table does not name (digits, Cyrillic
# letters of a mixed word) pass through.
_COMMON = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "j": "ж", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т",
    "v": "в", "y": "ы", "z": "з", "c": "ц", "w": "у", "x": "кс",
}
# 2018 ("acute"): á ǵ ı ń ó ú ý, sh, ch; ı is и and й, i is і, u is ұ, ý is у.
_ACUTE = {**_COMMON, "á": "ә", "ǵ": "ғ", "ı": "и", "i": "і", "ń": "ң", "ó": "ө", "u": "ұ",
          "ú": "ү", "ý": "у", "sh": "ш", "ch": "ч"}
# 2021: ä ğ ñ ö ş ū ü ç; i is и and й, ı is і, u is у, ū is ұ.
_BREVE = {**_COMMON, "ä": "ә", "ğ": "ғ", "i": "и", "ı": "і", "ñ": "ң", "ö": "ө", "u": "у",
          "ū": "ұ", "ü": "ү", "ş": "ш", "ç": "ч"}
# 2017 (apostrophes): a' g' i' n' o' u' y' s' c'; i is і, y is ы, u is ұ. The apostrophe
# reaches this table as U+02BC, a letter, so it stays inside the word (see BEFORE_FOLDING).
_APOSTROPHE = {**_COMMON, "aʼ": "ә", "gʼ": "ғ", "iʼ": "и", "i": "і", "nʼ": "ң", "oʼ": "ө",
               "u": "ұ", "uʼ": "ү", "yʼ": "у", "sʼ": "ш", "cʼ": "ч", "ʼ": ""}

# Folded alike in every script, since the Latin alphabets do not tell them apart: й and и (ı or
# i), һ and х (h); я, ю, ц as the Latin spellings have them (ıa, ıý, ts); the signs ъ ь, which
# the Latin alphabets drop; э as е. Applied to patterns and texts alike, so a pattern's word
# prefix stays a prefix (each letter maps to a fixed string).
_MATCH_FOLD = str.maketrans({"й": "и", "һ": "х", "я": "иа", "ю": "иу", "ц": "тс", "щ": "шч",
                             "ъ": "", "ь": "", "э": "е"})

# Characters put right before folding, one for one (so spans stay valid), by alphabet: the 2017
# apostrophe becomes U+02BC, a letter, so that it stays in its word; the 2021 capitals I and İ
# are і and и, which Python's lower() would both make "i".
# Latin-script reprints (lat.egemen.kz, zanorda.kz) often type the Cyrillic і inside Latin words
# ("ákіmdіgіnіń"): it is read as the alphabet's own letter for і.
BEFORE_FOLDING = {
    "apostrophe": str.maketrans({"'": "ʼ", "’": "ʼ", "‘": "ʼ", "`": "ʼ", "і": "i", "І": "I"}),
    "acute": str.maketrans({"і": "i", "І": "I"}),
    "breve": str.maketrans({"I": "ı", "İ": "i", "і": "ı", "І": "ı"}),
}


def _transliterator(table: dict[str, str]) -> Callable[[str], str]:
    longest_first = sorted(table, key=len, reverse=True)
    regex = re.compile("|".join(re.escape(key) for key in longest_first))
    return lambda word: regex.sub(lambda found: table[found.group()], word)


_TO_CYRILLIC = {"acute": _transliterator(_ACUTE), "breve": _transliterator(_BREVE),
                "apostrophe": _transliterator(_APOSTROPHE)}

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ACUTE_ONLY = re.compile("[ǵńý]")  # letters only the 2018 alphabet has
_ACUTE_SHARED = re.compile("[áóú]")  # also Spanish, Irish, Czech...
_BREVE_ONLY = re.compile("[ğñūş]")  # of the 2021 alphabet, also Turkish
_BREVE_SHARED = re.compile("[äöü]")  # also German, Turkish (ç, also French, is no evidence)
_Q_WORD = re.compile(r"q(?!u)")  # Kazakh қ; English and French q is followed by u
_APOSTROPHE_LETTER = re.compile(r"[agnouyisc]['’‘`](?=\w)|[agnouyi]['’‘`](?!\w)")
_KAZAKH_HEAD_END = re.compile(r"(?<![\w/.])[a-z]{2,}u\s*$")  # a last word in -u: беру, тіркеу
_Y_APOSTROPHE_END = re.compile(r"y['’‘`](?!\w)")  # 2017 у closing a word: the verbal nouns беру, тіркеу
_FUNCTION_WORD = re.compile(  # English, French (Canada's inventory is bilingual) and German
    r"(?<![\w'’‘`])(the|of|and|for|to|in|with|from|by|or|a|an|le|la|les|des|du|en|et|un|une|ne|pas|que|qui|pour|par|"
    r"sur|au|aux|est|und|der|die|das|für|auf|von|mit|zu)(?![\w'’‘`])"
)
_OTHER_LATIN = re.compile("[éèêàâîôûëïœÿãõß]")  # letters no Kazakh alphabet has
_DIGRAPH = re.compile("sh|ch")  # ш, ч in 2018 (2021 has ş, ç)


def kazakh_latin_alphabet(folded: str) -> str | None:
    """Which Latin alphabet of Kazakh FOLDED (lower-case NFC text) is written in, if any.

    None for a text with Cyrillic letters or with letters no Kazakh alphabet has (é, à, …).
    A letter only one alphabet has decides (ğ ñ ū ş: 2021; ǵ ń ý: 2018). Where no English,
    French or German function word stands: apostrophes inside words beside a q that no u
    follows, or thrice, or closing a word after y (2017); a letter an alphabet shares with other
    languages (ä ö ü: 2021; á ó ú: 2018); a dotless ı (2018 beside sh or ch, else the 2021 і: 2018
    texts nearly always carry ý as well); last, a q that no u follows in a name whose last word
    ends in -u, the Kazakh verbal noun (2018 beside sh or ch, else 2021).
    """
    # A Cyrillic і alone does not make a text Cyrillic: it is typed into Latin words too.
    if _CYRILLIC.search(folded.replace("і", "")) or _OTHER_LATIN.search(folded):
        return None
    if _BREVE_ONLY.search(folded):
        return "breve"
    if _ACUTE_ONLY.search(folded):
        return "acute"
    if _FUNCTION_WORD.search(folded):
        return None
    marks = len(_APOSTROPHE_LETTER.findall(folded))
    if marks and (_Q_WORD.search(folded) or marks > 2 or _Y_APOSTROPHE_END.search(folded)):
        return "apostrophe"
    if _BREVE_SHARED.search(folded):
        return "breve"
    if _ACUTE_SHARED.search(folded):
        return "acute"
    if "ı" in folded:
        return "acute" if _DIGRAPH.search(folded) else "breve"
    # Plain ASCII with a q that no u follows (Kazakh қ) in a name that ends, as Kazakh names do,
    # with its head, a verbal noun in -u (беру, тіркеу, қабылдау): 2021's "meditsinalyq qyzmetke
    # litsenziia beru", which holds none of the letters above; 2018 if it spells ш or ч with sh
    # or ch.
    if _Q_WORD.search(folded) and _KAZAKH_HEAD_END.search(folded):
        return "acute" if _DIGRAPH.search(folded) else "breve"
    return None


def pattern_alphabet(folded: str) -> str | None:
    """The Latin alphabet of a pattern: any letter of one marks it (a pattern is a few words,
    too short for the evidence kazakh_latin_alphabet asks of a service name)."""
    if _CYRILLIC.search(folded):
        return None
    if _BREVE_ONLY.search(folded) or _BREVE_SHARED.search(folded):
        return "breve"
    if _ACUTE_ONLY.search(folded) or _ACUTE_SHARED.search(folded):
        return "acute"
    return None


def match_form(word: str, alphabet: str | None) -> str:
    """The form of one normalised WORD that patterns are matched against: Cyrillic, whatever
    the script it was written in, with the letters the scripts confuse folded alike."""
    if alphabet is not None:
        word = _TO_CYRILLIC[alphabet](word)
    return word.translate(_MATCH_FOLD)
