"""The library API: read → classify → audit / diff / trend / check, as the CLI and notebooks call it.

Every function takes a register (a file path, a bundled edition name such as "kz" or
"ca/2020-2021", "-" for standard input, or a Register already read) and the read options the
CLI has (`profile`, `sheet`, `skip_lines`, `encoding`, `delimiter`, or one `ReadOptions`), and
returns a typed result. `register_audit.to_rows(result)` and `register_audit.to_frame(result)`
turn any result into plain rows or a pandas DataFrame.

Warnings about the input (repeated ids, empty names) go to ON_NOTICE when given, else they are
raised as Python warnings (`InputWarning`), which a notebook shows once under the cell.
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from pathlib import Path
from typing import Callable, Iterable, Sequence

from register_audit.model.records import Classification, Notice, Register
from register_audit.read.options import ReadOptions

RegisterSpec = str | os.PathLike | Register
NoticeHandler = Callable[[Sequence[Notice]], None]


class InputWarning(UserWarning):
    """A problem with the input that did not stop the run (a repeated id, empty names)."""


def _notify(notices: Sequence[Notice], on_notice: NoticeHandler | None) -> None:
    if on_notice is not None:
        on_notice(notices)
        return
    for n in notices:
        where = n.file + (f", row {n.row}" if n.row is not None else "") + (f", field {n.field!r}" if n.field else "")
        warnings.warn(f"{where}: {n.message}", InputWarning, stacklevel=3)


def _options(options: ReadOptions | None, read: dict[str, object]) -> ReadOptions:
    from register_audit.load.editions import read_options

    return read_options(options, **read)


def read_register(register: RegisterSpec = "kz", *, options: ReadOptions | None = None,
                  on_notice: NoticeHandler | None = None, profile: str | None = None, sheet: str | None = None,
                  skip_lines: int | None = None, encoding: str | None = None, delimiter: str | None = None) -> Register:
    """REGISTER as typed records: one Service per row, every source column kept."""
    from register_audit.load.editions import load_register

    return _read(register, load_register, options=options, on_notice=on_notice, profile=profile, sheet=sheet,
                 skip_lines=skip_lines, encoding=encoding, delimiter=delimiter)


def _read(register: RegisterSpec, load, *, options: ReadOptions | None = None, on_notice: NoticeHandler | None = None, **read):
    """REGISTER as LOAD reads a file or a bundled edition (a Register stays as it is); its notices go to ON_NOTICE."""
    if isinstance(register, Register):
        return register
    loaded = load(os.fspath(register), _options(options, read))
    _notify(loaded.warnings, on_notice)
    return loaded


def _ruleset(rules: str | os.PathLike | None, register: Register):
    from register_audit.rules.ruleset import load_ruleset

    return load_ruleset(os.fspath(rules) if rules is not None else None, register.meta)


def classify(register: RegisterSpec = "kz", *, rules: str | os.PathLike | None = None, **read) -> Classification:
    """Every service of REGISTER with its four labels and the evidence behind each.

    RULES is a bundled rule-set name ("kz", "en"), a folder or a file; default: the register's language."""
    from register_audit.classify import classify as label

    loaded = read_register(register, **read)
    return label(loaded, _ruleset(rules, loaded))


def explain(register: RegisterSpec, query: str, *, rules: str | os.PathLike | None = None, **read):
    """Why the service QUERY names (its id, or a name matched fuzzily: WRatio, cutoff 88) got
    its labels; a UsageError naming the closest names when no name is close enough."""
    from register_audit.explain import explain as why

    return why(classify(register, rules=rules, **read), query)


def audit(register: RegisterSpec = "kz", *, rules: str | os.PathLike | None = None,
          catalogue: str | os.PathLike | None = None, budget: str | os.PathLike | bool | None = None,
          rows: bool = True, weight: str = "count", options: ReadOptions | None = None,
          on_notice: NoticeHandler | None = None, on_progress: Callable[[int, int], None] | None = None, **read):
    """The coverage report: which human services REGISTER delivers, offers only as an access
    step, or leaves out, weighed against spending.

    BUDGET: a CSV/YAML file; None for the bundled default of the register's country; False for
    none. ROWS=False leaves out the per-service rows (the report is smaller). WEIGHT: the
    digital-depth shares the readable reports show: "count" (services), "applications" or
    "interactions" (where the register counts use; else by count). A register given by name or
    path streams from its file and is never held whole. ON_PROGRESS, when given, is called as it
    streams with the rows read so far and about how many bytes of the file they held.
    """
    from register_audit.audit.budget import default_budget, load_budget
    from register_audit.audit.catalogue import load_catalogue
    from register_audit.audit.coverage import audit_columns, audit_stream
    from register_audit.classify import engine, label_stream
    from register_audit.errors import UsageError
    from register_audit.load.columns import read_columns
    from register_audit.load.editions import open_register
    from register_audit.model.provenance import provenance_of
    from register_audit.rules.ruleset import load_ruleset

    if budget is True:
        raise UsageError("budget=True is not a budget; give a file, None for the default, or False for none.")
    if isinstance(register, Register):
        meta, services, notices = register.meta, register.services, register.warnings
    else:
        stream = open_register(os.fspath(register), _options(options, read))
        if on_progress is not None:
            stream.table = dataclasses.replace(stream.table, rows=_counted(stream.table.rows, on_progress))
        meta, services, notices = stream.meta, stream, stream.notices
    ruleset = load_ruleset(os.fspath(rules) if rules is not None else None, meta)
    spending = (None if budget is False else load_budget(os.fspath(budget)) if budget is not None
                else default_budget(meta))
    sourced = load_catalogue(os.fspath(catalogue) if catalogue is not None else None)
    compiled = engine(ruleset)
    if isinstance(register, Register):
        report = audit_stream(meta, ruleset.name, label_stream(services, compiled), sourced, spending, rows=rows,
                              weight=_weight(weight), provenance=provenance_of([ruleset]))
    else:
        # Read as columns: each distinct text is classified once and rows are counted per distinct
        # result, so no Service is built per row (a 10^6-row register near the csv floor).
        report = audit_columns(meta, compiled, read_columns(services, compiled.fields), sourced, spending, rows=rows,
                               weight=_weight(weight), provenance=provenance_of([ruleset]))
    _notify(notices, on_notice)
    return report


PROGRESS_ROWS = 2_000  # rows between two progress calls: often enough to watch, rarely enough to cost nothing


def _counted(rows, report: Callable[[int, int], None]):
    """ROWS as they are, calling REPORT(rows, bytes) every PROGRESS_ROWS rows and at the end; the
    bytes are the cells' UTF-8 length with a delimiter each and a line end (the file's own
    encoding and quoting make it differ a little)."""
    count = size = 0
    for row in rows:
        count += 1
        size += sum(len(c.encode("utf-8", "surrogatepass")) + 1 for c in row[1]) + 1
        if count % PROGRESS_ROWS == 0:
            report(count, size)
        yield row
    report(count, size)


def _weight(weight: str):
    from register_audit.audit.depth import Weight
    from register_audit.errors import UsageError

    try:
        return Weight(weight)
    except ValueError:
        raise UsageError(f"--weight {weight!r} is not a weight; choose one of {', '.join(Weight)}.") from None


def _labeler(rules: str | os.PathLike | None):
    from register_audit.compare.labeler import Labeler

    return Labeler(os.fspath(rules) if rules is not None else None)


def _match(match: str, key: str, threshold: float | None):
    from register_audit.compare.match import options_of

    return options_of(match, key, threshold)


def diff(old: RegisterSpec, new: RegisterSpec, *, rules: str | os.PathLike | None = None, match: str = "auto",
         key: str = "id", threshold: float | None = None, ignore_fields: Iterable[str] = (), **read):
    """What changed from OLD to NEW: added, removed, renamed, modified and reclassified
    services, and what the net change in the count is made of.

    MATCH: "auto" (keys, then names), "id" or "name"; KEY: the key column; THRESHOLD: the fuzzy
    name cutoff (rapidfuzz token_sort_ratio, default 85); IGNORE_FIELDS: columns not compared."""
    from register_audit.compare.diff import compare
    from register_audit.load.rows import load_rows

    label = _labeler(rules)  # each edition read as rows: Services built only where rows differ (load/rows.py)
    result = compare(_read(old, load_rows, **read), _read(new, load_rows, **read), label, _match(match, key, threshold), tuple(ignore_fields))
    return result.model_copy(update={"provenance": label.provenance()})


def trend(registers: Iterable[RegisterSpec], *, rules: str | os.PathLike | None = None, match: str = "auto",
          key: str = "id", threshold: float | None = None, ignore_fields: Iterable[str] = (), **read):
    """The same measures across two or more editions, in time order, and the change between
    consecutive ones (options as for `diff`); each edition's digital depth and shares by use too,
    counting only the application channels every edition gives figures for."""
    from register_audit.audit.catalogue import load_catalogue
    from register_audit.compare.trend import trend as build
    from register_audit.errors import UsageError

    specs = list(registers)
    if len(specs) < 2:
        raise UsageError("trend needs at least two editions; for one, use `register-audit audit`.")
    label = _labeler(rules)
    classified = [label(read_register(spec, **read)) for spec in specs]
    result = build(classified, _match(match, key, threshold), tuple(ignore_fields), catalogue=load_catalogue(None))
    return result.model_copy(update={"provenance": label.provenance()})


def compare(registers: Iterable[RegisterSpec], *, rules: str | os.PathLike | None = None,
            catalogue: str | os.PathLike | None = None, options: ReadOptions | None = None,
            on_notice: NoticeHandler | None = None, **read):
    """The paradox measures of several registers side by side, one column each in the order
    given: services, the human-service share, human services only an access step, the
    transformational share, digital depth for human services and the rest, the shares by use
    where a register counts it, and the budget ratio where its country has a default table.

    Each register is audited with its own default rules (by language) unless RULES is given."""
    from register_audit.compare.paradox import comparison
    from register_audit.errors import UsageError

    specs = list(registers)
    if not specs:
        raise UsageError("compare needs at least one register.")
    audits = [audit(spec, rules=rules, catalogue=catalogue, rows=False, options=options, on_notice=on_notice, **read)
              for spec in specs]
    return comparison(audits)


def check(register: RegisterSpec = "kz", *, policy: str | os.PathLike, against: RegisterSpec | None = None,
          rules: str | os.PathLike | None = None, catalogue: str | os.PathLike | None = None,
          baseline: str | os.PathLike | None = None, accept_current: str | None = None, **read):
    """A policy's checks on REGISTER (and AGAINST, a previous edition, for the checks that compare
    editions); the report's `passed` says whether the gate passes.

    BASELINE: known findings (JSON written from `baseline_of(report)`), so only new ones fail.
    ACCEPT_CURRENT: take this run's findings as the baseline (named so in the report), as
    `check --write-baseline NAME` does before it writes them."""
    from register_audit.check.baseline import read_baseline
    from register_audit.check.evaluate import baseline_of, run_checks
    from register_audit.check.measures import measure
    from register_audit.check.policy import load_policy
    from register_audit.audit.catalogue import load_catalogue
    from register_audit.model.provenance import provenance_of

    sourced = load_policy(os.fspath(policy))
    known = read_baseline(Path(baseline)) if baseline is not None else None
    new = read_register(register, **read)
    old = read_register(against, **read) if against is not None else None
    measures = measure(new, rules=os.fspath(rules) if rules is not None else None, against=old,
                       catalogue=os.fspath(catalogue) if catalogue is not None else None)
    report = run_checks(sourced, measures, known, baseline_name=os.fspath(baseline) if baseline is not None else None)
    if accept_current is not None:
        report = run_checks(sourced, measures, baseline_of(report), baseline_name=accept_current)
    return report.model_copy(update={"provenance": provenance_of([_ruleset(rules, new)], load_catalogue(
        os.fspath(catalogue) if catalogue is not None else None))})


def evaluate(labels: str | os.PathLike, *, rules: str | os.PathLike | None = None, minimum: float = 0.95):
    """RULES measured against the hand labels in LABELS (a label file: `id,name,language,nature,
    completeness,partial_kind,domain,human_service`, other columns register fields): agreement
    per axis and language, partial recall, confusion matrices and every disagreement with the
    rule that decided it; `passed` is False when an axis or the partial recall is below MINIMUM.
    Named `evaluate`, not `eval`, so that `from register_audit import *` leaves Python's eval alone."""
    from register_audit.load.labels import read_labels
    from register_audit.model.provenance import provenance_of
    from register_audit.rules.evaluate import evaluate as measure

    label_set = read_labels(os.fspath(labels))
    ruleset = _ruleset(rules, label_set.register())
    return measure(label_set, ruleset, minimum).model_copy(update={"provenance": provenance_of([ruleset])})


def to_rows(result, table: str | None = None) -> list[dict[str, object]]:
    """RESULT as plain rows (dicts of str, int, float, bool), one per service or change; TABLE
    picks another table of the result (`tables(result)` lists them)."""
    from register_audit.render.rows import to_rows as rows

    return rows(result, table)


def tables(result) -> tuple[str, ...]:
    """The tables `to_rows` and `to_frame` can give for RESULT, the default first."""
    from register_audit.render.rows import tables as named

    return named(result)


def to_frame(result, table: str | None = None):
    """RESULT's rows as a pandas DataFrame (needs the optional `pandas` extra)."""
    from register_audit.render.rows import to_frame as frame

    return frame(result, table)


__all__ = ["InputWarning", "ReadOptions", "audit", "check", "classify", "compare", "diff", "evaluate", "explain", "read_register",
           "tables", "to_frame", "to_rows", "trend"]
