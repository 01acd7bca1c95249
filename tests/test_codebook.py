"""CODEBOOK.md: the sections rules cite exist, and the codebook names the values the code uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from register_audit.load.resources import bundled
from register_audit.model.records import PartialKind
from register_audit.rules.ruleset import load_file

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
SECTIONS = set(re.findall(r"^#{2,3} §(\d+(?:\.\d+)?)\b", CODEBOOK, re.MULTILINE))
RULE_FILES = sorted(bundled("rules").glob("*/*.yaml"))
RULE_FILES = [p for p in RULE_FILES if re.search(r"^axis:", p.read_text(encoding="utf-8"), re.MULTILINE)]
# "CODEBOOK §2", "CODEBOOK §2.5", "CODEBOOK §2, §2.5", "(codebook §4)"
CITATION = re.compile(r"codebook\s+((?:§\d+(?:\.\d+)?(?:\s*(?:,|and|–|-)\s*)?)+)", re.IGNORECASE)


def cited(text: str) -> list[str]:
    return [n for group in CITATION.findall(" ".join(text.split())) for n in re.findall(r"§(\d+(?:\.\d+)?)", group)]


def test_the_codebook_has_its_four_numbered_sections() -> None:
    titles = dict(re.findall(r"^## §(\d+) (.+)$", CODEBOOK, re.MULTILINE))
    assert titles == {"1": "Nature", "2": "Completeness", "3": "Domain", "4": "Human service"}


def test_tie_breaks_are_numbered_subsections_of_their_section() -> None:
    subsections = sorted(s for s in SECTIONS if "." in s)
    assert subsections, "no tie-break subsections"
    assert all(s.split(".")[0] in SECTIONS for s in subsections)


def test_the_codebook_names_every_partial_kind() -> None:
    section = CODEBOOK[CODEBOOK.index("### §2.1"):CODEBOOK.index("### §2.2")]
    assert re.findall(r"^- `([a-z]+)`", section, re.MULTILINE) == [k.value for k in PartialKind]


def test_the_codebook_lists_the_ten_cofog_divisions() -> None:
    assert re.findall(r"^\| (\d\d) \|", CODEBOOK, re.MULTILINE) == [f"{n:02d}" for n in range(1, 11)]


def test_citation_parsing_reads_lists_of_sections() -> None:
    assert cited("as CODEBOOK §2, §2.5 says; see codebook §4") == ["2", "2.5", "4"]


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_section_a_rule_description_cites_exists(path: Path) -> None:
    """A rule file's description and each rule's description cite only sections CODEBOOK.md has."""
    rule_file = load_file(path)
    texts = [("file", rule_file.description)] + [(rule.id, rule.description) for rule in rule_file.rules]
    missing = [(where, number) for where, text in texts for number in cited(text) if number not in SECTIONS]
    assert missing == [], f"sections not in CODEBOOK.md: {missing}"


def test_the_readme_links_the_codebook() -> None:
    assert "](CODEBOOK.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
