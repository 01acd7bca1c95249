"""Benchmark: classify a 10^6-row register built from real service names.

Reports services per second for `classify()` and for the floor, reading the same rows with
Python's csv module in the same process, and their ratio. Names come from the bundled
registers (`registers/`), else from the labelled names in tests/data/labels.

    python benchmarks/classify_bench.py [--rows 1000000] [--rules kz|en]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from register_audit.classify import classify  # noqa: E402
from register_audit.model.records import Location, Register, RegisterMeta, Service  # noqa: E402
from register_audit.rules.ruleset import load_ruleset  # noqa: E402


def real_names() -> list[str]:
    """Every distinct service name in the bundled registers (or the labelled names)."""
    names: set[str] = set()
    try:
        from register_audit.load.editions import bundled_editions, load_register

        for edition in bundled_editions():
            names.update(s.name for s in load_register(edition).services if s.name)
    except Exception as error:  # the registers are optional for this benchmark
        print(f"bundled registers unavailable ({error}); using tests/data/labels", file=sys.stderr)
    if not names:
        for path in (ROOT / "tests" / "data" / "labels").glob("*-dev.csv"):
            names.update(row["name"] for row in csv.DictReader(path.open(encoding="utf-8")))
    return sorted(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rules", default="kz")
    args = parser.parse_args()

    names = real_names()
    rng = random.Random(20261128)  # a fixed seed: the same register on every run
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name"])
            writer.writerows((f"S{i}", rng.choice(names)) for i in range(args.rows))

        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        floor = time.perf_counter() - started

    services = tuple(
        Service.model_construct(id=row[0], name=row[1], location=Location(file="bench.csv", row=n))
        for n, row in enumerate(rows, start=2)
    )
    register = Register.model_construct(meta=RegisterMeta(name="bench"), services=services)
    ruleset = load_ruleset(args.rules, register.meta)

    started = time.perf_counter()
    result = classify(register, ruleset)
    took = time.perf_counter() - started
    assert len(result.items) == args.rows

    distinct = len({s.name for s in services})
    print(f"{args.rows:,} rows, {distinct:,} distinct real names, rule set {ruleset.name}")
    print(f"csv.reader (floor): {floor:6.2f} s  {args.rows / floor:12,.0f} rows/s")
    print(f"classify():         {took:6.2f} s  {args.rows / took:12,.0f} services/s")
    print(f"classify / floor:   {took / floor:6.2f}x the time of reading the rows")


if __name__ == "__main__":
    main()
