"""Text normalisation and word-prefix patterns."""

from __future__ import annotations

import pytest

from register_audit.rules.text import PatternError, compile_pattern, normalize, tokenize


def test_normalize_folds_case_yo_punctuation_and_whitespace() -> None:
    """Case, ё, punctuation and runs of whitespace do not change what a name says."""
    assert normalize("  Выдача  СПРАВКИ, «Ёлка»  (Больничный)! ") == "выдача справки елка больничный"


def test_normalize_keeps_kazakh_letters() -> None:
    """The Kazakh letters ә ғ қ ң ө ұ ү һ і survive normalisation."""
    assert normalize("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") == "әғқңөұүһі әғқңөұүһі"


def test_normalize_folds_latin_i_inside_a_cyrillic_word() -> None:
    """A Latin "i" typed inside a Kazakh word ("шетелдiк") reads as the Kazakh "і"."""
    assert normalize("шетелдiк дiни") == normalize("шетелдік діни") == "шетелдік діни"


def test_normalize_keeps_latin_script_kazakh() -> None:
    """Latin-script Kazakh keeps its diacritics and dotless ı."""
    assert normalize("Halyqaralyq avtomobıl JÚZEGE asyrýǵa") == "halyqaralyq avtomobıl júzege asyrýǵa"


def test_tokens_point_back_into_the_original_text() -> None:
    """Word spans cut the original text, so evidence quotes what the register says."""
    tokens = tokenize("Выдача СПРАВКИ, с места жительства")
    assert tokens.excerpt(1, 1) == "СПРАВКИ"
    assert tokens.excerpt(1, 2) == "СПРАВКИ, с"


def test_prefix_pattern_covers_inflections() -> None:
    """`постановк* на очеред*` matches every case ending of its words."""
    pattern = compile_pattern("постановк* на очеред*")
    assert pattern.search(tokenize("Постановка на очередь детей")) == (0, 2)
    assert pattern.search(tokenize("о постановке на очереди")) == (1, 3)


def test_word_without_star_matches_whole_words_only() -> None:
    """A word without `*` matches only that whole word."""
    pattern = compile_pattern("fund")
    assert pattern.search(tokenize("Canada Cultural Spaces Fund")) is not None
    assert pattern.search(tokenize("Band Support Funding")) is None


def test_pattern_words_must_be_contiguous() -> None:
    """The words of a pattern match only as a contiguous run."""
    assert compile_pattern("выдача справ*").search(tokenize("Выдача архивных справок")) is None


@pytest.mark.parametrize("text", ["справк(а|и)", "a.b", "*", "", "в*", "вы*дача", " ".join(["слово"] * 13)])
def test_patterns_that_could_never_match_are_refused(text: str) -> None:
    """Regex syntax, punctuation, bare or inner stars, one-letter prefixes and huge patterns are refused."""
    with pytest.raises(PatternError):
        compile_pattern(text)
