"""JSON and JSONL registers: a list of records (or one list inside an object) as a table."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from register_audit.errors import InputError
from register_audit.read.encodings import decode
from register_audit.read.table import MAX_LISTED_ROWS as _MAX_LISTED_ROWS, Table


_LIST_KEYS = ("services", "items", "data", "records", "rows", "results")

# JSON is parsed whole into Python objects (~100 bytes each): a file of 30 million `{}` is
# 90 MB on disk and 2.3 GB once parsed. Counted before parsing (a `{` inside a string counts too,
# so this is a bound, not a count): far above any register's records.
_MAX_JSON_OBJECTS = 1_000_000
_MAX_JSON_VALUES = 20_000_000


def _check_json_size(path: Path, data: bytes) -> None:
    if data.count(b"{") > _MAX_JSON_OBJECTS or data.count(b",") > _MAX_JSON_VALUES:
        raise InputError(path, f"the JSON holds more than {_MAX_JSON_OBJECTS:,} objects or {_MAX_JSON_VALUES:,} values, more than "
                         "a register's records; save a register this large as UTF-8 CSV, which is read as a stream.")


def _read_json(path: Path, data: bytes, sheet: str | None) -> Table:
    _check_json_size(path, data)
    text = decode(path, data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(path, f"is not valid JSON ({error.msg.removesuffix(' at')}, line {error.lineno}, column {error.colno}).") from None
    except (RecursionError, ValueError) as error:  # nesting too deep; an integer too long to convert
        raise InputError(path, f"is not usable JSON ({type(error).__name__}: {str(error)[:80]}).") from None
    items = _find_list(path, document)
    return _records_to_table(path, items, start=1, surrogates=_escapes_surrogate(text))


def _find_list(path: Path, document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        lists = [value for value in document.values() if isinstance(value, list) and value and isinstance(value[0], dict)]
        if len(lists) == 1:
            return lists[0]
    raise InputError(path, "JSON must be a list of objects, or an object holding one such list (e.g. under \"services\").")


def _read_jsonl(path: Path, data: bytes, sheet: str | None) -> Table:
    _check_json_size(path, data)
    text = decode(path, data)
    items: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InputError(path, f"is not valid JSON ({error.msg.removesuffix(' at')}, column {error.colno}).", row=number) from None
        except (RecursionError, ValueError) as error:
            raise InputError(path, f"is not usable JSON ({type(error).__name__}: {str(error)[:80]}).", row=number) from None
    return _records_to_table(path, items, start=1, surrogates=_escapes_surrogate(text))


def _records_to_table(path: Path, items: list[Any], *, start: int, surrogates: bool = False) -> Table:
    """Records as a table; SURROGATES when the text may hold lone surrogate escapes (cleaned)."""
    if not items:
        raise InputError(path, "the JSON list holds no records.")
    header: dict[str, None] = {}
    bad = [start + i for i, item in enumerate(items) if not isinstance(item, dict)]
    if bad:
        listed = ", ".join(str(n) for n in bad[:_MAX_LISTED_ROWS])
        raise InputError(path, f"JSON items must be objects, but item(s) {listed} are not.")
    present = 0
    for number, item in enumerate(items, start=start):
        header.update(dict.fromkeys(item))
        present += len(item)
        if len(header) > _MAX_JSON_KEYS:
            raise InputError(path, f"the JSON records have more than {_MAX_JSON_KEYS} distinct keys (by record {number}); "
                             "a register's records share a few dozen.")
    columns = tuple(header)
    # Records with different keys make a sparse table: every record gets every column. Bounded
    # by what the file holds, so a union of many one-off keys cannot take gigabytes.
    if len(items) * len(columns) > 8 * present + 1_000_000:
        raise InputError(path, f"the JSON records share few keys ({len(columns)} distinct keys, {present / len(items):.1f} per record "
                         "on average), so the table they make would be mostly empty; give records with the same keys.")
    text_of = _clean_cell_text if surrogates else cell_text
    rows = [
        (start + i, tuple(text_of(item.get(column)) for column in columns))
        for i, item in enumerate(items)
    ]
    return Table(str(path), tuple(_clean_text(str(c)) for c in columns), rows)


_MAX_JSON_KEYS = 1000
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _clean_text(text: str) -> str:
    """TEXT with any lone surrogate (a JSON escape such as \\ud800 with no pair) replaced by U+FFFD:
    it is no character, and no writer could encode it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _clean_cell_text(value: Any) -> str:
    return _clean_text(cell_text(value))


def _escapes_surrogate(text: str) -> bool:
    """True when JSON TEXT holds a \\uD800-\\uDFFF escape, the only way a lone surrogate gets in."""
    return _SURROGATE_ESCAPE.search(text) is not None


def cell_text(value: Any) -> str:
    """A JSON value as cell text: strings as they are, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
