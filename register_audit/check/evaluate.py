"""Checking: a policy applied to a register's measures gives a report that knows whether it passed."""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from register_audit.audit.catalogue import Status as Verdict
from register_audit.audit.report import HumanService
from register_audit.model.records import Frozen

from register_audit.check.policy import (
    AccessOnlyShare,
    DeliveredShare,
    FallbackShare,
    NewPartialHumanServices,
    RuleExamples,
    SourcedPolicy,
    UnclassifiedShare,
)
from register_audit.check.report import (
    Baseline,
    BaselineEntry,
    CheckReport,
    CheckResult,
    Finding,
    Measures,
    CheckStatus,
    Subject,
    Unit,
    _bound,
    show,
)


# --------------------------------------------------------------------------- evaluation


class _Outcome(Frozen):
    """What a measure says before the baseline is applied."""

    breached: bool
    value: float | None
    unit: Unit = "count"
    threshold: str
    limit: float | None = None
    summary: str
    findings: tuple[Finding, ...] = ()


def _one_line(text: str) -> str:
    # Register cells may hold line breaks (a CSV cell over two lines): a message is one line.
    return " ".join(text.split())


def _services(count: int) -> str:
    return f"{count} human service{'' if count == 1 else 's'}"


def _share(count: int, total: int) -> Fraction:
    # An empty register or catalogue has nothing to count: its share is 0, not an error.
    return Fraction(count, total) if total else Fraction(0)


def _limit(value: float) -> Fraction:
    # Fraction(repr) keeps 0.1 exactly 1/10, so 1 of 10 is not "above" max: 0.1.
    return Fraction(repr(value))


def _unclassified(check: UnclassifiedShare, m: Measures) -> _Outcome:
    share = _share(len(m.unclassified), m.services)
    findings = tuple(
        Finding(subject=s, message=f"Service {s.id} ({_one_line(s.name)}) is unclassified{': ' + s.detail if s.detail else ''}.")
        for s in m.unclassified
    )
    return _Outcome(
        breached=share > _limit(check.max), value=float(share), **_bound("<=", check.max, "share"), findings=findings,
        summary=f"{len(m.unclassified)} of {m.services} services ({float(share):.1%}) are unclassified; "
        f"the policy allows at most {check.max:.0%}.",
    )


def _catalogue_share(m: Measures, status: Verdict, wanted: str) -> tuple[Fraction, tuple[HumanService, ...], str]:
    chosen = tuple(h for h in m.human_services if h.status is status)
    share = _share(len(chosen), len(m.human_services))
    counted = f"{len(chosen)} of {len(m.human_services)} catalogue human services ({float(share):.1%}) are {wanted}"
    return share, chosen, counted


_MISSING = {Verdict.access_only: "is present only as an access step", Verdict.excluded: "is not in the register"}


def _entry_finding(entry: HumanService, m: Measures) -> Finding:
    evidence = m.evidence.get(entry.id)
    seen = f" (e.g. {evidence.id}: {_one_line(evidence.name)})" if evidence and evidence.id else ""
    # An excluded entry has no row to point at: the finding is about the register file itself.
    subject = Subject(id=entry.id, name=entry.title, detail=entry.cofog,
                      file=evidence.file if evidence else m.file, row=evidence.row if evidence else None)
    return Finding(subject=subject, message=f"Human service {entry.id} ({entry.title}, COFOG {entry.cofog}) {_MISSING[entry.status]}{seen}.")


def _delivered(check: DeliveredShare, m: Measures) -> _Outcome:
    share, _, counted = _catalogue_share(m, Verdict.delivered, "delivered")
    missing = tuple(_entry_finding(h, m) for h in m.human_services if h.status is not Verdict.delivered)
    return _Outcome(breached=share < _limit(check.min), value=float(share), **_bound(">=", check.min, "share"),
                    summary=f"{counted}; the policy asks for at least {check.min:.0%}.", findings=missing)


def _access_only(check: AccessOnlyShare, m: Measures) -> _Outcome:
    share, chosen, counted = _catalogue_share(m, Verdict.access_only, "access only")
    return _Outcome(breached=share > _limit(check.max), value=float(share), **_bound("<=", check.max, "share"),
                    summary=f"{counted}; the policy allows at most {check.max:.0%}.",
                    findings=tuple(_entry_finding(h, m) for h in chosen))


def _new_partial(check: NewPartialHumanServices, m: Measures) -> _Outcome:
    assert m.new_partial_human is not None  # run_checks skips this check without --against
    found = m.new_partial_human
    findings = tuple(
        Finding(subject=s, message=f"Human service {s.id} ({_one_line(s.name)}) is partial{' (' + s.detail + ')' if s.detail else ''} "
                f"and was not partial in {m.against}.")
        for s in found
    )
    return _Outcome(breached=len(found) > check.max, value=float(len(found)), **_bound("<=", check.max, "count"),
                    summary=f"{_services(len(found))} became partial since {m.against}; "
                    f"the policy allows at most {check.max}.", findings=findings)


def _fallback(check: FallbackShare, m: Measures) -> _Outcome:
    shares = {axis: _share(m.fallback.get(axis, 0), m.services) for axis in check.axes}
    over = [axis for axis, share in shares.items() if share > _limit(check.max)]
    findings = tuple(
        Finding(subject=Subject(id=f"fallback:{axis}", name=axis, detail=f"{float(shares[axis]):.1%}", file=m.file),
                message=(f"Fallbacks decided the {axis} of {m.fallback.get(axis, 0)} of {m.services} services "
                         f"({float(shares[axis]):.1%}): those labels are the rules' default, not evidence."))
        for axis in over
    )
    parts = ", ".join(f"{axis} {m.fallback.get(axis, 0)} ({float(share):.1%})" for axis, share in shares.items())
    return _Outcome(breached=bool(over), value=float(max(shares.values())), **_bound("<=", check.max, "share"),
                    summary=f"Labels decided by a fallback rule or by no rule, of {m.services} services: {parts}; "
                    f"the policy allows at most {check.max:.0%} on each axis.", findings=findings)


def _examples(check: RuleExamples, m: Measures) -> _Outcome:
    failed = m.failed_examples
    findings = tuple(Finding(subject=s, message=f"Rule {s.name}: {_one_line(s.detail)}.") for s in failed)
    summary = (f"{len(failed)} of {m.rule_examples} rule examples fail." if failed
               else f"All {m.rule_examples} rule examples hold.")
    return _Outcome(breached=bool(failed), value=float(len(failed)), **_bound("=", 0, "count"), summary=summary, findings=findings)


# One evaluator per measure kind: a new kind in policy.py needs an entry here (a test checks it).
EVALUATORS: dict[str, Callable[..., _Outcome]] = {
    "unclassified_share": _unclassified,
    "delivered_share": _delivered,
    "access_only_share": _access_only,
    "new_partial_human_services": _new_partial,
    "fallback_share": _fallback,
    "rule_examples": _examples,
}


def run_checks(
    sourced: SourcedPolicy, measures: Measures, baseline: Baseline | None = None, *, baseline_name: str | None = None
) -> CheckReport:
    """Apply every check of the policy to MEASURES, in policy order.

    A check fails when its threshold is breached and at least one of its findings is not in
    BASELINE (or it has no findings to accept at all). A check that compares editions is
    skipped, not failed, when no previous edition was given: one policy serves both a
    pre-commit hook on a single file and a CI job with `--against`.
    """
    known = {(e.check, e.subject) for e in (baseline.findings if baseline else ())}
    results: list[CheckResult] = []
    for check in sourced.policy.checks:
        common = {"id": check.id, "measure": check.measure, "message": check.message}
        if check.needs_against and measures.new_partial_human is None:
            results.append(CheckResult(**common, status=CheckStatus.skipped,
                                       summary="Skipped: this check compares editions; give --against OLD."))
            continue
        outcome = EVALUATORS[check.measure](check, measures)
        findings = tuple(
            f.model_copy(update={"known": (check.id, f.subject.id) in known}) for f in outcome.findings
        )
        new = [f for f in findings if not f.known]
        failed = outcome.breached and (bool(new) or not findings)
        summary = outcome.summary
        if outcome.breached and not failed:
            summary += f" All {len(findings)} findings are known (baseline)."
        results.append(CheckResult(**common, status=CheckStatus.failed if failed else CheckStatus.passed, value=outcome.value,
                                   unit=outcome.unit, threshold=outcome.threshold, limit=outcome.limit, summary=summary, findings=findings))
    return CheckReport(policy=sourced.path, edition=measures.edition, against=measures.against,
                       baseline=baseline_name, warnings=measures.warnings, results=tuple(results))


def baseline_of(report: CheckReport) -> Baseline:
    """Every current finding of REPORT as a baseline, sorted so the file is deterministic."""
    entries = {(r.id, f.subject.id) for r in report.results for f in r.findings}
    return Baseline(findings=tuple(BaselineEntry(check=c, subject=s) for c, s in sorted(entries)))


# The models live in check/report.py; these names are imported from here too (render/check.py).
__all__ = ["Baseline", "BaselineEntry", "CheckReport", "CheckResult", "EVALUATORS", "Finding", "Measures",
           "CheckStatus", "Subject", "baseline_of", "run_checks", "show"]
