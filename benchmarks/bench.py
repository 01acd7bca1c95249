"""Benchmark `audit` and `diff` on synthetic registers shaped like Canada's service inventory.

Run from anywhere (see benchmarks/README.md):

    /tmp/venv/bin/python benchmarks/bench.py [--sizes 1000,10000,100000,1000000]
        [--distinct-sizes 1000,10000,100000] [--diff-sizes 1000,10000,100000] [--repeat 2]
        [--shared-sizes 1000000] [--out results.jsonl] [--package DIR]
    /tmp/venv/bin/python benchmarks/bench.py --report results.jsonl   (the markdown table)

Three kinds of file, all with Canada 2020-21's 45 columns and real row texts:

- audit, "municipal" (the realistic shape of DESIGN.md's 10^5-10^6-row registers): a series of
  municipalities, each offering SERVICES_PER_MUNICIPALITY services drawn from the real name pool
  (every bundled register's names), so each distinct name recurs across many rows; the provider
  varies per municipality (the pool provider + " — municipality N").
- audit, "shared" (optional, --shared-sizes): the municipal file with one provider text per
  department instead of per municipality, to show what the per-text cache saves.
- audit, "distinct names" (worst case for the classifier's per-distinct-text cache): every row a
  different name (pool name + " section N").
- diff: two editions (old/new), names only for register-audit (service_id withheld), with ids for
  csv-diff; 5% of names reworded, 1% removed, 1% added; the truth of the rewordings is known.

Every command runs as a subprocess under /usr/bin/time (wall time, peak RSS), REPEAT times,
beside the floor (Python's csv module reading the same file in a subprocess, timed as often);
medians are reported. Files are generated once per shape and size and reused (a stamp file
records the generator version); --regenerate forces it."""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from register_audit.rules.text import normalize

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


# Bump when a generator changes: cached files with another stamp are rebuilt.
GENERATOR = "2026-11-28.1"
SERVICES_PER_MUNICIPALITY = 500  # a municipality's register; names drawn from the whole pool


def cached(folder: Path, params: dict[str, object], build) -> dict[str, object]:
    """BUILD(folder) once per PARAMS; later calls return its recorded facts from folder/stamp.json."""
    stamp = folder / "stamp.json"
    wanted = {"generator": GENERATOR, **params}
    if stamp.exists() and not REGENERATE:
        recorded = json.loads(stamp.read_text())
        if recorded.get("params") == wanted:
            return recorded["facts"]
    folder.mkdir(parents=True, exist_ok=True)
    facts = build(folder)
    stamp.write_text(json.dumps({"params": wanted, "facts": facts}))
    return facts


REGENERATE = False


def make_audit_file(n: int, folder: Path, shape: str) -> dict[str, object]:
    """Write folder/register.csv: N Canada-width rows (streamed; a 10^6-row file is ~1.5 GiB).

    municipal: municipality m = k // SERVICES_PER_MUNICIPALITY offers SERVICES_PER_MUNICIPALITY
      pool names (a seeded sample per municipality); the row copies the Canadian template row of
      its pool name (so one service keeps one description everywhere), and the provider is the
      pool provider + " — municipality m".
    shared: as municipal, but the provider is the pool provider alone (one text per department,
      not per municipality), so distinct (name, provider) keys stay at the pool's size.
    distinct: row k = pool name k mod P + " section N", its provider, the Canadian row k mod 1,617
      (the previous round's shape): every name distinct.
    """
    rng = random.Random(SEED + n + (1 if shape == "distinct" else 0))
    pool = base_names()
    header, template = canada_rows()
    at = {c: header.index(c) for c in ("service_id", "service_name_en", "department_name_en")}
    names: set[str] = set()
    keys: set[tuple[str, str]] = set()
    path = folder / "register.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        picks: list[int] = []
        for k in range(n):
            if shape in ("municipal", "shared"):
                m, j = divmod(k, SERVICES_PER_MUNICIPALITY)
                if j == 0:
                    picks = rng.sample(range(len(pool)), SERVICES_PER_MUNICIPALITY)
                p = picks[j]
                name, provider = pool[p]
                if shape == "municipal":
                    provider = f"{provider} — municipality {m + 1}" if provider else f"municipality {m + 1}"
                row = [template[p % len(template)].get(c, "") for c in header]
                sid = f"M{m + 1:05d}-{j + 1:04d}"
            else:
                name, provider = pool[k % len(pool)]
                name = f"{name} section {k // len(pool) + 1}"
                row = [template[k % len(template)].get(c, "") for c in header]
                sid = f"S{k:07d}"
            row[at["service_id"]], row[at["service_name_en"]], row[at["department_name_en"]] = sid, name, provider
            writer.writerow(row)
            names.add(name)
            keys.add((name, provider))
    return {"rows": n, "columns": len(header), "distinct_names": len(names), "distinct_keys": len(keys),
            "file_mib": round(path.stat().st_size / 2**20, 1)}


def run(args: list[str], *, limit: float = 3600, env: dict[str, str] | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MiB, the process) of ARGS run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name, *args], capture_output=True, text=True,
                              timeout=limit, env=env)
        wall = time.perf_counter() - start
        rss_kib = int(stats.read().strip().splitlines()[-1])
    return wall, rss_kib / 1024, done


FLOOR = ("import csv,sys\nfor p in sys.argv[1:]:\n    with open(p, encoding='utf-8', newline='') as h:\n"
         "        sum(1 for _ in csv.reader(h))")


def timed(label: str, args: list[str], repeat: int, env: dict[str, str] | None = None) -> dict[str, object]:
    """ARGS run REPEAT times: median, min and max wall seconds, median peak MiB, the last process."""
    walls, peaks, done = [], [], None
    for _ in range(repeat):
        wall, rss, done = run(args, env=env)
        if done.returncode != 0:
            return {f"{label}_ok": False, f"{label}_stderr": done.stderr[-400:]}
        walls.append(wall)
        peaks.append(rss)
    return {f"{label}_seconds": round(statistics.median(walls), 2), f"{label}_min": round(min(walls), 2),
            f"{label}_max": round(max(walls), 2), f"{label}_peak_mib": round(statistics.median(peaks)),
            f"{label}_runs": len(walls), "_done": done}


RA = [PY, "-m", "register_audit"]


def bench_audit(n: int, folder: Path, facts: dict[str, object], shape: str, repeat: int, env) -> dict[str, object]:
    path, out = folder / "register.csv", folder / "audit.json"
    floor = timed("floor", [PY, "-c", FLOOR, str(path)], repeat)
    mine = timed("audit", [*RA, "audit", str(path), "--format", "json", "--output", str(out)], repeat, env)
    floor.pop("_done", None)
    mine.pop("_done", None)
    result = {"bench": "audit", "shape": shape, **facts, **mine, **floor}
    if "audit_seconds" in mine:
        result["ratio_to_floor"] = round(mine["audit_seconds"] / floor["floor_seconds"], 1)
        result["ms_per_distinct_name"] = round(1000 * mine["audit_seconds"] / facts["distinct_names"], 3)
        result["ms_per_distinct_key"] = round(1000 * mine["audit_seconds"] / facts["distinct_keys"], 3)
        result["output_kib"] = round(out.stat().st_size / 1024)
    return result


def score_renames(data: dict, truth: dict[int, int], reworded: int) -> dict[str, object]:
    # Row-derived ids are "row<N>" with the header as row 1: data row k is row k+2.
    found = {int(r["old_id"][3:]) - 2: int(r["new_id"][3:]) - 2 for r in data["renamed"] if r["old_name"] != r["new_name"]}
    correct = sum(1 for old, new in found.items() if truth.get(old) == new)
    return {"renames_found": len(found), "renames_true": reworded, "precision": round(correct / len(found), 4) if found else 0.0,
            "recall": round(correct / reworded, 4) if reworded else 0.0, "added": data["summary"]["added"],
            "removed": data["summary"]["removed"], "modified": data["summary"]["modified"], "keys_used": data["summary"]["keys_used"]}


def bench_diff(n: int, folder: Path, facts: dict[str, object], with_csvdiff: bool, repeat: int, env) -> dict[str, object]:
    truth = {int(k): v for k, v in facts["truth"].items()}
    out = folder / "diff.json"
    old, new = str(folder / "old_noid.csv"), str(folder / "new_noid.csv")
    floor = timed("floor", [PY, "-c", FLOOR, old, new], repeat)
    mine = timed("diff", [*RA, "diff", old, new, "--format", "json", "--ignore-fields", "fiscal_yr", "--output", str(out)],
                 repeat, env)
    floor.pop("_done", None)
    mine.pop("_done", None)
    result = {"bench": "diff", "rows": n, "columns": facts["columns"], "file_mib": facts["file_mib"], **mine, **floor}
    if "diff_seconds" in mine:
        result.update(score_renames(json.loads(out.read_text()), truth, facts["reworded"]))
        result["ratio_to_floor"] = round(mine["diff_seconds"] / floor["floor_seconds"], 1)
    if with_csvdiff:
        csv_diff = str(Path(PY).with_name("csv-diff"))
        theirs = timed("csvdiff", [csv_diff, str(folder / "old.csv"), str(folder / "new.csv"), "--key", "service_id", "--json"],
                       repeat)
        theirs.pop("_done", None)
        result.update(theirs)
        if "diff_seconds" in mine and "csvdiff_seconds" in theirs:
            result["speed_vs_csvdiff"] = round(theirs["csvdiff_seconds"] / mine["diff_seconds"], 2)
    return result


def build_editions(n: int, modify: float):
    def build(folder: Path) -> dict[str, object]:
        made = make_editions(n, folder, modify)
        made["truth"] = {str(k): v for k, v in made["truth"].items()}
        return made
    return build


def power(n: int) -> str:
    exponent = len(str(n)) - 1
    return f"10^{exponent}" if n == 10 ** exponent else f"{n:,}"


def report(path: Path) -> str:
    """The figures of a JSONL file of results as a markdown table (the last line per bench wins)."""
    latest: dict[tuple, dict] = {}
    for line in path.read_text().splitlines():
        if line.strip():
            r = json.loads(line)
            latest[(r["bench"], r.get("shape", ""), r["rows"])] = r
    order = {"municipal": 0, "shared": 1, "distinct": 2, "": 3}
    rows = ["| bench | file | rows | distinct names / keys | register-audit (median, min–max) | peak MiB | floor | ratio to floor "
            "| ms per distinct name | csv-diff (with ids) | csv-diff peak MiB | speed vs csv-diff | precision | recall |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (bench, shape, n), r in sorted(latest.items(), key=lambda kv: (kv[0][0], order[kv[0][1]], kv[0][2])):
        mine = "audit" if bench == "audit" else "diff"
        if f"{mine}_seconds" not in r:
            rows.append(f"| {bench} | {shape} | {power(n)} | failed: {r.get(mine + '_stderr', '')[:80]} |")
            continue
        spread = f"{r[mine + '_seconds']:.2f} s ({r[mine + '_min']:.2f}–{r[mine + '_max']:.2f}, {r[mine + '_runs']} runs)"
        cells = [bench, {"": "editions, names only", "distinct": "distinct names (worst case)",
                         "shared": "municipal, provider per department", "municipal": "municipal (realistic)"}[shape], power(n)]
        cells.append(f"{r['distinct_names']:,} / {r['distinct_keys']:,}" if bench == "audit" else "")
        cells += [spread, f"{r[mine + '_peak_mib']:,}", f"{r['floor_seconds']:.2f} s", f"{r['ratio_to_floor']}×"]
        cells.append(f"{1000 * r['audit_seconds'] / r['distinct_names']:.3f}" if shape == "distinct" else "")
        if "csvdiff_seconds" in r:
            cells += [f"{r['csvdiff_seconds']:.2f} s", f"{r['csvdiff_peak_mib']:,}", f"{r['speed_vs_csvdiff']}×"]
        else:
            cells += ["", "", ""]
        cells += [f"{r['precision']:.4f}", f"{r['recall']:.4f}"] if bench == "diff" else ["", ""]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    global REGENERATE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="audit sizes, municipal shape (rows)")
    parser.add_argument("--distinct-sizes", default="1000,10000,100000", help="audit sizes, all-distinct-names shape (rows)")
    parser.add_argument("--shared-sizes", default="", help="audit sizes, municipal shape with one provider text per department")
    parser.add_argument("--diff-sizes", default="1000,10000,100000", help="diff sizes (rows per edition)")
    parser.add_argument("--csvdiff-max", type=int, default=100000, help="largest size to run csv-diff on")
    parser.add_argument("--modify", type=float, default=0.1, help="share of rows whose volume counts change (Canada: nearly all)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement at >= 10^5 rows (3 below); medians reported")
    parser.add_argument("--package", type=Path, help="time the register_audit package in this folder instead (PYTHONPATH)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "register-audit-bench")
    parser.add_argument("--out", type=Path, help="also append each result (JSON line) to this file")
    parser.add_argument("--report", type=Path, help="print the results in this JSONL file as a markdown table, and exit")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the synthetic files even if cached")
    args = parser.parse_args()
    if args.report:
        print(report(args.report))
        return
    REGENERATE = args.regenerate
    env = {**os.environ, "PYTHONPATH": str(args.package)} if args.package else None
    sizes = lambda text: [int(s) for s in text.split(",") if s]  # noqa: E731
    # The figures the targets are about (the largest audit and diff) first, then largest first: if
    # time runs out, those exist.
    jobs = [(n, "audit") for n in sizes(args.sizes)] + [(n, "distinct") for n in sizes(args.distinct_sizes)] + \
           [(n, "shared") for n in sizes(args.shared_sizes)] + \
           [(n, "diff") for n in sizes(args.diff_sizes)]
    targets = {(max(sizes(args.sizes), default=0), "audit"), (max(sizes(args.diff_sizes), default=0), "diff")}
    jobs.sort(key=lambda job: (job not in targets, -job[0], ("audit", "diff", "distinct", "shared").index(job[1])))
    git = lambda *a: subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    dirty = git("status", "--short", "--", "register_audit").splitlines()
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"modify={args.modify}; package={args.package or 'installed'}; code: {git('rev-parse', '--short', 'HEAD')}"
          f"{' + uncommitted ' + ', '.join(d.split()[-1] for d in dirty) if dirty else ''}", flush=True)
    for n, kind in jobs:
        repeat = args.repeat if n >= 100_000 else max(args.repeat, 3)
        if kind == "diff":
            facts = cached(args.work / "diff" / str(n), {"n": n, "modify": args.modify}, build_editions(n, args.modify))
            result = bench_diff(n, args.work / "diff" / str(n), facts, n <= args.csvdiff_max, repeat, env)
        else:
            shape = "municipal" if kind == "audit" else kind
            folder = args.work / shape / str(n)
            facts = cached(folder, {"n": n, "shape": shape}, lambda f, n=n, shape=shape: make_audit_file(n, f, shape))
            result = bench_audit(n, folder, facts, shape, repeat, env)
        line = json.dumps({"finished": time.strftime("%H:%M:%S"), **result})
        print(line, flush=True)
        if args.out:
            with args.out.open("a") as handle:
                handle.write(line + "\n")


if __name__ == "__main__":
    main()
