"""What changed between two editions of a register: added, removed, renamed, modified, reclassified."""

from __future__ import annotations

from typing import Callable, Literal, Sequence

from register_audit.compare.edition import Edition, edition_of
from register_audit.compare.match import PROCESSOR, SCORER, Matching, MatchOptions, Method, Pair, match
from register_audit.model.records import Classification, Evidence, Frozen, Labels, Provenance, Register, RegisterMeta, Service
from register_audit.model.records import Completeness, HumanLabel, Nature, PartialKind, construct
from register_audit.model.caveats import ReportWarning, collection_warnings
from register_audit.compare.columns import COLUMN_CHANGE_SHARE, ColumnChange, column_changes

# Labels a sub-register (the services whose labels the diff needs) and returns them in order.
# A labeler may also have a `fields` attribute: a function giving, for a register (its metadata:
# the services are left out), the fields its labels depend on (classify's Engine.fields for the
# rule set it would use). Then only pairs
# whose text in those fields differs are labelled; without it, any difference in content is.
# On Canada-shaped editions every pair differs (fiscal_yr, yearly volume counts), and labelling
# them all was 63% of a 10^5-row diff (benchmarks/RESULTS.md).
Labeler = Callable[[Register], Classification]

# Fields compared for `modified`: the mapped ones; translations and unmapped columns are added
# per edition. `id` and `name` are the pairing itself (`renamed`), `location` is where a row
# sits in its file, which changes whenever a row above it does.
COMPARED_FIELDS = ("provider", "section", "subsection", "channels", "form", "fee")


class LabelView(Frozen):
    """The four codebook labels of one service and the winning rule behind each axis."""

    nature: Nature
    completeness: Completeness
    partial_kind: PartialKind | Literal[""] = ""  # "" when not partial
    domain: str
    human_service: HumanLabel
    evidence: tuple[Evidence, ...] = ()

    @classmethod
    def of(cls, labels: Labels) -> "LabelView":
        return cls(
            nature=labels.nature, completeness=labels.completeness, partial_kind=labels.partial_kind or "",
            domain=labels.domain, human_service=HumanLabel.of(labels.human_service),
            evidence=tuple(d.winner for d in labels.decisions if d.winner is not None),
        )

    def axes(self) -> dict[str, str]:
        return {"nature": self.nature, "completeness": self.completeness, "partial_kind": self.partial_kind,
                "domain": self.domain, "human_service": self.human_service}


class Added(Frozen):
    kind: Literal["added"] = "added"
    id: str
    name: str
    labels: LabelView


class Removed(Frozen):
    kind: Literal["removed"] = "removed"
    id: str
    name: str
    labels: LabelView


class Renamed(Frozen):
    """A pair whose name or id changed; SCORE is the name similarity (100: equal names)."""

    kind: Literal["renamed"] = "renamed"
    old_id: str
    new_id: str
    old_name: str
    new_name: str
    score: float
    method: Method


class FieldChange(Frozen):
    field: str
    old: str
    new: str


class Modified(Frozen):
    kind: Literal["modified"] = "modified"
    old_id: str
    new_id: str
    name: str
    changes: tuple[FieldChange, ...]


class Reclassified(Frozen):
    kind: Literal["reclassified"] = "reclassified"
    old_id: str
    new_id: str
    name: str
    axes: tuple[str, ...]  # the label axes that changed
    old: LabelView
    new: LabelView


class Split(Frozen):
    """Net change in the number of services, split the ways a headline count hides."""

    services: int = 0
    human: int = 0
    other: int = 0  # human_service false
    unclassified: int = 0  # domain unclassified
    human_partial: int = 0  # human services that are only an access step
    complete: int = 0
    partial: int = 0
    transformational: int = 0
    transactional: int = 0


class Summary(Frozen):
    old_services: int
    new_services: int
    matched: int
    unchanged: int
    added: int
    removed: int
    renamed: int
    modified: int
    reclassified: int
    keys_used: bool  # whether pairs were made by key before names
    key: str
    key_share: float
    threshold: float
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()


class Diff(Frozen):
    """Two editions compared; every list sorted by id."""

    old: RegisterMeta
    new: RegisterMeta
    warnings: tuple[ReportWarning, ...] = ()  # shown next to the headline (model/caveats.py)
    summary: Summary
    net: Split
    added: tuple[Added, ...] = ()
    removed: tuple[Removed, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    modified: tuple[Modified, ...] = ()
    reclassified: tuple[Reclassified, ...] = ()
    # Fields that changed on nearly every matched service; `modified` still lists each row
    # (JSON keeps every change), reports show these once instead.
    column_changes: tuple[ColumnChange, ...] = ()
    provenance: Provenance = Provenance()  # the tool and the rule files the labels came from


def compare(old: Register | Edition, new: Register | Edition, label: Labeler, options: MatchOptions = MatchOptions(),
            ignore_fields: Sequence[str] = ()) -> Diff:
    """Pair OLD and NEW services (Registers, or editions read as rows: load/rows.py), and list
    what changed, with labels from LABEL.

    Only the services a count can move are labelled (added, removed, and pairs whose content
    differs): a pair with equal content gets equal labels from the same rules. Whole rows are
    compared first, and a pair is looked at field by field only when its rows differ.
    """
    old, new = edition_of(old), edition_of(new)
    matching = match(old, new, options)
    old_fields, new_fields = old.columns(), new.columns()
    ignored = set(ignore_fields)
    fields = [f for f in (*COMPARED_FIELDS, *sorted(old_fields & new_fields)) if f not in ignored]
    fields_of = getattr(label, "fields", None)
    read = tuple(sorted({*fields_of(old.holding(())), *fields_of(new.holding(()))})) if callable(fields_of) else None
    differing = [(p, old.service(p.old), new.service(p.new)) for p in _differing(matching, old, new, fields, read)]
    changed = [(p, a, b) for p, a, b in differing if _content(a, read) != _content(b, read)]
    old_labels = _labels(old, {**{i: old.service(i) for i in matching.removed}, **{p.old: a for p, a, _ in changed}}, label)
    new_labels = _labels(new, {**{j: new.service(j) for j in matching.added}, **{p.new: b for p, _, b in changed}}, label)
    net = dict.fromkeys(Split.model_fields, 0)
    for i in matching.removed:
        _shift(net, old_labels[i][1], -1)
    for j in matching.added:
        _shift(net, new_labels[j][1], +1)
    renamed: list[Renamed] = []
    modified: list[Modified] = []
    reclassified: list[Reclassified] = []
    for pair, a, b in differing:
        # Without trusted keys the ids are not the service's identity (row-derived ids shift with
        # every row above): only a name change is a rename then.
        if a.name != b.name or (matching.used_keys and a.id != b.id):
            score = pair.score if pair.method != Method.key else _name_score(a, b)
            renamed.append(Renamed(old_id=a.id, new_id=b.id, old_name=a.name, new_name=b.name, score=score, method=pair.method))
        changes = _changes(a, b, fields)
        if changes:
            modified.append(Modified(old_id=a.id, new_id=b.id, name=b.name, changes=changes))
        if pair.old in old_labels:
            was, now = old_labels[pair.old][1], new_labels[pair.new][1]
            axes = tuple(k for k, v in was.axes().items() if now.axes()[k] != v)
            if axes:
                reclassified.append(Reclassified(old_id=a.id, new_id=b.id, name=b.name, axes=axes, old=was, new=now))
                _shift(net, was, -1)
                _shift(net, now, +1)
    touched = {(r.old_id, r.new_id) for r in (*renamed, *modified, *reclassified)}
    summary = Summary(
        old_services=len(old), new_services=len(new), matched=len(matching.pairs),
        unchanged=len(matching.pairs) - len(touched), added=len(matching.added), removed=len(matching.removed),
        renamed=len(renamed), modified=len(modified), reclassified=len(reclassified),
        keys_used=matching.used_keys, key=options.key, key_share=round(matching.key_share, 4), threshold=options.threshold,
        columns_added=tuple(sorted(new_fields - old_fields)), columns_removed=tuple(sorted(old_fields - new_fields)),
    )
    return Diff(
        old=old.meta, new=new.meta, warnings=collection_warnings(old.meta, new.meta), summary=summary, net=Split(**net),
        added=tuple(sorted((Added(id=s.id, name=s.name, labels=v) for s, v in map(new_labels.__getitem__, matching.added)), key=_by_id)),
        removed=tuple(sorted((Removed(id=s.id, name=s.name, labels=v) for s, v in map(old_labels.__getitem__, matching.removed)), key=_by_id)),
        renamed=tuple(sorted(renamed, key=_by_pair)), modified=tuple(sorted(modified, key=_by_pair)),
        reclassified=tuple(sorted(reclassified, key=_by_pair)), column_changes=column_changes(modified, len(matching.pairs)),
    )


def _differing(matching: Matching, old: Edition, new: Edition, fields: list[str], read: tuple[str, ...] | None) -> list[Pair]:
    """The pairs that may have a change to report, in pair order: those whose rows differ in the
    name (and the id, when keys paired them), a field `modified` compares or a field the labels
    read. Every pair when an edition cannot say what `modified` compares, or the labels may read
    anything (no READ)."""
    if read is None:
        return list(matching.pairs)
    ids = ("id",) if matching.used_keys else ()
    old_columns = [old.texts(f) for f in ("name", *ids, *read)]
    new_columns = [new.texts(f) for f in ("name", *ids, *read)]
    for field in fields:
        was, now = old.compared(field), new.compared(field)
        if was is None or now is None or was[0] != now[0]:  # an unmapped column in one only: in full
            return list(matching.pairs)
        old_columns.append(was[1])
        new_columns.append(now[1])
    old_rows, new_rows = list(zip(*old_columns)), list(zip(*new_columns))
    return [p for p in matching.pairs if old_rows[p.old] != new_rows[p.new]]


def _changes(a: Service, b: Service, fields: list[str]) -> tuple[FieldChange, ...]:
    """The fields whose text differs between A and B, in FIELDS order."""
    ea, eb = a.extra, b.extra
    found = []
    for field in fields:
        if field in ea or field in eb:  # an unmapped column: read it directly, the hot case
            x, y = ea.get(field, ""), eb.get(field, "")
        else:
            x, y = a.field_text(field), b.field_text(field)
        if x != y:
            found.append(construct(FieldChange, {"field": field, "old": x, "new": y}))  # three texts: nothing to validate
    return tuple(found)


def _by_id(change: Added | Removed) -> tuple[str, str]:
    return change.id, change.name


def _by_pair(change: Renamed | Modified | Reclassified) -> tuple[str, str]:
    return change.new_id, change.old_id


def _content(service: Service, read: tuple[str, ...] | None = None) -> tuple:
    """Everything the rules could read (or the fields READ, when the labeler names the ones its
    rules do read): equal content means equal labels under equal rules."""
    if read is not None:
        return tuple(service.field_text(f) for f in read)
    return (service.name, service.names, service.provider, service.section, service.subsection,
            service.channels, service.form, service.fee, service.extra)


def _labels(edition: Edition, services: dict[int, Service], label: Labeler) -> dict[int, tuple[Service, LabelView]]:
    """Each of SERVICES (by index) with its labels, the edition labelled once in index order."""
    unique = sorted(services)
    if not unique:
        return {}
    items = label(edition.holding(tuple(services[i] for i in unique))).items
    return {i: (services[i], LabelView.of(item.labels)) for i, item in zip(unique, items)}


def _name_score(a: Service, b: Service) -> float:
    return round(float(SCORER(PROCESSOR(a.name), PROCESSOR(b.name))), 1)


def _shift(counts: dict[str, int], labels: LabelView, sign: int) -> None:
    counts["services"] += sign
    if labels.human_service is HumanLabel.true:
        counts["human"] += sign
        if labels.completeness is Completeness.partial:
            counts["human_partial"] += sign
    elif labels.human_service is HumanLabel.false:
        counts["other"] += sign
    else:
        counts["unclassified"] += sign
    for completeness in (Completeness.complete, Completeness.partial):
        counts[completeness.value] += sign * (labels.completeness is completeness)
    for nature in (Nature.transformational, Nature.transactional):
        counts[nature.value] += sign * (labels.nature is nature)


__all__ = ["Added", "COLUMN_CHANGE_SHARE", "ColumnChange", "Diff", "FieldChange", "LabelView", "Labeler", "Modified", "Reclassified", "Removed",
           "Renamed", "Split", "Summary", "column_changes", "compare"]
