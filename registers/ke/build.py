"""Build registers/ke/ecitizen_services.csv: the dataset's services.csv with the names of each
service's agency, department and ministry joined from the dataset's own lookup tables.

The source file is the dataset's data/processed/services/services.csv (see PROVENANCE.md); its
columns are kept as they are, and three are added. Run: python registers/ke/build.py SERVICES_CSV
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lookup(name: str, key: str, value: str) -> dict[str, str]:
    with open(HERE / name, encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle)}


def main(source: str) -> int:
    agencies = lookup("agencies.csv", "agency_id", "agency_name")
    departments = lookup("departments.csv", "department_id", "department_name")
    ministries = lookup("ministries.csv", "ministry_id", "ministry_name")
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = list(reader.fieldnames or []) + ["agency_name", "department_name", "ministry_name"]
    for row in rows:
        row["agency_name"] = agencies.get(row["agency_id"], "")
        row["department_name"] = departments.get(row["department_id"], "")
        row["ministry_name"] = ministries.get(row["ministry_id"], "")
    with open(HERE / "ecitizen_services.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
