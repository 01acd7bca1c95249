"""Benchmark `audit` and `diff` on synthetic editions shaped like Canada's service inventory.

Run: /tmp/venv/bin/python benchmarks/bench.py [--sizes 1000,10000,100000,1000000] [--diff-sizes ...]
     [--modify 0.1] [--before /path/to/an/earlier/copy]   (a folder holding an older register_audit/)

Editions have Canada's 45 columns and row texts (descriptions, URLs, volume counts), with names
from every bundled register. Every command runs as a subprocess under /usr/bin/time (wall time,
peak RSS), side by side in the same run with the floor (Python's csv module reading the same
file) and, for diff, with csv-diff (`csv-diff old.csv new.csv --key service_id --json`) given the
editions WITH ids, while register-audit gets them WITHOUT the service_id column (names only;
`--ignore-fields fiscal_yr`, as for Canada's real editions). With --before, the same diff runs on
the earlier copy of the package too, so before/after are timed in one run."""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from register_audit.text import normalize

ROOT = Path(__file__).resolve().parents[1]
REG = ROOT / "registers"
PY = sys.executable
SEED = 20240601
REWORD, ADD, REMOVE = 0.05, 0.01, 0.01  # DESIGN.md: 5% of names reworded; a few additions and removals


def base_names() -> list[tuple[str, str]]:
    """(name, provider) pairs from every bundled register file, in a fixed order, unique after
    normalisation: the registers hold case and punctuation variants ("Issuing Broadcasting
    Certificates" / "Issuing broadcasting certificates") that no matcher could tell apart, which
    would make the truth of a rewording ambiguous."""
    found: dict[str, str] = {}
    seen: set[str] = set()

    def take(path: Path, name_cols: tuple[str, ...], provider_col: str) -> None:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for col in name_cols:
                    name = " ".join((row.get(col) or "").split())
                    if len(name.split()) >= 2 and normalize(name) not in seen:
                        seen.add(normalize(name))
                        found.setdefault(name, (row.get(provider_col) or "").strip())

    take(REG / "kz" / "services.csv", ("name", "name_kk", "name_en"), "provider")
    for path in sorted((REG / "ca").glob("*.csv")):
        take(path, ("service_name_en", "service_name_fr"), "department_name_en")
    for path in sorted((REG / "us").glob("*.csv")):
        take(path, ("title",), "agency")
    take(REG / "ke" / "ecitizen_services.csv", ("name",), "agency")
    return sorted(found.items())


# Words whose loss or addition leaves the service the same ("Issue of a permit" / "Issue of permit").
MINOR = {"a", "an", "the", "of", "for", "to", "and", "on", "in", "de", "du", "des", "la", "le", "les", "et", "pour",
         "и", "в", "на", "по", "для", "о", "об", "және", "үшін"}
# Canada's inventory: the volume columns that change from one fiscal year to the next.
VOLUMES = ("calls_received", "web_visits_info_service", "online_applications", "telephone_applications",
           "in_person_applications", "postal_mail_applications", "other_applications")
CANADA = REG / "ca" / "2020-2021_services.csv"


def reword(name: str, rng: random.Random) -> str:
    """A rewording a reader would call the same service: two adjacent words swapped, a one-letter
    typo (a letter dropped, or doubled in a short word), or a minor word (of, the, и, ...) dropped;
    a name without a minor word gets the typo instead."""
    words = name.split()
    body = len(words) - 2  # the last two words are the section qualifier ("section 12"): keep them
    kind = rng.randrange(3)
    minor = [i for i in range(body) if words[i].lower() in MINOR]
    if kind == 0 and body >= 2:
        i = rng.randrange(body - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif kind == 2 and minor and body >= 3:
        del words[rng.choice(minor)]
    else:
        i = max(range(max(body, 1)), key=lambda k: (len(words[k]), -k))
        w = words[i]
        j = rng.randrange(1, len(w)) if len(w) > 1 else 0
        words[i] = w[:j] + w[j + 1:] if len(w) > 4 else w[:j + 1] + w[j:]
    return " ".join(words)


def canada_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of Canada's 2020-21 inventory: the template every synthetic row copies."""
    with CANADA.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def make_editions(n: int, folder: Path, modify: float) -> dict[str, object]:
    """Write old/new editions of N rows shaped like Canada's inventory (its columns, its row
    texts), with ids (old.csv, new.csv) and without the service_id column (old_noid.csv,
    new_noid.csv); return the truth: which new row each reworded old row became.

    Row k copies the Canadian row k mod 1,617 and takes a pool name + " section N" and its
    provider. The new edition is a later fiscal year, as Canada's are: fiscal_yr changes on every
    row, and the volume counts change on MODIFY of the rows (in Canada 2019-20 → 2020-21 they
    changed on nearly all); 5% of names are reworded, 1% of rows removed, 1% added.
    """
    rng = random.Random(SEED + n)
    pool = base_names()
    header, template = canada_rows()
    old_rows: list[dict[str, str]] = []
    for k in range(n):
        row = dict(template[k % len(template)])
        name, provider = pool[k % len(pool)]
        row.update(fiscal_yr="2019-2020", service_id=f"S{k:07d}", service_name_en=f"{name} section {k // len(pool) + 1}",
                   department_name_en=provider)
        old_rows.append(row)
    removed = set(rng.sample(range(n), int(n * REMOVE)))
    kept = [k for k in range(n) if k not in removed]
    reworded = set(rng.sample(kept, int(n * REWORD)))
    new_rows: list[dict[str, str]] = []
    truth: dict[int, int] = {}  # old data row (0-based) -> new data row, for reworded rows
    for k in kept:
        row = dict(old_rows[k], fiscal_yr="2020-2021")
        if k in reworded:
            truth[k] = len(new_rows)
            row["service_name_en"] = reword(row["service_name_en"], rng)
        if rng.random() < modify:
            for column in VOLUMES:
                row[column] = str(rng.randrange(100_000))
        new_rows.append(row)
    sections = n // len(pool) + 2
    for a in range(int(n * ADD)):  # new services: pool names in a section no old row has
        name, provider = pool[rng.randrange(len(pool))]
        row = dict(template[rng.randrange(len(template))], fiscal_yr="2020-2021")
        row.update(service_id=f"N{a:07d}", service_name_en=f"{name} section {sections + a % 3}", department_name_en=provider)
        new_rows.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    noid = [c for c in header if c != "service_id"]
    for stem, rows in (("old", old_rows), ("new", new_rows)):
        for suffix, columns in (("", header), ("_noid", noid)):
            with (folder / f"{stem}{suffix}.csv").open("w", encoding="utf-8", newline="") as h:
                w = csv.DictWriter(h, columns, extrasaction="ignore")
                w.writeheader()
                w.writerows(rows)
    return {"truth": truth, "reworded": len(reworded), "columns": len(header), "file_mib": round((folder / "new.csv").stat().st_size / 2**20, 1)}


def run(args: list[str], *, limit: float = 3600, env: dict[str, str] | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MiB, the process) of ARGS run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name, *args], capture_output=True, text=True, timeout=limit, env=env)
        wall = time.perf_counter() - start
        rss_kib = int(stats.read().strip().splitlines()[-1])
    return wall, rss_kib / 1024, done


def floor(path: Path) -> tuple[float, float]:
    code = "import csv,sys\nwith open(sys.argv[1], encoding='utf-8', newline='') as h:\n    sum(1 for _ in csv.reader(h))"
    wall, rss, _ = run([PY, "-c", code, str(path)])
    return wall, rss


def audit_command() -> list[str]:
    """`audit` once it exists; until then `classify` (the stage audit builds on)."""
    probe = subprocess.run([PY, "-m", "register_audit", "audit", "--help"], capture_output=True, text=True)
    if probe.returncode == 0:
        return ["audit", "--format", "json"]
    return ["classify", "--format", "csv"]


def bench_audit(n: int, folder: Path) -> dict[str, object]:
    path = folder / "old.csv"
    command = audit_command()
    f_wall, f_rss = floor(path)
    wall, rss, done = run([PY, "-m", "register_audit", command[0], str(path), *command[1:]])
    return {"rows": n, "command": command[0], "ok": done.returncode == 0, "seconds": round(wall, 2), "peak_mib": round(rss),
            "floor_seconds": round(f_wall, 2), "ratio_to_floor": round(wall / f_wall, 1), "stderr": done.stderr[-300:] if done.returncode else ""}


def diff_command(folder: Path) -> list[str]:
    return [PY, "-m", "register_audit", "diff", str(folder / "old_noid.csv"), str(folder / "new_noid.csv"), "--format", "json",
            "--ignore-fields", "fiscal_yr"]


def score_renames(stdout: str, truth: dict[int, int], reworded: int) -> dict[str, object]:
    data = json.loads(stdout)
    # Row-derived ids are "row<N>" with the header as row 1: data row k is row k+2.
    found = {int(r["old_id"][3:]) - 2: int(r["new_id"][3:]) - 2 for r in data["renamed"] if r["old_name"] != r["new_name"]}
    correct = sum(1 for old, new in found.items() if truth.get(old) == new)
    return {"renames_found": len(found), "renames_true": reworded, "precision": round(correct / len(found), 4) if found else 0.0,
            "recall": round(correct / reworded, 4) if reworded else 0.0, "added": data["summary"]["added"],
            "removed": data["summary"]["removed"], "modified": data["summary"]["modified"], "keys_used": data["summary"]["keys_used"]}


def bench_diff(n: int, folder: Path, made: dict[str, object], with_csvdiff: bool, before: Path | None) -> dict[str, object]:
    truth, reworded = made["truth"], made["reworded"]
    wall, rss, done = run(diff_command(folder))
    result: dict[str, object] = {"rows": n, "columns": made["columns"], "file_mib": made["file_mib"], "ok": done.returncode == 0,
                                 "seconds": round(wall, 2), "peak_mib": round(rss)}
    if done.returncode == 0:
        result.update(score_renames(done.stdout, truth, reworded))
    else:
        result["stderr"] = done.stderr[-300:]
    if before is not None:  # the same command on an earlier copy of the package, in the same run
        env = {**os.environ, "PYTHONPATH": str(before)}
        b_wall, b_rss, b_done = run(diff_command(folder), env=env)
        result.update(before_seconds=round(b_wall, 2), before_peak_mib=round(b_rss), speedup_vs_before=round(b_wall / wall, 1))
        if b_done.returncode == 0:
            scored = score_renames(b_done.stdout, truth, reworded)
            result.update(before_precision=scored["precision"], before_recall=scored["recall"])
    f_wall, _ = floor(folder / "new.csv")
    result["floor_seconds"] = round(f_wall, 2)
    if with_csvdiff:
        csv_diff = str(Path(PY).with_name("csv-diff"))
        c_wall, c_rss, c_done = run([csv_diff, str(folder / "old.csv"), str(folder / "new.csv"), "--key", "service_id", "--json"])
        result.update(csvdiff_seconds=round(c_wall, 2), csvdiff_peak_mib=round(c_rss), csvdiff_ok=c_done.returncode == 0,
                      speedup_vs_csvdiff=round(c_wall / wall, 1))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="audit sizes (rows)")
    parser.add_argument("--diff-sizes", default="1000,10000,100000", help="diff sizes (rows per edition)")
    parser.add_argument("--csvdiff-max", type=int, default=100000, help="largest size to run csv-diff on")
    parser.add_argument("--modify", type=float, default=0.1, help="share of rows whose volume counts change (Canada: nearly all)")
    parser.add_argument("--before", type=Path, help="a folder holding an earlier register_audit package to time in the same run")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "register-audit-bench")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | {int(s) for s in args.diff_sizes.split(",") if s})
    print(f"# machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; modify={args.modify}; before={args.before}", flush=True)
    for n in sizes:
        folder = args.work / str(n)
        made = make_editions(n, folder, args.modify)
        if str(n) in args.sizes.split(","):
            print(json.dumps({"bench": "audit", **bench_audit(n, folder)}), flush=True)
        if str(n) in args.diff_sizes.split(","):
            print(json.dumps({"bench": "diff", **bench_diff(n, folder, made, n <= args.csvdiff_max, args.before if n <= args.csvdiff_max else None)}), flush=True)


if __name__ == "__main__":
    main()
