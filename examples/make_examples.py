"""Build the example files from the bundled real data (run from the repository root:
`python examples/make_examples.py`); tests/test_readme_examples.py checks they are current.

- examples/kz-sample.xlsx: the first 30 services of the bundled Kazakh collection
  (registers/kz/services.csv: names quoted from official documents, each with its source URL in
  that file), laid out as an exported register sheet: a title row, a blank row, Russian headers.
- examples/kz-budget-2019.csv: rules/budget/kz-2019.yaml (Kazakhstan's executed 2019 state
  budget by function, Kazinform 2020-03-02 citing finprom.kz) as a CSV budget table.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_ROWS = 30
TITLE = "Реестр государственных услуг (выборка из registers/kz/services.csv)"
HEADER = ("Код государственной услуги", "Наименование государственной услуги", "Наименование услугодателя")


def sample_xlsx() -> bytes:
    from openpyxl import Workbook

    sys.path.insert(0, str(ROOT))
    from register_audit.render.xlsx import _deterministic

    with open(ROOT / "registers/kz/services.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:SAMPLE_ROWS]
    book = Workbook()
    sheet = book.active
    sheet.title = "Services"
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append([row["id"], row["name"], row["provider"]])
    for cell in sheet[3]:
        cell.data_type = "s"
    raw = io.BytesIO()
    book.save(raw)
    return _deterministic(raw.getvalue())


def budget_csv() -> bytes:
    import yaml

    data = yaml.safe_load((ROOT / "rules/budget/kz-2019.yaml").read_text(encoding="utf-8"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("cofog", "name", "amount", "year", "level", "source", "partial"))
    common = (data["year"], data["level"])
    writer.writerow(("TOTAL", "all functions", int(data["total"]), *common, data["source"].strip(), ""))
    for line in data["functions"]:
        writer.writerow((line["cofog"], line["name"], int(line["amount"]), *common, line["source"],
                         "true" if line.get("partial") else ""))
    return out.getvalue().encode("utf-8")


def build() -> dict[Path, bytes]:
    return {ROOT / "examples/kz-sample.xlsx": sample_xlsx(), ROOT / "examples/kz-budget-2019.csv": budget_csv()}


if __name__ == "__main__":
    for path, data in build().items():
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")
