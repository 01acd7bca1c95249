"""The audit: verdicts per catalogue entry, the summary, the domains weighed by spending."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from register_audit.audit.budget import default_budget
from register_audit.audit.catalogue import Role, Status, load_catalogue
from register_audit.audit.coverage import audit
from register_audit.model.records import (
    Axis,
    Classification,
    ClassifiedService,
    Decision,
    Evidence,
    Labels,
    Location,
    RegisterMeta,
    Service,
    is_human_domain,
)
from register_audit.load.editions import load_register

SMALL = Path(__file__).resolve().parent / "data" / "audit"
SMALL_META = RegisterMeta(
    name="tests/data/audit/kz_small.csv", country="KZ", title="Kazakhstan register, 17 real services (test subset)",
    edition="collected 2026", source="registers/kz/services.csv (a subset)", licence="Official documents, not protected by copyright",
    languages=("ru", "kk"), partial_collection=True, notes="A subset of the collection, for tests.",
)


def small_classification() -> Classification:
    """17 real Kazakh services (tests/data/audit/kz_small.csv) with hand labels per CODEBOOK.md."""
    register = load_register(str(SMALL / "kz_small.csv"))
    with open(SMALL / "kz_small_labels.csv", encoding="utf-8", newline="") as handle:
        labels = {row["id"]: row for row in csv.DictReader(handle)}
    items = tuple(
        ClassifiedService(service=service, labels=Labels(
            nature=labels[service.id]["nature"], completeness=labels[service.id]["completeness"],
            partial_kind=labels[service.id]["partial_kind"] or None, domain=labels[service.id]["domain"],
            human_service=is_human_domain(labels[service.id]["domain"]),
        ))
        for service in register.services
    )
    return Classification(meta=SMALL_META, ruleset="hand labels (tests/data/audit/kz_small_labels.csv)", items=items)


def _item(id: str, name: str, domain: str = "07.2", **labels) -> ClassifiedService:
    defaults = dict(nature="transactional", completeness="complete", domain=domain, human_service=is_human_domain(domain))
    return ClassifiedService(service=Service(id=id, name=name, location=Location(file="t.csv", row=2)),
                             labels=Labels(**{**defaults, **labels}))


def _classify(*items: ClassifiedService, meta: RegisterMeta | None = None) -> Classification:
    return Classification(meta=meta or RegisterMeta(name="t.csv"), ruleset="test", items=items)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _verdict(result, entry_id):
    return next(v for v in result.human_services if v.id == entry_id)


def test_an_appointment_alone_leaves_primary_care_access_only(catalogue):
    """Booking a doctor is the access step; with no care service, primary care is access_only."""
    result = audit(_classify(_item("a", "Запись на прием к врачу", completeness="partial", partial_kind="appointment")), catalogue)
    verdict = _verdict(result, "primary-care")
    assert verdict.status == Status.access_only
    assert [(s.id, s.role) for s in verdict.services] == [("a", Role.access)]


def test_a_certificate_from_a_polyclinic_is_neither_delivery_nor_access(catalogue):
    """A document about a human service does not make it even access_only."""
    result = audit(_classify(_item("c", "Выдача справки с медицинской организации, оказывающей ПМСП")), catalogue)
    assert _verdict(result, "primary-care").status == Status.excluded
    assert _verdict(result, "primary-care").services == ()


def test_delivery_wins_over_access_and_both_are_listed(catalogue):
    """The admission delivers the kindergarten place; the queue is still listed, after it."""
    result = audit(_classify(
        _item("q", "Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации", "09.1"),
        _item("z", "Прием документов и зачисление детей в дошкольные организации образования", "09.1"),
    ), catalogue)
    verdict = _verdict(result, "kindergarten-place")
    assert verdict.status == Status.delivered
    assert [(s.id, s.role) for s in verdict.services] == [("z", Role.delivery), ("q", Role.access)]


def test_an_empty_register_leaves_every_human_service_out(catalogue):
    """No services: every entry excluded, counts zero, never a division by zero."""
    result = audit(_classify(), catalogue)
    assert {v.status for v in result.human_services} == {Status.excluded}
    assert result.summary.services == 0 and result.domains == ()


def test_the_small_register_gets_the_expected_verdicts(catalogue):
    """The 17-service subset: what it delivers, what it only queues or books, what it leaves out."""
    result = audit(small_classification(), catalogue)
    statuses = {v.id: v.status.value for v in result.human_services}
    assert statuses == {
        "primary-care": "access_only", "hospital-care": "excluded", "medicines": "excluded",
        "vaccination-screening": "delivered", "kindergarten-place": "delivered", "school": "excluded",
        "higher-education": "excluded", "disability-support": "access_only", "old-age-pension": "delivered",
        "family-child-benefits": "delivered", "unemployment-support": "access_only", "social-housing": "access_only",
        "social-assistance-care": "excluded", "drinking-water": "excluded",
    }
    assert result.headline.sentence == (
        "17 services; 4 of 14 human services delivered, 4 offered only as an access step, 6 left out."
    )


def test_the_summary_counts_every_value_including_zeros(catalogue):
    """Keys never come and go between runs: every label value is counted, zero or not."""
    summary = audit(small_classification(), catalogue).summary
    assert summary.nature == {"transactional": 11, "transformational": 5, "unclassified": 1}
    assert summary.completeness == {"complete": 9, "partial": 7, "unclassified": 1}
    assert summary.partial_kind == {"queue": 2, "appointment": 2, "application": 1, "referral": 0, "enrolment": 2}
    assert summary.human_service == {"true": 12, "false": 4, "unclassified": 1}
    assert summary.cross["transactional"] == {"complete": 4, "partial": 7, "unclassified": 0}


def test_domains_are_weighed_by_spending_and_unknown_is_not_zero(catalogue):
    """Register share over spending share where a figure exists; None (unknown) where none does."""
    classification = small_classification()
    result = audit(classification, catalogue, default_budget(classification.meta))
    rows = {d.code: d for d in result.domains}
    assert rows["10"].services == 5 and rows["10"].share_pct == 29.4
    assert rows["10"].spending_pct == 25.9 and rows["10"].ratio == 1.13
    assert rows["07"].partial_pct == 60.0 and rows["07"].transformational_pct == 20.0
    assert rows["01"].spending_pct is None and rows["01"].ratio is None
    assert rows["04"].spending_partial is True
    assert rows["06"].services == 0 and rows["06"].spending_pct == 6.8 and rows["06"].ratio == 0.0
    assert rows["07.2"].level == "group" and rows["07.2"].spending_pct is None
    assert result.budget is not None and result.budget.default is True


def test_a_partial_collection_is_flagged_with_its_notes(catalogue):
    """The Kazakh collection is not the whole register, and the report says so in words."""
    result = audit(small_classification(), catalogue)
    assert result.register.partial_collection is True
    assert result.register.warning == "Partial collection, not the whole register: A subset of the collection, for tests."


def test_unclassified_services_and_rule_conflicts_are_listed(catalogue):
    """Services an axis left unclassified are listed by id; equal-priority conflicts by rule."""
    conflict = Decision(axis=Axis.completeness, value="partial", kind="queue",
                        winner=Evidence(rule_id="b.rule", value="partial"),
                        conflict=(Evidence(rule_id="a.rule", value="complete"),))
    result = audit(_classify(
        _item("u", "Паспорт үшін мемлекеттік баж төлеу", "unclassified", nature="unclassified"),
        _item("k", "Вызов врача на дом", decisions=(conflict,)),
    ), catalogue)
    assert result.unclassified == ("u",)
    assert [(c.id, c.axis, c.rules) for c in result.conflicts] == [("k", "completeness", ("a.rule", "b.rule"))]


def test_audit_is_pure(catalogue):
    """The same classification gives an equal audit: no clock, no hidden state."""
    classification = small_classification()
    assert audit(classification, catalogue) == audit(classification, catalogue)


def test_every_service_gets_a_csv_row_with_its_catalogue_roles(catalogue):
    """Each service keeps its labels and the entries it serves, in register order."""
    result = audit(small_classification(), catalogue)
    assert [s.id for s in result.services][:2] == ["D_health_appointment", "D_health_home_call"]
    row = next(s for s in result.services if s.id == "D_preschool_queue")
    assert row.catalogue == (("kindergarten-place", Role.access),)
    assert row.partial_kind == "queue" and row.human_service == "true"
