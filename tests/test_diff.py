"""Changes between two editions: the variant types, their order, and the numbers-game split."""

from __future__ import annotations

from register_audit.compare.diff import Added, Diff, Renamed, compare
from register_audit.compare.match import MatchMode, MatchOptions, Method
from register_audit.model.records import (Classification, ClassifiedService, Completeness, Labels, Location, Nature,
                                   PartialKind, Register, RegisterMeta, Service)
from register_audit.load.editions import load_register
from register_audit.render.diff import headline


def keyword_labels(register: Register) -> Classification:
    """A tiny labeler for tests: 'queue' → partial human; 'pension' → transformational human; else transactional other."""
    items = []
    for s in register.services:
        text = s.name.lower()
        human = "queue" in text or "pension" in text
        labels = Labels(
            nature=Nature.transformational if "pension" in text else Nature.transactional,
            completeness=Completeness.partial if "queue" in text else Completeness.complete,
            partial_kind=PartialKind.queue if "queue" in text else None,
            domain="10.2" if human else "01", human_service=human,
        )
        items.append(ClassifiedService(service=s, labels=labels))
    return Classification(meta=register.meta, ruleset="test", items=tuple(items))


def register(name: str, *rows: tuple[str, str] | tuple[str, str, str]) -> Register:
    services = tuple(
        Service(id=r[0], name=r[1], fee=r[2] if len(r) > 2 else "", location=Location(f"{name}.csv", i + 2))
        for i, r in enumerate(rows)
    )
    return Register(meta=RegisterMeta(name=name, edition=name), services=services)


OLD = register("2019", ("1", "Issue of a birth certificate"), ("2", "Old-age pension assignment"), ("3", "Hunting permit"),
               ("4", "Building permit", "free"))
NEW = register("2020", ("1", "Issue of a birth certificate"), ("2", "Assignment of old-age pension"),
               ("4", "Building permit", "100 KZT"), ("5", "Kindergarten place queue"), ("6", "Social housing queue"),
               ("7", "Fishing licence"))


def test_added_removed_renamed_modified_are_each_listed_once_sorted_by_id():
    """A stable-id diff lists each kind of change with its own fields."""
    diff = compare(OLD, NEW, keyword_labels, MatchOptions(mode=MatchMode.id))
    assert [a.id for a in diff.added] == ["5", "6", "7"]
    assert [r.id for r in diff.removed] == ["3"]
    assert [(r.old_id, r.new_id, r.method) for r in diff.renamed] == [("2", "2", Method.key)]
    assert diff.renamed[0].score < 100
    assert [(m.new_id, [(c.field, c.old, c.new) for c in m.changes]) for m in diff.modified] == [("4", [("fee", "free", "100 KZT")])]
    assert (diff.summary.unchanged, diff.summary.matched) == (1, 3)


def test_the_net_split_counts_human_services_and_access_steps():
    """+3 −1 services: two human queues added, so +2 human, both only an access step."""
    net = compare(OLD, NEW, keyword_labels).net
    assert (net.services, net.human, net.human_partial, net.other) == (2, 2, 2, 0)
    assert headline(net) == "The register grew by 2 services; 2 of them are human services, and 2 of those are only an access step."


def test_a_label_change_is_reclassified_with_both_labels_and_moves_the_split():
    """A service whose new name adds 'queue' becomes partial: reclassified, and the split shows it."""
    old = register("a", ("1", "Pension payment"))
    new = register("b", ("1", "Pension payment queue"))
    diff = compare(old, new, keyword_labels, MatchOptions(mode=MatchMode.id))
    (change,) = diff.reclassified
    assert change.axes == ("completeness", "partial_kind")
    assert (change.old.completeness, change.new.completeness, change.new.partial_kind) == ("complete", "partial", "queue")
    assert (diff.net.services, diff.net.partial, diff.net.complete, diff.net.human_partial) == (0, 1, -1, 1)


def test_unchanged_services_are_counted_not_listed_or_labelled():
    """Equal content needs no labels: the labeler sees only what changed."""
    seen: list[str] = []

    def spy(reg: Register) -> Classification:
        seen.extend(s.id for s in reg.services)
        return keyword_labels(reg)

    compare(OLD, NEW, spy)
    assert "1" not in seen and set(seen) == {"2", "3", "4", "5", "6", "7"}


def test_ignored_fields_and_columns_of_one_edition_only_are_not_modifications():
    """--ignore-fields drops a noisy field; a column only the new edition has is reported, not diffed."""
    diff = compare(OLD, NEW, keyword_labels, ignore_fields=["fee"])
    assert diff.modified == ()
    ca = compare(load_register("ca/2019-2020"), load_register("ca/2020-2021"), keyword_labels, MatchOptions(mode=MatchMode.id))
    assert "assessed_for_accessibility" in ca.summary.columns_added
    assert all("assessed_for_accessibility" not in [c.field for c in m.changes] for m in ca.modified)


def test_canada_2019_to_2020_by_id_has_provenance_counts():
    """ca/2019-2020 → ca/2020-2021 by id: 1,162 common, +455, −69, as PROVENANCE.md states."""
    diff = compare(load_register("ca/2019-2020"), load_register("ca/2020-2021"), keyword_labels, MatchOptions(mode=MatchMode.id))
    assert (diff.summary.matched, diff.summary.added, diff.summary.removed) == (1162, 455, 69)
    assert diff.net.services == 455 - 69


def test_usa_2021_to_2024_reports_renamed_slugs():
    """us/2021-11-12 → us/2024-01-30: services whose slug changed appear as renamed with both ids."""
    diff = compare(load_register("us/2021-11-12"), load_register("us/2024-01-30"), keyword_labels)
    moved = [r for r in diff.renamed if r.old_id != r.new_id]
    assert moved and all(isinstance(r, Renamed) and r.method in (Method.name, Method.fuzzy) for r in moved)
    assert diff.summary.old_services == diff.summary.matched + diff.summary.removed


def test_the_same_input_gives_the_same_diff():
    """Deterministic: two runs compare equal and serialise identically."""
    a = compare(OLD, NEW, keyword_labels)
    b = compare(OLD, NEW, keyword_labels)
    assert a == b and a.model_dump_json() == b.model_dump_json()
    assert isinstance(Diff.model_validate_json(a.model_dump_json()).added[0], Added)


def test_headline_for_a_shrinking_register():
    """A register that lost services says so, in the past tense."""
    diff = compare(NEW, OLD, keyword_labels)
    assert headline(diff.net).startswith("The register shrank by 2 services; 2 of them were human services")
