"""Render a comparison of registers: one column per register as a table, JSON, Markdown, and an HTML page with one chart per measure."""

from __future__ import annotations

from html import escape
from typing import Callable, Sequence

from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text

from register_audit.compare.paradox import HUMAN_DIVISIONS, Comparison, Paradox
from register_audit.model.depth import DEPTH_ORDER, Depth
from register_audit.render.base import Format, md_escape, provenance_line, to_json
from register_audit.render.caveats import warnings_html, warnings_markdown, warnings_rich
from register_audit.render.page import page
from register_audit.render.depth import DEPTH_TITLE
from register_audit.render.fit import Columns

Value = float | int | None


class Measure:
    """One row of the comparison: its label, how to read it from a register, and what None means there."""

    def __init__(self, key: str, label: str, read: Callable[[Paradox], Value], *, unit: str = "%",
                 missing: Callable[[Paradox], str] = lambda p: "unknown") -> None:
        self.key, self.label, self.read, self.unit, self.missing = key, label, read, unit, missing

    def cell(self, p: Paradox) -> str:
        value = self.read(p)
        if value is None:
            return self.missing(p)
        if self.unit == "%":
            return f"{value:.1f}%"
        return f"{value:.2f}" if isinstance(value, float) else f"{value:,}"


def _no_use(p: Paradox) -> str:
    return "not counted" if not p.counts_use else "unknown"


def _no_budget(p: Paradox) -> str:
    return "no table" if p.budget is None else "no figure"


def _depth(group: str, depth: Depth) -> Measure:
    """A depth's share; a register whose fields say nothing of depth has only `unknown` (100%)."""
    def read(p: Paradox) -> Value:
        return p.depth_pct[group][depth.value] if p.depth_fields or depth is Depth.unknown else None

    return Measure(f"depth_{group}_{depth.value}", f"{group} services: {DEPTH_TITLE[depth]}", read,
                   missing=lambda p: "not said" if not p.depth_fields else "unknown")


MEASURES: tuple[Measure, ...] = (
    Measure("services", "services (the number boasted)", lambda p: p.services, unit=""),
    Measure("human_pct", "human services, % of services", lambda p: p.human_pct),
    Measure("human_access_only_pct", "human services only an access step, % of them", lambda p: p.human_access_only_pct),
    Measure("transformational_pct", "transformational, % of services", lambda p: p.transformational_pct),
    *(_depth(group, depth) for group in ("human", "other") for depth in (*DEPTH_ORDER, Depth.unknown)),
    Measure("human_applications_pct", "human services' share of applications", lambda p: p.human_applications_pct, missing=_no_use),
    Measure("partial_applications_pct", "access steps' share of applications", lambda p: p.partial_applications_pct, missing=_no_use),
    Measure("human_interactions_pct", "human services' share of interactions", lambda p: p.human_interactions_pct, missing=_no_use),
    Measure("human_online_pct", "human-service applications made online", lambda p: p.human_online_pct, missing=_no_use),
    Measure("without_applications", "services with no application figure", lambda p: p.without_applications, unit="",
            missing=_no_use),
    *(Measure(f"budget_ratio_{code}", f"budget ratio {code} (register ÷ spending share)",
              lambda p, code=code: p.budget_ratio.get(code), unit="ratio", missing=_no_budget) for code in HUMAN_DIVISIONS),
)


def column_title(p: Paradox) -> str:
    """A register's column: its name, country and edition, and `(collection)` when it is one."""
    return f"{p.name}\n{p.country} {p.edition}" + ("\n(collection)" if p.collection else "")


def measure_rows(columns: Sequence[Paradox]) -> list[list[str]]:
    """One row per measure: its label, then its value in each column (a register, an edition)."""
    return [[m.label, *(m.cell(p) for p in columns)] for m in MEASURES]


def _rows(result: Comparison) -> list[list[str]]:
    return measure_rows(result.registers)


def compare_table(result: Comparison) -> RichGroup:
    table = Table(title="The numbers game, register by register", title_justify="left", expand=True)
    table.add_column("measure", ratio=3, overflow="fold")
    for p in result.registers:
        table.add_column(column_title(p), justify="right", ratio=2, overflow="fold")
    for row in _rows(result):
        table.add_row(*row)
    notes = Text("Shares by count unless they say applications or interactions; unknown is the register's "
                 "silence, never zero. Depth is read from each register's own fields.", style="dim")
    return RichGroup(*warnings_rich(result.warnings), table, notes, Text(provenance_line(result.provenance), style="dim"))


def compare_json(result: Comparison) -> str:
    return to_json(result)


def compare_markdown(result: Comparison) -> str:
    out = ["# The numbers game, register by register", "", *warnings_markdown(result.warnings)]
    header = ["measure", *(column_title(p).replace("\n", " ") for p in result.registers)]
    out += ["| " + " | ".join(md_escape(h) for h in header) + " |", "|---|" + "---:|" * len(result.registers)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in _rows(result)]
    out += ["", "Shares by count unless they say applications or interactions; unknown is the register's silence, "
            "never zero. Depth is read from each register's own fields "
            + "; ".join(f"`{p.name}`: {', '.join(p.depth_fields) or 'none'}" for p in result.registers) + ".", "",
            md_escape(provenance_line(result.provenance)), ""]
    return "\n".join(out)


def _charts(result: Comparison) -> list[tuple[str, str]]:
    """(heading, SVG): one chart per measure; depth as stacked bars, human services beside the rest."""
    from register_audit.render import charts  # matplotlib costs ~0.4 s to import: only for HTML

    labels = [column_title(p).replace("\n", " ") for p in result.registers]
    drawn: list[tuple[str, str]] = []
    for m in MEASURES:
        if m.key.startswith("depth_"):
            if m.key == "depth_human_end_to_end":
                bars = [f"{label}: {group}" for label in labels for group in ("human", "other")]
                shares = [p.depth_pct[group] for p in result.registers for group in ("human", "other")]
                drawn.append(("Digital depth, human services and the rest",
                              charts.depth_bars("Digital depth: share of each group's services at each depth", bars, shares)))
            continue
        values = [m.read(p) for p in result.registers]
        unit = "%" if m.unit == "%" else ""
        drawn.append((m.label, charts.register_bars(m.label, labels, [None if v is None else float(v) for v in values], unit)))
    return drawn


def compare_html(result: Comparison) -> str:
    """One self-contained page: the side-by-side table, then one chart per measure."""
    e = escape
    head = "".join(f"<th>{e(column_title(p)).replace(chr(10), '<br>')}</th>" for p in result.registers)
    body = "".join("<tr>" + f"<td>{e(row[0])}</td>" + "".join(f'<td class="n">{e(c)}</td>' for c in row[1:]) + "</tr>"
                   for row in _rows(result))
    out = ["<h1>The numbers game, register by register</h1>", warnings_html(result.warnings),
           f'<table id="comparison"><thead><tr><th>measure</th>{head}</tr></thead><tbody>{body}</tbody></table>',
           '<p class="note">Shares by count unless they say applications or interactions; unknown is the register\'s '
           "silence, never zero. Depth is read from each register's own fields: "
           + e("; ".join(f"{p.name}: {', '.join(p.depth_fields) or 'none'}" for p in result.registers)) + ".</p>"]
    for heading, svg in _charts(result):
        out += [f"<h2>{e(heading)}</h2>", f'<figure class="chart">{svg}</figure>']
    out.append(f'<p class="note">{e(provenance_line(result.provenance))}</p>')
    return page("The numbers game, register by register", out)


# --------------------------------------------------------------------------- trend


def _channels_note(columns: Sequence[Paradox]) -> str:
    counted = [p for p in columns if p.counts_use]
    if not counted:
        return "No edition counts use."
    return (f"Applications counted on the channels every edition gives figures for: {', '.join(counted[0].use_channels)}.")


def editions_table(columns: Sequence[Paradox]) -> Columns:
    """The paradox measures of each edition of a trend, one column per edition named in full."""
    cells = [row[1:] for row in measure_rows(columns)]
    return Columns("Depth and use by edition (did human services move online?)", "measure", [m.label for m in MEASURES],
                   [(p.name, [row[i] for row in cells]) for i, p in enumerate(columns)], caption=_channels_note(columns))


def editions_markdown(columns: Sequence[Paradox]) -> list[str]:
    out = ["## Depth and use by edition", "", "| measure | " + " | ".join(md_escape(p.edition or p.name) for p in columns) + " |",
           "|---|" + "---:|" * len(columns)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in measure_rows(columns)]
    return [*out, "", md_escape(_channels_note(columns)), ""]


def editions_html(columns: Sequence[Paradox]) -> str:
    """The table, and one chart: online end to end (human services, the rest) and applications made online."""
    from register_audit.render import charts

    e = escape
    labels = [p.name for p in columns]
    where = ", ".join(sorted({p.country for p in columns if p.country})) or ", ".join(labels)
    chart = charts.edition_lines(f"Online end to end, and human-service applications made online, {where}", labels, {
        "human services online end to end (% of them)": [p.depth_pct["human"]["end_to_end"] if p.depth_fields else None for p in columns],
        "other services online end to end (% of them)": [p.depth_pct["other"]["end_to_end"] if p.depth_fields else None for p in columns],
        "human-service applications made online (%)": [p.human_online_pct for p in columns],
    })
    head = "".join(f"<th>{e(label)}</th>" for label in labels)
    body = "".join("<tr>" + f"<td>{e(row[0])}</td>" + "".join(f'<td class="n">{e(c)}</td>' for c in row[1:]) + "</tr>"
                   for row in measure_rows(columns))
    return (f"<h2>Depth and use by edition</h2><figure>{chart}</figure>"
            f"<table><tr><th>measure</th>{head}</tr>{body}</table><p>{e(_channels_note(columns))}</p>")


COMPARE_RENDERERS = {
    Format.table: compare_table,
    Format.json: compare_json,
    Format.markdown: compare_markdown,
    Format.html: compare_html,
}

__all__ = ["COMPARE_RENDERERS", "MEASURES", "column_title", "editions_html", "editions_markdown", "editions_table", "measure_rows", "compare_html", "compare_json", "compare_markdown", "compare_table"]
