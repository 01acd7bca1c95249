"""Render an Audit: a rich table, JSON, Markdown, one row per service as CSV, and a self-contained HTML page."""

from __future__ import annotations

from html import escape

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from register_audit.audit.catalogue import Role
from register_audit.audit.report import Audit, HumanService
from register_audit.render.caveats import warnings_html, warnings_markdown, warnings_rich
from register_audit.render.page import page
from register_audit.render.base import Format, md_escape, to_csv, to_json, provenance_line
from register_audit.render.fit import Fitted
from register_audit.render.audit_tables import VERDICT, _num, _ratio, _spending, domain_tables, gap_table
from register_audit.render.xlsx import workbook
from register_audit.render.depth import depth_html, depth_markdown, depth_tables, online_cell

CSV_COLUMNS = ("id", "name", "nature", "completeness", "partial_kind", "domain", "human_service", "catalogue_entry", "catalogue_role")


def _services_line(verdict: HumanService, limit: int | None = None) -> str:
    parts = []
    for role in (Role.delivery, Role.access):
        refs = [r for r in verdict.services if r.role == role]
        if refs:
            shown = refs if limit is None else refs[:limit]
            names = "; ".join(f"{r.name} [{r.id}]" for r in shown)
            more = f"; +{len(refs) - len(shown)} more" if len(shown) < len(refs) else ""
            parts.append(f"{role.value}: {names}{more}")
    return " | ".join(parts) or "no register service"


def _budget_lines(audit: Audit) -> list[str]:
    b = audit.budget
    if b is None:
        return ["No spending table: pass --budget FILE to weigh domains by spending."]
    how = (f"the default for {audit.register.country} registers ({b.path}); pass --budget FILE to use another"
           if b.default else f"from {b.path}")
    return [f"Spending: {b.year}, {b.level}, {how}. Source: {b.source}.",
            *(f"Caveat: {c}" for c in b.caveats),
            "A function without a figure is shown as 'no figure' (unknown), never as zero."]


# --------------------------------------------------------------------------- table


def audit_table(audit: Audit) -> Group:
    r, h, s = audit.register, audit.headline, audit.summary
    parts: list = [Panel(Text.assemble(
        (r.title or r.name, "bold"), f"\nedition {r.edition or 'unknown'} · {r.name}",
        f"\nsource: {r.source or 'unknown'}\nlicence: {r.licence or 'unknown'}"), title="register-audit audit", expand=False)]
    parts += warnings_rich(audit.warnings)
    parts.append(Text.assemble(
        ("\nThe number a ministry would boast: ", "bold"), f"{h.services} services.",
        ("\nThe numbers that matter: ", "bold"),
        f"{h.delivered} of {h.human_services} human services delivered; {h.access_only} only as an access step "
        f"(queue, appointment, application, referral, enrolment); {h.excluded} left out.\n"))
    parts.append(Fitted(lambda width: gap_table(audit, width)))
    parts += depth_tables(audit.depth, audit.use)
    cross = Table(title="Classification: nature × completeness", title_justify="left")
    cross.add_column("nature")
    for c in s.completeness:
        cross.add_column(c, justify="right")
    cross.add_column("total", justify="right")
    for nature, row in s.cross.items():
        cross.add_row(nature, *(str(n) for n in row.values()), str(s.nature[nature]))
    kinds = ", ".join(f"{k} {n}" for k, n in s.partial_kind.items())
    human = ", ".join(f"{k} {n}" for k, n in s.human_service.items())
    parts += [cross, Text(f"Partial kinds: {kinds}.\nHuman service (codebook §4): {human}.\n")]
    parts += [Fitted(lambda width: domain_tables(audit, width)), Text("\n".join(_budget_lines(audit)), style="dim")]
    parts.append(Text("\n" + _fallback_line(audit)))
    parts.append(Text(f"Unclassified services ({len(audit.unclassified)}): {_ids(audit.unclassified)}."))
    conflicts = "; ".join(f"{c.id} {c.axis}: {', '.join(c.rules)}" for c in audit.conflicts)
    parts.append(Text(f"Rule conflicts ({len(audit.conflicts)}): {conflicts or 'none'}."))
    parts.append(Text(f"Rules: {audit.ruleset}. Catalogue: {audit.catalogue}. {provenance_line(audit.provenance)}", style="dim"))
    return Group(*parts)


_LISTED_IDS = 50  # a report lists this many ids; JSON has them all


def _ids(ids: tuple[str, ...]) -> str:
    if not ids:
        return "none"
    more = f" … and {len(ids) - _LISTED_IDS} more (all in --format json)" if len(ids) > _LISTED_IDS else ""
    return ", ".join(ids[:_LISTED_IDS]) + more


def _fallback_line(audit: Audit) -> str:
    """How many labels were given by default: by a fallback rule (it reads no content word) or by no rule."""
    counts, shares = audit.summary.fallback, audit.summary.fallback_share
    if not any(counts.values()):
        return "Labels decided by default (a fallback rule, or no rule): none."
    parts = ", ".join(f"{axis} of {n} ({shares[axis]:.1%})" for axis, n in counts.items() if n)
    return (f"Labels decided by default (a fallback rule that reads no content word, or no rule; see `explain`): "
            f"{parts} of {audit.summary.services} services.")


# --------------------------------------------------------------------------- json, csv


def audit_json(audit: Audit) -> str:
    """The report as JSON; per-service labels are `classify --format json`'s, so they stay out
    (an audit of a million services stays a report). The summary's human_cross (what trend
    reads) stays out too: the audit JSON's keys are as the golden files pin them."""
    return to_json(audit, exclude={"services": True, "summary": {"human_cross"}})


def audit_rows(audit: Audit) -> list[list[str]]:
    """One row per service (CSV_COLUMNS): the classify columns, then the catalogue entries it serves."""
    return [
        [s.id, s.name, s.nature, s.completeness, s.partial_kind, s.domain, s.human_service,
         ";".join(e for e, _ in s.catalogue), ";".join(r.value for _, r in s.catalogue)]
        for s in audit.services
    ]


def audit_csv(audit: Audit) -> str:
    return to_csv(CSV_COLUMNS, audit_rows(audit))


# --------------------------------------------------------------------------- markdown


def audit_markdown(audit: Audit) -> str:
    r, h, s = audit.register, audit.headline, audit.summary
    out = [f"# Audit: {md_escape(r.title or r.name)}", "",
           f"Edition {md_escape(r.edition or 'unknown')} (`{r.name}`). Source: {md_escape(r.source or 'unknown')}. "
           f"Licence: {md_escape(r.licence or 'unknown')}.", ""]
    out += warnings_markdown(audit.warnings)
    out += [f"**The number a ministry would boast:** {h.services} services. **The numbers that matter:** "
            f"{h.delivered} of {h.human_services} human services delivered; {h.access_only} only as an access step; "
            f"{h.excluded} left out.", "", "## Human services", "",
            "| COFOG | human service | verdict | online | register services |", "|---|---|---|---|---|"]
    for v in audit.human_services:
        out.append(f"| {v.cofog} | {md_escape(v.title)} | {VERDICT[v.status]} | {online_cell(v)} | {md_escape(_services_line(v))} |")
    out += ["", *depth_markdown(audit.depth, audit.use, md_escape)]
    out += ["", "## Classification", "", "| nature | " + " | ".join(s.completeness) + " | total |",
            "|---|" + "---:|" * (len(s.completeness) + 1)]
    for nature, row in s.cross.items():
        out.append(f"| {nature} | " + " | ".join(str(n) for n in row.values()) + f" | {s.nature[nature]} |")
    out += ["", "Partial kinds: " + ", ".join(f"{k} {n}" for k, n in s.partial_kind.items()) + ".",
            "Human service: " + ", ".join(f"{k} {n}" for k, n in s.human_service.items()) + ".", "",
            "## Domains", "", "| code | title | services | % register | % partial | % transformational | % spending | ratio |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    for d in audit.domains:
        out.append(f"| {d.code} | {md_escape(d.title)} | {d.services} | {_num(d.share_pct)} | {_num(d.partial_pct)} | "
                   f"{_num(d.transformational_pct)} | {_spending(d)} | {_ratio(d)} |")
    out += ["", *(f"- {md_escape(line)}" for line in _budget_lines(audit)), "", "## Unclassified and conflicts", "",
            md_escape(_fallback_line(audit)), "",
            f"Unclassified services ({len(audit.unclassified)}): {md_escape(_ids(audit.unclassified))}.", "",
            f"Rule conflicts ({len(audit.conflicts)}): "
            + ("; ".join(f"`{c.id}` {c.axis}: {', '.join(c.rules)}" for c in audit.conflicts) or "none") + ".", "",
            f"Rules: `{audit.ruleset}`. Catalogue: `{audit.catalogue}`. {md_escape(provenance_line(audit.provenance))}", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- html



def audit_html(audit: Audit) -> str:
    """One self-contained page (no network, no script) that prints well."""
    from register_audit.render import charts  # matplotlib costs ~0.4 s to import: only for HTML

    r, h = audit.register, audit.headline
    e = escape
    out = [f"<h1>Audit: {e(r.title or r.name)}</h1>",
           f"<p>Edition {e(r.edition or 'unknown')} (<code>{e(r.name)}</code>). Source: {e(r.source or 'unknown')}. "
           f"Licence: {e(r.licence or 'unknown')}.</p>"]
    if audit.warnings:
        out.append(warnings_html(audit.warnings))
    out.append(f'<p class="headline"><strong>The number a ministry would boast:</strong> {h.services} services. '
               f"<strong>The numbers that matter:</strong> {h.delivered} of {h.human_services} human services delivered; "
               f"{h.access_only} only as an access step; {h.excluded} left out.</p>")
    out += ["<h2>Human services</h2>", f"<figure>{charts.gap_matrix(audit)}</figure>",
            "<table><thead><tr><th>COFOG</th><th>human service</th><th>verdict</th><th>online</th><th>register services</th></tr></thead><tbody>"]
    for v in audit.human_services:
        items = "".join(f"<li>{e(ref.role.value)}: {e(ref.name)} <small>[{e(ref.id)}]</small></li>" for ref in v.services)
        out.append(f'<tr class="{v.status.value}"><td>{e(v.cofog)}</td><td>{e(v.title)}</td><td>{e(VERDICT[v.status])}</td>'
                   f"<td>{e(online_cell(v))}</td><td>{f'<ul>{items}</ul>' if items else 'no register service'}</td></tr>")
    out.append("</tbody></table>")
    out += depth_html(audit.depth, audit.use)
    s = audit.summary
    out += ["<h2>Classification</h2>", "<table><thead><tr><th>nature</th>"
            + "".join(f"<th>{e(c)}</th>" for c in s.completeness) + "<th>total</th></tr></thead><tbody>"]
    for nature, row in s.cross.items():
        out.append(f"<tr><td>{e(nature)}</td>" + "".join(f'<td class="n">{n}</td>' for n in row.values())
                   + f'<td class="n">{s.nature[nature]}</td></tr>')
    out += ["</tbody></table>", "<p>Partial kinds: " + e(", ".join(f"{k} {n}" for k, n in s.partial_kind.items())) + ". "
            "Human service: " + e(", ".join(f"{k} {n}" for k, n in s.human_service.items())) + ".</p>",
            f"<figure>{charts.completeness_by_domain(audit)}</figure>", "<h2>Domains and spending</h2>"]
    spending_chart = charts.share_vs_spending(audit)
    if spending_chart:
        out.append(f"<figure>{spending_chart}</figure>")
    out.append("<table><thead><tr><th>code</th><th>title</th><th>services</th><th>% register</th><th>% partial</th>"
               "<th>% transformational</th><th>% spending</th><th>ratio</th></tr></thead><tbody>")
    for d in audit.domains:
        out.append(f"<tr><td>{e(d.code)}</td><td>{e(d.title)}</td><td class=\"n\">{d.services}</td><td class=\"n\">{_num(d.share_pct)}</td>"
                   f"<td class=\"n\">{_num(d.partial_pct)}</td><td class=\"n\">{_num(d.transformational_pct)}</td>"
                   f"<td class=\"n\">{e(_spending(d))}</td><td class=\"n\">{_ratio(d)}</td></tr>")
    out += ["</tbody></table>", "<ul class=\"note\">" + "".join(f"<li>{e(line)}</li>" for line in _budget_lines(audit)) + "</ul>",
            "<h2>Unclassified and conflicts</h2>",
            f"<p>{e(_fallback_line(audit))}</p>",
            f"<p>Unclassified services ({len(audit.unclassified)}): {e(_ids(audit.unclassified))}.</p>",
            f"<p>Rule conflicts ({len(audit.conflicts)}): "
            + e("; ".join(f"{c.id} {c.axis}: {', '.join(c.rules)}" for c in audit.conflicts) or "none") + ".</p>",
            f"<p class=\"note\">Rules: {e(audit.ruleset)}. Catalogue: {e(audit.catalogue)}. {e(provenance_line(audit.provenance))}</p>"]
    return page(f"Audit: {r.title or r.name}", out)


AUDIT_RENDERERS = {
    Format.table: audit_table,
    Format.json: audit_json,
    Format.markdown: audit_markdown,
    Format.csv: audit_csv,
    Format.html: audit_html,
    Format.xlsx: workbook,  # sheets: services, human_services, domains, unclassified
}
