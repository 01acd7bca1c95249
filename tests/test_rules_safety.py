"""A rule file is data: it cannot run code, expand without bound, or make matching hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from register_audit.errors import RulesError
from register_audit.rules.ruleset import MAX_DEPTH, load_file, safe_load
from register_audit.rules.text import compile_pattern, tokenize

INVALID = Path(__file__).parent / "data" / "rules_invalid"


def test_python_tags_are_refused_before_anything_is_built(tmp_path: Path) -> None:
    """A `!!python/object` tag is refused, and the command it names never runs."""
    marker = tmp_path / "ran"
    text = f'id: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(RulesError, match="tag"):
        safe_load(text, "hostile.yaml")
    assert not marker.exists()


def test_any_explicit_tag_is_refused() -> None:
    """Even harmless-looking tags are refused: a rule file has no use for them."""
    with pytest.raises(RulesError, match="tag"):
        safe_load("a: !!str 1\n", "tagged.yaml")


def test_alias_bomb_is_refused_without_expanding() -> None:
    """A billion-laughs document is refused at its first anchor, quickly."""
    started = time.perf_counter()
    with pytest.raises(RulesError, match="anchors and aliases"):
        load_file(INVALID / "alias_bomb.yaml")
    assert time.perf_counter() - started < 1.0


def test_deep_nesting_is_refused() -> None:
    """Nesting deeper than the bound is refused instead of exhausting the recursion limit."""
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(RulesError, match="nests deeper"):
        safe_load(text, "deep.yaml")


def test_huge_file_is_refused() -> None:
    """A file far larger than any rule set is refused before parsing."""
    with pytest.raises(RulesError, match="larger than"):
        safe_load("# " + "x" * (3 * 1024 * 1024), "huge.yaml")


def test_duplicate_keys_are_refused() -> None:
    """A key given twice is refused instead of silently keeping the last value."""
    with pytest.raises(RulesError, match="appears twice"):
        load_file(INVALID / "duplicate_key.yaml")


def test_regex_syntax_is_not_a_pattern() -> None:
    """Patterns are compiled by the tool: regular-expression syntax is refused, not run."""
    with pytest.raises(RulesError, match="punctuation"):
        load_file(INVALID / "pattern_punctuation.yaml")


def test_matching_is_linear_on_hostile_input() -> None:
    """A pattern that would backtrack catastrophically as a regex matches in linear time."""
    pattern = compile_pattern(" ".join(["aa*"] * 12))
    text = tokenize(" ".join(["aaaa"] * 50_000) + " b")
    started = time.perf_counter()
    assert pattern.search(text) == (0, 11)
    miss = compile_pattern(" ".join(["aa*"] * 11) + " c")
    assert miss.search(text) is None
    assert time.perf_counter() - started < 2.0


ROOT = Path(__file__).resolve().parents[1]
BUNDLED_YAML = sorted(p for folder in ("rules", "registers", "examples") for p in (ROOT / folder).rglob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_reads_every_bundled_file_as_the_checked_loader_does(path: Path) -> None:
    """The fast path (libyaml) takes every bundled YAML file, and gives the data the pure-Python
    loader with its checks gives."""
    from register_audit.rules import safe_yaml

    text = path.read_text(encoding="utf-8")
    fast, data = safe_yaml._fast_load(text)
    assert fast
    loader = safe_yaml._SafeLoader(text)
    try:
        assert data == loader.get_single_data()
    finally:
        loader.dispose()


@pytest.mark.parametrize("levels, refused", [(MAX_DEPTH - 1, False), (MAX_DEPTH, True)])
def test_the_depth_bound_is_the_same_on_both_paths(levels: int, refused: bool) -> None:
    """A scalar inside LEVELS nested lists is a node at depth LEVELS + 1: refused past MAX_DEPTH,
    whichever parser reads the file."""
    text = "[" * levels + "1" + "]" * levels
    if refused:
        with pytest.raises(RulesError, match="nests deeper"):
            safe_load(text, "deep.yaml")
    else:
        assert safe_load(text, "deep.yaml") is not None


def test_an_error_is_named_by_the_checked_loader() -> None:
    """A file libyaml cannot read is read again by the pure-Python loader, whose message names
    the line (the fast path never decides an error)."""
    with pytest.raises(RulesError, match=r"bad\.yaml: line 3: not valid YAML \(expected .,. or .\]., but got .<stream end>.\)"):
        safe_load("a: 1\nb: [1, 2\n", "bad.yaml")
