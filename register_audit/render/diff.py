"""Render a diff of two editions: table, json, markdown, csv, html."""

from __future__ import annotations

import html
import json

from rich.console import Group
from rich.table import Table
from rich.text import Text

from register_audit.compare.diff import Diff, Split
from register_audit.model.caveats import is_collection
from register_audit.render.base import Format, md_escape, to_csv, provenance_line
from register_audit.render.caveats import WARNING_CSS, warnings_html, warnings_markdown, warnings_rich

CSV_HEADER = ("change", "old_id", "new_id", "old_name", "new_name", "score", "fields")
COUNTS = ("old_services", "new_services", "matched", "unchanged", "added", "removed", "renamed", "modified", "reclassified")


def _services(n: int) -> str:
    return f"{n} service" + ("" if abs(n) == 1 else "s")


COLLECTED = " (this describes what was collected, not the register)"


def headline(net: Split, *, collection: bool = False) -> str:
    """One sentence a journalist could quote: the net change, and how much of it is human
    services and access steps ("The register grew by 386 services; 12 of them are human
    services, and 5 of those are only an access step."). For a COLLECTION of sighted names
    the sentence says that it describes what was collected, so it cannot be quoted as a
    change of the register."""
    n, h, p = net.services, net.human, net.human_partial
    subject = "The collection" if collection else "The register"
    if n > 0:
        size = f"{subject} grew by {_services(n)}"
    elif n < 0:
        size = f"{subject} shrank by {_services(-n)}"
    else:
        size = f"{subject} kept its number of services"
    if collection:
        size += COLLECTED
    same_sign = (n > 0 and 0 <= h <= n) or (n < 0 and n <= h <= 0)
    if h == 0:
        human = "none of them are human services" if n > 0 else "the number of human services did not change"
    elif same_sign:
        human = f"{abs(h)} of them {'are' if n > 0 else 'were'} human services"
    else:
        human = f"human services {'rose' if h > 0 else 'fell'} by {abs(h)}"
    if h and ((h > 0 and 0 <= p <= h) or (h < 0 and h <= p <= 0)):
        verb = ("is" if abs(p) == 1 else "are") if n >= 0 else ("was" if abs(p) == 1 else "were")
        access = f", and {abs(p)} of those {verb} only an access step"
    elif p:
        access = f", and human services that are only an access step changed by {p:+d}"
    else:
        access = ""
    return f"{size}; {human}{access}."


def split_text(net: Split) -> str:
    """The rest of the split, for the report body."""
    return (f"Net change by label: complete {net.complete:+d}, partial {net.partial:+d}; transformational "
            f"{net.transformational:+d}, transactional {net.transactional:+d}; human {net.human:+d}, "
            f"other {net.other:+d}, domain unclassified {net.unclassified:+d}.")


def _field_text(diff: Diff, change) -> str:
    return "; ".join(f"{c.field}: {c.old!r} → {c.new!r}" for c in change.changes)


def rows(diff: Diff) -> list[tuple[str, str, str, str, str, str, str]]:
    """One row per changed service and change type, in the CSV_HEADER order, sorted by id."""
    out: list[tuple[str, str, str, str, str, str, str]] = []
    out += [("added", "", a.id, "", a.name, "", "") for a in diff.added]
    out += [("removed", r.id, "", r.name, "", "", "") for r in diff.removed]
    out += [("renamed", r.old_id, r.new_id, r.old_name, r.new_name, f"{r.score:g}", r.method.value) for r in diff.renamed]
    out += [("modified", m.old_id, m.new_id, m.name, m.name, "", ";".join(c.field for c in m.changes)) for m in diff.modified]
    out += [("reclassified", c.old_id, c.new_id, c.name, c.name, "",
             ";".join(f"{a}:{c.old.axes()[a]}->{c.new.axes()[a]}" for a in c.axes)) for c in diff.reclassified]
    return out


def diff_headline(diff: Diff) -> str:
    return headline(diff.net, collection=is_collection(diff.old, diff.new))


def diff_json(diff: Diff) -> str:
    data = diff.model_dump(mode="json")
    data["headline"] = diff_headline(diff)  # the quotable sentence, also for scripts
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def diff_csv(diff: Diff) -> str:
    return to_csv(CSV_HEADER, rows(diff))


def _title(diff: Diff) -> str:
    return f"{diff.old.name} ({diff.old.edition}) → {diff.new.name} ({diff.new.edition})"


def _how(diff: Diff) -> str:
    s = diff.summary
    keys = f"paired by {s.key} first (the editions share {s.key_share:.0%} of them), then by name" if s.keys_used else "paired by name only"
    return f"Services {keys}; fuzzy cutoff {s.threshold:g}."


def diff_table(diff: Diff) -> Group:
    s = diff.summary
    # Counts as rows, not columns: nine columns of long names do not fit a 100-column terminal.
    counts = Table()
    counts.add_column("services")
    counts.add_column("count", justify="right")
    for column in COUNTS:
        counts.add_row(column.replace("_", " "), str(getattr(s, column)))
    changes = Table(show_lines=False)
    for column in ("change", "old id", "new id", "name", "detail"):
        changes.add_column(column, overflow="fold")
    for change, old_id, new_id, old_name, new_name, score, fields in rows(diff):
        name = new_name if old_name in ("", new_name) else (old_name if not new_name else f"{old_name} → {new_name}")
        detail = f"score {score} ({fields})" if change == "renamed" else fields
        changes.add_row(change, old_id, new_id, name, detail)
    return Group(Text(_title(diff), style="bold"), *warnings_rich(diff.warnings), Text(diff_headline(diff)), Text(split_text(diff.net)), counts,
                 Text(_how(diff)), changes, Text(provenance_line(diff.provenance), style="dim"))


def diff_markdown(diff: Diff) -> str:
    s = diff.summary
    lines = [f"# {md_escape(_title(diff))}", "", *warnings_markdown(diff.warnings), diff_headline(diff), "", split_text(diff.net), "", _how(diff), "",
             "| " + " | ".join(COUNTS) + " |", "|" + "---:|" * len(COUNTS),
             "| " + " | ".join(str(getattr(s, c)) for c in COUNTS) + " |", ""]
    for section, items in (("Added", diff.added), ("Removed", diff.removed)):
        if items:
            lines += [f"## {section} ({len(items)})", "", "| id | name | domain | completeness |", "|---|---|---|---|"]
            lines += [f"| {md_escape(x.id)} | {md_escape(x.name)} | {x.labels.domain} | {x.labels.completeness} {x.labels.partial_kind} |" for x in items]
            lines.append("")
    if diff.renamed:
        lines += [f"## Renamed ({len(diff.renamed)})", "", "| old id | new id | old name | new name | score |", "|---|---|---|---|---:|"]
        lines += [f"| {md_escape(r.old_id)} | {md_escape(r.new_id)} | {md_escape(r.old_name)} | {md_escape(r.new_name)} | {r.score:g} |" for r in diff.renamed]
        lines.append("")
    if diff.modified:
        lines += [f"## Modified ({len(diff.modified)})", "", "| id | name | changes |", "|---|---|---|"]
        lines += [f"| {md_escape(m.new_id)} | {md_escape(m.name)} | {md_escape(_field_text(diff, m))} |" for m in diff.modified]
        lines.append("")
    if diff.reclassified:
        lines += [f"## Reclassified ({len(diff.reclassified)})", "", "| id | name | was | now |", "|---|---|---|---|"]
        for c in diff.reclassified:
            was = ", ".join(f"{a}={c.old.axes()[a]}" for a in c.axes)
            now = ", ".join(f"{a}={c.new.axes()[a]}" for a in c.axes)
            lines.append(f"| {md_escape(c.new_id)} | {md_escape(c.name)} | {md_escape(was)} | {md_escape(now)} |")
        lines.append("")
    lines += [md_escape(provenance_line(diff.provenance)), ""]
    return "\n".join(lines)


HTML_STYLE = """body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}td.n{text-align:right}.headline{font-size:1.2rem;font-weight:600}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}"""


def diff_html(diff: Diff) -> str:
    """A self-contained page (no scripts, no external files) that prints cleanly."""
    e = html.escape
    s = diff.summary
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(_title(diff))}</title>",
             f"<style>{HTML_STYLE}{WARNING_CSS}</style></head><body>", f"<h1>{e(_title(diff))}</h1>",
             *([warnings_html(diff.warnings)] if diff.warnings else []),
             f"<p class=\"headline\">{e(diff_headline(diff))}</p>", f"<p>{e(split_text(diff.net))}</p>", f"<p>{e(_how(diff))}</p>",
             "<table><tr>" + "".join(f"<th>{c}</th>" for c in COUNTS) + "</tr><tr>"
             + "".join(f"<td class=\"n\">{getattr(s, c)}</td>" for c in COUNTS) + "</tr></table>"]
    grouped: dict[str, list] = {}
    for row in rows(diff):
        grouped.setdefault(row[0], []).append(row)
    for change, items in grouped.items():
        parts.append(f"<h2>{e(change.capitalize())} ({len(items)})</h2><table><tr>"
                     + "".join(f"<th>{c}</th>" for c in CSV_HEADER[1:]) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row[1:]) + "</tr>" for row in items]
        parts.append("</table>")
    parts.append(f"<p class=\"note\">{e(provenance_line(diff.provenance))}</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


DIFF_RENDERERS = {
    Format.table: diff_table,
    Format.json: diff_json,
    Format.markdown: diff_markdown,
    Format.csv: diff_csv,
    Format.html: diff_html,
}
