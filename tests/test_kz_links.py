"""The Kazakh collection counts a service once (issue #12, item 2): the Russian, Kazakh and
English sightings that `registers/kz/links.csv` ties, from the sources' own evidence, are one
service with every sighting and every name; ids stay stable and retired ids are listed."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KZ = ROOT / "registers" / "kz"


def load_kz_build():
    spec = importlib.util.spec_from_file_location("kz_build", KZ / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sightings() -> list[dict[str, str]]:
    with open(KZ / "sightings.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _services(run, edition: str = "kz") -> dict[str, dict]:
    result = run("parse", edition, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {s["id"]: s for s in json.loads(result.stdout)["services"]}


def test_school_admission_is_one_service_in_russian_and_kazakh(run) -> None:
    """D_school_admission, KZ-5054114f and the Kazakh KZ-b2b7a71f were three; now one, with all sightings."""
    services = _services(run)
    assert "KZ-5054114f" not in services and "KZ-b2b7a71f" not in services
    school = services["D_school_admission"]
    assert school["name"].startswith("Прием документов и зачисление в организации образования")
    assert school["names"]["kk"].startswith("Бастауыш, негізгі орта, жалпы орта білім берудің")
    languages = sorted(s["language"] for s in school["sources"])
    assert languages == ["kk", "ru", "ru"]
    assert sorted(s.get("link", "") for s in school["sources"]) == ["", "reviewed", "reviewed"]


def test_an_era_edition_carries_one_name_per_service(run) -> None:
    """kz/2013 lists school admission once, under its Russian name of that era."""
    services = _services(run, "kz/2013")
    school = [s for s in services.values() if "зачисление в организации образования, независимо" in s["name"]]
    assert [s["id"] for s in school] == ["D_school_admission"]


def test_every_link_names_its_method_and_evidence_and_joins_real_services() -> None:
    """A link is made from the sources: a known method and a sentence of evidence; no link to nothing."""
    with open(KZ / "links.csv", encoding="utf-8", newline="") as handle:
        links = list(csv.DictReader(handle))
    assert links
    for entry in links:
        assert entry["method"] in {"reviewed", "same_page"}
        assert len(entry["evidence"]) > 40
    build = load_kz_build()
    with pytest.raises(ValueError, match="no service of the collection"):
        build.build(sightings(), [{"service": "KZ-nothing", "joins": "D_school_admission", "method": "reviewed", "evidence": "x"}])


def test_a_merged_service_keeps_the_id_of_its_largest_group() -> None:
    """Joining a one-sighting service to a larger one keeps the larger one's id, whichever side the link names."""
    build = load_kz_build()
    rows = sightings()
    larger_named_first = [{"service": "D_birth_registration", "joins": "KZ-cbe3bfe4", "method": "reviewed", "evidence": "test"}]
    ids = {s["id"] for s in build.build(rows, larger_named_first)}
    assert "D_birth_registration" in ids and "KZ-cbe3bfe4" not in ids  # six sightings against one
    tie = [{"service": "D_school_admission", "joins": "KZ-5054114f", "method": "reviewed", "evidence": "test"}]
    ids = {s["id"] for s in build.build(rows, tie)}
    assert "KZ-5054114f" in ids and "D_school_admission" not in ids  # one sighting each: the one joined


def test_merged_ids_map_every_retired_id_to_a_bundled_one(run) -> None:
    """merged-ids.csv is build.py's output, and each retired id is gone while its new id is bundled."""
    build = load_kz_build()
    expected = build.render(build.merged_ids(sightings()), build.MERGED_COLUMNS)
    assert (KZ / "merged-ids.csv").read_text(encoding="utf-8") == expected
    services = _services(run)
    with open(KZ / "merged-ids.csv", encoding="utf-8", newline="") as handle:
        merged = list(csv.DictReader(handle))
    assert merged and all(m["old_id"] not in services and m["new_id"] in services for m in merged)


def test_the_collection_counts_fewer_services_than_before_linking() -> None:
    """Six links: 198 services before, 192 now (a sighting added later may raise both)."""
    build = load_kz_build()
    assert len(build.build(sightings(), [])) - len(build.build(sightings())) == len(build.read_links())
