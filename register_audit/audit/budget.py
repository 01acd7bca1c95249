"""Budget tables: public spending by COFOG function, read from CSV or YAML, as shares of a total."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from pydantic import Field, ValidationError, model_validator

from register_audit.errors import InputError
from register_audit.model.records import CofogCode, Frozen, RegisterMeta
from register_audit.model.validation import first_problem
from register_audit.load.resources import bundled
from register_audit.errors import RulesError
from register_audit.rules.safe_yaml import safe_load

CSV_COLUMNS = ("cofog", "name", "amount", "share_pct", "year", "level", "source", "partial", "note")
TOTAL = "TOTAL"
# The budget a bundled register gets when --budget is not given, by country.
DEFAULTS = {"KZ": "kz-2019.yaml"}


class BudgetLine(Frozen):
    """Spending on one COFOG function (or part of it): an amount, or a share of the total."""

    cofog: CofogCode
    name: str = ""
    amount: float | None = Field(default=None, ge=0)
    share_pct: float | None = Field(default=None, ge=0, le=100)
    partial: bool = False  # the figure covers only part of the function
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _a_figure(self) -> "BudgetLine":
        if self.amount is None and self.share_pct is None:
            raise ValueError("give an amount or a share_pct")
        return self


class Budget(Frozen):
    """One year's spending by function at one budget level, with its source and caveats."""

    id: str = ""
    country: str = ""
    year: int | str
    level: str
    currency: str = ""
    source: str
    caveats: tuple[str, ...] = ()
    total: float | None = Field(default=None, gt=0)
    functions: tuple[BudgetLine, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares_computable(self) -> "Budget":
        for line in self.functions:
            if line.share_pct is None and self.total is None:
                raise ValueError(f"the line for {line.cofog} has an amount but the table has no total; "
                                 f"add a row whose cofog is {TOTAL} with the total amount, or give share_pct")
        return self

    def line_share(self, line: BudgetLine) -> float:
        if line.amount is not None and self.total is not None:
            return 100 * line.amount / self.total
        assert line.share_pct is not None  # guaranteed by the validators above
        return line.share_pct

    def share(self, code: str) -> tuple[float | None, bool]:
        """Percent of the total spent on CODE (a division or group), and whether the figure is
        partial. (None, False) when the table has no figure: unknown, never zero."""
        exact = [line for line in self.functions if line.cofog == code]
        parts = [line for line in self.functions if line.cofog.startswith(code + ".")]
        lines = exact or parts
        if not lines:
            return None, False
        # Groups alone do not make their division: the groups not listed are missing.
        partial = any(line.partial for line in lines) or (not exact and len(code) == 2)
        return sum(self.line_share(line) for line in lines), partial


class SourcedBudget(Frozen):
    """A budget and where it came from; `default` when the tool chose it for the register."""

    path: str
    budget: Budget
    default: bool = False


def default_budget(meta: RegisterMeta) -> SourcedBudget | None:
    """The bundled budget for the register's country, if one ships (Kazakhstan: 2019)."""
    name = DEFAULTS.get(meta.country.upper())
    if name is None:
        return None
    loaded = load_budget(bundled("rules") / "budget" / name, display=f"rules/budget/{name}")
    return loaded.model_copy(update={"default": True})


def load_budget(path: str | Path, *, display: str | None = None) -> SourcedBudget:
    """Read a budget table (CSV or YAML); errors name the file, row and field."""
    file = Path(path)
    shown = display or str(file)
    from register_audit.read.files import read_text

    if file.suffix.lower() in (".yaml", ".yml"):
        budget = _from_yaml(read_text(file, what="budget table", shown=shown), shown)
    elif file.suffix.lower() in (".csv", ".txt", ".tsv"):
        budget = _from_csv(file, shown)
    else:
        raise InputError(shown, "a budget table is a .csv or a .yaml file.")
    return SourcedBudget(path=shown, budget=budget)


def _from_yaml(text: str, path: str) -> Budget:
    try:
        data = safe_load(text, path)
    except RulesError as error:
        raise InputError(path, error.message.removeprefix(f"{path}: ")) from None
    if not isinstance(data, dict):
        raise InputError(path, "a budget YAML is a mapping with year, level, source, total and functions.")
    try:
        return Budget.model_validate(data)
    except ValidationError as error:
        first = first_problem(error)
        loc = list(first.loc)
        row = None
        if len(loc) >= 2 and loc[0] == "functions" and isinstance(loc[1], int):
            row, loc = loc[1] + 1, loc[2:]
        field = ".".join(str(p) for p in loc) or None
        where = f"functions item {row}: " if row else ""
        raise InputError(path, f"{where}{first.message}.", field=field) from None


def _from_csv(file: Path, path: str) -> Budget:
    """A budget CSV read as registers are (encoding and delimiter detected), but strictly: a row
    whose cells do not fit the header (an unquoted comma in an amount) is an error, never a shift."""
    header, rows = _strict_rows(file, path)
    missing = [c for c in ("cofog", "year", "level", "source") if c not in header]
    if missing:
        raise InputError(path, f"the header lacks {', '.join(missing)}; columns are {', '.join(CSV_COLUMNS)}.", row=1)
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        raise InputError(path, f"unknown column {unknown[0]!r}; columns are {', '.join(CSV_COLUMNS)}.", row=1)
    lines: list[BudgetLine] = []
    total: float | None = None
    years: set[str] = set()
    levels: set[str] = set()
    sources: list[str] = []
    for number, cells in rows:
        row = {k: (v or "").strip() for k, v in zip(header, cells) if k}
        years.add(row["year"])
        levels.add(row["level"])
        if row["source"] and row["source"] not in sources:
            sources.append(row["source"])
        if row["cofog"].upper() == TOTAL:
            total = _number(row.get("amount", ""), path, number, "amount", required=True)
            continue
        try:
            lines.append(BudgetLine(
                cofog=row["cofog"], name=row.get("name", ""),
                amount=_number(row.get("amount", ""), path, number, "amount"),
                share_pct=_number(row.get("share_pct", ""), path, number, "share_pct"),
                partial=_flag(row.get("partial", ""), path, number), source=row["source"], note=row.get("note", ""),
            ))
        except ValidationError as error:
            first = first_problem(error)
            field = str(first.loc[0]) if first.loc else None
            raise InputError(path, f"{first.message}.", row=number, field=field) from None
    for name, values in (("year", years), ("level", levels)):
        if len(values) > 1:
            raise InputError(path, f"rows mix {name}s ({', '.join(sorted(values))}); one table is one year at one level.", field=name)
    try:
        return Budget(year=years.pop() if years else "", level=levels.pop() if levels else "",
                      source="; ".join(sources), total=total, functions=tuple(lines))
    except ValidationError as error:
        raise InputError(path, f"{first_problem(error).message}.") from None


def _strict_rows(file: Path, path: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from register_audit.read.encodings import detect_encoding
    from register_audit.read.delimited import sniff_delimiter

    from register_audit.read.files import MAX_SIDE_FILE_BYTES, read_bytes

    data = read_bytes(file, limit=MAX_SIDE_FILE_BYTES, what="budget table", shown=path)
    text = data.decode(detect_encoding(Path(path), data)).lstrip("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text[:65536])))
    except csv.Error as error:
        raise InputError(path, f"cannot be parsed as CSV ({error}).") from None
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise InputError(path, "the file is empty.")
    (_, header), body = numbered[0], numbered[1:]
    header = [h.strip() for h in header]
    ragged = [f"row {n} ({len(r)} cells)" for n, r in body if len(r) != len(header)]
    if ragged:
        raise InputError(path, f"the header has {len(header)} columns but {', '.join(ragged[:10])} do not; "
                         "quote an amount that holds a comma (\"12,5\") or use ; as the delimiter.")
    return header, body


_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3}){2,}$|^\d{1,3}(\.\d{3}){2,}$")  # 1,234,567 or 1.234.567


def _number(text: str, path: str, row: int, field: str, *, required: bool = False) -> float | None:
    """A figure as budget tables write it: spaces as thousands separators, a decimal point or a
    decimal comma (12,5 is twelve and a half, as in Kazakh and Russian tables), or both
    (1.234,5 and 1,234.5); a lone comma before three digits (1,234) is ambiguous and refused."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not cleaned:
        if required:
            raise InputError(path, f"the {TOTAL} row needs an amount.", row=row, field=field)
        return None
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "").replace(".", "")
    elif "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif cleaned.count(",") == 1:
        if re.match(r"^\d{1,3},\d{3}$", cleaned):
            raise InputError(path, f"{text!r} is ambiguous (1234 or 1.234?); write it without a thousands separator, with a decimal point.", row=row, field=field)
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise InputError(path, f"{text!r} is not a number.", row=row, field=field) from None


def _flag(text: str, path: str, row: int) -> bool:
    lowered = text.lower()
    if lowered in ("", "false", "no", "0"):
        return False
    if lowered in ("true", "yes", "1"):
        return True
    raise InputError(path, f"{text!r} is not true or false.", row=row, field="partial")
