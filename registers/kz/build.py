"""Build registers/kz/services.csv (one row per service) from sightings.csv (one row per sighting).

What one service is, as the collection's README (SIGHTINGS.md) defines it: a `dup_group` is one
service seen several times; a row without a group is a service of its own, merged with rows of
exactly the same name (case and whitespace folded), a grouped row's name included. The service's name is its Russian name from
the most recent era, else its Kazakh, else its English name; truncated names are left out.
`name_2010`, `name_2013`, `name_2020` hold the name as sighted in acts of that era (same language),
which the era editions (`kz/2013` ...) take as the service's name, so renamings show in a diff.

`links.csv` ties services the rule above leaves apart (a Kazakh name and its Russian one, from
different rows of different sources), one link a line, each with how it was made (`method`:
`reviewed`, a pass's reviewed merge suggestion in SOURCES-pass3.md; `same_page`, two names on
one service page) and its evidence. A linked service keeps every sighting (each marked with the
link that brought it) and every name; it keeps the id of its largest group (most sightings; a
tie goes to the service the link joins). `merged-ids.csv` lists each id that a link retired and
the id that replaces it, so a baseline written before maps to the new ids.
Run: python registers/kz/build.py   (tests check that the output is up to date)
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ERA_ORDER = {"2020": 4, "2013": 3, "2010/2013": 2, "2010": 1, "unknown": 0}
ERAS = ("2010", "2013", "2020")
MERGED_COLUMNS = ["old_id", "new_id", "method", "evidence"]
COLUMNS = ["id", "name", *(f"name_{era}" for era in ERAS), "name_kk", "name_en", "provider", "section", "eras", "form", "sources"]


def fold(name: str) -> str:
    return " ".join(name.casefold().split())


def row_name(row: dict[str, str]) -> str:
    return row["name_ru"] or row["name_kz"] or row["name_en"]


def era_name(rows: list[dict[str, str]], era: str, language: str) -> str:
    """The name a service had in acts of ERA's time, in the language of its main name (so a
    rename shows as one, not as a change of language); "" when that era has no such sighting."""
    return next((r[language] for r in rows if era in r["era"].split("/") and r[language]), "")


def read_links(path: Path = HERE / "links.csv") -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _group_id(key: str) -> str:
    return key if not key.startswith("name:") else "KZ-" + hashlib.sha1(key.encode()).hexdigest()[:8]


def link(groups: dict[str, list[dict[str, str]]], links: list[dict[str, str]]) -> tuple[dict[str, list[dict[str, str]]], dict[str, dict[str, str]]]:
    """GROUPS (id → rows) with the services LINKS ties merged; and, for each retired id, the id
    that replaces it with the link's method and evidence. A link naming an unknown id fails."""
    parent = {gid: gid for gid in groups}

    def root(gid: str) -> str:
        while parent[gid] != gid:
            gid = parent[gid]
        return gid

    how: dict[str, dict[str, str]] = {}
    for n, entry in enumerate(links, start=2):
        for column in ("service", "joins"):
            if entry[column] not in groups:
                raise ValueError(f"links.csv row {n}: {column} {entry[column]!r} is no service of the collection")
        a, b = root(entry["service"]), root(entry["joins"])
        # The merged service keeps the id of its largest group; a tie goes to the one joined.
        keep, retire = (a, b) if len(groups[a]) > len(groups[b]) else (b, a)
        parent[retire] = keep
        groups[keep] = groups[keep] + [{**r, "_link": entry["method"]} for r in groups.pop(retire)]
        how[entry["service"]] = entry
    merged = {}
    for gid in parent:
        if root(gid) != gid:
            entry = how.get(gid) or next(e for e in links if e["joins"] == gid)
            merged[gid] = {"old_id": gid, "new_id": root(gid), "method": entry["method"], "evidence": entry["evidence"]}
    return groups, merged


def build(sightings: list[dict[str, str]], links: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    return _build(sightings, read_links() if links is None else links)[0]


def merged_ids(sightings: list[dict[str, str]], links: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """The ids a link retired, each with the id that replaces it (for baselines written before)."""
    return _build(sightings, read_links() if links is None else links)[1]


def _build(sightings: list[dict[str, str]], links: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    complete = [row for row in sightings if row["name_complete"] != "truncated"]  # prefixes, not names
    # A row without a group that has exactly the name of a grouped row is a sighting of that service.
    group_of_name = {fold(name): row["dup_group"] for row in complete if row["dup_group"]
                     for name in (row["name_ru"], row["name_kz"], row["name_en"]) if name}
    groups: dict[str, list[dict[str, str]]] = {}
    for row in complete:
        name = fold(row_name(row))
        key = row["dup_group"] or group_of_name.get(name) or "name:" + name
        groups.setdefault(_group_id(key), []).append(row)
    groups, merged = link(groups, links)
    services = []
    for service_id, rows in groups.items():
        recent = sorted(rows, key=lambda r: -ERA_ORDER.get(r["era"], 0))  # stable: source order within an era

        def pick(column: str) -> str:
            return next((r[column] for r in recent if r[column]), "")

        name = pick("name_ru") or pick("name_kz") or pick("name_en")
        language = "name_ru" if pick("name_ru") else "name_kz" if pick("name_kz") else "name_en"
        eras = sorted({e for r in rows for e in r["era"].split("/") if e != "unknown"})
        services.append({
            "id": service_id,
            "name": name,
            **{f"name_{era}": era_name(rows, era, language) or name for era in ERAS},
            "name_kk": pick("name_kz"),
            "name_en": pick("name_en"),
            "provider": pick("provider"),
            "section": pick("section"),
            "eras": ";".join(eras) or "unknown",
            "form": pick("channel_form"),
            "sources": json.dumps([
                {"url": r["source_url"], "title": r["edition"], "era": r["era"], "name": row_name(r),
                 "language": r["language"], "reliability": r["reliability"], **({"link": r["_link"]} if "_link" in r else {})}
                for r in rows
            ], ensure_ascii=False),
        })
    return sorted(services, key=lambda s: s["id"]), sorted(merged.values(), key=lambda m: m["old_id"])


def render(services: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(services)
    return buffer.getvalue()


def main() -> int:
    with open(HERE / "sightings.csv", encoding="utf-8", newline="") as handle:
        sightings = list(csv.DictReader(handle))
    services, merged = _build(sightings, read_links())
    (HERE / "services.csv").write_text(render(services), encoding="utf-8")
    (HERE / "merged-ids.csv").write_text(render(merged, MERGED_COLUMNS), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
