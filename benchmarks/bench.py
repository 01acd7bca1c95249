"""Benchmark `audit` and `diff` on synthetic editions built from the bundled real names.

Run: /tmp/venv/bin/python benchmarks/bench.py [--sizes 1000,10000,100000,1000000] [--diff-sizes ...]

Every command runs as a subprocess under /usr/bin/time (wall time, peak RSS), side by side in the
same run with the floor (Python's csv module reading the same file) and, for diff, with csv-diff
(`csv-diff old.csv new.csv --key id`) given the same editions WITH ids, while register-audit gets
them WITHOUT ids (names and providers only). Figures are reported as ratios against those baselines.
"""

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

ROOT = Path(__file__).resolve().parents[1]
REG = ROOT / "registers"
PY = sys.executable
SEED = 20240601
REWORD, ADD, REMOVE = 0.05, 0.01, 0.01  # DESIGN.md: 5% of names reworded; a few additions and removals


def base_names() -> list[tuple[str, str]]:
    """Unique (name, provider) pairs from every bundled register file, in a fixed order."""
    found: dict[str, str] = {}

    def take(path: Path, name_cols: tuple[str, ...], provider_col: str) -> None:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for col in name_cols:
                    name = " ".join((row.get(col) or "").split())
                    if len(name.split()) >= 2:
                        found.setdefault(name, (row.get(provider_col) or "").strip())

    take(REG / "kz" / "services.csv", ("name", "name_kk", "name_en"), "provider")
    for path in sorted((REG / "ca").glob("*.csv")):
        take(path, ("service_name_en", "service_name_fr"), "department_name_en")
    for path in sorted((REG / "us").glob("*.csv")):
        take(path, ("title",), "agency")
    take(REG / "ke" / "ecitizen_services.csv", ("name",), "agency")
    return sorted(found.items())


def reword(name: str, rng: random.Random) -> str:
    """A known rewording: swap two adjacent words, a small edit inside a word, or drop a word."""
    words = name.split()
    kind = rng.randrange(3)
    body = len(words) - 2  # the last two words are the section qualifier: keep them
    if kind == 0 and body >= 2:
        i = rng.randrange(body - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif kind == 1 or body < 4:
        i = max(range(max(body, 1)), key=lambda k: (len(words[k]), -k))
        w = words[i]
        j = rng.randrange(1, len(w)) if len(w) > 1 else 0
        words[i] = w[:j] + w[j + 1:] if len(w) > 4 else w + "s"
    else:
        del words[rng.randrange(body)]
    return " ".join(words)


def make_editions(n: int, folder: Path) -> dict[str, object]:
    """Write old/new editions of N rows, with ids (old.csv, new.csv) and without (old_noid.csv,
    new_noid.csv); return the truth: which new row each reworded old row became."""
    rng = random.Random(SEED + n)
    pool = base_names()
    old_rows = [(f"S{k:07d}", f"{pool[k % len(pool)][0]} section {k // len(pool) + 1}", pool[k % len(pool)][1]) for k in range(n)]
    removed = set(rng.sample(range(n), int(n * REMOVE)))
    kept = [k for k in range(n) if k not in removed]
    reworded = set(rng.sample(kept, int(n * REWORD)))
    new_rows: list[tuple[str, str, str]] = []
    truth: dict[int, int] = {}  # old data row (0-based) -> new data row, for reworded rows
    for k in kept:
        sid, name, provider = old_rows[k]
        if k in reworded:
            truth[k] = len(new_rows)
            name = reword(name, rng)
        new_rows.append((sid, name, provider))
    sections = n // len(pool) + 2
    for a in range(int(n * ADD)):  # new services: pool names in a section no old row has
        name, provider = pool[rng.randrange(len(pool))]
        new_rows.append((f"N{a:07d}", f"{name} section {sections + a % 3}", provider))
    folder.mkdir(parents=True, exist_ok=True)
    for stem, rows in (("old", old_rows), ("new", new_rows)):
        with (folder / f"{stem}.csv").open("w", encoding="utf-8", newline="") as h:
            w = csv.writer(h)
            w.writerow(("id", "name", "provider"))
            w.writerows(rows)
        with (folder / f"{stem}_noid.csv").open("w", encoding="utf-8", newline="") as h:
            w = csv.writer(h)
            w.writerow(("name", "provider"))
            w.writerows((r[1], r[2]) for r in rows)
    return {"truth": truth, "reworded": len(reworded)}


def run(args: list[str], *, limit: float = 3600) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MiB, the process) of ARGS run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name, *args], capture_output=True, text=True, timeout=limit)
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


def bench_diff(n: int, folder: Path, truth: dict[int, int], reworded: int, with_csvdiff: bool) -> dict[str, object]:
    wall, rss, done = run([PY, "-m", "register_audit", "diff", str(folder / "old_noid.csv"), str(folder / "new_noid.csv"), "--format", "json"])
    result: dict[str, object] = {"rows": n, "ok": done.returncode == 0, "seconds": round(wall, 2), "peak_mib": round(rss)}
    if done.returncode == 0:
        data = json.loads(done.stdout)
        # Row-derived ids are "row<N>" with the header as row 1: data row k is row k+2.
        found = {int(r["old_id"][3:]) - 2: int(r["new_id"][3:]) - 2 for r in data["renamed"] if r["old_name"] != r["new_name"]}
        correct = sum(1 for old, new in found.items() if truth.get(old) == new)
        result.update(renames_found=len(found), renames_true=reworded, precision=round(correct / len(found), 4) if found else 0.0,
                      recall=round(correct / reworded, 4) if reworded else 0.0, added=data["summary"]["added"], removed=data["summary"]["removed"])
    else:
        result["stderr"] = done.stderr[-300:]
    f_wall, _ = floor(folder / "new.csv")
    result["floor_seconds"] = round(f_wall, 2)
    if with_csvdiff:
        csv_diff = str(Path(PY).with_name("csv-diff"))
        c_wall, c_rss, c_done = run([csv_diff, str(folder / "old.csv"), str(folder / "new.csv"), "--key", "id", "--json"])
        result.update(csvdiff_seconds=round(c_wall, 2), csvdiff_peak_mib=round(c_rss), csvdiff_ok=c_done.returncode == 0,
                      speedup_vs_csvdiff=round(c_wall / wall, 1))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="audit sizes (rows)")
    parser.add_argument("--diff-sizes", default="1000,10000,100000", help="diff sizes (rows per edition)")
    parser.add_argument("--csvdiff-max", type=int, default=100000, help="largest size to run csv-diff on")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "register-audit-bench")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | {int(s) for s in args.diff_sizes.split(",") if s})
    print(f"# machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    for n in sizes:
        folder = args.work / str(n)
        made = make_editions(n, folder)
        if str(n) in args.sizes.split(","):
            print(json.dumps({"bench": "audit", **bench_audit(n, folder)}), flush=True)
        if str(n) in args.diff_sizes.split(","):
            print(json.dumps({"bench": "diff", **bench_diff(n, folder, made["truth"], made["reworded"], n <= args.csvdiff_max)}), flush=True)


if __name__ == "__main__":
    main()
