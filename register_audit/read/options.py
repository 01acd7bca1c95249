"""How to read a register: the one set of read options every command and API function takes."""

from __future__ import annotations

import codecs

from pydantic import Field, field_validator

from register_audit.model.records import Frozen

# Names a shell makes hard to type, for --delimiter.
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
STDIN = "-"  # the register spec that reads standard input


class ReadOptions(Frozen):
    """The read options of `--profile`, `--sheet`, `--skip-lines`, `--encoding`, `--delimiter`.

    None (and skip_lines 0) means "detect": the profile from the header, the first sheet, the
    header row among the first rows, the encoding from the bytes, the delimiter from the rows.
    The three CSV overrides apply to CSV/TSV files only (as csvkit's `--skip-lines`, `-e`, `-d`).
    """

    profile: str | None = None
    sheet: str | None = None
    skip_lines: int = Field(default=0, ge=0, le=100_000)
    encoding: str | None = None
    delimiter: str | None = None

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return codecs.lookup(value).name
        except LookupError:
            raise ValueError(f"{value!r} is not an encoding Python knows (e.g. utf-8, cp1251, kz1048, utf-16)") from None

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = _DELIMITER_NAMES.get(value.lower(), value)
        if len(value) != 1 or value in "\"\r\n":
            raise ValueError(f"{value!r} is not a delimiter; give one character such as ',' ';' '|' or 'tab'")
        return value

    @property
    def csv_overrides(self) -> tuple[str, ...]:
        """The CSV-only options given, by their CLI names (for "applies to CSV only" messages)."""
        given = (("--skip-lines", self.skip_lines), ("--encoding", self.encoding), ("--delimiter", self.delimiter))
        return tuple(name for name, value in given if value)


DEFAULT = ReadOptions()

__all__ = ["DEFAULT", "STDIN", "ReadOptions"]
