"""Hand-label files (CODEBOOK.md applied by hand) into typed labelled services."""

from __future__ import annotations

from pathlib import Path

from register_audit.errors import InputError
from register_audit.model.records import (
    COFOG, UNCLASSIFIED, Completeness, Frozen, Location, Nature, PartialKind, Register, RegisterMeta, Service,
    HumanLabel, is_human_domain,
)
from register_audit.read.sources import read_table

LABEL_COLUMNS = ("nature", "completeness", "partial_kind", "domain", "human_service")
REQUIRED_COLUMNS = ("id", "name", "language", *LABEL_COLUMNS)
# `classify --format csv` writes these after the labels: a corrected classify output is a label
# file, and the rule evidence it carries must not be read back as register fields.
CLASSIFY_COLUMNS = frozenset({
    "nature_rule", "completeness_rule", "domain_rule", "nature_matched", "completeness_matched",
    "domain_matched", "conflict", "depth", "depth_fields",
})
_SERVICE_FIELDS = ("provider", "section", "subsection", "form", "fee")


class HandLabels(Frozen):
    """The four codebook labels a person gave one name (CODEBOOK §1–§4)."""

    nature: Nature
    completeness: Completeness
    partial_kind: PartialKind | None
    domain: str  # a COFOG division or group, or "unclassified"
    human_service: str  # true | false | unclassified


class LabelledService(Frozen):
    """One row of a label file: the service as a register would give it, its language and labels."""

    service: Service
    language: str
    labels: HandLabels


class LabelSet(Frozen):
    """A label file: its rows in file order, and their services as a register of their own."""

    path: str
    items: tuple[LabelledService, ...]

    def register(self) -> Register:
        languages = tuple(sorted({i.language for i in self.items if i.language}))
        meta = RegisterMeta(name=self.path, title=Path(self.path).stem, languages=languages)
        return Register(meta=meta, services=tuple(i.service for i in self.items))


def read_labels(path: str | Path) -> LabelSet:
    """Read a label file (CSV, or any table `parse` reads) with the columns REQUIRED_COLUMNS.

    Any other column is a register field (`provider`, `section`, … by those names; `name_kk`
    a translation; anything else a source column rules can read). Raises InputError naming the
    file, row and field of the first missing column or value outside the codebook."""
    table = read_table(path)
    shown = table.path
    header = tuple(h.strip() for h in table.header)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(shown, f"a label file needs the columns {', '.join(REQUIRED_COLUMNS)}; "
                                f"missing: {', '.join(missing)}.", field=missing[0])
    at = {h: i for i, h in reversed(list(enumerate(header)))}  # the first column of a repeated header
    used = set(REQUIRED_COLUMNS) | CLASSIFY_COLUMNS
    fields = [(h, at[h]) for h in _SERVICE_FIELDS if h in at]
    names = [(h[5:], at[h]) for h in header if h.startswith("name_") and h not in used]
    extra = [(h, i) for i, h in enumerate(header) if h and h not in used and h not in _SERVICE_FIELDS
             and not h.startswith("name_") and at[h] == i]
    items: list[LabelledService] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        cell = {c: cells[at[c]].strip() for c in REQUIRED_COLUMNS}
        for column in ("id", "name"):
            if not cell[column]:
                raise InputError(shown, f"the {column} is empty.", row=number, field=column)
        if cell["id"] in seen:
            raise InputError(shown, f"the id {cell['id']!r} is also the id of row {seen[cell['id']]}; ids must be unique.",
                             row=number, field="id")
        seen[cell["id"]] = number
        service = Service(
            id=cell["id"], name=" ".join(cell["name"].split()),
            names={lang: cells[i].strip() for lang, i in names if cells[i].strip()},
            extra={h: cells[i] for h, i in extra},
            location=Location(shown, number),
            **{h: cells[i].strip() for h, i in fields},
        )
        items.append(LabelledService(service=service, language=cell["language"],
                                     labels=_hand_labels(shown, number, cell)))
    if not items:
        raise InputError(shown, "the label file has a header but no labelled rows.")
    return LabelSet(path=shown, items=tuple(items))


def _hand_labels(path: str, row: int, cell: dict[str, str]) -> HandLabels:
    def bad(field: str, allowed: str, why: str = "") -> InputError:
        found = repr(cell[field]) if cell[field] else "nothing"
        return InputError(path, f"found {found}{why}; allowed: {allowed}.", row=row, field=field)

    nature = _choice(Nature, cell["nature"])
    if nature is None:
        raise bad("nature", " | ".join(Nature))
    completeness = _choice(Completeness, cell["completeness"])
    if completeness is None:
        raise bad("completeness", " | ".join(Completeness))
    kind = _choice(PartialKind, cell["partial_kind"]) if cell["partial_kind"] else None
    if cell["partial_kind"] and kind is None:
        raise bad("partial_kind", " | ".join(PartialKind) + " (or empty)")
    if completeness == Completeness.partial and kind is None:
        raise bad("partial_kind", " | ".join(PartialKind), " for a partial service (CODEBOOK §2 gives every partial a kind)")
    if completeness != Completeness.partial and kind is not None:
        raise bad("partial_kind", "empty", f" but the completeness is {completeness.value}")
    domain = cell["domain"]
    if domain != UNCLASSIFIED and not COFOG.match(domain):
        raise bad("domain", "a COFOG division or group such as 07 or 07.2, or unclassified")
    human = cell["human_service"]
    expected = is_human_domain(domain)
    shown = HumanLabel.of(expected).value
    if human not in set(HumanLabel):
        raise bad("human_service", " | ".join(HumanLabel))
    if human != shown:
        raise bad("human_service", shown, f" but the domain is {domain} (CODEBOOK §4)")
    return HandLabels(nature=nature, completeness=completeness, partial_kind=kind, domain=domain, human_service=human)


def _choice(enum: type, value: str):  # type: ignore[no-untyped-def]
    try:
        return enum(value)
    except ValueError:
        return None


__all__ = ["CLASSIFY_COLUMNS", "HandLabels", "LABEL_COLUMNS", "LabelSet", "LabelledService", "REQUIRED_COLUMNS", "read_labels"]
