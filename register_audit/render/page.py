"""The one shell every HTML report is a page in: the head, the stylesheet, the body."""

from __future__ import annotations

from html import escape
from typing import Iterable

# Shared by every page that shows warnings (render/caveats.py): a box a reader cannot miss, also in print.
WARNING_CSS = (".warning{background:#fff4d6;border-left:4px solid #e69f00;padding:.5rem .8rem}"
               "@media print{.warning{border:1px solid #e69f00;border-left-width:4px}}")
# One look for every report: readable on a screen, and tables and charts that print whole.
STYLE = ("""
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .45rem;vertical-align:top;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.headline{font-size:1.1rem}.delivered{background:#e3f4ec}.access_only{background:#fdf0d5}.excluded{background:#fbe1d6}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}small,.note{color:#555}
@media print{body{max-width:none;margin:0;font-size:11pt}h2{break-after:avoid}table,figure{break-inside:avoid}a{color:inherit}}
"""
         + WARNING_CSS)
# For pages whose tables hold long names and lists of old → new values (diff, trend): cells
# wrap anywhere so no table runs past a 1280-pixel window or an A4 page (headers keep their
# words whole); a list sits tight in its cell; the counts table keeps its numbers whole.
LONG_TABLES = "td{overflow-wrap:anywhere}td ul{margin:0;padding-left:1.1rem}table.counts td{overflow-wrap:normal}"


def page(title: str, body: Iterable[str], *, css: str = "") -> str:
    """A self-contained page (no script, no network) titled TITLE, with BODY's HTML parts one per
    line, in the shared stylesheet (and CSS, the rules for elements only this page has)."""
    head = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{STYLE}{css}</style></head><body>"]
    return "\n".join([*head, *body, "</body></html>", ""])


__all__ = ["LONG_TABLES", "STYLE", "WARNING_CSS", "page"]
