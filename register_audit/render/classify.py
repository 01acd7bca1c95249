"""Rendering classifications, explanations and rule-set reports (pure: returns, never prints)."""

from __future__ import annotations

from typing import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from register_audit.model.depth import DepthLabel
from register_audit.model.records import Axis, ClassifiedService, Classification, Decision, Evidence, Frozen, HumanLabel
from register_audit.explain import Explanation, explanation  # noqa: F401 (re-exported)
from register_audit.render.base import Format, to_csv, to_json, to_jsonl, provenance_line
from register_audit.render.xlsx import workbook
from register_audit.rules.ruleset import RuleSet
from register_audit.rules.lint import LintFinding, Severity, TestReport

CSV_COLUMNS = (
    "id", "name", "nature", "completeness", "partial_kind", "domain", "human_service", "depth",
    "nature_rule", "completeness_rule", "domain_rule",
    "nature_matched", "completeness_matched", "domain_matched", "conflict", "depth_fields",
)


class Row(Frozen):
    """One classified service as the public contract shows it (DESIGN.md, `classify`)."""

    id: str
    name: str
    nature: str
    completeness: str
    partial_kind: str
    domain: str
    human_service: str
    depth: str  # end_to_end | apply_online | information | offline | unknown (from the register's fields)
    nature_rule: str
    completeness_rule: str
    domain_rule: str
    nature_matched: str
    completeness_matched: str
    domain_matched: str
    conflict: str  # ids of equal-priority rules that disagreed with the winner, `;`-separated
    depth_fields: str  # the fields the depth was read from, `field=value`, `;`-separated


def row(item: ClassifiedService) -> Row:
    labels = item.labels
    by_axis = {d.axis: d for d in labels.decisions}

    def rule(axis: Axis) -> str:
        decision = by_axis.get(axis)
        return decision.winner.rule_id if decision and decision.winner else ""

    def matched(axis: Axis) -> str:
        decision = by_axis.get(axis)
        return decision.winner.matched if decision and decision.winner else ""

    conflicts = sorted({e.rule_id for d in labels.decisions for e in d.conflict})
    return Row(
        id=item.service.id,
        name=item.service.name,
        nature=labels.nature.value,
        completeness=labels.completeness.value,
        partial_kind=labels.partial_kind.value if labels.partial_kind else "",
        domain=labels.domain,
        human_service=HumanLabel.of(labels.human_service).value,
        depth=item.service.depth.value.value,
        nature_rule=rule(Axis.nature),
        completeness_rule=rule(Axis.completeness),
        domain_rule=rule(Axis.domain),
        nature_matched=matched(Axis.nature),
        completeness_matched=matched(Axis.completeness),
        domain_matched=matched(Axis.domain),
        conflict=";".join(conflicts),
        depth_fields=depth_fields(item.service.depth),
    )


def depth_fields(label: DepthLabel) -> str:
    """The evidence of a depth as `field=value` pairs, `;`-separated (empty when nothing was read)."""
    return ";".join(f"{field}={value}" for field, value in label.fields.items())


def classify_json(result: Classification) -> str:
    """The JSON document of `classify`: which register, which rules, and one row per service."""
    rows = [row(i).model_dump(mode="json") for i in result.items]
    return to_json({"register": result.meta.name, "ruleset": result.ruleset, "services": rows,
                    "provenance": result.provenance.model_dump(mode="json")})


def classify_jsonl(result: Classification) -> str:
    return to_jsonl(row(i) for i in result.items)


def classify_csv(result: Classification) -> str:
    return to_csv(CSV_COLUMNS, ([getattr(r, c) for c in CSV_COLUMNS] for r in map(row, result.items)))


def _labels_cell(r: Row) -> str:
    """The four labels and the depth stacked in one cell, a label a line (the narrow table)."""
    kind = f" ({r.partial_kind})" if r.partial_kind else ""
    return f"{r.nature}\n{r.completeness}{kind}\ndomain {r.domain}, human {r.human_service}\ndepth {r.depth}"


def _narrow_table(result: Classification) -> Table:
    """Below NARROW columns: the name with its id below it, and the labels stacked in one column,
    so neither the name nor the id is cut into a column of letters."""
    table = Table(title=f"{result.meta.name} classified with {result.ruleset}", title_justify="left", expand=True,
                  show_lines=True)
    table.add_column("service (name, id)", ratio=1, min_width=24, overflow="fold")
    table.add_column("labels", no_wrap=True)
    for r in map(row, result.items):
        table.add_row(Text.assemble(r.name, "\n", (f"[{r.id}]", "dim")), _labels_cell(r))
    table.caption, table.caption_justify = provenance_line(result.provenance), "left"
    return table


def classify_table(result: Classification) -> RenderableType:
    from register_audit.render.fit import NARROW, Fitted

    return Fitted(lambda width: _narrow_table(result) if width < NARROW else _wide_table(result))


def _wide_table(result: Classification) -> Table:
    table = Table(title=f"{result.meta.name} classified with {result.ruleset}", title_justify="left")
    for column in ("id", "name", "nature", "completeness", "kind", "domain", "human", "depth"):
        table.add_column(column, overflow="fold", ratio=3 if column == "name" else 1)
    for r in map(row, result.items):
        table.add_row(r.id, r.name, r.nature, r.completeness, r.partial_kind, r.domain, r.human_service, r.depth)
    table.caption, table.caption_justify = provenance_line(result.provenance), "left"
    return table


CLASSIFY_RENDERERS: dict[Format, Callable[[Classification], str | RenderableType]] = {
    Format.table: classify_table,
    Format.json: classify_json,
    Format.jsonl: classify_jsonl,
    Format.csv: classify_csv,
    Format.xlsx: workbook,
}


# --------------------------------------------------------------------------- explain


def _evidence_line(evidence: Evidence) -> str:
    kind = f" ({evidence.kind})" if evidence.kind else ""
    matched = f" on {evidence.field}: {evidence.matched!r}" if evidence.matched else f" ({evidence.field} present)"
    return f"{evidence.rule_id} → {evidence.value}{kind}, priority {evidence.priority}{matched}"


def explain_table(result: Explanation) -> RenderableType:
    head = Text(f"{result.service_id}  {result.name}\nfound by {result.found_by}; human service: {result.human_service}")
    table = Table(show_lines=True)
    for column in ("axis", "value", "winning rule and the text it matched", "rules that lost"):
        table.add_column(column, overflow="fold")
    for decision in result.decisions:
        value = decision.value + (f" ({decision.kind})" if decision.kind else "")
        winner = _evidence_line(decision.winner) if decision.winner else "no rule matched"
        lost = [f"CONFLICT, same priority: {_evidence_line(e)}" for e in decision.conflict]
        lost += [_evidence_line(e) for e in decision.losers]
        table.add_row(decision.axis.value, value, winner, "\n".join(lost) or "-")
    depth = result.depth
    read = ", ".join(f"{field}={value!r}" for field, value in depth.fields.items()) or "no field read"
    table.add_row("depth", depth.value.value, f"{depth.reason} ({read})", "-")
    return Group(head, table, Text(provenance_line(result.provenance), style="dim"))


EXPLAIN_RENDERERS: dict[Format, Callable[[Explanation], str | RenderableType]] = {
    Format.table: explain_table,
    Format.json: to_json,
}


# --------------------------------------------------------------------------- rules


def rules_table(ruleset: RuleSet) -> RenderableType:
    table = Table(title=f"rule set {ruleset.name}", title_justify="left")
    for column in ("axis", "id", "value", "priority", "fields", "description"):
        table.add_column(column, overflow="fold", max_width=70 if column == "description" else None)
    for sourced in ruleset.files:
        for rule in sourced.file.rules:
            value = rule.value + (f" ({rule.kind.value})" if rule.kind else "")
            table.add_row(sourced.file.axis.value, rule.id, value, str(rule.priority), ", ".join(rule.fields()), " ".join(rule.description.split()))
    return table


def rules_json(ruleset: RuleSet) -> str:
    return to_json(ruleset)


RULES_RENDERERS: dict[Format, Callable[[RuleSet], str | RenderableType]] = {
    Format.table: rules_table,
    Format.json: rules_json,
}


def test_report(name: str, report: TestReport) -> str:
    """One line per rule (PASS/FAIL, examples passed), the failing examples, and a summary."""
    lines: list[str] = []
    for result in report.results:
        total = result.passed + len(result.failures)
        status = "PASS" if result.ok else "FAIL"
        lines.append(f"{status} {result.rule_id}: {result.passed}/{total} examples ({result.path})")
        for failure in result.failures:
            verb = "should match but does not" if failure.expected == "match" else "should not match but does"
            lines.append(f"     {verb}: {failure.example}")
    failed = sum(1 for r in report.results if not r.ok)
    lines.append(f"{name}: {len(report.results) - failed} rules passed, {failed} failed.")
    return "\n".join(lines) + "\n"


def lint_report(name: str, findings: tuple[LintFinding, ...]) -> str:
    """One line per finding (warnings marked), then a count of problems and of warnings."""
    lines = [f"{f.path}: rule {f.rule_id!r}: {'warning: ' if f.severity == Severity.warning else ''}"
             f"{f.code.value}: {f.message}." for f in findings]
    problems = sum(1 for f in findings if f.severity == Severity.problem)
    warnings = len(findings) - problems
    summary = f"{problems} problem{'s' if problems != 1 else ''} found" if problems else "no problems found"
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    lines.append(f"{name}: {summary}.")
    return "\n".join(lines) + "\n"
