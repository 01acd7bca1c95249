"""The audit's digital depth and use sections, as rich tables, Markdown lines and HTML fragments."""

from __future__ import annotations

from html import escape

from rich.table import Table
from rich.text import Text

from register_audit.audit.depth import DepthReport, Group, Weight
from register_audit.audit.report import HumanService
from register_audit.audit.use import UseReport
from register_audit.model.depth import DEPTH_ORDER, Depth

DEPTH_TITLE = {
    Depth.end_to_end: "online end to end", Depth.apply_online: "apply online only",
    Depth.information: "information only", Depth.offline: "offline", Depth.unknown: "unknown (not said)",
}
GROUP_TITLE = {Group.human: "human", Group.other: "other", Group.unclassified: "unclass."}
WEIGHT_OF = {Weight.count: "services", Weight.applications: "applications", Weight.interactions: "interactions"}


def _pct(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1f}%"


def online_cell(verdict: HumanService) -> str:
    """The gap matrix's online column: is one service behind the verdict online end to end?"""
    if verdict.depth is None:
        return "–"
    if verdict.end_to_end:
        return "✔ end to end"
    if verdict.end_to_end is False:
        return f"✘ best: {verdict.depth.value}"
    return "? unknown" if verdict.depth is Depth.unknown else f"? best: {verdict.depth.value}"


def _groups(report: DepthReport) -> list[Group]:
    """Human and other always; unclassified only when it has services."""
    return [g for g in Group if g is not Group.unclassified or report.groups[g.value].services]


def depth_rows(report: DepthReport) -> tuple[list[str], list[list[str]]]:
    """The depth table: a header and one row per depth, each cell the share by the report's weight."""
    weight = report.weight.value
    groups = _groups(report)
    header = ["depth", *(f"{GROUP_TITLE[g]} ({report.groups[g.value].services})" for g in groups)]
    rows = []
    for depth in (*DEPTH_ORDER, Depth.unknown):
        cells = []
        for g in groups:
            group = report.groups[g.value]
            share = group.shares_pct[weight][depth.value]
            count = group.counts[depth.value]
            cells.append(f"{_pct(share)} ({count})" if share is not None else f"– ({count})")
        rows.append([DEPTH_TITLE[depth], *cells])
    if report.weight is not Weight.count:
        rows.append([f"no {WEIGHT_OF[report.weight]} figure",
                     *(f"{report.groups[g.value].without[weight]} services" for g in groups)])
    return header, rows


def depth_caption(report: DepthReport) -> str:
    source = ", ".join(report.fields) if report.fields else "no field (the profile maps none)"
    return (f"Digital depth, read from {source}: share of {WEIGHT_OF[report.weight]} at each depth "
            "(services in brackets). Unknown is the register's silence, never offline.")


def use_rows(use: UseReport) -> tuple[list[str], list[list[str]]]:
    if not use.counts_use:
        return ["share", "by count"], [[s.title, _pct(s.count_pct)] for s in use.shares]
    header = ["share", "by count", "by applications", "by interactions"]
    rows = [[s.title, _pct(s.count_pct), _pct(s.applications_pct), _pct(s.interactions_pct)] for s in use.shares]
    rows.append(["applications made online, human services", "", _pct(use.online_pct[Group.human.value]), ""])
    rows.append(["applications made online, other services", "", _pct(use.online_pct[Group.other.value]), ""])
    return header, rows


def use_caption(use: UseReport) -> str:
    if not use.counts_use:
        return "The register counts no applications, calls or visits: shares by use are unknown."
    return (f"Use: {use.applications:,} applications on {', '.join(use.channels)}; {use.interactions:,} interactions "
            f"with calls and web visits. {use.without_applications} of {use.services} services give no application "
            f"figure and {use.without_interactions} no figure at all (ND, no_data, not_applicable or empty: unknown, "
            "never zero); shares are of the services that give one.")


# --------------------------------------------------------------------------- formats


def depth_tables(report: DepthReport, use: UseReport) -> list:
    """Rich renderables for the terminal report."""
    parts: list = [Text(report.sentence)]
    header, rows = depth_rows(report)
    table = Table(title="Digital depth: human services and the rest", title_justify="left", caption=depth_caption(report),
                  caption_justify="left")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    parts.append(table)
    header, rows = use_rows(use)
    table = Table(title="The numbers game: shares by count, by applications, by all interactions", title_justify="left",
                  caption=use_caption(use), caption_justify="left")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right", overflow="fold", ratio=3 if i == 0 else 1)
    for row in rows:
        table.add_row(*row)
    parts += [Text(use.sentence), table]
    return parts


def depth_markdown(report: DepthReport, use: UseReport, md_escape) -> list[str]:
    out = ["## Digital depth", "", md_escape(report.sentence), ""]
    header, rows = depth_rows(report)
    out += ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    out += ["", md_escape(depth_caption(report)), ""]
    header, rows = use_rows(use)
    out += ["## Shares by count and by use", "", md_escape(use.sentence), "", "| " + " | ".join(header) + " |",
            "|---|" + "---:|" * (len(header) - 1)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    out += ["", md_escape(use_caption(use)), ""]
    return out


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    number = ' class="n"'
    body = "".join("<tr>" + "".join(f"<td{number if i else ''}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def depth_html(report: DepthReport, use: UseReport) -> list[str]:
    out = ["<h2>Digital depth</h2>", f"<p>{escape(report.sentence)}</p>", _html_table(*depth_rows(report)),
           f'<p class="note">{escape(depth_caption(report))}</p>']
    out += ["<h2>Shares by count and by use</h2>", f"<p>{escape(use.sentence)}</p>", _html_table(*use_rows(use)),
            f'<p class="note">{escape(use_caption(use))}</p>']
    return out


__all__ = ["depth_html", "depth_markdown", "depth_tables", "online_cell"]
