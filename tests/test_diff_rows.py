"""The diff of editions read as rows equals the diff of the same editions read as Services."""

from __future__ import annotations

from pathlib import Path

import pytest

from register_audit.compare.diff import compare
from register_audit.compare.labeler import Labeler
from register_audit.compare.match import MatchMode, MatchOptions
from register_audit.load.editions import load_register
from register_audit.load.rows import RegisterRows, load_rows

CASES = [("ca/2019-2020", "ca/2020-2021", MatchMode.auto, ()), ("ca/2019-2020", "ca/2020-2021", MatchMode.name, ("fiscal_yr",)),
         ("ca/2016-2017", "ca/2017-2018", MatchMode.id, ()), ("us/2021-11-12", "us/2024-01-30", MatchMode.auto, ())]


@pytest.mark.parametrize("old,new,mode,ignore", CASES)
def test_rows_and_services_give_the_same_diff(old, new, mode, ignore):
    """Every list, count and label of the diff, with keys and without, fiscal_yr ignored or not."""
    rows, new_rows = load_rows(old), load_rows(new)
    assert isinstance(rows, RegisterRows)
    options = MatchOptions(mode=mode)
    assert compare(rows, new_rows, Labeler(), options, ignore) == \
        compare(load_register(old), load_register(new), Labeler(), options, ignore)


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


EDITIONS = {
    "a column in one edition only": ("id,name,provider\n1,Issue permits,Dept A\n2,Renew licences,Dept B\n",
                                     "id,name,provider,note\n1,Issue permits,Dept A,x\n2,Renew licence,Dept B,\n"),
    "an unmapped column named like a field": ("id,name,provider,fee\n1,Issue permits,Dept A,5\n",
                                              "name,provider,id,fee\nIssue permits,Dept A,1,6\n"),
    "translations, one edition without": ("id,name,name_fr,provider\n1,Issue permits,Délivrer des permis,A\n2,Register a boat,,B\n",
                                          "id,name,provider\n1,Issue permits,A\n2,Register a boat,C\n"),
    "no changes": ("id,name\n1,Issue permits\n", "id,name\n1,Issue permits\n"),
}


@pytest.mark.parametrize("case", sorted(EDITIONS))
@pytest.mark.parametrize("mode", [MatchMode.auto, MatchMode.name])
def test_rows_and_services_agree_on_files_whose_columns_differ(tmp_path, case, mode):
    """Columns added or removed, translations in one edition only: the same diff either way."""
    old_text, new_text = EDITIONS[case]
    old, new = _write(tmp_path / "old.csv", old_text), _write(tmp_path / "new.csv", new_text)
    options = MatchOptions(mode=mode)
    assert compare(load_rows(old), load_rows(new), Labeler(), options) == \
        compare(load_register(old), load_register(new), Labeler(), options)
