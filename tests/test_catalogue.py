"""The human-service catalogue: its schema, its matchers, and every example it carries."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from register_audit.audit.catalogue import CatalogueMatcher, Role, load_catalogue, match_entry, match_name, service_texts
from register_audit.errors import RulesError
from register_audit.load.editions import bundled_editions, load_register

ROOT = Path(__file__).resolve().parents[1]

CATALOGUE = load_catalogue().catalogue
REQUIRED_GROUPS = {"07.2", "07.3", "07.1", "07.4", "09.1", "09.2", "09.4", "10.1", "10.2", "10.4", "10.5", "10.6", "10.7", "06.3"}
EXAMPLES = [
    (entry.id, role, name)
    for entry in CATALOGUE.entries
    for role, names in (("delivery", entry.examples.delivery), ("access", entry.examples.access), ("neither", entry.examples.neither))
    for name in names
]


@cache
def real_names() -> frozenset[str]:
    """Every service name (and translation) in every bundled register edition, and every cell
    of the bundled source tables (a name merged into another service stays quoted there)."""
    names: set[str] = set()
    for table in sorted(ROOT.glob("registers/*/*.csv")):
        with open(table, encoding="utf-8-sig", newline="") as handle:
            names.update(cell.strip() for row in csv.reader(handle) for cell in row)
    for edition in bundled_editions():
        for service in load_register(edition).services:
            names.add(service.name)
            names.update(service.names.values())
    return frozenset(names)


def test_the_catalogue_covers_every_required_human_service():
    """Primary care to drinking water: the fourteen COFOG groups DESIGN.md asks for."""
    assert REQUIRED_GROUPS <= {entry.cofog for entry in CATALOGUE.entries}


def test_every_entry_has_matchers_in_russian_kazakh_and_english():
    """A Kazakh register mixes Russian and Kazakh names; other registers are English."""
    for entry in CATALOGUE.entries:
        for matchers in (entry.delivery, entry.access):
            assert matchers.ru and matchers.kk and matchers.en, entry.id


@pytest.mark.parametrize(("entry_id", "role", "name"), EXAMPLES, ids=[f"{e}-{r}-{i}" for i, (e, r, _) in enumerate(EXAMPLES)])
def test_every_catalogue_example_gets_its_role(entry_id, role, name):
    """Each example name plays exactly the role the catalogue says for its entry."""
    entry = next(e for e in CATALOGUE.entries if e.id == entry_id)
    got = match_name(entry, name)
    assert (got.value if got else "neither") == role


@pytest.mark.parametrize(("entry_id", "role", "name"), EXAMPLES, ids=[f"{e}-{r}-{i}" for i, (e, r, _) in enumerate(EXAMPLES)])
def test_every_catalogue_example_is_a_real_register_name(entry_id, role, name):
    """Examples are quoted from bundled registers, never invented."""
    assert name in real_names()


def test_the_indexed_matcher_agrees_with_a_plain_scan():
    """The first-word index only skips patterns that cannot match: same roles on every Kazakh service."""
    matcher = CatalogueMatcher(CATALOGUE)
    for service in load_register("kz").services:
        plain = tuple(match_entry(entry, service_texts(service)) for entry in CATALOGUE.entries)
        assert matcher.match(service) == plain, service.id


def test_a_kazakh_name_matches_through_its_translation():
    """Services are matched on the name and every translation of it."""
    service = next(s for s in load_register("kz").services if s.id == "D_preschool_queue")
    entry = next(e for e in CATALOGUE.entries if e.id == "kindergarten-place")
    hit = match_entry(entry, service_texts(service))
    assert hit is not None and hit.role == Role.access and hit.matched == "балаларды кезекке қою"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALID_ENTRY = """
  - id: water
    cofog: "06.3"
    title: Drinking water
    description: Water supplied to people.
    delivery: {ru: ["питьев* вод*"], kk: ["ауыз су*"], en: ["drinking water"]}
    access: {ru: ["заявк* на подключени*"], kk: ["қосуға өтініш*"], en: ["water connection application*"]}
    examples: {neither: ["Water Abstruction Borehole"]}
"""


def test_a_valid_minimal_catalogue_loads(tmp_path):
    """The smallest valid file: one entry with matchers in three languages and one example."""
    loaded = load_catalogue(_write(tmp_path, "id: t\nversion: 1\ndescription: A test catalogue.\nentries:" + VALID_ENTRY))
    assert [e.id for e in loaded.catalogue.entries] == ["water"]


@pytest.mark.parametrize(("change", "message"), [
    (('cofog: "06.3"', 'cofog: "6.3"'), "entry 'water', field 'cofog': '6.3' is not a COFOG division or group"),
    (("kk: [\"ауыз су*\"], ", ""), "entry 'water': delivery needs patterns in ru, kk, en; missing kk"),
    (('"drinking water"', '"drink-ing water"'), "entry 'water', field 'delivery.en.0': the pattern 'drink-ing water' has the word"),
    (("    title: Drinking water\n", "    title: Drinking water\n    colour: blue\n"), "entry 'water', field 'colour': Extra inputs are not permitted"),
])
def test_catalogue_errors_name_the_file_the_entry_and_the_field(tmp_path, change, message):
    """A broken catalogue stops the run with one sentence: file, entry id, field, problem."""
    path = _write(tmp_path, "id: t\nversion: 1\ndescription: A test catalogue.\nentries:" + VALID_ENTRY.replace(*change))
    with pytest.raises(RulesError) as error:
        load_catalogue(path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_a_catalogue_refuses_yaml_tags(tmp_path):
    """A catalogue is plain data: the rule files' safe loader refuses tags."""
    with pytest.raises(RulesError, match="tag"):
        load_catalogue(_write(tmp_path, "id: !!python/name:os.system t\n"))
