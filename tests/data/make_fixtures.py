"""Build the test fixtures in tests/data/valid and tests/data/invalid from real register names.

Every service name is copied from registers/kz/services.csv or registers/ca/2020-2021_services.csv
(never invented); only headers, section headings and the damage done to invalid files are ours.
Output is byte-for-byte deterministic (fixed zip timestamps and document properties), so
tests/test_sources.py can check the committed files are what this script builds.
Run: python tests/data/make_fixtures.py
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXED_TIME = dt.datetime(2024, 1, 1)

# Real services of the Kazakh collection: Russian names (cp1251 can hold them) and Kazakh ones.
KZ_RU = ["D_archive_certificates", "D_birth_registration", "D_preschool_admission", "P_civreg_duplicates"]
KZ_KK = ["D_preschool_queue", "P_school_duplicates", "KZ-9ba96590", "D_geodetic_demolition"]
# Canadian services whose names hold commas: the delimiter sniffer must not split them.
CA_IDS = ["1961", "1963", "1353", "2007", "1640"]


def kz_services() -> dict[str, dict[str, str]]:
    with open(ROOT / "registers/kz/services.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def ca_services() -> dict[str, dict[str, str]]:
    with open(ROOT / "registers/ca/2020-2021_services.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["service_id"]: row for row in csv.DictReader(handle) if row["service_id"] in CA_IDS}


def to_csv(rows: list[list[str]], delimiter: str = ",", terminator: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    return buffer.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so a rebuild is byte-identical."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()


# --------------------------------------------------------------------------- legal-act tables

HEADER_RU = ["№ п/п", "Код государственной услуги", "Наименование государственной услуги", "Услугодатель", "Форма оказания"]
HEADER_KK = ["№ р/с", "Мемлекеттік көрсетілетін қызметтің коды", "Мемлекеттік көрсетілетін қызметтің атауы", "Көрсетілетін қызметті беруші", "Көрсету нысаны"]
# Section headings are ours (legal acts number their sections so); the services under them are real.
SECTIONS_RU = ["Раздел 1. Документы и справки", "Раздел 2. Образование"]
SECTIONS_KK = ["1-бөлім. Құжаттар мен анықтамалар", "2-бөлім. Білім беру"]


def act_rows(kz: dict[str, dict[str, str]], ids: list[str], name: str) -> list[list[str]]:
    return [[str(i), sid, kz[sid][name], kz[sid]["provider"], kz[sid]["form"]] for i, sid in enumerate(ids, start=1)]


def html_act(kz: dict[str, dict[str, str]], *, kazakh: bool) -> str:
    """A legal act's page: a layout table, then the register with numbered columns, colspan
    section headings, and a provider cell shared (rowspan) by two services."""
    header, sections = (HEADER_KK, SECTIONS_KK) if kazakh else (HEADER_RU, SECTIONS_RU)
    ids = KZ_KK if kazakh else KZ_RU
    rows = act_rows(kz, ids, "name_kk" if kazakh else "name")
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Реестр</title></head><body>',
           '<table class="layout"><tr><td>Утвержден</td><td><table><tr><td>приказом</td></tr></table></td></tr></table>',
           "<table border=1>",
           "<tr>" + "".join(f"<td>{esc(h)}</td>" for h in header) + "</tr>",
           "<tr>" + "".join(f"<td>{i}</td>" for i in range(1, len(header) + 1)) + "</tr>"]
    for block, section in enumerate(sections):
        out.append(f'<tr><td colspan="{len(header)}"><b>{esc(section)}</b></td></tr>')
        part = rows[block * 2:block * 2 + 2]
        for k, row in enumerate(part):
            cells = [f"<td>{esc(c)}</td>" for c in row]
            if block == 1:  # the second section's two services share one provider cell
                cells[3] = f'<td rowspan="2">{esc(part[0][3])}</td>' if k == 0 else ""
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>\n")
    return "\n".join(out)


def xlsx_act(kz: dict[str, dict[str, str]], ca: dict[str, dict[str, str]]) -> bytes:
    """A workbook: title rows, a two-row merged header, a numbering row, section headings (one
    merged across, one in the first cell only), and a second sheet of Canadian services."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Реестр"
    sheet.append(["Реестр государственных услуг"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(HEADER_RU[:4] + ["Форма оказания", None])
    sheet.append([None, None, None, None, "электронная", "бумажная"])
    for column in "ABCD":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("E3:F3")
    sheet.append(list(range(1, 7)))
    rows = act_rows(kz, KZ_RU, "name")
    sheet.append([SECTIONS_RU[0]])
    sheet.merge_cells("A6:F6")
    for row in rows[:2]:
        sheet.append([int(row[0]), *row[1:4], "да", "нет"])
    sheet.append([SECTIONS_RU[1]])  # only the first cell: a heading too
    for row in rows[2:]:
        sheet.append([int(row[0]), *row[1:4], "нет", "да"])
    other = book.create_sheet("Canada")
    other.append(["service_id", "service_name_en", "department_name_en"])
    for sid, row in sorted(ca.items()):
        other.append([int(sid), row["service_name_en"], row["department_name_en"]])
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue())


def docx_act(kz: dict[str, dict[str, str]], *, with_table: bool = True) -> bytes:
    """A legal act as a Word document: a paragraph, then the register table with a heading
    merged across the row (gridSpan) and a provider merged down two rows (vMerge)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Реестр государственных услуг")
    if with_table:
        rows = act_rows(kz, KZ_RU, "name")
        table = document.add_table(rows=1, cols=len(HEADER_RU))
        for cell, text in zip(table.rows[0].cells, HEADER_RU):
            cell.text = text
        for block, section in enumerate(SECTIONS_RU):
            heading = table.add_row().cells
            heading[0].merge(heading[-1]).text = section
            first = len(table.rows)
            for row in rows[block * 2:block * 2 + 2]:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
            if block == 1:
                top, below = table.cell(first, 3), table.cell(first + 1, 3)
                below.text = ""
                top.merge(below).text = rows[2][3]
    props = document.core_properties
    props.created = props.modified = FIXED_TIME
    props.author = props.last_modified_by = "register-audit tests"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


# --------------------------------------------------------------------------- the files


def valid_files() -> dict[str, bytes]:
    kz, ca = kz_services(), ca_services()
    ru = [[sid, kz[sid]["name"], kz[sid]["provider"]] for sid in KZ_RU]
    kk = [[sid, kz[sid]["name_kk"], kz[sid]["provider"]] for sid in KZ_KK]
    header = [["id", "name", "provider"]]
    canada = [["service_id", "service_name_en", "department_name_en"]] + [
        [sid, row["service_name_en"], row["department_name_en"]] for sid, row in sorted(ca.items())]
    # Semicolons, with commas unquoted inside names: how Excel in a Russian locale saves CSV.
    semicolon = "".join(";".join(r) + "\r\n" for r in header + ru)
    return {
        "kz_utf8.csv": to_csv(header + ru + kk).encode("utf-8"),
        "kz_utf8_bom_semicolon.csv": codecs.BOM_UTF8 + semicolon.encode("utf-8"),
        # Excel's "Unicode text": UTF-16 little-endian with a BOM, tab-separated.
        "kz_utf16_excel_unicode.txt": codecs.BOM_UTF16_LE + to_csv(header + ru + kk, "\t").encode("utf-16-le"),
        "kz_cp1251_semicolon.csv": semicolon.encode("cp1251"),
        # Kazakh letters (қ, ң, ө, ұ, ү, ә, ғ, һ) are not in cp1251; legacy Kazakh files use KZ-1048.
        "kz_kz1048.csv": to_csv(header + kk).encode("kz1048"),
        "ca_names_with_commas.csv": to_csv(canada).encode("utf-8"),
        "ca_names.tsv": to_csv(canada, "\t").encode("utf-8"),
        "kz.json": (json.dumps([dict(zip(header[0], r)) for r in ru], ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        "kz_wrapped.json": (json.dumps({"services": [dict(zip(header[0], r)) for r in kk]}, ensure_ascii=False) + "\n").encode("utf-8"),
        "kz.jsonl": "".join(json.dumps(dict(zip(header[0], r)), ensure_ascii=False) + "\n" for r in ru).encode("utf-8"),
        "kz_act_ru.html": html_act(kz, kazakh=False).encode("utf-8"),
        "kz_act_kk.html": html_act(kz, kazakh=True).encode("utf-8"),
        "kz_act_cp1251.html": html_act(kz, kazakh=False).replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251"),
        "kz_act.xlsx": xlsx_act(kz, ca),
        "kz_act.docx": docx_act(kz),
    }


def invalid_files() -> dict[str, bytes]:
    kz = kz_services()
    ru = [[sid, kz[sid]["name"], kz[sid]["provider"]] for sid in KZ_RU]
    good = to_csv([["id", "name", "provider"]] + ru)
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED_TIME.timetuple()[:6]), "<Types/>")
        archive.writestr(zipfile.ZipInfo("xl/workbook.xml", FIXED_TIME.timetuple()[:6]), "<workbook><sheets><sheet")
    archive_csv = io.BytesIO()
    with zipfile.ZipFile(archive_csv, "w") as archive:
        archive.writestr(zipfile.ZipInfo("services.csv", FIXED_TIME.timetuple()[:6]), good)
    utf8 = good.encode("utf-8")
    bad_at = utf8.index(kz[KZ_RU[2]]["name"].encode("utf-8"))
    return {
        "empty.csv": b"",
        "header_only.csv": b"id,name,provider\r\n",
        "no_name_column.csv": to_csv([["code", "service_title", "agency"]] + ru).encode("utf-8"),
        "duplicate_ids.csv": to_csv([["id", "name", "provider"]] + ru + [[ru[0][0], kz[KZ_RU[3]]["name"], ""]]).encode("utf-8"),
        # The last row repeats a name with commas, unquoted: six cells under a three-column header.
        "ragged_rows.csv": (good + f"{ru[1][0]},{ru[1][1]}\r\n").encode("utf-8"),
        # A UTF-8 file into which one name was pasted in Windows-1251.
        "undecodable.csv": utf8[:bad_at] + kz[KZ_RU[2]]["name"].encode("cp1251") + utf8[bad_at + len(kz[KZ_RU[2]]["name"].encode("utf-8")):],
        "binary.csv": bytes(range(256)) * 4,
        "archive.csv": archive_csv.getvalue(),
        "legacy.xls": bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
        "corrupt.xlsx": workbook.getvalue(),
        "truncated.xlsx": valid_files()["kz_act.xlsx"][:2000],
        "no_table.html": '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>Реестр государственных услуг</p></body></html>\n'.encode("utf-8"),
        "no_table.docx": docx_act(kz, with_table=False),
        # A trailing comma after the last object, the commonest hand-editing slip.
        "malformed.json": (json.dumps([dict(zip(["id", "name"], r[:2])) for r in ru], ensure_ascii=False)[:-1] + ",]\n").encode("utf-8"),
        "not_a_list.json": json.dumps({"service": kz[KZ_RU[0]]["name"], "count": 1}, ensure_ascii=False).encode("utf-8"),
        "not_objects.json": json.dumps([r[1] for r in ru], ensure_ascii=False).encode("utf-8"),
    }


def build(folder: Path = HERE) -> dict[Path, bytes]:
    """Every fixture, by its path under FOLDER."""
    files = {folder / "valid" / name: data for name, data in valid_files().items()}
    files.update({folder / "invalid" / name: data for name, data in invalid_files().items()})
    return files


def main() -> int:
    for path, data in build().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
