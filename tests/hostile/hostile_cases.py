"""Generators of hostile cases, one per class of attack (issue #11): each builds its files in a
temporary folder and says what the installed tool must do with them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "data" / "valid"


@dataclass
class Case:
    """One run of the tool: ARGS after `register-audit`, the files it READS (which must stay
    unchanged), the exit CODES allowed, words its STDERR must hold, and a CHECK of its own."""

    args: list[str]
    reads: list[Path] = field(default_factory=list)
    codes: tuple[int, ...] = (2,)
    stderr: tuple[str, ...] = ()
    check: Callable[["Run"], None] | None = None
    stdin: bytes | None = None
    feed: tuple[Path, Callable[[], bytes | Iterator[bytes]]] | None = None  # a FIFO and what is written into it
    timeout: float = 60.0
    signal_after: float | None = None  # send SIGTERM this many seconds after the start
    cwd: Path | None = None


@dataclass
class Run:
    """What the process did."""

    case: Case
    tmp: Path
    returncode: int
    stdout: bytes
    stderr: str


Builder = Callable[[Path], Case]
CASES: dict[str, tuple[str, Builder]] = {}  # case id -> (class, builder)
GENERATORS: list[str] = []


def generator(name: str) -> Callable[[Callable[[], Iterator[tuple[str, Builder]]]], None]:
    """Register a class of attack: the decorated function yields (case id, builder) pairs."""

    def register(func: Callable[[], Iterator[tuple[str, Builder]]]) -> None:
        GENERATORS.append(name)
        for case_id, build in func():
            CASES[f"{name}-{case_id}"] = (name, build)

    return register


# --------------------------------------------------------------------------- shared material


def register_csv(tmp: Path, name: str = "register.csv") -> Path:
    target = tmp / name
    shutil.copyfile(VALID / "kz_utf8.csv", target)
    return target


def rules_folder(tmp: Path) -> Path:
    target = tmp / "rules"
    shutil.copytree(ROOT / "rules" / "kz", target)
    return target


def copy(tmp: Path, source: Path, name: str) -> Path:
    target = tmp / name
    shutil.copyfile(source, target)
    return target


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def xlsx(path: Path, sheet_xml: str, *, shared: Iterator[bytes] | None = None) -> Path:
    """A minimal XLSX package written by hand (openpyxl would expand the hostile parts itself)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"))
        package.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        package.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            '<sheet name="Services" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        package.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
        package.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>{sheet_xml}</worksheet>')
        with package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {ns}>'.encode())
            for chunk in shared or iter([b"<si><t>id</t></si><si><t>name</t></si>"]):
                part.write(chunk)
            part.write(b"</sst>")
    return path


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROWS = (
    f'<row r="1">{_inline("A1", "id")}{_inline("B1", "name")}</row>'
    f'<row r="2">{_inline("A2", "S1")}{_inline("B2", "Issuing a birth certificate")}</row>'
)


def docx_with_spans(path: Path, span: int, cells: int) -> Path:
    """A DOCX whose register table has rows of CELLS cells, each claiming a gridSpan of SPAN."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (a, b) in zip(table.rows, [("id", "name"), ("S1", "Issuing a birth certificate"), ("S2", "Pension")]):
        row.cells[0].text, row.cells[1].text = a, b
    document.save(path)
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode()
    hostile = "".join(f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>x{i}</w:t></w:r></w:p></w:tc>' for i in range(cells))
    xml = xml.replace("</w:tbl>", f"<w:tr>{hostile}</w:tr>" * 20 + "</w:tbl>", 1)
    parts["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


# --------------------------------------------------------------------------- 1. outputs onto inputs


def _onto(how: str, target: Path, tmp: Path) -> Path:
    """The path an output names to reach TARGET: itself, a symlink to it, or a hard link."""
    if how == "path":
        return target
    link = tmp / f"{how}-{target.name}"
    if how == "symlink":
        link.symlink_to(target)
    else:
        os.link(target, link)
    return link


@generator("outputs_onto_inputs")
def outputs_onto_inputs() -> Iterator[tuple[str, Builder]]:
    """Every file a command reads is protected from --output and --write-baseline."""

    def register_itself(cmd: list[str]) -> Callable[[Path, str], Case]:
        def build(tmp: Path, how: str) -> Case:
            reg = register_csv(tmp)
            args = [a.replace("REG", str(reg)) for a in cmd] + ([] if "--format" in cmd else ["--format", "json"])
            return Case(args + ["--output", str(_onto(how, reg, tmp))], reads=[reg])
        return build

    def with_file(option: str, make: Callable[[Path], Path], cmd: list[str], out: str = "--output") -> Callable[[Path, str], Case]:
        def build(tmp: Path, how: str) -> Case:
            reg = register_csv(tmp)
            made = make(tmp)
            rule_file = made / "nature.yaml" if made.is_dir() else made
            args = [a.replace("REG", str(reg)) for a in cmd] + [option, str(made), "--format", "json"]
            return Case(args + [out, str(_onto(how, rule_file, tmp))], reads=[reg, rule_file])
        return build

    kinds = {
        "parse-register": register_itself(["parse", "REG", "--format", "csv"]),
        "classify-register": register_itself(["classify", "REG", "--rules", "kz", "--format", "csv"]),
        "audit-register": register_itself(["audit", "REG", "--rules", "kz", "--format", "json"]),
        "explain-register": register_itself(["explain", "REG", "Выдача архивных справок"]),
        "diff-register": register_itself(["diff", "REG", str(VALID / "kz_utf8.csv")]),
        "parse-profile": with_file("--profile", lambda t: copy(t, ROOT / "registers/profiles/generic.yaml", "profile.yaml"), ["parse", "REG"]),
        "classify-rules-folder": with_file("--rules", rules_folder, ["classify", "REG"]),
        "classify-rule-file": with_file("--rules", lambda t: copy(t, ROOT / "rules/kz/nature.yaml", "nature.yaml"), ["classify", "REG"]),
        "audit-budget": with_file("--budget", lambda t: copy(t, ROOT / "rules/budget/kz-2019.yaml", "budget.yaml"), ["audit", "REG", "--rules", "kz"]),
        "audit-catalogue": with_file("--catalogue", lambda t: copy(t, ROOT / "rules/catalogue.yaml", "catalogue.yaml"), ["audit", "REG", "--rules", "kz"]),
        "check-policy": with_file("--policy", lambda t: copy(t, ROOT / "examples/policy.yaml", "policy.yaml"), ["check", "REG", "--rules", "kz"]),
        "check-policy-baseline": with_file("--policy", lambda t: copy(t, ROOT / "examples/policy.yaml", "policy.yaml"), ["check", "REG", "--rules", "kz"], out="--write-baseline"),
        "check-rules-baseline": with_file("--rules", rules_folder, ["check", "REG", "--policy", str(ROOT / "examples/policy.yaml")], out="--write-baseline"),
    }
    # One mechanism protects every input, so links are tried on one input of each kind of file.
    linked = {"parse-register", "parse-profile", "classify-rules-folder", "audit-budget", "check-policy-baseline"}
    for name, build in kinds.items():
        for how in ("path", "symlink", "hardlink") if name in linked else ("path",):
            yield f"{name}-{how}", (lambda tmp, b=build, h=how: _expect_refusal(b(tmp, h)))

    def rules_list(tmp: Path) -> Case:
        folder = rules_folder(tmp)
        return _expect_refusal(Case(["rules", "list", str(folder), "--format", "json", "--output", str(folder / "domain.yaml")], reads=[folder / "domain.yaml"]))

    def baseline_output(tmp: Path) -> Case:
        reg = register_csv(tmp)
        policy = copy(tmp, ROOT / "examples/policy.yaml", "policy.yaml")
        baseline = tmp / "known.json"
        baseline.write_text('{"findings": []}\n', encoding="utf-8")
        return _expect_refusal(Case(["check", str(reg), "--rules", "kz", "--policy", str(policy), "--baseline", str(baseline),
                                     "--format", "json", "--output", str(_onto("symlink", baseline, tmp))], reads=[reg, policy, baseline]))

    def bundled_register(tmp: Path) -> Case:
        services = ROOT / "registers" / "kz" / "services.csv"
        return _expect_refusal(Case(["explain", "kz", "запись на прием к врачу", "--format", "json", "--output", str(_onto("symlink", services, tmp))], reads=[services]))

    yield "rules-list-folder", rules_list
    yield "check-baseline-output", baseline_output
    yield "explain-bundled-register", bundled_register


def _expect_refusal(case: Case) -> Case:
    case.codes = (2,)
    case.stderr = ("would overwrite the input",)
    return case


# --------------------------------------------------------------------------- 2a. devices and pipes


@generator("devices_and_pipes")
def devices_and_pipes() -> Iterator[tuple[str, Builder]]:
    """Devices are refused; a pipe or `-` is read once, within a bound."""
    options = {
        "register": lambda dev: ["parse", dev],
        "rules": lambda dev: ["classify", str(VALID / "kz_utf8.csv"), "--rules", dev],
        "policy": lambda dev: ["check", str(VALID / "kz_utf8.csv"), "--policy", dev],
        "budget": lambda dev: ["audit", str(VALID / "kz_utf8.csv"), "--rules", "kz", "--budget", dev],
        "catalogue": lambda dev: ["audit", str(VALID / "kz_utf8.csv"), "--rules", "kz", "--catalogue", dev],
        "baseline": lambda dev: ["check", str(VALID / "kz_utf8.csv"), "--rules", "kz", "--policy", str(ROOT / "examples/policy.yaml"), "--baseline", dev],
        "profile": lambda dev: ["parse", str(VALID / "kz_utf8.csv"), "--profile", dev],
    }
    for name, make in options.items():
        yield f"dev-zero-{name}", (lambda tmp, m=make: Case(m("/dev/zero")))

        def endless_fifo(tmp: Path, m=make) -> Case:
            fifo = tmp / "endless.fifo"
            os.mkfifo(fifo)
            return Case(m(str(fifo)), feed=(fifo, _zeros))

        yield f"endless-fifo-{name}", endless_fifo

    def device_in_rules_folder(tmp: Path) -> Case:
        folder = rules_folder(tmp)
        (folder / "nature.yaml").unlink()
        (folder / "nature.yaml").symlink_to("/dev/zero")
        return Case(["classify", str(VALID / "kz_utf8.csv"), "--rules", str(folder)], stderr=("device",))

    def fifo_register(tmp: Path) -> Case:
        fifo = tmp / "register.fifo"
        os.mkfifo(fifo)
        data = (VALID / "kz_utf8.csv").read_bytes()
        return Case(["parse", str(fifo), "--format", "json"], codes=(0,), feed=(fifo, lambda: data),
                    check=lambda run: _assert_services(run, 8))

    def stdin_register(tmp: Path) -> Case:
        return Case(["parse", "-", "--format", "json"], codes=(0,), stdin=(VALID / "kz_utf8.csv").read_bytes(),
                    check=lambda run: _assert_services(run, 8))

    def stdin_json(tmp: Path) -> Case:
        return Case(["parse", "-", "--format", "json"], codes=(0,), stdin=(VALID / "kz.json").read_bytes(),
                    check=lambda run: _assert_services(run, 1))

    yield "device-in-rules-folder", device_in_rules_folder
    yield "fifo-register-read-once", fifo_register
    yield "stdin-register", stdin_register
    yield "stdin-json-register", stdin_json


def _zeros() -> Iterator[bytes]:
    chunk = b"\0" * (1 << 20)
    while True:
        yield chunk


def _assert_services(run: Run, at_least: int) -> None:
    services = json.loads(run.stdout)["services"]
    assert len(services) >= at_least, f"only {len(services)} services"


# --------------------------------------------------------------------------- 2b. bombs


@generator("bombs")
def bombs() -> Iterator[tuple[str, Builder]]:
    """Files small on disk whose expansion would take minutes or gigabytes."""

    def merged_huge(tmp: Path) -> Case:
        merges = "".join(f'<mergeCell ref="A{3 + i}:XFD{3 + i}"/>' for i in range(2000))
        sheet = f"<sheetData>{HEADER_ROWS}</sheetData><mergeCells>{merges}<mergeCell ref=\"A3:XFD1048576\"/></mergeCells>"
        return Case(["parse", str(xlsx(tmp / "merged.xlsx", sheet))], codes=(0, 2))

    def claimed_dimension(tmp: Path) -> Case:
        sheet = f'<dimension ref="A1:XFD1048576"/><sheetData>{HEADER_ROWS}<row r="1048576">{_inline("XFD1048576", "corner")}</row></sheetData>'
        return Case(["parse", str(xlsx(tmp / "dimension.xlsx", sheet))], codes=(0, 2))

    def shared_strings_bomb(tmp: Path) -> Case:
        def strings() -> Iterator[bytes]:
            yield b"<si><t>id</t></si><si><t>name</t></si>"
            block = b"<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>" * 16384
            for _ in range(300 * 1024 * 1024 // len(block)):
                yield block
        sheet = '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData>'
        return Case(["parse", str(xlsx(tmp / "bomb.xlsx", sheet, shared=strings()))], stderr=("MiB",))

    def html_spans(tmp: Path) -> Case:
        cells = "".join(f'<td colspan="1000" rowspan="65534">x{i}</td>' for i in range(60))
        rows = "".join(f"<tr>{cells}</tr>" for _ in range(200))
        page = tmp / "spans.html"
        page.write_text(f"<html><body><table><tr><th>id</th><th>name</th></tr>{rows}</table></body></html>", encoding="utf-8")
        return Case(["parse", str(page)])

    def html_rowspans(tmp: Path) -> Case:
        rows = "".join(f'<tr><td rowspan="65534">S{i}</td><td rowspan="0">name {i}</td></tr>' for i in range(3000))
        page = tmp / "rowspans.html"
        page.write_text(f"<html><body><table><tr><th>id</th><th>name</th></tr>{rows}</table></body></html>", encoding="utf-8")
        return Case(["parse", str(page)], codes=(0, 2))

    def docx_spans(tmp: Path) -> Case:
        return Case(["parse", str(docx_with_spans(tmp / "spans.docx", span=10**9, cells=200))])

    def json_sparse(tmp: Path) -> Case:
        path = tmp / "sparse.json"
        path.write_text(json.dumps([{"name": f"service {i}", f"key{i}": "v"} for i in range(100_000)]), encoding="utf-8")
        return Case(["parse", str(path)], stderr=("keys",))

    def jsonl_sparse(tmp: Path) -> Case:
        path = tmp / "sparse.jsonl"
        path.write_text("".join(json.dumps({"name": f"service {i}", f"key{i}": "v"}) + "\n" for i in range(100_000)), encoding="utf-8")
        return Case(["audit", str(path), "--rules", "en"], stderr=("keys",))

    def diff_shared_words(tmp: Path) -> Case:
        import random

        rng = random.Random(11)
        letters = "abcdefghijklmnopqrstuvwxyz"
        words = ["".join(rng.choice(letters) for _ in range(8)) for _ in range(30_000)]
        common = "application for the registration of the certificate of"
        old = write_csv(tmp / "old.csv", ["name"], [[f"{common} {w}"] for w in words])
        new = write_csv(tmp / "new.csv", ["name"], [[f"{common} {w[:-1]}x"] for w in words])
        return Case(["diff", str(old), str(new), "--match", "name", "--rules", "en", "--format", "json"], codes=(0,))

    yield "xlsx-merged-ranges", merged_huge
    yield "xlsx-claimed-dimension", claimed_dimension
    yield "xlsx-shared-strings-zip-bomb", shared_strings_bomb
    yield "html-colspan-rowspan", html_spans
    yield "html-rowspans", html_rowspans
    yield "docx-gridspan", docx_spans
    yield "json-sparse-keys", json_sparse
    yield "jsonl-sparse-keys", jsonl_sparse
    yield "diff-names-sharing-words", diff_shared_words
