"""The columnar reader and audit: the same services and the same report as the per-service stream."""

from __future__ import annotations

from pathlib import Path

import pytest

from register_audit.audit.catalogue import load_catalogue
from register_audit.audit.coverage import audit_columns, audit_stream
from register_audit.classify import engine, label_stream
from register_audit.load.columns import read_columns
from register_audit.load.editions import open_register
from register_audit.rules.ruleset import load_ruleset

DATA = Path(__file__).parent / "data"
# Every bundled shape: Canada (45 columns, translations, duplicate ids), the Kazakh eras (a row
# filter, three languages), the USA, Kenya; and files with duplicate ids, empty names, other encodings.
REGISTERS = ["ca/2019-2020", "ca/2020-2021", "kz", "kz/2013", "kz/2020", "us/2024-01-30", "ke",
             str(DATA / "invalid" / "duplicate_ids.csv"), str(DATA / "valid" / "kz_cp1251_semicolon.csv"),
             str(DATA / "valid" / "ca_names.tsv"), str(DATA / "valid" / "kz.json"), str(DATA / "valid" / "kz_act.xlsx")]
FIELDS = ("id", "name", "provider", "section", "channels", "form", "fee", "name_en", "name_kk", "name_fr",
          "service_type", "program_name_en", "no_such_column")


@pytest.mark.parametrize("spec", REGISTERS)
def test_columns_hold_what_the_services_hold(spec, chunk_rows):
    """Ids (duplicates renamed), names, every field's text, translations and notices equal those of
    the Service stream, on every bundled register and on files of other formats and encodings."""
    stream = open_register(spec)
    services = list(stream)
    chunks = list(read_columns(columns := open_register(spec), FIELDS))
    assert [i for c in chunks for i in c.ids] == [s.id for s in services]
    assert [n for c in chunks for n in c.names] == [s.name for s in services]
    for field in FIELDS:
        if field in ("id", "name"):
            continue
        assert [t for c in chunks for t in c.texts[field]] == [s.field_text(field) for s in services], field
    languages = chunks[0].languages
    if chunks[0].translations is not None:
        got = [t for c in chunks for t in c.translations]
        assert got == [tuple(s.names.get(lang, "") for lang in languages) for s in services]
    assert columns.notices == stream.notices


@pytest.mark.parametrize("spec", REGISTERS)
@pytest.mark.parametrize("rows", [False, True], ids=["json", "with rows"])
def test_the_columnar_audit_equals_the_streamed_audit(spec, rows, chunk_rows):
    """audit_columns gives the same Audit as audit_stream over label_stream (counts, verdicts and the
    services behind them, unclassified ids, conflicts, CSV rows)."""
    catalogue = load_catalogue()
    stream = open_register(spec)
    ruleset = load_ruleset(None, stream.meta)
    streamed = audit_stream(stream.meta, ruleset.name, label_stream(stream, ruleset), catalogue, rows=rows)
    columnar_stream = open_register(spec)
    compiled = engine(ruleset)
    columnar = audit_columns(columnar_stream.meta, compiled, read_columns(columnar_stream, compiled.fields), catalogue, rows=rows)
    assert columnar == streamed


def test_a_file_of_only_empty_names_is_an_error(tmp_path):
    """As the stream does: every row with an empty name is one sentence naming the name column."""
    from register_audit.errors import InputError

    path = tmp_path / "empty_names.csv"
    path.write_text("id,name\n1,\n2,  \n", encoding="utf-8")
    with pytest.raises(InputError, match="every row has an empty service name"):
        list(read_columns(open_register(str(path)), ("name",)))


def test_empty_names_are_skipped_with_one_notice(tmp_path):
    """Rows with an empty name are left out and listed in one notice, as the stream lists them."""
    path = tmp_path / "some_empty.csv"
    path.write_text("id,name\n1,Выдача справок\n2,\n3,Выдача справок\n", encoding="utf-8")
    stream = open_register(str(path))
    chunks = list(read_columns(stream, ("name",)))
    assert [i for c in chunks for i in c.ids] == ["1", "3"]
    assert [n.message for n in stream.notices] == ["1 row(s) with an empty service name were skipped: rows 3."]


@pytest.mark.parametrize("spec", ["ca/2020-2021", "kz", "ke"])
def test_catalogue_matching_by_text_equals_matching_each_service(spec):
    """Matching each distinct text once and combining the facts of a service's texts gives every
    entry's role exactly as matching the service's texts together."""
    from register_audit.audit.catalogue import CatalogueMatcher

    matcher = CatalogueMatcher(load_catalogue().catalogue)
    for service in open_register(spec):
        languages = sorted(service.names)
        assert matcher.match_texts(service.name, tuple(service.names[lang] for lang in languages)) == matcher.match(service)
