"""Every report's charts (audit, compare, trend), drawn by matplotlib as deterministic inline SVG."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")  # no display: charts are files, and tests run headless

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from register_audit.audit.catalogue import Status  # noqa: E402
from register_audit.audit.report import Audit  # noqa: E402

# Fixed salt and no date: the same audit gives byte-identical SVG (golden files, CI diffs).
_RC = {
    "svg.hashsalt": "register-audit",
    "svg.fonttype": "none",  # text stays text: searchable, selectable, and small
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Every label is plain text: a name, title or file name holding `$\\foo$` is shown as it is,
    # never parsed as TeX (mathtext would fail on it, or draw what it was told).
    "text.parse_math": False,
    "text.usetex": False,
}
# Colour-blind-safe (Okabe–Ito); every colour also has a word or a hatch beside it.
REGISTER_COLOUR, SPENDING_COLOUR = "#0072B2", "#E69F00"
STATUS_STYLE = {
    Status.delivered: ("#009E73", "", "✔ delivered"),
    Status.access_only: ("#E69F00", "//", "◐ access only"),
    Status.excluded: ("#D55E00", "xx", "✘ left out"),
}


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with plt.rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    # Inline SVG needs neither the XML declaration nor the DOCTYPE.
    text = text[text.index("<svg"):]
    return re.sub(r"\n\s*\n", "\n", text)


def _figure(height: float, width: float = 7.5) -> Figure:
    with plt.rc_context(_RC):
        return plt.figure(figsize=(width, height))


def share_vs_spending(audit: Audit) -> str | None:
    """Bars: each division's share of the register beside its share of spending (None without a budget)."""
    if audit.budget is None:
        return None
    rows = [d for d in audit.domains if d.level == "division"]
    with plt.rc_context(_RC):
        figure = _figure(0.35 * len(rows) + 1.2)
        axes = figure.add_subplot()
        labels = [f"{d.code} {d.title}" for d in rows]
        positions = range(len(rows))
        axes.barh([p + 0.2 for p in positions], [d.share_pct for d in rows], height=0.4,
                  color=REGISTER_COLOUR, label="share of register services (%)")
        spending = [d.spending_pct or 0 for d in rows]
        axes.barh([p - 0.2 for p in positions], spending, height=0.4, color=SPENDING_COLOUR,
                  hatch="//", label="share of spending (%)")
        for p, d in zip(positions, rows):
            text = "no figure" if d.spending_pct is None else f"{d.spending_pct:.1f}%" + (" (part)" if d.spending_partial else "")
            axes.text((d.spending_pct or 0) + 0.5, p - 0.2, text, va="center", fontsize=7)
            axes.text(d.share_pct + 0.5, p + 0.2, f"{d.share_pct:.1f}%", va="center", fontsize=7)
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()
        axes.set_xlabel("percent")
        axes.set_title(f"Register share vs spending share ({audit.budget.year}, {audit.budget.currency or 'budget'})", loc="left")
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / max(len(rows), 1)), ncol=2, frameon=False)
    return _svg(figure)


def completeness_by_domain(audit: Audit) -> str:
    """Stacked bars: complete and partial services in each division."""
    rows = [d for d in audit.domains if d.level == "division" and d.services]
    with plt.rc_context(_RC):
        figure = _figure(0.32 * max(len(rows), 1) + 1.2)
        axes = figure.add_subplot()
        partial = [round(d.services * (d.partial_pct or 0) / 100) for d in rows]
        complete = [d.services - p for d, p in zip(rows, partial)]
        positions = list(range(len(rows)))
        axes.barh(positions, complete, color=REGISTER_COLOUR, label="complete")
        axes.barh(positions, partial, left=complete, color=SPENDING_COLOUR, hatch="//", label="partial (access step only)")
        for p, c, q in zip(positions, complete, partial):
            axes.text(c + q + 0.3, p, f"{c} complete, {q} partial", va="center", fontsize=7)
        axes.set_yticks(positions, [f"{d.code} {d.title}" for d in rows])
        axes.invert_yaxis()
        axes.set_xlabel("services")
        axes.set_title("Completeness by domain (COFOG division)", loc="left")
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.12 - 0.6 / max(len(rows), 1)), ncol=2, frameon=False)
    return _svg(figure)


def gap_matrix(audit: Audit) -> str:
    """A grid: one row per human service, a filled, labelled cell under its verdict."""
    rows = audit.human_services
    statuses = list(Status)
    with plt.rc_context(_RC):
        figure = _figure(0.3 * len(rows) + 1.0)
        axes = figure.add_subplot()
        for y, verdict in enumerate(rows):
            for x, status in enumerate(statuses):
                colour, hatch, word = STATUS_STYLE[status]
                chosen = verdict.status == status
                axes.add_patch(Rectangle(
                    (x + 0.05, y + 0.08), 0.9, 0.84, facecolor=colour if chosen else "#f2f2f2",
                    hatch=hatch if chosen else "", edgecolor="white"))
                if chosen:
                    # A white label box keeps the words legible over the hatch (and in greyscale print).
                    axes.text(x + 0.5, y + 0.5, f"{word} ({len(verdict.services)})", ha="center", va="center",
                              fontsize=7.5, color="black", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        axes.set_xlim(0, len(statuses))
        axes.set_ylim(len(rows), 0)
        axes.set_xticks([x + 0.5 for x in range(len(statuses))], [STATUS_STYLE[s][2] for s in statuses])
        axes.xaxis.tick_top()
        axes.set_yticks([y + 0.5 for y in range(len(rows))], [f"{v.cofog} {v.title}" for v in rows])
        axes.tick_params(length=0)
        for side in ("left", "bottom", "top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title("Human-service gap matrix (number of register services behind each verdict)", loc="left", pad=24)
    return _svg(figure)


def register_bars(title: str, labels: list[str], values: list[float | None], unit: str = "%") -> str:
    """One horizontal bar per register for one measure; an unknown value is written, never drawn as zero."""
    with plt.rc_context(_RC):
        figure = _figure(0.38 * max(len(labels), 1) + 0.9)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        known = [v for v in values if v is not None]
        top = max(known, default=0) or 1
        axes.barh(positions, [v or 0 for v in values], color=REGISTER_COLOUR, height=0.6)
        for p, v in zip(positions, values):
            text = "unknown" if v is None else (f"{v:.1f}{unit}" if unit else f"{v:,.0f}" if v == int(v) else f"{v:,.2f}")
            axes.text((v or 0) + top * 0.01, p, text, va="center", fontsize=7.5)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlim(0, top * 1.18)
        axes.set_title(title, loc="left")
    return _svg(figure)


DEPTH_STYLE = (  # furthest first; colour-blind-safe, each also hatched differently and named in the legend
    ("end_to_end", "#009E73", "", "online end to end"),
    ("apply_online", "#56B4E9", "..", "apply online only"),
    ("information", "#F0E442", "\\\\", "information only"),
    ("offline", "#D55E00", "xx", "offline"),
    ("unknown", "#BBBBBB", "//", "unknown (not said)"),
)


def depth_bars(title: str, labels: list[str], shares: list[dict[str, float | None]]) -> str:
    """Stacked bars: for each label (a register's human services, its other services), the share at each depth."""
    with plt.rc_context(_RC):
        figure = _figure(0.38 * max(len(labels), 1) + 1.3)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        left = [0.0] * len(labels)
        for depth, colour, hatch, word in DEPTH_STYLE:
            widths = [(s.get(depth) or 0.0) for s in shares]
            axes.barh(positions, widths, left=left, color=colour, hatch=hatch, edgecolor="white", label=word, height=0.6)
            left = [a + b for a, b in zip(left, widths)]
        for p, s in zip(positions, shares):
            if not any(v for v in s.values()):
                axes.text(1, p, "no services", va="center", fontsize=7.5)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("percent of the group's services")
        axes.set_title(title, loc="left")
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.18 - 0.5 / max(len(labels), 1)), ncol=3, frameon=False)
    return _svg(figure)


def edition_lines(title: str, labels: list[str], series: dict[str, list[float | None]]) -> str:
    """Lines across editions, one per measure (percent); an unknown value leaves a gap, never a zero."""
    markers = ("o", "s", "^", "D")
    with plt.rc_context(_RC):
        figure = _figure(3.2)
        axes = figure.add_subplot()
        for (name, values), marker in zip(series.items(), markers):
            axes.plot(labels, [float("nan") if v is None else v for v in values], marker=marker, label=name)
        axes.set_ylim(0, 100)
        axes.set_ylabel("percent")
        axes.set_xlabel("edition")
        axes.tick_params(axis="x", labelrotation=20)
        axes.set_title(title, loc="left")
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.25), ncol=2, frameon=False)
    return _svg(figure)


def counts_and_shares(where: str, labels: list[str], counts: dict[str, list[int]],
                      shares: dict[str, list[float]] | None) -> str:
    """Lines across editions: the counts (services), and beside them the SHARES (percent) unless
    None; each chart with its axis titles and WHERE (the country) in its title."""
    with plt.rc_context(_RC):
        figure = _figure(3.4, 4.8 if shares is None else 9)
        panels = figure.subplots(1, 1 if shares is None else 2, squeeze=False)[0]
        for name, values in counts.items():
            panels[0].plot(labels, values, marker="o", label=name)
        panels[0].set_title(f"Services by edition, {where}", loc="left")
        panels[0].set_ylabel("number of services")
        if shares is not None:
            for name, values in shares.items():
                panels[1].plot(labels, values, marker="o", label=name)
            panels[1].set_ylim(0, 100)
            panels[1].set_title(f"Access steps by edition, {where}", loc="left")
            panels[1].set_ylabel("percent")
        for axes in panels:
            axes.set_xlabel("edition")
            axes.tick_params(axis="x", labelrotation=30)
            axes.legend(frameon=False)
        figure.tight_layout()
    return _svg(figure)
