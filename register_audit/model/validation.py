"""The one sentence a pydantic validation error becomes, for every file and option a user gives."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def describe_validation(error: ValidationError, where: str, *, data: Any = None, items: str | None = None,
                        noun: str = "item") -> str:
    """One sentence for the first validation problem: WHERE (a file, or what was given), the item
    when DATA holds a list under ITEMS (a rule, an entry: named by its id, as a NOUN), the field,
    what is wrong, and how many more problems there are."""
    errors = error.errors()
    # pydantic also reports a tuple as too short once its bad item is dropped: an echo of the
    # real problem deeper down, so it is left out.
    errors = [
        e for e in errors
        if not (e["type"] == "too_short" and any(o["loc"][: len(e["loc"])] == e["loc"] and len(o["loc"]) > len(e["loc"]) for o in errors))
    ] or errors
    first = errors[0]
    loc = list(first["loc"])
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
    message = first["msg"].removeprefix("Value error, ")
    more = len(errors) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {message}{tail}."


__all__ = ["describe_validation"]
