"""Digital depth and use volumes read from a register's own fields, through its profile."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from register_audit.load.editions import bundled_editions, load_register
from register_audit.load.signals import steps_depth
from register_audit.model.depth import Depth, StepsDepth

ROOT = Path(__file__).resolve().parents[1]
CA_EDITIONS = ("2016-2017", "2017-2018", "2018-2019", "2019-2020", "2020-2021")


def _rows(edition: str) -> list[dict[str, str]]:
    with open(ROOT / "registers" / "ca" / f"{edition}_services.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected_depth(row: dict[str, str]) -> str:
    """The codebook of Canada's step columns, written out again independently of the tool."""
    steps = [row["e_application"], row["e_decision"], row["e_issuance"]]
    info = row.get("info_service", "NA")
    existing = [s for s in steps if s != "NA"]
    if existing and all(s == "Y" for s in existing):
        return "end_to_end"
    if steps[0] == "Y":
        return "apply_online"
    if info == "Y":
        return "information"
    if existing or info == "N":
        return "offline"
    return "unknown"


@pytest.mark.parametrize("edition", CA_EDITIONS)
def test_every_canadian_service_gets_the_depth_its_step_columns_give(edition):
    """Each service of each real Canadian edition: the tool's depth equals a reading of the CSV by hand."""
    expected = [(row["service_id"], _expected_depth(row)) for row in _rows(edition)]
    register = load_register(f"ca/{edition}")
    got = [(s.id.split("~")[0], s.depth.value.value) for s in register.services]  # repeated ids get ~2
    assert got == expected


def test_canadian_totals_2020_21_are_the_hand_counted_ones():
    """FY2020-21's 1,617 services: 350 end to end, 180 apply online, 197 information only, 792 offline, 98 unknown."""
    register = load_register("ca/2020-2021")
    assert Counter(s.depth.value.value for s in register.services) == {
        "end_to_end": 350, "apply_online": 180, "information": 197, "offline": 792, "unknown": 98}


@pytest.mark.parametrize(("service_id", "depth", "fields"), [
    # Canada Student Grants and Canada Student Loans: Y, Y, Y.
    ("1296", "end_to_end", {"e_application": "Y", "e_decision": "Y", "e_issuance": "Y", "info_service": "N"}),
    # Gender-Based Violence Program: applications online, decided and paid offline.
    ("2105", "apply_online", {"e_application": "Y", "e_decision": "N", "e_issuance": "N", "info_service": "N"}),
    # Authorization to return to Canada: no issuance step exists (NA); the two that do are online.
    ("1511", "end_to_end", {"e_application": "Y", "e_decision": "Y", "e_issuance": "NA", "info_service": "N"}),
    # Cannabis Information Line: no step at all, information online.
    ("1958", "information", {"e_application": "NA", "e_decision": "NA", "e_issuance": "NA", "info_service": "Y"}),
    # Food Market Authorization and Standards: every step offline.
    ("1089", "offline", {"e_application": "N", "e_decision": "N", "e_issuance": "N", "info_service": "N"}),
    # Cannabis Status Confirmation Service: NA everywhere; the register does not say.
    ("2281", "unknown", {"e_application": "NA", "e_decision": "NA", "e_issuance": "NA", "info_service": "NA"}),
])
def test_named_canadian_services_have_their_hand_checked_depth_and_evidence(service_id, depth, fields):
    register = load_register("ca/2020-2021")
    service = next(s for s in register.services if s.id == service_id)
    assert service.depth.value.value == depth
    assert service.depth.fields == fields
    assert service.depth.reason


def test_volumes_read_unknown_markers_as_unknown_never_zero():
    """Canada Student Grants and Loans: 614,194 online and 25,104 mail applications; the rest not_applicable."""
    register = load_register("ca/2020-2021")
    loans = next(s for s in register.services if s.id == "1296")
    assert loans.volumes.applications == {
        "online": 614194, "telephone": None, "in_person": None, "mail": 25104, "email": None, "fax": None, "other": None}
    assert (loans.volumes.calls, loans.volumes.visits) == (2639516, 14000000)
    assert loans.volumes.applications_total() == 639298
    assert loans.volumes.interactions_total() == 639298 + 2639516 + 14000000
    rapid = next(s for s in register.services if s.id == "2220")  # Rapid test kit provision: no_data throughout
    assert rapid.volumes.applications_total() is None and rapid.volumes.interactions_total() is None


def test_email_and_fax_are_channels_only_of_the_editions_that_have_their_columns():
    early = load_register("ca/2016-2017").services[0].volumes
    late = load_register("ca/2020-2021").services[0].volumes
    assert set(early.applications) == {"online", "telephone", "in_person", "mail", "other"}
    assert set(late.applications) == {"online", "telephone", "in_person", "mail", "email", "fax", "other"}


def test_kazakh_form_of_delivery_gives_the_depth_of_the_services_that_state_one():
    """Sightings with a form of delivery: an electronic service, a portal application, a paper form."""
    register = load_register("kz")
    by_form = {s.form: s.depth for s in register.services if s.form}
    assert by_form["электронная государственная услуга"].value is Depth.end_to_end
    assert by_form["электрондық мемлекеттік қызмет"].value is Depth.end_to_end
    assert by_form["канцелярия услугодателя; www.egov.kz"].value is Depth.apply_online
    assert by_form["канцелярия услугодателя; бумажная"].value is Depth.offline
    assert by_form["өтінішті қабылдау: «Қазагромаркетинг» акционерлік қоғамы; нысаны - қағаз түрінде"].value is Depth.offline
    assert by_form["неавтоматизированная"].value is Depth.offline
    assert by_form["канцелярия услугодателя; бумажная"].fields == {"form": "канцелярия услугодателя; бумажная"}
    # «электронного правительства» names the portal, not an electronic service.
    assert by_form["веб-портал «электронного правительства»"].value is Depth.apply_online
    without = [s for s in register.services if not s.form]
    assert without and all(s.depth.value is Depth.unknown for s in without)
    stated = sum(1 for s in register.services if s.depth.value is not Depth.unknown)
    assert stated == sum(1 for s in register.services if s.form) == 41


def test_a_partially_automated_electronic_service_applies_online_only(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("Код услуги,Наименование услуги,Форма оказания\n"
                    "1,Выдача справки,электронная (частично автоматизированная)\n"
                    "2,Выдача лицензии,электронная (полностью автоматизированная)\n", encoding="utf-8")
    depths = [s.depth.value for s in load_register(str(path)).services]
    assert depths == [Depth.apply_online, Depth.end_to_end]


@pytest.mark.parametrize("name", ["us/2024-01-30", "ke"])
def test_a_register_without_depth_or_use_fields_is_all_unknown(name):
    register = load_register(name)
    assert {s.depth.value for s in register.services} == {Depth.unknown}
    assert all(s.volumes is None for s in register.services)


def test_a_step_value_outside_the_vocabulary_makes_the_depth_unknown():
    spec = StepsDepth(application="a", decision="d", issuance="i")
    cells = {"a": "Y", "d": "ND", "i": "Y"}
    label = steps_depth(spec, cells.__getitem__)
    assert label.value is Depth.unknown and "d" in label.reason


def test_a_cell_that_is_not_a_count_is_unknown_and_warned_about(tmp_path):
    header = _rows("2020-2021")[0].keys()
    row = dict(_rows("2020-2021")[0], online_applications="about 40")
    path = tmp_path / "ca.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header))
        writer.writeheader()
        writer.writerow(row)
    register = load_register(str(path), profile="ca-service-inventory")
    assert register.services[0].volumes.applications["online"] is None
    assert any(n.field == "online_applications" and n.row == 2 for n in register.warnings)


def test_classify_and_explain_show_the_depth_with_the_fields_read(run):
    result = run("classify", "ca/2020-2021", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    loans = next(r for r in rows if r["id"] == "1296")
    assert loans["depth"] == "end_to_end"
    assert loans["depth_fields"] == "e_application=Y;e_decision=Y;e_issuance=Y;info_service=N"
    explained = run("explain", "ca/2020-2021", "2281", "--format", "json")
    assert explained.exit_code == 0
    depth = json.loads(explained.stdout)["depth"]
    assert depth["value"] == "unknown" and depth["fields"]["e_application"] == "NA"


def test_every_bundled_edition_loads_with_its_depth_section():
    for name in bundled_editions():
        load_register(name)
