"""Pairing services across editions: by id, by exact name, by fuzzy name, on real registers."""

from __future__ import annotations

import pytest

from register_audit.compare.match import PROCESSOR, SCORER, MatchMode, MatchOptions, Method, match
from register_audit.model.records import Location, Service
from register_audit.load.editions import load_register

CANADA = ("ca/2016-2017", "ca/2017-2018", "ca/2018-2019", "ca/2019-2020", "ca/2020-2021")


def services(*names: str, provider: str = "") -> tuple[Service, ...]:
    return tuple(Service(id=f"s{i}", name=n, provider=provider, location=Location("t.csv", i + 2)) for i, n in enumerate(names))


def base(service_id: str) -> str:
    return service_id.split("~")[0]


def test_a_word_order_swap_pairs_as_fuzzy_with_its_score():
    """Two names with the same words in another order pair at score 100 by the fuzzy stage."""
    got = match(services("Issue of a building permit"), services("Building permit issue of a"), MatchOptions(mode=MatchMode.name))
    assert [(p.old, p.new, p.method, p.score) for p in got.pairs] == [(0, 0, Method.fuzzy, 100.0)]


def test_below_the_cutoff_is_no_match():
    """Names scoring under the threshold stay added and removed, never a forced pair."""
    got = match(services("Passport renewal"), services("Fishing licence"), MatchOptions(mode=MatchMode.name))
    assert got.pairs == () and got.removed == (0,) and got.added == (0,)


def test_pairing_is_one_to_one_best_first():
    """Two old services wanting one new name: the better one gets it, the other is removed."""
    old = services("Registration of a vehicle", "Registration of a vehicle trailer")
    new = services("Registration of the vehicle")
    got = match(old, new, MatchOptions(mode=MatchMode.name))
    assert [(p.old, p.new) for p in got.pairs] == [(0, 0)] and got.removed == (1,)


def test_the_threshold_option_moves_the_cutoff():
    """A looser --threshold pairs what the default leaves apart."""
    old, new = services("Pension payment"), services("Old age pension payment")
    assert match(old, new, MatchOptions(mode=MatchMode.name)).pairs == ()
    assert len(match(old, new, MatchOptions(mode=MatchMode.name, threshold=70)).pairs) == 1


def test_a_key_column_replaces_the_id():
    """--key provider pairs services by another field's text."""
    old = services("Alpha", provider="P1")
    new = services("Omega", provider="P1")
    got = match(old, new, MatchOptions(mode=MatchMode.id, key="provider"))
    assert [(p.method, p.old, p.new) for p in got.pairs] == [(Method.key, 0, 0)]


def test_canada_consecutive_years_match_provenance_overlaps():
    """By service_id, each pair of consecutive years has PROVENANCE.md's common, added and removed counts."""
    expected = [(313, 21, 32), (311, 939, 23), (1068, 163, 182), (1162, 455, 69)]
    for (a, b), (common, plus, minus) in zip(zip(CANADA, CANADA[1:]), expected):
        old, new = load_register(a).services, load_register(b).services
        got = match(old, new, MatchOptions(mode=MatchMode.id))
        # PROVENANCE counts unique ids: the duplicates kept as "1548~2" pair with each other.
        assert len({base(old[p.old].id) for p in got.pairs}) == common
        assert len({base(new[j].id) for j in got.added} - {base(old[p.old].id) for p in got.pairs}) == plus
        assert len({base(old[i].id) for i in got.removed} - {base(old[p.old].id) for p in got.pairs}) == minus


def test_auto_trusts_canadas_ids_and_not_the_kazakh_eras():
    """auto uses keys for Canada (shared, and the names behind them agree), names for kz/2013 → kz/2020."""
    assert match(load_register(CANADA[3]).services, load_register(CANADA[4]).services).used_keys
    kz = match(load_register("kz/2013").services, load_register("kz/2020").services)
    assert not kz.used_keys and kz.key_share < 0.5


def _name_vs_id(a: str, b: str) -> tuple[set, set, set]:
    old, new = load_register(a).services, load_register(b).services
    truth = {(p.old, p.new) for p in match(old, new, MatchOptions(mode=MatchMode.id)).pairs}
    found = {(p.old, p.new) for p in match(old, new, MatchOptions(mode=MatchMode.name)).pairs}
    # Findable: id pairs whose names a name-only matcher can see (scoring at least the cutoff);
    # a service renamed beyond recognition ("Passport" → "Travel documents") is not.
    findable = {(i, j) for i, j in truth if SCORER(PROCESSOR(old[i].name), PROCESSOR(new[j].name)) >= MatchOptions().threshold}
    return truth, found, findable


def test_canada_with_ids_withheld_pairs_by_name_with_high_precision_and_recall():
    """Across the four consecutive Canadian steps, name-only pairs agree with the ids (precision ≥ 0.98, recall ≥ 0.95).

    Precision: name pairs whose ids agree / all name pairs. Recall: findable id pairs found by name / findable id pairs.
    """
    correct = found_total = findable_total = findable_found = 0
    for a, b in zip(CANADA, CANADA[1:]):
        truth, found, findable = _name_vs_id(a, b)
        correct += len(found & truth)
        found_total += len(found)
        findable_total += len(findable)
        findable_found += len(found & findable)
    assert correct / found_total >= 0.98
    assert findable_found / findable_total >= 0.95


def test_canada_2016_to_2020_name_pairs_that_disagree_with_ids_are_renumberings():
    """Over four years every name pair the ids reject has the same name and department: a renumbered service."""
    old, new = load_register(CANADA[0]).services, load_register(CANADA[4]).services
    truth, found, findable = _name_vs_id(CANADA[0], CANADA[4])
    assert len(found & findable) / len(findable) >= 0.95
    wrong = found - truth
    assert len(wrong) <= 5
    assert all(old[i].provider == new[j].provider for i, j in wrong)


def test_kazakh_eras_with_ids_withheld_pair_only_true_pairs_and_find_the_renaming():
    """kz/2013 → kz/2020 by name only: every pair found is one service (dup_group) in both eras;
    services named alike in both pair by name, and the 2020 renaming of the duplicates of school
    certificates ("білім беру туралы" → "білім туралы") pairs as a rename."""
    old, new = load_register("kz/2013").services, load_register("kz/2020").services
    got = match(old, new, MatchOptions(mode=MatchMode.name))
    pairs = {(old[p.old].id, new[p.new].id) for p in got.pairs}
    assert pairs and all(a == b for a, b in pairs)
    same_name = {o.id for o in old for n in new if o.id == n.id and o.name == n.name}
    assert same_name <= {a for a, _ in pairs}
    renamed = [p for p in got.pairs if old[p.old].name != new[p.new].name]
    assert "P_school_duplicates" in {old[p.old].id for p in renamed}


def test_usa_renamed_slugs_pair_by_name_after_the_ids():
    """us/2021-11-12 → us/2022-05-27: ids pair the 21 stable slugs, then names pair renamed slugs."""
    old, new = load_register("us/2021-11-12").services, load_register("us/2022-05-27").services
    got = match(old, new)
    by_key = [p for p in got.pairs if p.method == Method.key]
    by_name = [p for p in got.pairs if p.method != Method.key]
    assert got.used_keys and len(by_key) == 21
    assert by_name and all(old[p.old].id != new[p.new].id for p in by_name)
    assert len(got.pairs) + len(got.removed) == len(old)


@pytest.mark.parametrize("mode", list(MatchMode))
def test_every_service_ends_in_exactly_one_place(mode):
    """Pairs, removed and added partition both editions, whatever the mode."""
    old, new = load_register("us/2021-11-12").services, load_register("us/2024-01-30").services
    got = match(old, new, MatchOptions(mode=mode))
    assert sorted([p.old for p in got.pairs] + list(got.removed)) == list(range(len(old)))
    assert sorted([p.new for p in got.pairs] + list(got.added)) == list(range(len(new)))


def test_blocking_loses_no_pair_on_canada(monkeypatch):
    """Fuzzy candidates come from shared rare words (blocking); on every Canadian step with ids withheld
    the pairs equal those of scoring every remaining pair (the blocks replaced by all columns)."""
    import register_audit.compare.fuzzy as fuzzy_module

    def all_pairs(old_left, new_left, old_names, new_names):
        return [list(range(len(new_left))) for _ in old_left]

    steps = [*zip(CANADA, CANADA[1:]), (CANADA[0], CANADA[4])]
    blocked = {}
    for a, b in steps:
        old, new = load_register(a).services, load_register(b).services
        blocked[a, b] = match(old, new, MatchOptions(mode=MatchMode.name))
    monkeypatch.setattr(fuzzy_module, "_blocks", all_pairs)
    for a, b in steps:
        old, new = load_register(a).services, load_register(b).services
        assert match(old, new, MatchOptions(mode=MatchMode.name)) == blocked[a, b], (a, b)
    assert sum(p.method == Method.fuzzy for m in blocked.values() for p in m.pairs) > 50


def test_blocking_keeps_two_words_joined_as_a_candidate():
    """Canada 2018-19 → 2019-20 renamed "GC Share" to "GCShare": they share no word, but the joined pair
    of words is looked up as a word, so they still pair."""
    got = match(services("GC Share"), services("GCShare"), MatchOptions(mode=MatchMode.name))
    assert [(p.old, p.new, p.method) for p in got.pairs] == [(0, 0, Method.fuzzy)]


def test_a_rarest_word_typo_still_pairs_by_the_other_rare_words():
    """A typo in the rarest word of a real Canadian name leaves the other rare words to find it."""
    old = services("Processing Vehicle Import Forms 1 and 3", "Receiver of Wreck Program under the Canada Shipping Act 2001")
    new = services("Receiver of Wrek Program under the Canada Shipping Act 2001", "Processing Vehicle Imports Forms 1 and 3")
    got = match(old, new, MatchOptions(mode=MatchMode.name))
    assert sorted((p.old, p.new, p.method) for p in got.pairs) == [(0, 1, Method.fuzzy), (1, 0, Method.fuzzy)]


def test_names_whose_numbers_differ_do_not_pair():
    """A number in a name is the item's identity: "… up to 18 years" is not "… up to 16 years", however
    close the words (kz register); both stay removed and added."""
    old = services("Назначение государственных пособий семьям, имеющим детей до 18 лет")
    new = services("Назначение государственных пособий семьям, имеющим детей до 16 лет")
    assert SCORER(PROCESSOR(old[0].name), PROCESSOR(new[0].name)) >= MatchOptions().threshold
    got = match(old, new, MatchOptions(mode=MatchMode.name))
    assert got.pairs == () and got.removed == (0,) and got.added == (0,)


def test_equal_numbers_beat_a_higher_score_with_other_numbers():
    """Canada's "Processing Vehicle Import Forms 1 and 3": the reworded name with the same forms pairs, not the
    closer-scoring name about forms 1 and 2, which stays added."""
    old = services("Processing Vehicle Import Forms 1 and 3")
    new = services("Processing Vehicle Import Forms 1 and 2", "Processing of Vehicle Import Forms 1 and 3")
    assert SCORER(PROCESSOR(old[0].name), PROCESSOR(new[0].name)) > SCORER(PROCESSOR(old[0].name), PROCESSOR(new[1].name))
    got = match(old, new, MatchOptions(mode=MatchMode.name))
    assert [(p.old, p.new) for p in got.pairs] == [(0, 1)] and got.added == (0,)


def test_a_labeler_that_names_its_fields_is_not_asked_about_pairs_whose_fields_agree():
    """diff labels only pairs whose content differs; a labeler that names the fields its labels read (here the
    name) is not called for a pair that changed only its fee, and the diff is the same as without `fields`."""
    from register_audit.compare.diff import compare
    from register_audit.model.records import Classification, ClassifiedService, Labels, Nature, Completeness, Register, RegisterMeta

    def label(register: Register) -> Classification:
        seen.extend(s.id for s in register.services)
        items = tuple(ClassifiedService(service=s, labels=Labels(nature=Nature.transactional, completeness=Completeness.complete,
                                                                 domain="01", human_service=False)) for s in register.services)
        return Classification(meta=register.meta, ruleset="test", items=items)

    def edition(name: str, *rows: tuple[str, str, str]) -> Register:
        return Register(meta=RegisterMeta(name=name, edition=name), services=tuple(
            Service(id=i, name=n, fee=f, location=Location("t.csv", k + 2)) for k, (i, n, f) in enumerate(rows)))

    old = edition("a", ("1", "Issue of a birth certificate", ""), ("2", "Building permit", "free"))
    new = edition("b", ("1", "Issue of the birth certificate", ""), ("2", "Building permit", "100 KZT"))
    seen: list[str] = []
    plain = compare(old, new, label, MatchOptions(mode=MatchMode.id))
    assert sorted(seen) == ["1", "1", "2", "2"]
    seen.clear()
    label.fields = lambda register: ("name",)
    assert compare(old, new, label, MatchOptions(mode=MatchMode.id)) == plain and sorted(seen) == ["1", "1"]
