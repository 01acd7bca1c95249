"""The audit's terminal tables built for the console's width: the gap matrix and the domains."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from register_audit.audit.catalogue import Role, Status
from register_audit.audit.report import Audit, DomainRow, HumanService
from register_audit.render.depth import online_cell
from register_audit.render.fit import NARROW

# Words and symbols carry the verdict; colour only repeats it (NO_COLOR, printouts, screen readers).
VERDICT = {Status.delivered: "✔ delivered", Status.access_only: "◐ access only", Status.excluded: "✘ left out"}
VERDICT_STYLE = {Status.delivered: "green", Status.access_only: "yellow", Status.excluded: "red bold"}


def _num(value: float | None, suffix: str = "") -> str:
    return "unknown" if value is None else f"{value:.1f}{suffix}"


def _spending(d: DomainRow) -> str:
    return "no figure" if d.spending_pct is None else f"{d.spending_pct:.1f}%" + (" (part)" if d.spending_partial else "")


def _ratio(d: DomainRow) -> str:
    return "–" if d.ratio is None else f"{d.ratio:.2f}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _services_cell(verdict: HumanService, limit: int = 3, width: int = 44) -> str:
    """Short lines for the terminal: role, the start of the name, the id; the full list is in
    the other formats."""
    lines = []
    for role in (Role.delivery, Role.access):
        refs = [r for r in verdict.services if r.role == role]
        lines += [f"{role.value}: {_short(r.name, width)} [{r.id}]" for r in refs[:limit]]
        if len(refs) > limit:
            lines.append(f"{role.value}: +{len(refs) - limit} more")
    return "\n".join(lines) or "no register service"


def gap_table(audit: Audit, width: int) -> Table:
    """One row per human service; below NARROW columns the code joins the title and the online
    column joins the verdict, so the register services keep room for their words."""
    narrow = width < NARROW
    words = max((len(w) for v in audit.human_services for w in v.title.split()), default=8)
    gaps = Table(title="Human services: delivered, access only, or left out", title_justify="left", expand=True)
    if not narrow:
        gaps.add_column("COFOG", no_wrap=True)
    gaps.add_column("human service", min_width=min(words, 16), max_width=18)  # "kindergarten" whole at 80 columns
    gaps.add_column("verdict, online" if narrow else "verdict", no_wrap=True)
    if not narrow:
        gaps.add_column("online", overflow="fold")
    gaps.add_column("register services behind it", ratio=5, overflow="fold")
    for v in audit.human_services:
        verdict = Text(VERDICT[v.status], style=VERDICT_STYLE[v.status])
        if narrow:
            online = f"\nonline: {online_cell(v).replace('best: ', '')}" if v.depth is not None else ""
            gaps.add_row(f"{v.cofog} {v.title}", Text.assemble(verdict, online), _services_cell(v, width=30))
        else:
            gaps.add_row(v.cofog, v.title, verdict, online_cell(v), _services_cell(v))
    return gaps


_DOMAIN_COLUMNS = ("code", "title", "services", "%register", "%partial", "%transf.", "%spending", "ratio")
_SPENDING = ("%spending", "ratio")


def _domain_cells(d: DomainRow) -> dict[str, str]:
    return dict(zip(_DOMAIN_COLUMNS, (d.code if d.level == "division" else f"  {d.code}", d.title, str(d.services),
                                      _num(d.share_pct), _num(d.partial_pct), _num(d.transformational_pct), _spending(d), _ratio(d))))


def _domain_table(title: str, columns: tuple[str, ...], domains) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    for name in columns:
        if name == "title":
            table.add_column(name, overflow="fold", ratio=1, min_width=20)  # words wrap; never a column of letters
        else:
            table.add_column(name, justify="left" if name == "code" else "right", no_wrap=True)
    for d in domains:
        cells = _domain_cells(d)
        table.add_row(*(cells[c] for c in columns))
    return table


def domain_tables(audit: Audit, width: int) -> Group:
    """The domains table; below NARROW columns, its spending columns become a table of their own
    (for the divisions), or go when there is no spending table, so the titles keep their room."""
    title = "Domains (COFOG): share of the register and of spending"
    if width >= NARROW:
        return Group(_domain_table(title, _DOMAIN_COLUMNS, audit.domains))
    shares = tuple(c for c in _DOMAIN_COLUMNS if c not in _SPENDING)
    tables = [_domain_table("Domains (COFOG): share of the register", shares, audit.domains)]
    if audit.budget is not None:
        tables.append(_domain_table("Domains (COFOG divisions): share of the register and of spending",
                                    ("code", "title", "%register", "%spending", "ratio"),
                                    [d for d in audit.domains if d.level == "division"]))
    return Group(*tables)
