"""A profile's depth and use sections applied to a row's fields: each service's DepthLabel and Volumes."""

from __future__ import annotations

import math
from itertools import filterfalse
from typing import Callable

from register_audit.model.depth import (
    UNKNOWN_DEPTH,
    Depth,
    DepthLabel,
    DepthSpec,
    StepsDepth,
    TextDepth,
    UseSpec,
    Volumes,
)
from register_audit.model.memo import Memo
from register_audit.rules.text import compile_pattern, tokenize

# Distinct field combinations remembered; real registers repeat few (Canada's Y/N/NA columns
# have 3^4 combinations), and a register of all-distinct volumes must not grow memory unbounded.
_CACHE_LIMIT = 50_000

Text = Callable[[str], str]  # a field's text in the row being built


def steps_depth(spec: StepsDepth, text: Text) -> DepthLabel:
    """Canada's reading of its step columns, where NA means the step does not exist:

    every step the service has online → end_to_end; the application online → apply_online;
    otherwise information when the register says information is online, else offline. A
    service with no step at all is information or offline as its information field says, and
    unknown when that field does not say either."""
    names = {"application": spec.application, "decision": spec.decision, "issuance": spec.issuance}
    read = {field: text(field).strip() for field in names.values()}
    if spec.information:
        read[spec.information] = text(spec.information).strip()
    state = {step: _state(spec, read[field]) for step, field in names.items()}
    info = _state(spec, read[spec.information]) if spec.information else None
    unknown = [names[step] for step, s in state.items() if s is None]
    if unknown:
        return DepthLabel(value=Depth.unknown, fields=read, reason=f"{', '.join(unknown)} says neither online, offline nor absent")
    existing = {step: s for step, s in state.items() if s != "absent"}
    if existing and all(s == "online" for s in existing.values()):
        return DepthLabel(value=Depth.end_to_end, fields=read, reason=f"every step the service has is online ({', '.join(existing)})")
    if state["application"] == "online":
        offline = [step for step, s in existing.items() if s == "offline"]
        return DepthLabel(value=Depth.apply_online, fields=read, reason=f"the application is online, the {' and the '.join(offline)} not")
    where = "no application, decision or issuance step" if not existing else "the application is not online"
    if info == "online":
        return DepthLabel(value=Depth.information, fields=read, reason=f"{where}; information is online")
    if existing or info == "offline":
        return DepthLabel(value=Depth.offline, fields=read, reason=f"{where}; no online information" if info == "offline" else where)
    return DepthLabel(value=Depth.unknown, fields=read, reason=f"{where}, and the register does not say whether information is online")


def _state(spec: StepsDepth, value: str) -> str | None:
    if value in spec.online:
        return "online"
    if value in spec.offline:
        return "offline"
    if value in spec.absent:
        return "absent"
    return None


class _TextReader:
    """The first rule of a text depth whose pattern occurs in the field gives the depth."""

    def __init__(self, spec: TextDepth) -> None:
        self.field = spec.field
        self.rules = tuple((rule, tuple(compile_pattern(p) for p in rule.any)) for rule in spec.rules)

    def __call__(self, text: Text) -> DepthLabel:
        value = text(self.field).strip()
        if not value:
            return DepthLabel(value=Depth.unknown, fields={self.field: ""}, reason=f"{self.field} is empty")
        tokens = tokenize(value)
        for rule, patterns in self.rules:
            for pattern in patterns:
                span = pattern.search(tokens)
                if span is not None:
                    reason = f"{self.field} says {tokens.excerpt(*span)!r} (pattern {pattern.text!r})"
                    if rule.description:
                        reason += f": {rule.description}"
                    return DepthLabel(value=rule.depth, fields={self.field: value}, reason=reason)
        return DepthLabel(value=Depth.unknown, fields={self.field: value}, reason=f"no depth pattern matches {self.field}")


class Signals:
    """What a profile's depth and use sections read from one row, each distinct combination
    of the fields they read worked out once."""

    def __init__(self, depth: DepthSpec | None, use: UseSpec | None, header: tuple[str, ...]) -> None:
        self.depth_fields: tuple[str, ...] = ()
        self._depth: Callable[[Text], DepthLabel] | None = None
        if depth is not None and depth.steps is not None:
            steps = depth.steps
            self._depth = lambda text: steps_depth(steps, text)
            self.depth_fields = tuple(f for f in (steps.application, steps.decision, steps.issuance, steps.information) if f)
        elif depth is not None and depth.text is not None:
            self._depth = _TextReader(depth.text)
            self.depth_fields = (depth.text.field,)
        self.use = use
        present = set(header)
        # A channel without a column in this edition is not a channel of it (Canada's email and
        # fax applications exist only from 2020-21), never a channel with unknown figures.
        self.channels = tuple((c, f) for c, f in use.applications.items() if f in present) if use else ()
        self.calls = use.calls if use and use.calls in present else None
        self.visits = use.visits if use and use.visits in present else None
        self.use_fields = tuple(f for f in (*(f for _, f in self.channels), self.calls, self.visits) if f)
        self._depths: Memo[tuple[str, ...], DepthLabel] = Memo(_CACHE_LIMIT)
        self._volumes: Memo[tuple[str, ...], Volumes] = Memo(_CACHE_LIMIT)
        self.bad_numbers: dict[str, tuple[int, str]] = {}  # field → the first (row, value) that was not a number

    @property
    def active(self) -> bool:
        return self._depth is not None or bool(self.use_fields)

    def depth(self, text: Text) -> DepthLabel:
        if self._depth is None:
            return UNKNOWN_DEPTH
        key = tuple(text(f) for f in self.depth_fields)
        found = self._depths.get(key)
        if found is None:
            found = self._depths.put(key, self._depth(text))
        return found

    def volumes(self, text: Text, row: int) -> Volumes | None:
        if not self.use_fields:
            return None
        key = tuple(text(f) for f in self.use_fields)
        found = self._volumes.get(key)
        if found is None:
            number = lambda field: self._number(field, text(field), row)  # noqa: E731
            found = self._volumes.put(key, Volumes(
                applications={channel: number(field) for channel, field in self.channels},
                calls=number(self.calls) if self.calls else None,
                visits=number(self.visits) if self.visits else None,
            ))
        return found

    def _number(self, field: str, value: str, row: int) -> int | None:
        value = value.strip()
        number = self._count(value)
        if number is _NOT_A_COUNT:
            self.bad_numbers.setdefault(field, (row, value))
            return None
        return number  # type: ignore[return-value]

    def _count(self, value: str) -> int | None | object:
        """The count a stripped cell holds, None when the register says it is unknown, else _NOT_A_COUNT."""
        assert self.use is not None
        if value in self.use.unknown:
            return None
        cleaned = value.replace(",", "").replace(" ", "").replace("\u00a0", "")
        if cleaned.isdecimal():  # not isdigit: int() refuses superscripts ("²")
            return int(cleaned)
        try:
            number = float(cleaned)
        except ValueError:
            number = -1.0
        if number >= 0 and math.isfinite(number) and number == int(number):  # "inf", "1e999": no count
            return int(number)
        return _NOT_A_COUNT

    def note_bad_numbers(self, column: Callable[[str], list[str]], numbers: list[int]) -> None:
        """Record what `volumes` records of the rows NUMBERS (COLUMN(field): a use field's text in
        each), the first row whose cell is not a count, without building any Volumes."""
        for field in dict.fromkeys(self.use_fields):
            if field in self.bad_numbers:
                continue
            texts = column(field)
            # Decimal digits alone are a count whatever the register calls unknown: only the rest are read.
            bad = {text for text in filterfalse(str.isdecimal, set(texts)) if self._count(text.strip()) is _NOT_A_COUNT}
            if bad:
                row, text = next((row, text) for text, row in zip(texts, numbers) if text in bad)
                self.bad_numbers[field] = (row, text.strip())


_NOT_A_COUNT = object()

__all__ = ["Signals", "steps_depth"]
