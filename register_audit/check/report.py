"""The check's typed models: what a check reads (Measures), the baseline, and the report that knows whether it passed."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import computed_field

from register_audit.audit.report import HumanService
from register_audit.model.caveats import ReportWarning
from register_audit.model.records import Frozen, Provenance


# --------------------------------------------------------------------------- inputs


class Subject(Frozen):
    """What a finding is about (a service, a catalogue entry, a rule example) and where it is."""

    id: str  # stable across runs: with the check id, the finding's identity in a baseline
    name: str = ""
    detail: str = ""
    file: str | None = None
    row: int | None = None


class Measures(Frozen):
    """Everything a check reads, taken from the audit, the diff and the rule examples
    (see check/measures.py); built by hand in tests."""

    edition: str  # the register edition checked: a bundled name or a file path
    file: str | None = None  # its file, for findings about the whole register (no row)
    warnings: tuple[ReportWarning, ...] = ()  # about the editions read (a partial collection ...)
    services: int
    unclassified: tuple[Subject, ...] = ()
    human_services: tuple[HumanService, ...] = ()  # the audit's verdicts on the catalogue's entries
    evidence: dict[str, Subject] = {}  # entry id → the register row that best shows its verdict (none: excluded)
    against: str | None = None
    new_partial_human: tuple[Subject, ...] | None = None  # None: no previous edition given
    rule_examples: int = 0
    failed_examples: tuple[Subject, ...] = ()
    # Services whose label on an axis was decided by default (a fallback rule or no rule), by axis.
    fallback: dict[str, int] = {}


class BaselineEntry(Frozen):
    """A finding accepted as known: the check id and the subject id."""

    check: str
    subject: str


class Baseline(Frozen):
    """The known findings, sorted; a run fails only on findings not listed here."""

    version: Literal[1] = 1
    findings: tuple[BaselineEntry, ...] = ()


# --------------------------------------------------------------------------- results

# A share is shown as a percentage and a count as a number: value and threshold in one unit.
Unit = Literal["share", "count"]


def show(value: float, unit: Unit) -> str:
    """VALUE in UNIT as a reader sees it: a share as a percentage ("2.5%", "10%"), a count as a number."""
    if unit == "share":
        return f"{round(value * 100, 1):g}%"
    return f"{value:g}"


def _bound(op: str, limit: float, unit: Unit) -> dict:
    return {"threshold": f"{op} {show(limit, unit)}", "limit": limit, "unit": unit}


class CheckStatus(StrEnum):
    passed = "passed"
    failed = "failed"
    skipped = "skipped"


class Finding(Frozen):
    """One thing a check found: what it is about, where it is, and whether it is known."""

    subject: Subject
    message: str
    known: bool = False  # listed in the baseline: reported, but it cannot fail the check


class CheckResult(Frozen):
    """One check's outcome: the measured value against the threshold, and its findings."""

    id: str
    measure: str
    message: str  # the policy's sentence for this check
    status: CheckStatus
    value: float | None = None  # a share as a fraction (0.025), or a count
    unit: Unit = "count"
    threshold: str = ""  # the comparison and limit, in the unit the value is shown in ("<= 10%")
    limit: float | None = None  # the policy's number, as written (a share as a fraction)
    summary: str
    findings: tuple[Finding, ...] = ()

    @property
    def new_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.known)


class CheckReport(Frozen):
    """Every check of a policy run on one register edition."""

    policy: str
    edition: str  # the register edition checked: a bundled name or a file path
    against: str | None = None
    baseline: str | None = None
    warnings: tuple[ReportWarning, ...] = ()  # shown next to the verdict (model/caveats.py)
    results: tuple[CheckResult, ...]
    provenance: Provenance = Provenance()  # the tool, the rule files and the catalogue used

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """True when no check failed (skipped checks do not fail a run)."""
        return all(r.status is not CheckStatus.failed for r in self.results)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def counts(self) -> dict[str, int]:
        return {s.value: sum(1 for r in self.results if r.status is s) for s in CheckStatus}


__all__ = ["Baseline", "BaselineEntry", "CheckReport", "CheckResult", "Finding", "Measures", "CheckStatus",
           "Subject", "Unit", "show"]
