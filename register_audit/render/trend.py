"""Render a trend across editions: table, json, markdown, html (with inline SVG charts)."""

from __future__ import annotations

import html

from rich.console import Group
from rich.text import Text

from register_audit.render.base import Format, md_escape, to_json, provenance_line
from register_audit.render.caveats import warnings_html, warnings_markdown, warnings_rich
from register_audit.render.page import LONG_TABLES, page
from register_audit.compare.trend import Trend
from register_audit.render.fit import Columns
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


def edition_header(name: str, edition: str) -> str:
    """An edition's column: its name in full, and its date when the name does not hold it."""
    return name if not edition or edition in name else f"{name}\n{edition}"


def measure_columns(trend: Trend) -> list[tuple[str, list[str]]]:
    """The measures transposed: one column per edition, one row per measure (so they fit a page)."""
    return [(edition_header(m.name, m.edition), [_cell(getattr(m, c)) for c in MEASURES]) for m in trend.measures]


def step_columns(trend: Trend) -> list[tuple[str, list[str]]]:
    """The changes transposed: one column per step (old →, new), one row per count."""
    return [(f"{row[0].replace(' → ', ' →' + chr(10))}", row[1:]) for row in _step_rows(trend)]


def trend_table(trend: Trend) -> Group:
    """Measures and changes with one column per edition, split into as many tables as the width
    needs: every edition is named in full at 80 columns."""
    measures = Columns("Measures by edition", "measure", MEASURES, measure_columns(trend))
    steps = Columns("Changes between consecutive editions", "change", STEP_HEADER[1:], step_columns(trend))
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


COUNTS = (("services", "services"), ("human", "human services"), ("human_partial", "human, access step only"))
SHARES = (("partial_share", "partial share"), ("human_partial_share", "human access-step share"))


def countries(trend: Trend) -> str:
    """The country (or countries) of the editions, for a chart's title: `KZ`, `CA`, or the file names."""
    found = sorted({e.country for e in trend.editions if e.country})
    return ", ".join(found) if found else ", ".join(e.name for e in trend.editions)


def flat_shares(trend: Trend) -> bool:
    """True when both shares are 0 in every edition: a chart of them would be a line on the axis."""
    return all(getattr(m, field) == 0 for m in trend.measures for field, _ in SHARES)


def chart_svg(trend: Trend) -> str:
    """The counts chart, and the shares chart unless the shares are 0 in every edition, as SVG
    text, byte-identical for the same trend; each with axis titles and the country in its title."""
    from register_audit.render import charts  # matplotlib costs ~0.4 s to import: only for HTML

    labels = [m.name for m in trend.measures]
    counts = {label: [getattr(m, field) for m in trend.measures] for field, label in COUNTS}
    shares = None if flat_shares(trend) else {label: [100 * getattr(m, field) for m in trend.measures] for field, label in SHARES}
    return charts.counts_and_shares(countries(trend), labels, counts, shares)


def flat_note(trend: Trend) -> str:
    return ("The partial share and the human access-step share are 0% in every edition, "
            "so no chart of them is drawn." if flat_shares(trend) else "")




def _html_columns(label: str, labels, columns) -> str:
    """A table with one column per edition (header lines joined by <br>), one row per label."""
    e = html.escape
    head = "".join(f"<th>{'<br>'.join(e(x) for x in header.split(chr(10)))}</th>" for header, _ in columns)
    body = "".join(f"<tr><td>{e(name)}</td>" + "".join(f'<td class="n">{e(cells[i])}</td>' for _, cells in columns) + "</tr>"
                   for i, name in enumerate(labels))
    return f"<table><tr><th>{e(label)}</th>{head}</tr>{body}</table>"


def trend_html(trend: Trend) -> str:
    """A self-contained page (inline SVG, no scripts, no external files) that prints cleanly: the
    tables have one column per edition, so they fit a 1280-pixel window and an A4 page."""
    e = html.escape
    note = flat_note(trend)
    return page(f"Trend across editions: {countries(trend)}", [
        f"<h1>Trend across editions: {e(countries(trend))}</h1>",
        *([warnings_html(trend.warnings)] if trend.warnings else []),
        f"<figure>{chart_svg(trend)}</figure>", *([f"<p>{e(note)}</p>"] if note else []),
        "<h2>Measures by edition</h2>", _html_columns("measure", MEASURES, measure_columns(trend)),
        *([editions_html(trend.paradox)] if trend.paradox else []),
        "<h2>Changes between consecutive editions</h2>", _html_columns("change", STEP_HEADER[1:], step_columns(trend)),
        f"<p class=\"note\">{e(provenance_line(trend.provenance))}</p>",
    ], css=LONG_TABLES)


TREND_RENDERERS = {
    Format.table: trend_table,
    Format.json: trend_json,
    Format.markdown: trend_markdown,
    Format.html: trend_html,
}
