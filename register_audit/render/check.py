"""Check report renderers: table, json, junit, github and markdown, chosen from one registry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from register_audit.check.evaluate import CheckReport, CheckResult, Finding, CheckStatus, show
from register_audit.render.fit import NARROW, Fitted
from register_audit.render.base import Format, md_escape, to_json, provenance_line
from register_audit.render.caveats import warnings_markdown, warnings_rich

# A job summary or a terminal is read by a person: past this many findings per check the
# rest are counted, not listed (json and junit keep every one for machines).
SHOWN_FINDINGS = 50
_MARK = {CheckStatus.passed: "PASS", CheckStatus.failed: "FAIL", CheckStatus.skipped: "SKIP"}


def _where(finding: Finding) -> str:
    subject = finding.subject
    if subject.file is None:
        return ""
    return subject.file + (f":{subject.row}" if subject.row is not None else "")


def _value(result: CheckResult) -> str:
    """The measured value in the unit its threshold is shown in (a share as a percentage)."""
    return "" if result.value is None else show(result.value, result.unit)


def _measured(result: CheckResult) -> str:
    """`64.3% against >= 75%`: the value and its threshold in one unit ('' for a check without one)."""
    if result.value is None or not result.threshold:
        return ""
    return f"{_value(result)} against {result.threshold}"


def _shown(result: CheckResult) -> tuple[list[Finding], int]:
    """The findings worth a reader's eye: new ones of a failed check, else none; and the rest."""
    if result.status is not CheckStatus.failed:
        return [], 0
    new = list(result.new_findings)
    return new[:SHOWN_FINDINGS], max(0, len(new) - SHOWN_FINDINGS)


def _verdict(report: CheckReport) -> str:
    counts = report.counts
    head = "passed" if report.passed else "failed"
    return f"{head}: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"


# --------------------------------------------------------------------------- table


def _checks_table(report: CheckReport, width: int) -> Table:
    """One row per check; below NARROW columns the summary goes under the check's id, so neither
    the id nor the summary is folded into a narrow column."""
    narrow = width < NARROW
    table = Table(title=f"check {report.edition} against {report.policy}", title_justify="left", expand=narrow)
    table.add_column("check and summary" if narrow else "check", overflow="fold", ratio=1 if narrow else None)
    for column in ("status", "value", "threshold", *(() if narrow else ("summary",))):
        table.add_column(column, overflow="fold", no_wrap=narrow)
    for result in report.results:
        style = {CheckStatus.passed: "green", CheckStatus.failed: "bold red", CheckStatus.skipped: "yellow"}[result.status]
        cells = [Text(_MARK[result.status], style=style), _value(result), result.threshold]
        if narrow:
            table.add_row(Text.assemble((result.id, "bold"), "\n", result.summary), *cells)
        else:
            table.add_row(result.id, *cells, result.summary)
    return table


def render_table(report: CheckReport) -> RenderableType:
    """A rich table of checks, then the new findings of each failed check, then the verdict."""
    parts: list[RenderableType] = [*warnings_rich(report.warnings), Fitted(lambda width: _checks_table(report, width))]
    for result in report.results:
        shown, more = _shown(result)
        if not shown and result.status is not CheckStatus.failed:
            continue
        parts.append(Text(f"\n{result.id}: {result.message}", style="bold"))
        for finding in shown:
            where = _where(finding)
            parts.append(Text(f"  {where + ': ' if where else ''}{finding.message}"))
        if more:
            parts.append(Text(f"  … and {more} more"))
    parts.append(Text(f"\n{_verdict(report)}", style="bold green" if report.passed else "bold red"))
    parts.append(Text(provenance_line(report.provenance), style="dim"))
    return Group(*parts)


# --------------------------------------------------------------------------- json


def render_json(report: CheckReport) -> str:
    return to_json(report)


# --------------------------------------------------------------------------- junit


def render_junit(report: CheckReport) -> str:
    """JUnit XML: one <testcase> per check; a failed check's <failure> lists its new findings."""
    counts = {"tests": str(len(report.results)), "failures": str(report.counts["failed"]),
              "errors": "0", "skipped": str(report.counts["skipped"])}
    root = ET.Element("testsuites", {"name": "register-audit check", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": f"{report.edition} ({report.policy})", **counts})
    properties = ET.SubElement(suite, "properties")
    for name in ("policy", "edition", "against", "baseline"):
        value = getattr(report, name)
        if value is not None:
            ET.SubElement(properties, "property", {"name": name, "value": value})
    for warning in report.warnings:
        ET.SubElement(properties, "property", {"name": f"warning.{warning.code}", "value": warning.message})
    ET.SubElement(properties, "property", {"name": "provenance", "value": provenance_line(report.provenance)})
    for result in report.results:
        case = ET.SubElement(suite, "testcase", {"classname": f"register-audit.{result.measure}", "name": result.id})
        measured = _measured(result)
        if measured:
            shown = ET.SubElement(case, "properties")
            ET.SubElement(shown, "property", {"name": "value", "value": _value(result)})
            ET.SubElement(shown, "property", {"name": "threshold", "value": result.threshold})
        if result.status is CheckStatus.failed:
            message = f"{result.message} {result.summary}" + (f" ({measured})" if measured else "")
            failure = ET.SubElement(case, "failure", {"message": message, "type": result.measure})
            lines = [result.summary, *(f"{_where(f) + ': ' if _where(f) else ''}{f.message}" for f in result.new_findings)]
            failure.text = "\n".join(lines)
        elif result.status is CheckStatus.skipped:
            ET.SubElement(case, "skipped", {"message": result.summary})
        else:
            ET.SubElement(case, "system-out").text = result.summary
    ET.indent(root)
    # ElementTree escapes markup but lets through characters XML 1.0 forbids (control characters
    # from a name or a file name): they become U+FFFD, so the report stays well-formed.
    body = _XML_FORBIDDEN.sub("\ufffd", ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --------------------------------------------------------------------------- github


def _escape_data(text: str) -> str:
    # GitHub's workflow-command rules (actions/toolkit, command.ts: escapeData).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # escapeProperty: the data escapes, and ':' and ',' which separate properties.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, *, title: str, file: str | None = None, line: int | None = None) -> str:
    props = [f"file={_escape_property(file)}"] if file is not None else []
    if file is not None and line is not None:
        props.append(f"line={line}")
    props.append(f"title={_escape_property(title)}")
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"


def render_github(report: CheckReport) -> str:
    """Workflow commands: an ::error per new finding of a failed check, at its file and row;
    a ::notice per passed or skipped check."""
    lines = [_command("warning", w.message, title="register-audit check: read this before quoting") for w in report.warnings]
    for result in report.results:
        title = f"register-audit check {result.id}"
        # A share is said against its threshold in percent: "30% against <= 25%" (a count's summary says it already).
        measured = f" ({_measured(result)})" if _measured(result) and result.unit == "share" else ""
        if result.status is not CheckStatus.failed:
            lines.append(_command("notice", f"{_MARK[result.status]}{measured}: {result.summary}", title=title))
            continue
        new = result.new_findings
        if not new:
            lines.append(_command("error", f"{result.message}{measured} {result.summary}", title=title))
        for finding in new:
            lines.append(_command("error", f"{result.message}{measured} {finding.message}", title=title,
                                  file=finding.subject.file, line=finding.subject.row))
    lines.append(_verdict(report))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- markdown


def render_markdown(report: CheckReport) -> str:
    """A job summary: the verdict, a table of checks, and the new findings of failed checks."""
    icon = "✅" if report.passed else "❌"
    out = [f"## {icon} register-audit check: {_verdict(report)}", "",
           f"Register `{report.edition}`, policy `{report.policy}`"
           + (f", against `{report.against}`" if report.against else "")
           + (f", baseline `{report.baseline}`" if report.baseline else "") + ".", "",
           *warnings_markdown(report.warnings),
           "| check | status | value | threshold | summary |", "|---|---|---|---|---|"]
    for r in report.results:
        out.append(f"| `{r.id}` | {_MARK[r.status]} | {_value(r)} | {md_escape(r.threshold)} | {md_escape(r.summary)} |")
    for result in report.results:
        shown, more = _shown(result)
        if result.status is not CheckStatus.failed:
            continue
        out += ["", f"### `{result.id}`: {md_escape(result.message)}", ""]
        out += [f"- {'`' + _where(f) + '` ' if _where(f) else ''}{md_escape(f.message)}" for f in shown]
        if more:
            out.append(f"- … and {more} more")
    out += ["", md_escape(provenance_line(report.provenance))]
    return "\n".join(out) + "\n"


CHECK_RENDERERS: dict[Format, Callable[[CheckReport], RenderableType | str]] = {
    Format.table: render_table,
    Format.json: render_json,
    Format.junit: render_junit,
    Format.github: render_github,
    Format.markdown: render_markdown,
}
