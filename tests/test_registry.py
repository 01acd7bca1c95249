"""Bundled registers load from any directory with the counts their sources give."""

from __future__ import annotations

import pytest

from register_audit.load.editions import bundled_editions, load_register


def test_canada_2020_21_has_1617_services():
    """The FY2020-21 Canadian inventory holds 1,617 services."""
    assert len(load_register("ca/2020-2021").services) == 1617


@pytest.mark.parametrize("name", sorted(bundled_editions()))
def test_every_bundled_edition_parses(name):
    """Every bundled edition gives services with ids, names and a source location."""
    register = load_register(name)
    assert register.services
    assert all(s.id and s.name and s.location.row for s in register.services)
    assert len({s.id for s in register.services}) == len(register.services)


def test_kazakh_eras_are_subsets_of_the_whole_collection():
    """kz/2010, kz/2013 and kz/2020 hold the services sighted in acts of their time."""
    everything = {s.id for s in load_register("kz").services}
    for era in ("kz/2010", "kz/2013", "kz/2020"):
        services = load_register(era).services
        assert services and {s.id for s in services} <= everything
        assert all(era[3:] in s.extra["eras"].split(";") for s in services)


def test_canada_duplicate_ids_are_kept_and_reported():
    """FY2016-17 repeats two service ids: every row is kept, the repeats are suffixed and warned."""
    register = load_register("ca/2016-2017")
    assert len(register.services) == 347
    assert {w.row for w in register.warnings} == {66, 116}
