"""Rule sets: their schema, and loading them safely from YAML into typed models."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from register_audit.read.files import check_readable, error_of, note_input, read_text
from register_audit.errors import RulesError
from register_audit.model.records import COFOG, Axis, Completeness, Frozen, Nature, PartialKind, RegisterMeta
from register_audit.load.resources import bundled
from register_audit.model.memo import Memo
from register_audit.model.validation import describe_validation
from register_audit.rules.safe_yaml import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, safe_load  # noqa: F401 (re-exported)
from register_audit.rules.text import PatternText

RULE_ID = r"^[a-z0-9][a-z0-9_.\-]*$"
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# The values a rule may give, from the label enums (domain: a COFOG code, checked apart).
AXIS_VALUES: dict[Axis, frozenset[str]] = {
    Axis.nature: frozenset(n.value for n in Nature if n is not Nature.unclassified),
    Axis.completeness: frozenset(c.value for c in Completeness if c is not Completeness.unclassified),
}
KZ_LANGUAGES = ("ru", "kk", "kz")


# --------------------------------------------------------------------------- schema


class Match(Frozen):
    """The operators on one field's text; all given operators must hold.

    `any`: at least one pattern occurs; `all`: every pattern occurs; `none`: no pattern
    occurs; `start` / `end`: one pattern occurs at the first / last words (service names are
    built as "Выдача ..." in Russian and English, "... беру" in Kazakh, so the head of the name
    sits at one end); `present`: the field has text at all (catch-all rules of low priority).
    """

    any: tuple[PatternText, ...] = ()
    all: tuple[PatternText, ...] = ()
    start: tuple[PatternText, ...] = ()
    end: tuple[PatternText, ...] = ()
    none: tuple[PatternText, ...] = ()
    present: bool | None = None

    def positive(self) -> tuple[str, ...]:
        """Every pattern that must occur for the operator to hold (for lint and the index)."""
        return (*self.start, *self.end, *self.any, *self.all)

    @model_validator(mode="after")
    def _something_positive(self) -> "Match":
        if not (self.positive() or self.present):
            raise ValueError(
                "give at least one of 'any', 'all', 'start', 'end' or 'present: true'; 'none' only narrows them"
            )
        return self


class Examples(Frozen):
    """Real service names the rule must match, and real names it must not."""

    match: tuple[str | dict[str, str], ...] = Field(min_length=1)
    no_match: tuple[str | dict[str, str], ...] = ()


class Rule(Frozen):
    """One rule: when its condition holds, the axis gets VALUE (and KIND, for partial)."""

    id: str = Field(pattern=RULE_ID, max_length=100)
    value: str
    kind: PartialKind | None = None
    priority: int = Field(default=0, ge=-1000, le=1000)
    description: str = Field(min_length=10)
    when: dict[str, Match] = Field(min_length=1, max_length=8)
    examples: Examples

    @field_validator("when")
    @classmethod
    def _field_names(cls, when: dict[str, Match]) -> dict[str, Match]:
        for name in when:
            if not FIELD_NAME.match(name):
                raise ValueError(
                    f"{name!r} is not a field name; use name, provider, section, subsection, "
                    "channels, form, fee, name_<language> or a source column in lower case"
                )
        return when

    def fields(self) -> tuple[str, ...]:
        """The service fields this rule reads."""
        return tuple(self.when)


class ModelSwitch(Frozen):
    """The domain model a domain rule file switches on: it decides the division of a name no
    domain rule decides, when its posterior probability is at least `min_probability`
    (rules/README.md, "The domain model"). Without this mapping the rules alone decide."""

    name: str = Field(pattern=RULE_ID, max_length=100)  # rules/model/<name>.json
    min_probability: float = Field(ge=0.5, le=1.0)


class RuleFile(Frozen):
    """One YAML rule file: the rules of one axis for one or more languages."""

    id: str = Field(pattern=RULE_ID)
    axis: Axis
    languages: tuple[str, ...] = Field(min_length=1)
    version: int | str
    description: str = Field(min_length=10)
    model: ModelSwitch | None = None  # domain files only
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _values_fit_the_axis(self) -> "RuleFile":
        """Values and kinds must fit the axis (a closed choice, or a COFOG code for domain), and
        ids be unique: part of the model, so `RuleFile.model_validate` alone refuses them."""
        if self.model is not None and self.axis != Axis.domain:
            raise ValueError("field 'model': only a domain rule file switches on the domain model")
        seen: set[str] = set()
        for rule in self.rules:
            where = f"rule {rule.id!r}"
            if rule.id in seen:
                raise ValueError(f"{where}, field 'id': the id is used by an earlier rule of this file")
            seen.add(rule.id)
            allowed = AXIS_VALUES.get(self.axis)
            if allowed is not None and rule.value not in allowed:
                raise ValueError(f"{where}, field 'value': {rule.value!r} is not one of {', '.join(sorted(allowed))}")
            if self.axis == Axis.domain and not COFOG.match(rule.value):
                raise ValueError(f"{where}, field 'value': {rule.value!r} is not a COFOG division or group such as '07' or '07.2'")
            partial = self.axis == Axis.completeness and rule.value == Completeness.partial
            if partial and rule.kind is None:
                raise ValueError(f"{where}, field 'kind': a partial rule needs a kind ({', '.join(PartialKind)})")
            if not partial and rule.kind is not None:
                raise ValueError(f"{where}, field 'kind': only a completeness rule with value 'partial' takes a kind")
        return self


class SourcedFile(Frozen):
    """A rule file with the path it was read from (for every message about it)."""

    path: str
    file: RuleFile


class RuleSet(Frozen):
    """The rule files used together to classify a register, by axis."""

    name: str  # the bundled name ("kz") or the folder or file given
    files: tuple[SourcedFile, ...]

    def rules(self, axis: Axis) -> tuple[tuple[str, Rule], ...]:
        """(path, rule) pairs of one axis, in file then rule order."""
        return tuple((f.path, r) for f in self.files if f.file.axis == axis for r in f.file.rules)

    def domain_model(self) -> ModelSwitch | None:
        """The domain model the set's domain files switch on (the first that names one), or None."""
        return next((f.file.model for f in self.files if f.file.model is not None), None)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, for editors (yaml-language-server) and reviewers."""
    schema = RuleFile.model_json_schema()
    schema["title"] = "register-audit rule file"
    return schema


# --------------------------------------------------------------------------- loading


def display_path(path: Path) -> str:
    """PATH as messages show it: `rules/kz/nature.yaml` for a bundled file, else as given."""
    try:
        return f"rules/{path.resolve().relative_to(bundled('rules').resolve()).as_posix()}"
    except (ValueError, OSError, RuntimeError):  # outside the bundle; a symlink loop (RuntimeError before 3.13)
        return str(path)


def load_file(path: Path) -> RuleFile:
    """Read and validate one rule file, or raise RulesError naming file, rule and field."""
    shown = display_path(path)
    text = read_text(path, what="rule file", error=error_of(RulesError), shown=shown)
    data = safe_load(text, shown)
    path = Path(shown)
    if not isinstance(data, dict):
        raise RulesError(f"{path}: a rule file is a mapping with id, axis, languages, version, description and rules.")
    try:
        rule_file = RuleFile.model_validate(data)
    except ValidationError as error:
        raise RulesError(describe_validation(error, str(path), data=data, items="rules", noun="rule")) from None
    return rule_file


_AXIS_LINE = re.compile(r"^axis:", re.MULTILINE)


def bundled_names() -> tuple[str, ...]:
    """The shipped rule sets: folders under `rules/` whose YAML files declare an axis (other
    folders there hold the catalogue and budget tables)."""
    root = bundled("rules")
    return tuple(
        sorted(
            folder.name
            for folder in root.iterdir()
            if folder.is_dir() and any(_AXIS_LINE.search(f.read_text(encoding="utf-8")) for f in folder.glob("*.yaml"))
        )
    )


def default_name(meta: RegisterMeta) -> str:
    """The bundled rule set for a register's languages: kz for Russian or Kazakh, else en."""
    languages = {lang.split("-")[0].lower() for lang in meta.languages}
    return "kz" if languages & set(KZ_LANGUAGES) else "en"


def resolve_spec(spec: str | Path) -> tuple[str, list[Path]]:
    """The display name and the rule files of SPEC (a bundled name, a folder or a file)."""
    text = str(spec)
    if isinstance(spec, str) and "/" not in text and "\\" not in text:
        folder = bundled("rules") / text
        if folder.is_dir():
            return text, sorted(folder.glob("*.yaml"))
    path = Path(spec)
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise RulesError(f"{path}: the folder holds no .yaml rule files.")
        for file in files:  # a pipe found in a folder may never be written into: reading it would wait forever
            try:
                mode = file.stat().st_mode
            except (OSError, ValueError):
                continue  # check_readable names the problem
            if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
                raise RulesError(f"{file}: is a pipe or socket, not a rule file; a rules folder holds regular files.")
        return text, files
    if path.is_file():
        return text, [path]
    raise RulesError(
        f"{text}: no such rule file or folder, and no bundled rule set of that name "
        f"(bundled: {', '.join(bundled_names())})."
    )


def load_ruleset(spec: str | Path | None, meta: RegisterMeta) -> RuleSet:
    """The rule set named by SPEC (a bundled name, a folder or one file); with no SPEC, the
    bundled set for the register's languages. Raises RulesError on any invalid file."""
    name, paths = resolve_spec(spec if spec is not None else default_name(meta))
    for path in paths:
        check_readable(path, what="rule file", error=error_of(RulesError), shown=display_path(path))
        note_input(path)  # read now, or read before and cached: either way, an output must not replace it
    # A diff or trend loads the same set for every edition: parse it once per process, and
    # hand back the same object (a labeler compiles it once for all of them). A changed file reloads.
    key = (name, tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))
    cached = _LOADED.get(key)
    if cached is None:
        cached = _LOADED.put(key, _load_ruleset(name, paths))
    return cached


_LOADED: Memo[tuple[object, ...], RuleSet] = Memo(16)  # parsed rule sets: a few bundled ones and the user's


def _load_ruleset(name: str, paths: list[Path]) -> RuleSet:
    files = tuple(SourcedFile(path=display_path(p), file=load_file(p)) for p in paths)
    seen: dict[str, str] = {}
    for sourced in files:
        for rule in sourced.file.rules:
            if rule.id in seen:
                raise RulesError(
                    f"{sourced.path}: rule {rule.id!r}, field 'id': the id is already used in {seen[rule.id]}."
                )
            seen[rule.id] = sourced.path
    return RuleSet(name=name, files=files)
