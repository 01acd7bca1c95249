"""`parse` on every bundled register matches its golden output (update with --update-golden, review the diff)."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from register_audit.load.editions import bundled_editions
from golden_files import check_golden

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "parse"
# Full text where the output is small enough to review; a summary (count, digest, first and last
# services, warnings) for the large editions, so the repository does not carry megabytes of copies.
FULL = {"kz": "csv", "ca/2016-2017": "csv", "ca/2017-2018": "csv",
        "us/2021-11-12": "json", "us/2022-05-27": "json", "us/2023-06-01": "json", "us/2024-01-30": "json"}


def golden_path(edition: str, suffix: str) -> Path:
    return GOLDEN / f"{edition.replace('/', '_')}.{suffix}"


def summary(edition: str, csv_text: str, stderr: str) -> str:
    rows = list(csv.DictReader(csv_text.splitlines()))
    data = {
        "edition": edition,
        "services": len(rows),
        "sha256_of_parse_csv": hashlib.sha256(csv_text.encode("utf-8")).hexdigest(),
        "first": [{"id": r["id"], "name": r["name"], "row": r["row"]} for r in rows[:3]],
        "last": [{"id": r["id"], "name": r["name"], "row": r["row"]} for r in rows[-3:]],
        "stderr": stderr.splitlines(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_every_bundled_edition_has_a_golden_case():
    """Each bundled edition is covered here, in full or by summary."""
    assert set(bundled_editions()) >= set(FULL)


@pytest.mark.parametrize("edition", sorted(bundled_editions()))
def test_parse_matches_golden(run, update_golden, edition):
    """parse output (stdout and stderr) is what the reviewed golden file says."""
    format = FULL.get(edition, "csv")
    result = run("parse", edition, "--format", format)
    assert result.exit_code == 0, result.stderr
    if edition in FULL:
        check_golden(golden_path(edition, format), result.stdout, update_golden)
        check_golden(golden_path(edition, "stderr"), result.stderr, update_golden)
    else:
        check_golden(golden_path(edition, "summary.json"), summary(edition, result.stdout, result.stderr), update_golden)


def test_canada_2020_21_from_another_directory(tmp_path):
    """`python -m register_audit parse ca/2020-2021 --format json` run elsewhere gives 1,617 services."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "register_audit", "parse", "ca/2020-2021", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["services"]) == 1617


def load_kz_build():
    spec = importlib.util.spec_from_file_location("kz_build", ROOT / "registers/kz/build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sightings() -> list[dict[str, str]]:
    with open(ROOT / "registers/kz/sightings.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_kz_services_csv_is_up_to_date_with_build():
    """registers/kz/services.csv is exactly what registers/kz/build.py makes of sightings.csv."""
    build = load_kz_build()
    expected = build.render(build.build(sightings()))
    assert (ROOT / "registers/kz/services.csv").read_text(encoding="utf-8") == expected


def test_parse_kz_gives_every_collected_service_with_its_sources(run):
    """parse kz has one service per SIGHTINGS.md rule (a dup_group; else the folded name, joining the group
    of a grouped row with that name; truncated names left out), each listing every sighting of it."""
    kept = [r for r in sightings() if r["name_complete"] != "truncated"]
    fold = lambda text: " ".join(text.casefold().split())  # noqa: E731
    name = lambda r: r["name_ru"] or r["name_kz"] or r["name_en"]  # noqa: E731
    grouped = {fold(n): r["dup_group"] for r in kept if r["dup_group"] for n in (r["name_ru"], r["name_kz"], r["name_en"]) if n}
    key = lambda r: r["dup_group"] or grouped.get(fold(name(r))) or "name:" + fold(name(r))  # noqa: E731
    expected: dict[str, set] = {}
    for row in kept:
        expected.setdefault(key(row), set()).add((row["source_url"], name(row)))
    # links.csv ties services the rule leaves apart (each with its method and evidence).
    ids = {k: (k if not k.startswith("name:") else load_kz_build()._group_id(k)) for k in expected}
    by_id = {ids[k]: v for k, v in expected.items()}
    for entry in load_kz_build().read_links():
        by_id[entry["joins"]] |= by_id.pop(entry["service"])
    expected = by_id
    result = run("parse", "kz", "--format", "json")
    assert result.exit_code == 0
    services = json.loads(result.stdout)["services"]
    assert len(services) == len(expected) >= 169  # 169 before pass 3 added sightings; a collection only grows
    found = sorted(sorted({(s["url"], s["name"]) for s in service["sources"]}) for service in services)
    assert found == sorted(sorted(group) for group in expected.values())
