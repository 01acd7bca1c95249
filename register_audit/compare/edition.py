"""One edition as the diff reads it: a column of text per field, and a Service for a row asked for."""

from __future__ import annotations

from typing import Protocol, Sequence

from register_audit.model.records import Register, RegisterMeta, Service


class Edition(Protocol):
    """What pairing and comparing read of an edition (load/rows.py's RegisterRows, or Services)."""

    meta: RegisterMeta
    names: Sequence[str]  # each service's name, in order

    def __len__(self) -> int: ...

    def texts(self, field: str) -> Sequence[str]:
        """`Service.field_text(FIELD)` of every service, in order."""
        ...

    def compared(self, field: str) -> tuple[bool, Sequence[str]] | None:
        """Whether FIELD is an unmapped column of every service and the text `modified` compares
        for it on each; None when the services differ in that (then every pair is compared in full)."""
        ...

    def service(self, k: int) -> Service: ...

    def columns(self) -> set[str]:
        """The unmapped columns and the translations (`name_<lang>`) any service has."""
        ...

    def holding(self, services: tuple[Service, ...]) -> Register:
        """This edition as a Register holding SERVICES (what a labeler is given)."""
        ...


class Services:
    """An edition given as Services (a Register, or the services a caller holds): every pair
    is compared service by service, as they are."""

    def __init__(self, services: Sequence[Service], register: Register | None = None) -> None:
        self.services = services
        self.register = register
        self.meta = register.meta if register is not None else RegisterMeta(name="")
        self.names = [s.name for s in services]
        self._texts: dict[str, list[str]] = {"name": self.names}

    def __len__(self) -> int:
        return len(self.services)

    def texts(self, field: str) -> list[str]:
        found = self._texts.get(field)
        if found is None:
            found = self._texts[field] = [s.field_text(field) for s in self.services]
        return found

    def compared(self, field: str) -> None:
        return None

    def service(self, k: int) -> Service:
        return self.services[k]

    def columns(self) -> set[str]:
        found: set[str] = set()
        for service in self.services:
            found.update(service.extra)
            found.update(f"name_{lang}" for lang in service.names)
        return found

    def holding(self, services: tuple[Service, ...]) -> Register:
        assert self.register is not None, "a labeler is given a Register: build Services with one"
        return self.register.model_copy(update={"services": services})


def edition_of(register: Register | Edition) -> Edition:
    """REGISTER as an Edition: a Register becomes Services; an Edition stays as it is."""
    return Services(register.services, register) if isinstance(register, Register) else register


__all__ = ["Edition", "Services", "edition_of"]
