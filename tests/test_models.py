"""The typed records: fast construction builds what validation builds."""

from __future__ import annotations

from register_audit.audit.catalogue import Role
from register_audit.audit.report import ServiceRef
from register_audit.model.depth import Depth
from register_audit.model.records import Location, Service, construct
from register_audit.load.editions import load_register


def test_construct_builds_what_validation_builds():
    """construct() (the hot loops' shortcut) gives a model equal to the validated one."""
    values = dict(id="D_health_appointment", name="Запись на прием к врачу", role=Role.access,
                  pattern="запис* на прием*", matched="Запись на прием", depth=Depth.unknown)
    built = construct(ServiceRef, dict(values))
    assert built == ServiceRef(**values)
    assert built.model_dump() == ServiceRef(**values).model_dump()


def test_services_read_from_a_register_are_valid_models():
    """Every service the profile builds without validation survives a validating round trip."""
    for service in load_register("kz").services + load_register("ca/2016-2017").services:
        assert Service.model_validate(service.model_dump()) == service
        assert isinstance(service.location, Location) and service.location.row >= 2
