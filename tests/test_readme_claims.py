"""The README states as fact nothing the tool's own audit contradicts (issue #12, item 3): the
kindergarten case is shown by era, and each era's verdict is the audit's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _by_era() -> dict[str, str]:
    block = README.split("<!-- kindergarten-by-era -->")[1].split("<!-- /kindergarten-by-era -->")[0]
    rows = [line.strip("|").split("|") for line in block.strip().splitlines()[2:]]
    return {cells[0].split()[0].strip(): cells[-1].strip() for cells in rows}


@pytest.mark.parametrize("era", ["2010", "2013", "2020"])
def test_the_kindergarten_verdict_by_era_is_the_audits(run, era: str) -> None:
    """Each row of the README's by-era table says what `audit kz/<era>` says of catalogue entry 09.1."""
    data = json.loads(run("audit", f"kz/{era}", "--format", "json").stdout)
    (entry,) = [h for h in data["human_services"] if h["cofog"] == "09.1"]
    assert _by_era()[era] == entry["status"]


def test_the_research_claim_is_attributed_not_stated_as_fact(run) -> None:
    """The opening quotes the research's kindergarten example as its claim, and says the audit of the
    collection finds the place delivered, as `audit kz` does."""
    opening = README.split("## Quick start")[0]
    assert "no service that grants the place" not in opening  # the old wording, stated as fact
    claim = re.search(r"Research on Kazakhstan's register (\w+)", opening)
    assert claim and claim.group(1) in {"argued", "claimed"}
    assert "That is the research's claim, not this tool's finding" in " ".join(opening.split())
    data = json.loads(run("audit", "kz", "--format", "json").stdout)
    (entry,) = [h for h in data["human_services"] if h["cofog"] == "09.1"]
    assert entry["status"] == "delivered" and "kindergarten place delivered" in " ".join(opening.split())
