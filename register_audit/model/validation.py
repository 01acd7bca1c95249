"""The one sentence a pydantic validation error becomes, for every file and option a user gives."""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import ValidationError


class Problem(NamedTuple):
    """The validation problem a message reports: where in the data, what pydantic says, how many
    others there are."""

    loc: tuple[str | int, ...]
    message: str  # pydantic's message, without its "Value error, " prefix
    more: int
    type: str
    input: Any


def first_problem(error: ValidationError, *, unknown_first: bool = False) -> Problem:
    """The problem to report first. A tuple pydantic also calls too short once its bad item is
    dropped is an echo of the real problem deeper down, so it is left out; with UNKNOWN_FIRST an
    unknown key goes first (it explains the rest: `max` given where `min` is expected)."""
    errors = error.errors()
    errors = [
        e for e in errors
        if not (e["type"] == "too_short" and any(o["loc"][: len(e["loc"])] == e["loc"] and len(o["loc"]) > len(e["loc"]) for o in errors))
    ] or errors
    if unknown_first:
        errors = sorted(errors, key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    return Problem(tuple(first["loc"]), first["msg"].removeprefix("Value error, "), len(errors) - 1, first["type"],
                   first.get("input"))


def more_problems(more: int) -> str:
    """" (and 2 more problems)" after a message, or "" when it was the only one."""
    return f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""


def describe_validation(error: ValidationError, where: str, *, data: Any = None, items: str | None = None,
                        noun: str = "item") -> str:
    """One sentence for the first validation problem: WHERE (a file, or what was given), the item
    when DATA holds a list under ITEMS (a rule, an entry: named by its id, as a NOUN), the field,
    what is wrong, and how many more problems there are."""
    problem = first_problem(error)
    loc = list(problem.loc)
    if items is not None and len(loc) >= 2 and loc[0] == items and isinstance(loc[1], int):
        listed = data.get(items) if isinstance(data, dict) else None
        item_id = f"#{loc[1] + 1}"
        if isinstance(listed, list) and loc[1] < len(listed) and isinstance(listed[loc[1]], dict):
            item_id = str(listed[loc[1]].get("id", item_id))
        where += f": {noun} {item_id!r}"
        loc = loc[2:]
    field = ".".join(str(part) for part in loc)
    if field:
        where += f", field {field!r}"
    return f"{where}: {problem.message}{more_problems(problem.more)}."


__all__ = ["Problem", "describe_validation", "first_problem", "more_problems"]
