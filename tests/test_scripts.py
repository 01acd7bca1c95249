"""Kazakh in its three Latin alphabets is read as the same words as Cyrillic Kazakh."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from register_audit.rules.scripts import kazakh_latin_alphabet
from register_audit.rules.text import compile_pattern, normalize, tokenize

ROOT = Path(__file__).resolve().parent.parent

# The official letter tables, Cyrillic to Latin, written out independently of the reader's
# Latin-to-Cyrillic tables (decrees of 26.10.2017 and 19.02.2018, and the 2021 revision), so a
# round trip through them tests the reader rather than repeating it.
_TO_LATIN = {
    "2018": dict(zip(
        "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
        ["a", "á", "b", "v", "g", "ǵ", "d", "e", "j", "z", "ı", "ı", "k", "q", "l", "m", "n", "ń",
         "o", "ó", "p", "r", "s", "t", "ý", "u", "ú", "f", "h", "h", "ts", "ch", "sh", "shch", "",
         "y", "i", "", "e", "ıý", "ıa"],
    )),
    "2021": dict(zip(
        "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
        ["a", "ä", "b", "v", "g", "ğ", "d", "e", "j", "z", "i", "i", "k", "q", "l", "m", "n", "ñ",
         "o", "ö", "p", "r", "s", "t", "u", "ū", "ü", "f", "h", "h", "ts", "ç", "ş", "şç", "",
         "y", "ı", "", "e", "iu", "ia"],
    )),
    "2017": dict(zip(
        "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
        ["a", "a'", "b", "v", "g", "g'", "d", "e", "j", "z", "i'", "i'", "k", "q", "l", "m", "n",
         "n'", "o", "o'", "p", "r", "s", "t", "y'", "u", "u'", "f", "h", "h", "ts", "c'", "s'",
         "s'c'", "", "y", "i", "", "e", "i'y'", "i'a"],
    )),
}


def to_latin(text: str, alphabet: str) -> str:
    """TEXT (lower-case Cyrillic Kazakh) spelt in one of the Latin alphabets. A Latin "i" in it
    was typed for "і" (acts are typed on keyboards that mix scripts)."""
    table = {**_TO_LATIN[alphabet], "i": _TO_LATIN[alphabet]["і"]}
    return "".join(table.get(char, char) for char in text)


def _kazakh_names() -> list[str]:
    """Every Kazakh Cyrillic name of the bundled collection (real names from published acts)."""
    with open(ROOT / "registers" / "kz" / "sightings.csv", encoding="utf-8", newline="") as handle:
        names = {row["name_kz"] for row in csv.DictReader(handle) if re.search("[әғқңөұүі]", row["name_kz"])}
    return sorted(names)


# Latin-script names as published (the bundled collection keeps their sources): each with the
# words the rules must read in it.
REAL_LATIN = [
    ("Medıtsınalyq qyzmetke lıtsenzııa berý", "медитсиналық қызметке литсензииа беру"),
    (
        "Halyqaralyq avtomobıl tasymaldaryn júzege asyrýǵa ruqsat berý kýáligin jáne ruqsat kartochkasyn berý",
        "халықаралық автомобил тасымалдарын жүзеге асыруға рұқсат беру куәлігін және рұқсат карточкасын беру",
    ),
    # lat.egemen.kz/article/216659 (civil registration), with a Cyrillic і typed into Latin words
    # as that site's reprints do: zanorda.kz/qz/kv/164012000001 writes "ákіmdіgіnіń".
    ("nekeni tirkeý men ajyrasýǵa", "некені тіркеу мен ажырасуға"),
    ("Aýdan ákіmdіgіnіń", "аудан әкімдігінің"),
]


@pytest.mark.parametrize(("latin", "words"), REAL_LATIN)
def test_real_latin_script_names_read_as_cyrillic_words(latin: str, words: str) -> None:
    """Published Latin-script Kazakh reads as the Cyrillic words, folded as patterns are."""
    assert tokenize(latin).joined == tokenize(words).joined


def test_a_cyrillic_pattern_matches_the_same_word_in_every_script() -> None:
    """One pattern serves Cyrillic and all three Latin alphabets, ı and i read as и and й."""
    pattern = compile_pattern("бойынша")
    for text in ("бойынша", "boıynsha", "boiynşa", "qyzmet boi'yns'a"):
        assert pattern.search(tokenize(text)), text


@pytest.mark.parametrize("alphabet", sorted(_TO_LATIN))
def test_every_kazakh_name_gets_the_same_words_in_each_latin_alphabet(alphabet: str) -> None:
    """The round trip: each real Cyrillic name of the collection, spelt in a Latin alphabet by
    the official table, reads as the same words (so every Cyrillic pattern holds on it)."""
    names = _kazakh_names()
    assert len(names) > 50
    for name in names:
        latin = to_latin(unicodedata.normalize("NFC", name).lower(), alphabet)
        assert tokenize(latin).words == tokenize(name.lower()).words, (alphabet, name, latin)


def test_latin_and_cyrillic_names_get_the_same_labels(tmp_path: Path) -> None:
    """Classified as a register, each Kazakh name and its three Latin spellings get one set of labels."""
    rows = []
    for number, name in enumerate(_kazakh_names()):
        text = name.lower()
        rows.append((f"C{number}", text))
        rows += [(f"L{alphabet}-{number}", to_latin(text, alphabet)) for alphabet in sorted(_TO_LATIN)]
    register = tmp_path / "names.csv"
    with open(register, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("id", "name"), *rows])
    done = subprocess.run(
        [sys.executable, "-m", "register_audit", "classify", str(register), "--rules", "kz", "--format", "csv"],
        capture_output=True, text=True, check=True,
    )
    labels = {row["id"]: tuple(row[k] for k in ("nature", "completeness", "partial_kind", "domain"))
              for row in csv.DictReader(done.stdout.splitlines())}
    for service_id, value in labels.items():
        if service_id.startswith("L"):
            original = "C" + service_id.split("-")[1]
            assert value == labels[original], service_id


def test_english_and_french_text_is_never_read_as_kazakh() -> None:
    """No cell of the bundled English registers (Canada's are bilingual) is taken for Latin Kazakh."""
    files = [*sorted((ROOT / "registers" / "ca").glob("*.csv")), *sorted((ROOT / "registers" / "us").glob("*.csv")),
             ROOT / "registers" / "ke" / "ecitizen_services.csv"]
    taken = []
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                taken += [cell for cell in row if cell and kazakh_latin_alphabet(unicodedata.normalize("NFC", cell).lower())]
    assert taken == []


def test_the_displayed_normal_form_keeps_the_script() -> None:
    """normalize(), which the diff and explain compare names with, still shows the text's own letters."""
    assert normalize("Medıtsınalyq qyzmetke lıtsenzııa berý") == "medıtsınalyq qyzmetke lıtsenzııa berý"


def test_a_short_name_without_the_marked_letters_is_still_read_as_kazakh() -> None:
    """A 2021 spelling can be plain ASCII ("meditsinalyq qyzmetke litsenziia beru", the Latin
    form of a bundled name): a q that no u follows, in a name ending in the verbal noun -u, marks
    it; so does a 2017 y' closing a word. English text with a q (FAQ, Iqaluit) is not taken."""
    name = "медициналық қызметке лицензия беру"
    assert kazakh_latin_alphabet(to_latin(name, "2021")) == "breve"
    assert kazakh_latin_alphabet(to_latin("орман билетін беру", "2017")) == "apostrophe"
    for english in ("faq", "nqi membership", "aqaculture/mariculture license", "qikiqtani inuit association"):
        assert kazakh_latin_alphabet(english) is None
    labels = {row["id"]: row["domain"] for row in _classify_names({
        "cyrillic": "Медициналық қызметке лицензия беру", "latin": to_latin(name, "2021")})}
    assert labels["cyrillic"] == labels["latin"] == "07"


def _classify_names(names: dict[str, str]) -> list[dict[str, str]]:
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        register = Path(folder) / "names.csv"
        with open(register, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([("id", "name"), *names.items()])
        done = subprocess.run(
            [sys.executable, "-m", "register_audit", "classify", str(register), "--rules", "kz", "--format", "csv"],
            capture_output=True, text=True, check=True,
        )
    return list(csv.DictReader(done.stdout.splitlines()))
