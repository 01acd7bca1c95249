"""Render a trend across editions: table, json, markdown, html (with inline SVG charts)."""

from __future__ import annotations

import html
import io

from rich.console import Group
from rich.table import Table
from rich.text import Text

from register_audit.render.base import Format, md_escape, to_json, provenance_line
from register_audit.render.caveats import WARNING_CSS, warnings_html, warnings_markdown, warnings_rich
from register_audit.compare.trend import Trend
from register_audit.render.compare import editions_html, editions_markdown, editions_table

MEASURES = ("services", "transactional", "transformational", "complete", "partial", "human", "human_partial",
            "unclassified", "partial_share", "human_partial_share")
STEPS = ("added", "removed", "renamed", "modified", "reclassified")


def _cell(value: object) -> str:
    return f"{value:.1%}" if isinstance(value, float) else str(value)


def _step_rows(trend: Trend) -> list[list[str]]:
    return [[f"{s.old} → {s.new}", *(str(getattr(s.summary, c)) for c in STEPS),
             f"{s.net_services:+d}", f"{s.net_human:+d}", f"{s.net_human_partial:+d}"] for s in trend.steps]


STEP_HEADER = ("step", *STEPS, "net services", "net human", "net human access-only")


def trend_table(trend: Trend) -> Group:
    measures = Table(title="Measures by edition", title_justify="left")
    measures.add_column("edition")
    for column in MEASURES:
        measures.add_column(column, justify="right")
    for m in trend.measures:
        measures.add_row(f"{m.name} ({m.edition})", *(_cell(getattr(m, c)) for c in MEASURES))
    steps = Table(title="Changes between consecutive editions", title_justify="left")
    for column in STEP_HEADER:
        steps.add_column(column, justify="left" if column == "step" else "right")
    for row in _step_rows(trend):
        steps.add_row(*row)
    depth = [editions_table(trend.paradox)] if trend.paradox else []
    return Group(*warnings_rich(trend.warnings), measures, *depth, steps, Text(provenance_line(trend.provenance), style="dim"))


def trend_json(trend: Trend) -> str:
    return to_json(trend)


def trend_markdown(trend: Trend) -> str:
    lines = ["# Trend across editions", "", *warnings_markdown(trend.warnings), "| edition | " + " | ".join(MEASURES) + " |", "|---|" + "---:|" * len(MEASURES)]
    lines += [f"| {md_escape(m.name)} ({md_escape(m.edition)}) | " + " | ".join(_cell(getattr(m, c)) for c in MEASURES) + " |" for m in trend.measures]
    lines += ["", *(editions_markdown(trend.paradox) if trend.paradox else [])]
    lines += ["## Changes between consecutive editions", "", "| " + " | ".join(STEP_HEADER) + " |", "|---|" + "---:|" * (len(STEP_HEADER) - 1)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in _step_rows(trend)]
    lines += ["", md_escape(provenance_line(trend.provenance))]
    return "\n".join(lines) + "\n"


def chart_svg(trend: Trend) -> str:
    """Two small line charts as SVG text, byte-identical for the same trend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [m.edition for m in trend.measures]
    with matplotlib.rc_context({"svg.hashsalt": "register-audit", "svg.fonttype": "none", "font.size": 9}):
        figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
        for field, label in (("services", "services"), ("human", "human services"), ("human_partial", "human, access step only")):
            left.plot(labels, [getattr(m, field) for m in trend.measures], marker="o", label=label)
        left.set_title("Count")
        left.legend(frameon=False)
        for field, label in (("partial_share", "partial share"), ("human_partial_share", "human access-step share")):
            right.plot(labels, [getattr(m, field) for m in trend.measures], marker="o", label=label)
        right.set_ylim(0, 1)
        right.set_title("Share")
        right.legend(frameon=False)
        for axis in (left, right):
            axis.tick_params(axis="x", labelrotation=30)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: the SVG sits inside HTML


HTML_STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #bbb;padding:.25rem .5rem}
th{background:#eee}td{text-align:right}td:first-child{text-align:left}svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}tr{page-break-inside:avoid}}"""


def trend_html(trend: Trend) -> str:
    """A self-contained page (inline SVG, no scripts, no external files) that prints cleanly."""
    e = html.escape

    def table(header, rows) -> str:
        return ("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>"
                + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>")

    measure_rows = [[f"{m.name} ({m.edition})", *(_cell(getattr(m, c)) for c in MEASURES)] for m in trend.measures]
    return "\n".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Trend across editions</title>",
        f"<style>{HTML_STYLE}{WARNING_CSS}</style></head><body>", "<h1>Trend across editions</h1>",
        *([warnings_html(trend.warnings)] if trend.warnings else []),
        chart_svg(trend), "<h2>Measures by edition</h2>", table(("edition", *MEASURES), measure_rows),
        *([editions_html(trend.paradox)] if trend.paradox else []),
        "<h2>Changes between consecutive editions</h2>", table(STEP_HEADER, _step_rows(trend)),
        f"<p class=\"note\">{e(provenance_line(trend.provenance))}</p>",
        "</body></html>\n",
    ])


TREND_RENDERERS = {
    Format.table: trend_table,
    Format.json: trend_json,
    Format.markdown: trend_markdown,
    Format.html: trend_html,
}
