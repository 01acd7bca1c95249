"""Rendering a rule set's evaluation against hand labels (pure: returns, never prints)."""

from __future__ import annotations

from typing import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from register_audit.render.base import Format, md_escape, provenance_line, to_json
from register_audit.rules.evaluate import Confusion, Evaluation, EvalAxis

AXIS_TITLES = {
    EvalAxis.nature: "nature",
    EvalAxis.completeness: "completeness (with partial kind)",
    EvalAxis.domain: "domain (COFOG division)",
    EvalAxis.domain_group: "domain (COFOG group, not gated)",
    EvalAxis.human_service: "human service",
}
_LANGUAGE_COLUMNS = (EvalAxis.nature, EvalAxis.completeness, EvalAxis.domain, EvalAxis.human_service)


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def verdict(result: Evaluation) -> str:
    """One sentence: passed, or which measures fell below the minimum."""
    if result.passed:
        return f"Every axis agrees with the hand labels on at least {result.minimum:.0%} of the {result.names} names."
    return f"Below {result.minimum:.0%}: {', '.join(result.below)} (exit 1)."


def _recall_line(result: Evaluation) -> str:
    r = result.partial_recall
    if r.share is None:
        return "Partial recall: no name is labelled partial."
    return f"Partial recall: {r.recalled} of the {r.labelled} names labelled partial come out partial with the right kind ({_pct(r.share)})."


def _fallback_line(result: Evaluation) -> str:
    parts = ", ".join(f"{f.axis.value} {f.fallback} ({_pct(f.share)})" for f in result.fallback)
    return f"Decided by a fallback rule or by no rule: {parts}."


def _model_line(result: Evaluation) -> str:
    if result.model is None:
        return "Domain model: off (the rule set switches none on); the rules alone decide."
    return (f"Domain decided by the model {result.model} (where no domain rule decides, evidence "
            f"`model:domain`): {result.model_decided} of {result.names} names.")


def _rule(rule: str | None, fallback: bool) -> str:
    if rule is None:
        return "no rule"
    return f"{rule} (fallback)" if fallback else rule


def _short(value: str) -> str:
    """A partial value by its kind alone ("partial:queue" → "queue"), so a matrix fits 80 columns."""
    return value.split(":", 1)[-1]


def _matrix_rows(confusion: Confusion) -> list[list[str]]:
    return [[expected, *(str(confusion.count(expected, got) or "") for got in confusion.values)]
            for expected in confusion.values]


# --------------------------------------------------------------------------- table


def eval_table(result: Evaluation) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{result.labels}: {result.names} labelled names, rules {result.ruleset}"),
    ]
    agreement = Table(title="Agreement with the hand labels", title_justify="left")
    for column in ("axis", "agreed", "names", "share", "gated"):
        agreement.add_column(column, justify="left" if column == "axis" else "right")
    for a in result.agreement:
        mark = ("below" if a.share < result.minimum else "ok") if a.gated else "-"
        agreement.add_row(AXIS_TITLES[a.axis], str(a.agreed), str(a.names), _pct(a.share), mark)
    parts += [agreement, Text(_recall_line(result))]
    if len(result.by_language) > 1:
        languages = Table(title="By language", title_justify="left")
        languages.add_column("language")
        languages.add_column("names", justify="right")
        for axis in _LANGUAGE_COLUMNS:
            languages.add_column(axis.value, justify="right")
        for lang in result.by_language:
            shares = {a.axis: a.share for a in lang.agreement}
            languages.add_row(lang.language or "-", str(lang.names), *(_pct(shares[a]) for a in _LANGUAGE_COLUMNS))
        parts.append(languages)
    parts += [Text(_fallback_line(result)), Text(_model_line(result))]
    for confusion in result.confusion:
        if confusion.axis == EvalAxis.domain_group:
            continue  # the division matrix and the disagreements show it; a group matrix is too wide
        title = "completeness (partial by its kind)" if confusion.axis == EvalAxis.completeness else AXIS_TITLES[confusion.axis]
        matrix = Table(title=f"Confusion: {title}; rows: hand label, columns: rules",
                       title_justify="left")
        matrix.add_column("hand \\ rules", no_wrap=True)
        for got in confusion.values:
            matrix.add_column(_short(got), justify="right")
        for cells in _matrix_rows(confusion):
            matrix.add_row(_short(cells[0]), *cells[1:])
        parts.append(matrix)
    if result.disagreements:
        table = Table(title=f"Disagreements ({len(result.disagreements)})", title_justify="left")
        for column in ("id", "axis", "hand", "rules", "decided by", "name"):
            table.add_column(column, overflow="fold", ratio=4 if column == "name" else 1)
        for d in result.disagreements:
            table.add_row(d.id, d.axis.value, d.expected, d.got, _rule(d.rule, d.fallback), d.name)
        parts.append(table)
    else:
        parts.append(Text("Disagreements: none."))
    parts += [Text(verdict(result)), Text(provenance_line(result.provenance), style="dim")]
    return Group(*parts)


# --------------------------------------------------------------------------- markdown


def eval_markdown(result: Evaluation) -> str:
    out = [f"# Rules `{md_escape(result.ruleset)}` against `{md_escape(result.labels)}`", "",
           f"{result.names} labelled names. {md_escape(verdict(result))}", "",
           "| axis | agreed | names | share | gated |", "|---|---:|---:|---:|---|"]
    for a in result.agreement:
        mark = ("**below**" if a.share < result.minimum else "ok") if a.gated else "-"
        out.append(f"| {AXIS_TITLES[a.axis]} | {a.agreed} | {a.names} | {_pct(a.share)} | {mark} |")
    out += ["", md_escape(_recall_line(result)), "", md_escape(_fallback_line(result)), "",
            md_escape(_model_line(result)), ""]
    if len(result.by_language) > 1:
        out += ["## By language", "", "| language | names | " + " | ".join(a.value for a in _LANGUAGE_COLUMNS) + " |",
                "|---|---:|" + "---:|" * len(_LANGUAGE_COLUMNS)]
        for lang in result.by_language:
            shares = {a.axis: a.share for a in lang.agreement}
            out.append(f"| {md_escape(lang.language or '-')} | {lang.names} | "
                       + " | ".join(_pct(shares[a]) for a in _LANGUAGE_COLUMNS) + " |")
        out.append("")
    for confusion in result.confusion:
        if confusion.axis == EvalAxis.domain_group:
            continue
        out += [f"## Confusion: {AXIS_TITLES[confusion.axis]}", "", "Rows: the hand label; columns: the rules' label.", "",
                "| hand \\\\ rules | " + " | ".join(md_escape(v) for v in confusion.values) + " |",
                "|---|" + "---:|" * len(confusion.values)]
        out += ["| " + " | ".join(md_escape(c) for c in cells) + " |" for cells in _matrix_rows(confusion)]
        out.append("")
    out += [f"## Disagreements ({len(result.disagreements)})", ""]
    if result.disagreements:
        out += ["| id | axis | hand | rules | decided by | name |", "|---|---|---|---|---|---|"]
        for d in result.disagreements:
            out.append(f"| {md_escape(d.id)} | {d.axis.value} | {md_escape(d.expected)} | {md_escape(d.got)} | "
                       f"`{md_escape(_rule(d.rule, d.fallback))}` | {md_escape(d.name)} |")
    else:
        out.append("None.")
    out += ["", md_escape(provenance_line(result.provenance)), ""]
    return "\n".join(out)


EVAL_RENDERERS: dict[Format, Callable[[Evaluation], str | RenderableType]] = {
    Format.table: eval_table,
    Format.json: to_json,
    Format.markdown: eval_markdown,
}
