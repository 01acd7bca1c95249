"""Benchmark `audit` and `diff` end to end, each beside its baseline, in one run.

    python benchmarks/bench.py [--sizes 1000,10000,100000,1000000] [--diff-sizes 100000,1000000]
        [--shapes narrow,wide] [--repeat 3] [--out results.jsonl] [--package DIR]
    python benchmarks/bench.py --report results.jsonl      (the markdown tables of RESULTS.md)

Two shapes of register (DESIGN.md's performance budget), built from real texts:

- narrow: `id,name,provider`; names drawn from every bundled register's names (4.5k, unique after
  normalisation), providers from 3,000 texts (every bundled department, and per-municipality
  variants of them: "Department of Health — municipality 17").
- wide: Canada 2020-21's 45 real columns; row k copies the real Canadian row k mod 1,617 and takes
  a drawn name and provider, its own service id and its own volume counts, so no two rows are alike.

audit: `register-audit audit FILE --format json --output F` beside the floor, Python's csv module
reading the same file (`sum(1 for _ in csv.reader(f))`), each in a fresh subprocess.
diff: two editions of N rows with distinct names (a drawn name + " section N" past the first
4.5k rows), the new one 5% reworded, 1% removed, 1% added, and (wide) a new fiscal year on every
row and new volume counts on 10%. register-audit gets them without ids (names only);
csv-diff gets them with ids (`csv-diff old.csv new.csv --key id --json`), measured here.

Every command runs under /usr/bin/time (wall seconds, peak RSS) REPEAT times, interleaved with
its baseline (command, baseline, command, ...) so that load from other work on the machine falls
on both; medians and their ratio are reported. Files are generated once per shape and size and
reused while the generator is unchanged (folder/stamp.json); --regenerate forces it.
"""

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
REWORD, ADD, REMOVE, MODIFY = 0.05, 0.01, 0.01, 0.10
PROVIDERS = 3000
GENERATOR = "2026-12-02.1"  # bump when a generator changes: cached files with another stamp are rebuilt


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


def providers(pool: list[tuple[str, str]]) -> list[str]:
    """PROVIDERS provider texts: every real department of the pool, then per-municipality variants."""
    real = sorted({p for _, p in pool if p})
    found = list(real)
    m = 0
    while len(found) < PROVIDERS:
        m += 1
        found += [f"{p} — municipality {m}" for p in real[: PROVIDERS - len(found)]]
    return found[:PROVIDERS]


# Words whose loss leaves the service the same ("Issue of a permit" / "Issue of permit").
MINOR = {"a", "an", "the", "of", "for", "to", "and", "on", "in", "de", "du", "des", "la", "le", "les", "et", "pour",
         "и", "в", "на", "по", "для", "о", "об", "және", "үшін"}
# Canada's inventory: the volume columns that change from one fiscal year to the next.
VOLUMES = ("calls_received", "web_visits_info_service", "online_applications", "telephone_applications",
           "in_person_applications", "postal_mail_applications", "other_applications")
CANADA = REG / "ca" / "2020-2021_services.csv"


def reword(name: str, rng: random.Random) -> str:
    """A rewording a reader would call the same service: two adjacent words swapped, a one-letter
    typo (a letter dropped, or doubled in a short word), or a minor word (of, the, и, ...) dropped;
    a name without a minor word gets the typo instead. A trailing "section N" is kept."""
    words = name.split()
    body = len(words) - 2 if len(words) > 2 and words[-2] == "section" else len(words)
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
    """The header and rows of Canada's 2020-21 inventory: the template every wide row copies."""
    with CANADA.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


class Shape:
    """How one shape lays out a row: its header, and row k from a name and a provider."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "wide":
            self.header, self.template = canada_rows()
            self.id, self.name_col, self.provider = "service_id", "service_name_en", "department_name_en"
        else:
            self.header, self.template = ["id", "name", "provider"], [{}]
            self.id, self.name_col, self.provider = "id", "name", "provider"

    def row(self, k: int, name: str, provider: str, rng: random.Random, year: str = "2019-2020") -> dict[str, str]:
        row = dict(self.template[k % len(self.template)])
        row.update({self.id: f"S{k:07d}", self.name_col: name, self.provider: provider})
        if self.name == "wide":
            row["fiscal_yr"] = year
            for column in VOLUMES:
                row[column] = str(rng.randrange(100_000))
        return row


def write(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def make_audit_file(n: int, shape: str, folder: Path) -> dict[str, object]:
    """folder/register.csv: N rows of SHAPE, names and providers drawn at random (seeded)."""
    rng = random.Random(SEED + n)
    pool = base_names()
    provs = providers(pool)
    layout = Shape(shape)
    names, keys = set(), set()

    def rows():
        for k in range(n):
            name, provider = pool[rng.randrange(len(pool))][0], provs[rng.randrange(len(provs))]
            names.add(name)
            keys.add((name, provider))
            yield layout.row(k, name, provider, rng)

    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "register.csv", layout.header, rows())
    return {"rows": n, "columns": len(layout.header), "distinct_names": len(names), "distinct_keys": len(keys),
            "file_mib": round((folder / "register.csv").stat().st_size / 2**20, 1)}


def make_editions(n: int, shape: str, folder: Path) -> dict[str, object]:
    """old/new editions of N rows of SHAPE with ids (old.csv, new.csv) and without the id column
    (old_noid.csv, new_noid.csv); the truth: which new row each reworded old row became."""
    rng = random.Random(SEED + n + 1)
    pool = base_names()
    provs = providers(pool)
    layout = Shape(shape)
    old_rows = []
    for k in range(n):
        name, _ = pool[k % len(pool)]
        if k >= len(pool):
            name = f"{name} section {k // len(pool)}"
        old_rows.append(layout.row(k, name, provs[k % len(provs)], rng))
    removed = set(rng.sample(range(n), int(n * REMOVE)))
    kept = [k for k in range(n) if k not in removed]
    reworded = set(rng.sample(kept, int(n * REWORD)))
    new_rows, truth = [], {}
    for k in kept:
        row = dict(old_rows[k])
        if shape == "wide":
            row["fiscal_yr"] = "2020-2021"
            if rng.random() < MODIFY:
                for column in VOLUMES:
                    row[column] = str(rng.randrange(100_000))
        elif rng.random() < MODIFY / 10:
            row[layout.provider] = provs[rng.randrange(len(provs))]
        if k in reworded:
            truth[k] = len(new_rows)
            row[layout.name_col] = reword(row[layout.name_col], rng)
        new_rows.append(row)
    sections = n // len(pool) + 2
    for a in range(int(n * ADD)):  # new services: pool names in a section no old row has
        name = f"{pool[rng.randrange(len(pool))][0]} section {sections + a % 3}"
        row = layout.row(n + a, name, provs[rng.randrange(len(provs))], rng, "2020-2021")
        row[layout.id] = f"N{a:07d}"
        new_rows.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    noid = [c for c in layout.header if c != layout.id]
    for stem, rows in (("old", old_rows), ("new", new_rows)):
        write(folder / f"{stem}.csv", layout.header, rows)
        write(folder / f"{stem}_noid.csv", noid, rows)
    return {"rows": n, "columns": len(layout.header), "truth": {str(k): v for k, v in truth.items()},
            "reworded": len(reworded), "file_mib": round((folder / "new.csv").stat().st_size / 2**20, 1), "key": layout.id}


def cached(folder: Path, params: dict[str, object], build) -> dict[str, object]:
    """BUILD(folder) once per PARAMS; later calls return its recorded facts from folder/stamp.json."""
    stamp = folder / "stamp.json"
    wanted = {"generator": GENERATOR, **params}
    if stamp.exists() and not REGENERATE:
        recorded = json.loads(stamp.read_text())
        if recorded.get("params") == wanted:
            return recorded["facts"]
    facts = build(folder)
    stamp.write_text(json.dumps({"params": wanted, "facts": facts}))
    return facts


REGENERATE = False


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MiB, the process) of ARGS run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats.name, *args], capture_output=True, text=True,
                              timeout=3600, env=env)
        wall = time.perf_counter() - start
        rss_kib = int(stats.read().strip().splitlines()[-1])
    return wall, rss_kib / 1024, done


FLOOR = ("import csv,sys\nfor p in sys.argv[1:]:\n    with open(p, encoding='utf-8', newline='') as h:\n"
         "        sum(1 for _ in csv.reader(h))")
RA = [PY, "-m", "register_audit"]


def interleaved(commands: dict[str, tuple[list[str], dict | None]], repeat: int) -> dict[str, object]:
    """Each command REPEAT times, in turns: label_seconds (median), _min, _max, _peak_mib, _runs."""
    walls: dict[str, list[float]] = {k: [] for k in commands}
    peaks: dict[str, list[float]] = {k: [] for k in commands}
    result: dict[str, object] = {}
    for _ in range(repeat):
        for label, (args, env) in commands.items():
            if f"{label}_ok" in result:
                continue
            wall, rss, done = run(args, env)
            if done.returncode not in (0, 1):  # csv-diff and diff exit 0; check-like 1 is fine
                result[f"{label}_ok"] = False
                result[f"{label}_stderr"] = done.stderr[-400:]
                continue
            walls[label].append(wall)
            peaks[label].append(rss)
    for label in commands:
        if walls[label]:
            result.update({f"{label}_seconds": round(statistics.median(walls[label]), 3),
                           f"{label}_min": round(min(walls[label]), 3), f"{label}_max": round(max(walls[label]), 3),
                           f"{label}_peak_mib": round(statistics.median(peaks[label])), f"{label}_runs": len(walls[label])})
    return result


def bench_audit(n: int, shape: str, folder: Path, facts: dict, repeat: int, env) -> dict[str, object]:
    path, out = folder / "register.csv", folder / "audit.json"
    result = {"bench": "audit", "shape": shape, **facts, **interleaved({
        "floor": ([PY, "-c", FLOOR, str(path)], None),
        "audit": ([*RA, "audit", str(path), "--format", "json", "--output", str(out)], env),
    }, repeat)}
    if "audit_seconds" in result:
        result["ratio"] = round(result["audit_seconds"] / result["floor_seconds"], 2)
        result["us_per_row"] = round(1e6 * result["audit_seconds"] / n, 2)
    return result


def score_renames(data: dict, truth: dict[int, int], reworded: int) -> dict[str, object]:
    # Row-derived ids are "row<N>" with the header as row 1: data row k is row k+2.
    found = {int(r["old_id"][3:]) - 2: int(r["new_id"][3:]) - 2 for r in data["renamed"] if r["old_name"] != r["new_name"]}
    correct = sum(1 for old, new in found.items() if truth.get(old) == new)
    return {"renames_found": len(found), "renames_true": reworded,
            "precision": round(correct / len(found), 4) if found else 0.0,
            "recall": round(correct / reworded, 4) if reworded else 0.0, "added": data["summary"]["added"],
            "removed": data["summary"]["removed"], "modified": data["summary"]["modified"]}


def bench_diff(n: int, shape: str, folder: Path, facts: dict, repeat: int, env, csvdiff_max: int) -> dict[str, object]:
    out = folder / "diff.json"
    old, new = str(folder / "old_noid.csv"), str(folder / "new_noid.csv")
    ignore = ["--ignore-fields", "fiscal_yr"] if shape == "wide" else []
    commands = {"floor": ([PY, "-c", FLOOR, old, new], None),
                "diff": ([*RA, "diff", old, new, "--format", "json", *ignore, "--output", str(out)], env)}
    if n <= csvdiff_max:
        csv_diff = str(Path(PY).with_name("csv-diff"))
        commands["csvdiff"] = ([csv_diff, str(folder / "old.csv"), str(folder / "new.csv"), "--key", facts["key"], "--json"], None)
    result = {"bench": "diff", "shape": shape, **{k: v for k, v in facts.items() if k != "truth"},
              **interleaved(commands, repeat)}
    if "diff_seconds" in result:
        result.update(score_renames(json.loads(out.read_text()), {int(k): v for k, v in facts["truth"].items()},
                                    facts["reworded"]))
        result["ratio"] = round(result["diff_seconds"] / result["floor_seconds"], 2)
        if "csvdiff_seconds" in result:
            result["vs_csvdiff"] = round(result["diff_seconds"] / result["csvdiff_seconds"], 2)
    return result


def bench_help(repeat: int, env) -> dict[str, object]:
    result = {"bench": "help", "shape": "", "rows": 0, **interleaved({
        "python": ([PY, "-c", "pass"], None), "help": ([*RA, "--help"], env)}, repeat)}
    return result


def power(n: int) -> str:
    exponent = len(str(n)) - 1
    return f"10^{exponent}" if n == 10 ** exponent else f"{n:,}"


def report(path: Path) -> str:
    """The results in a JSONL file as markdown tables (the last line per measurement wins)."""
    latest: dict[tuple, dict] = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            r = json.loads(line)
            latest[(r["bench"], r.get("shape", ""), r["rows"])] = r
    out = ["| work | shape | rows | register-audit | baseline | ratio | peak MiB | µs per row |",
           "|---|---|---:|---:|---:|---:|---:|---:|"]
    for (bench, shape, n), r in sorted(latest.items(), key=lambda kv: (kv[0][0] != "audit", kv[0])):
        if bench == "audit":
            if "audit_seconds" not in r:
                out.append(f"| audit | {shape} | {power(n)} | failed: {r.get('audit_stderr', '')[-80:]} | | | | |")
                continue
            out.append(f"| audit | {shape} | {power(n)} | {r['audit_seconds']:.2f} s | floor {r['floor_seconds']:.2f} s "
                       f"| **{r['ratio']:.2f}×** | {r['audit_peak_mib']:,} | {r['us_per_row']:.1f} |")
    out += ["", "| work | shape | rows per edition | register-audit (names only) | csv-diff (ids) | ratio to csv-diff "
            "| floor (both files) | ratio to floor | peak MiB (csv-diff) | precision | recall | added / removed |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (bench, shape, n), r in sorted(latest.items()):
        if bench != "diff":
            continue
        if "diff_seconds" not in r:
            out.append(f"| diff | {shape} | {power(n)} | failed: {r.get('diff_stderr', '')[-80:]} |")
            continue
        theirs = f"{r['csvdiff_seconds']:.2f} s" if "csvdiff_seconds" in r else "not run"
        vs = f"**{r['vs_csvdiff']:.2f}×**" if "vs_csvdiff" in r else ""
        peak = f"{r['diff_peak_mib']:,} ({r['csvdiff_peak_mib']:,})" if "csvdiff_peak_mib" in r else f"{r['diff_peak_mib']:,}"
        out.append(f"| diff | {shape} | {power(n)} | {r['diff_seconds']:.2f} s | {theirs} | {vs} | {r['floor_seconds']:.2f} s "
                   f"| {r['ratio']:.2f}× | {peak} | {r['precision']:.4f} | {r['recall']:.4f} | {r['added']} / {r['removed']} |")
    for (bench, _, _), r in latest.items():
        if bench == "help" and "help_seconds" in r:
            out += ["", f"`register-audit --help`: {r['help_seconds']:.3f} s (a bare `python -c pass`: "
                        f"{r['python_seconds']:.3f} s), median of {r['help_runs']} runs."]
    return "\n".join(out)


def main() -> None:
    global REGENERATE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="narrow,wide")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="audit sizes (rows)")
    parser.add_argument("--diff-sizes", default="1000,100000,1000000", help="diff sizes (rows per edition)")
    parser.add_argument("--csvdiff-max", type=int, default=1_000_000, help="largest size to run csv-diff on")
    parser.add_argument("--wide-diff-max", type=int, default=100_000, help="largest wide diff (csv-diff holds both editions: ~13 GiB at 10^6)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command and its baseline; medians reported")
    parser.add_argument("--package", type=Path, help="time the register_audit package in this folder instead (PYTHONPATH)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "register-audit-bench2")
    parser.add_argument("--out", type=Path, help="also append each result (JSON line) to this file")
    parser.add_argument("--report", type=Path, help="print the results in this JSONL file as markdown tables, and exit")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the synthetic files even if cached")
    args = parser.parse_args()
    if args.report:
        print(report(args.report))
        return
    REGENERATE = args.regenerate
    env = {**os.environ, "PYTHONPATH": str(args.package)} if args.package else None
    sizes = lambda text: [int(s) for s in text.split(",") if s]  # noqa: E731
    shapes = [s for s in args.shapes.split(",") if s]
    git = lambda *a: subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    dirty = git("status", "--short", "--", "register_audit").splitlines()
    load = os.getloadavg()
    header = (f"# {time.strftime('%Y-%m-%d %H:%M:%S')} machine: {os.cpu_count()} cores, load {load[0]:.1f}, Python "
              f"{sys.version.split()[0]}; package={args.package or 'installed'}; code: {git('rev-parse', '--short', 'HEAD')}"
              f"{' + uncommitted ' + ', '.join(d.split()[-1] for d in dirty) if dirty else ''}")
    print(header, flush=True)
    if args.out:
        with args.out.open("a") as handle:
            handle.write(header + "\n")
    jobs = [("help", "", 0)]
    jobs += [("audit", shape, n) for n in sizes(args.sizes) for shape in shapes]
    jobs += [("diff", shape, n) for n in sizes(args.diff_sizes) for shape in shapes
             if not (shape == "wide" and n > args.wide_diff_max)]
    for bench, shape, n in jobs:
        if bench == "help":
            result = bench_help(max(args.repeat, 5), env)
        elif bench == "audit":
            folder = args.work / "audit" / shape / str(n)
            facts = cached(folder, {"n": n, "shape": shape}, lambda f, n=n, shape=shape: make_audit_file(n, shape, f))
            result = bench_audit(n, shape, folder, facts, args.repeat, env)
        else:
            folder = args.work / "diff" / shape / str(n)
            facts = cached(folder, {"n": n, "shape": shape}, lambda f, n=n, shape=shape: make_editions(n, shape, f))
            result = bench_diff(n, shape, folder, facts, args.repeat, env, args.csvdiff_max)
        line = json.dumps({"finished": time.strftime("%H:%M:%S"), "load": round(os.getloadavg()[0], 1), **result})
        print(line, flush=True)
        if args.out:
            with args.out.open("a") as handle:
                handle.write(line + "\n")


if __name__ == "__main__":
    main()
