"""Render a diff of two editions: table, json, markdown, csv, html."""

from __future__ import annotations

import html
import json

from rich.console import Group
from rich.table import Table
from rich.text import Text

from register_audit.compare.diff import Diff, Modified, Split
from register_audit.model.caveats import is_collection
from register_audit.render.base import Format, md_escape, to_csv, provenance_line
from register_audit.render.xlsx import workbook
from register_audit.render.caveats import warnings_html, warnings_markdown, warnings_rich
from register_audit.render.page import LONG_TABLES, page

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


LIMIT = 50  # rows listed per section in table, Markdown and HTML; JSON, CSV and XLSX keep every row


class Section:
    """One kind of change as a table: its heading, columns and rows (every row; a report shows LIMIT)."""

    def __init__(self, name: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        self.name, self.header, self.rows = name, header, rows

    def shown(self, limit: int) -> tuple[list[tuple[str, ...]], str | None]:
        """The rows a report lists, and the line that says how many it left out (None: none)."""
        if not limit or len(self.rows) <= limit:
            return self.rows, None
        return self.rows[:limit], f"… and {len(self.rows) - limit:,} more; --limit 0 for all (JSON and CSV list every row)."


def _kind(labels) -> str:
    return f"{labels.completeness} ({labels.partial_kind})" if labels.partial_kind else labels.completeness


def row_changes(diff: Diff) -> tuple[Modified, ...]:
    """The modified services with the column changes left out: those a report lists one by one."""
    columns = {c.field for c in diff.column_changes}
    if not columns:
        return diff.modified
    kept = []
    for m in diff.modified:
        changes = tuple(c for c in m.changes if c.field not in columns)
        if changes:
            kept.append(m if len(changes) == len(m.changes) else m.model_copy(update={"changes": changes}))
    return tuple(kept)


FIELDS_LISTED = 8  # field changes listed per service in a report; JSON has them all


def _field_lines(m) -> str:
    """One line per changed field, old → new; past FIELDS_LISTED, how many more."""
    lines = [f"{c.field}: {c.old or '(empty)'} → {c.new or '(empty)'}" for c in m.changes[:FIELDS_LISTED]]
    if len(m.changes) > FIELDS_LISTED:
        lines.append(f"… and {len(m.changes) - FIELDS_LISTED} more fields (all in --format json)")
    return "\n".join(lines)


def sections(diff: Diff) -> list[Section]:
    """The changes, section by section, each sorted by id; `modified` without the column changes."""
    listed = row_changes(diff)
    out = [Section(name, ("id", "name", "domain", "completeness"),
                   [(x.id, x.name, x.labels.domain, _kind(x.labels)) for x in items])
           for name, items in (("Added", diff.added), ("Removed", diff.removed))]
    out.append(Section("Renamed", ("old id", "new id", "old name", "new name", "score"),
                       [(r.old_id, r.new_id, r.old_name, r.new_name, f"{r.score:g}") for r in diff.renamed]))
    out.append(Section("Modified", ("id", "name", "changes"), [(m.new_id, m.name, _field_lines(m)) for m in listed]))
    out.append(Section("Reclassified", ("id", "name", "changes"),
                       [(c.new_id, c.name, "\n".join(f"{a}: {c.old.axes()[a] or '(none)'} → {c.new.axes()[a] or '(none)'}" for a in c.axes))
                        for c in diff.reclassified]))
    return [s for s in out if s.rows]


def column_lines(diff: Diff) -> list[str]:
    """One sentence per column change, said once instead of on every row."""
    return [f"Column change (not listed per service): {c.sentence}." for c in diff.column_changes]


def _section_table(section: Section, limit: int) -> list:
    table = Table(title=f"{section.name} ({len(section.rows):,})", title_justify="left", expand=True)
    rows, more = section.shown(limit)
    header = section.header
    if section.name == "Renamed":  # three columns, not five: each name keeps room for its words
        header = ("id", "old name → new name", "score")
        rows = [(old_id if old_id == new_id else f"{old_id} →\n{new_id}", f"{old_name}\n→ {new_name}", score)
                for old_id, new_id, old_name, new_name, score in rows]
    for i, column in enumerate(header):
        if column in ("id", "old id", "new id"):
            longest = max((len(line) for row in rows for line in row[i].split("\n")), default=2)
            table.add_column(column, overflow="fold", min_width=min(longest, 22), max_width=22)  # an id whole
        elif column in ("score", "domain"):  # short codes and numbers
            table.add_column(column, no_wrap=True, justify="right" if column == "score" else "left")
        elif column == "completeness":
            table.add_column(column, overflow="fold", max_width=14)
        else:
            table.add_column(column, ratio=1, min_width=12)
    for row in rows:
        table.add_row(*row)
    return [table, *([Text(more)] if more else [])]


def diff_table(diff: Diff, limit: int = LIMIT) -> Group:
    """The summary first (headline, counts, column changes), then each section up to LIMIT rows."""
    s = diff.summary
    # Counts as rows, not columns: nine columns of long names do not fit an 80-column terminal.
    counts = Table()
    counts.add_column("services")
    counts.add_column("count", justify="right")
    for column in COUNTS:
        counts.add_row(column.replace("_", " "), f"{getattr(s, column):,}")
    details = [part for section in sections(diff) for part in _section_table(section, limit)]
    return Group(Text(_title(diff), style="bold"), *warnings_rich(diff.warnings), Text(diff_headline(diff)), Text(split_text(diff.net)),
                 counts, Text(_how(diff)), *(Text(line) for line in column_lines(diff)), *details,
                 Text(provenance_line(diff.provenance), style="dim"))


def diff_markdown(diff: Diff, limit: int = LIMIT) -> str:
    s = diff.summary
    lines = [f"# {md_escape(_title(diff))}", "", *warnings_markdown(diff.warnings), diff_headline(diff), "", split_text(diff.net), "", _how(diff), "",
             "| " + " | ".join(COUNTS) + " |", "|" + "---:|" * len(COUNTS),
             "| " + " | ".join(str(getattr(s, c)) for c in COUNTS) + " |", ""]
    lines += [x for line in column_lines(diff) for x in (md_escape(line), "")]
    for section in sections(diff):
        rows, more = section.shown(limit)
        lines += [f"## {section.name} ({len(section.rows)})", "", "| " + " | ".join(section.header) + " |",
                  "|" + "---|" * len(section.header)]
        lines += ["| " + " | ".join(md_escape(c).replace("\n", "<br>") for c in row) + " |" for row in rows]
        lines += ["", *([md_escape(more), ""] if more else [])]
    lines += [md_escape(provenance_line(diff.provenance)), ""]
    return "\n".join(lines)




def _html_cell(value: str, changes: bool = False) -> str:
    e = html.escape
    if changes:  # a change list: one item per field, old → new
        return "<td><ul>" + "".join(f"<li>{e(item)}</li>" for item in value.split("\n")) + "</ul></td>"
    return f"<td>{e(value)}</td>"


def diff_html(diff: Diff, limit: int = LIMIT) -> str:
    """A self-contained page (no scripts, no external files) that prints cleanly and fits a page."""
    e = html.escape
    s = diff.summary
    # The counts as rows (name, count): nine columns of long names do not fit an A4 page.
    counts = "".join(f"<tr><th>{c.replace('_', ' ')}</th><td class=\"n\">{getattr(s, c):,}</td></tr>" for c in COUNTS)
    parts = [f"<h1>{e(_title(diff))}</h1>",
             *([warnings_html(diff.warnings)] if diff.warnings else []),
             f"<p class=\"headline\">{e(diff_headline(diff))}</p>", f"<p>{e(split_text(diff.net))}</p>", f"<p>{e(_how(diff))}</p>",
             f'<table class="counts" style="width:auto">{counts}</table>',
             *(f"<p>{e(line)}</p>" for line in column_lines(diff))]
    for section in sections(diff):
        rows, more = section.shown(limit)
        parts.append(f"<h2>{e(section.name)} ({len(section.rows):,})</h2><table><tr>"
                     + "".join(f"<th>{e(c)}</th>" for c in section.header) + "</tr>")
        parts += ["<tr>" + "".join(_html_cell(v, c == "changes") for c, v in zip(section.header, row)) + "</tr>" for row in rows]
        parts.append("</table>" + (f"<p>{e(more)}</p>" if more else ""))
    parts.append(f"<p class=\"note\">{e(provenance_line(diff.provenance))}</p>")
    return page(_title(diff), parts, css=LONG_TABLES)


DIFF_RENDERERS = {
    Format.table: diff_table,
    Format.json: diff_json,
    Format.markdown: diff_markdown,
    Format.csv: diff_csv,
    Format.html: diff_html,
    Format.xlsx: workbook,
}
LIMITED = (Format.table, Format.markdown, Format.html)  # the formats --limit applies to


def render_diff(diff: Diff, fmt: Format, limit: int = LIMIT):
    """DIFF in FMT; table, Markdown and HTML list at most LIMIT rows per section (0: all)."""
    return DIFF_RENDERERS[fmt](diff, limit) if fmt in LIMITED else DIFF_RENDERERS[fmt](diff)
