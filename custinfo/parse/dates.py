"""Dates however they were typed: date cells, 2024/5/10, 2024年5月10日, 20240510, Excel serials,
5月15日前 (the year supplied by the caller), 2024年9月底. Each distinct value is parsed once."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass

import pandas as pd

from custinfo.dataset import CellKind

_QUAL = r"\s*(前|之前|以前|左右|前后|后|以后|之后)?\s*"
_FULL = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?" + _QUAL
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})" + _QUAL)
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _QUAL)
_YEAR_MONTH = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?份?\s*(初|中|中旬|底|末|下旬|上旬)?" + _QUAL
)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers a customer sheet can mean: 1950-01-01 … 2099-12-31 (1.5 or 3 are not dates)
SERIAL_RANGE = (18_264, 73_050)


@dataclass(frozen=True)
class ParsedDate:
    value: dt.date
    qualifier: str = ""  # 前 / 左右 / 后 … as typed ("" when none)
    year_assumed: bool = False  # "5月15日前": the year came from the caller


def parse_date(
    text: str, kind: int = CellKind.TEXT, default_year: int | None = None
) -> ParsedDate | None:
    """One typed value as a date, or None when it is not one (下周, 待定, 2024-13-01 …)."""
    t = unicodedata.normalize("NFKC", str(text)).strip()
    if not t:
        return None
    if kind == CellKind.NUMBER or _SERIAL.fullmatch(t):
        return _from_number(t)
    if m := _FULL.fullmatch(t):
        return _make(int(m[1]), int(m[2]), int(m[3]), m[7])
    if m := _COMPACT.fullmatch(t):
        return _make(int(m[1]), int(m[2]), int(m[3]), m[4])
    if m := _YEAR_MONTH.fullmatch(t):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            return None
        day = monthrange(year, month)[1] if m[3] in ("底", "末", "下旬") else 1
        if m[3] in ("中", "中旬"):
            day = 15
        return _make(year, month, day, m[4])
    if default_year is not None and (m := _MONTH_DAY.fullmatch(t)):
        parsed = _make(default_year, int(m[1]), int(m[2]), m[3])
        return None if parsed is None else ParsedDate(parsed.value, parsed.qualifier, True)
    return None


def _make(year: int, month: int, day: int, qualifier: str | None) -> ParsedDate | None:
    try:
        return ParsedDate(dt.date(year, month, day), qualifier or "")
    except ValueError:
        return None


def _from_number(t: str) -> ParsedDate | None:
    try:
        number = float(t)
    except ValueError:
        return None
    if number.is_integer() and 19000101 <= number <= 99991231:  # 20240510 typed as a number
        s = str(int(number))
        return _make(int(s[:4]), int(s[4:6]), int(s[6:]), None)
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return ParsedDate(_EXCEL_EPOCH + dt.timedelta(days=int(number)))
    return None


_NUMBER = "\x00"  # key prefix: the cell held a number (an Excel serial or 20240510)


def date_keys(values: pd.Series, kinds: pd.Series | None = None) -> pd.Series:
    """What a cell's date depends on, as one string (NA when blank): its text, and whether it
    was a number. Built column-wise so each distinct key can be parsed once."""
    text = values.astype("string").str.strip()
    text = text.where(text.ne(""))
    if kinds is not None:
        number = kinds.reindex(values.index).eq(CellKind.NUMBER).fillna(False).astype(bool)
        text = text.where(~number, _NUMBER + text)
    return text


def parse_key(key: str, default_year: int | None = None) -> ParsedDate | None:
    if key.startswith(_NUMBER):
        return parse_date(key[1:], CellKind.NUMBER, default_year)
    return parse_date(key, CellKind.TEXT, default_year)


def parse_dates(
    values: pd.Series, kinds: pd.Series | None = None, default_year: int | None = None
) -> pd.Series:
    """`parse_date` over a column, once per distinct value; None where blank or unparsed."""
    keys, table = parse_columns({"_": (values, kinds)}, default_year)
    return keys["_"].map(table).astype(object).where(keys["_"].notna(), None)


def parse_columns(
    columns: dict[str, tuple[pd.Series, pd.Series | None]], fallback_year: int | None
) -> tuple[dict[str, pd.Series], dict[str, ParsedDate | None]]:
    """Several date columns of one sheet: (each column's keys, key -> parsed date or None).

    Each distinct value is parsed once; callers map or `isin` the keys (cheap) rather than
    handle ParsedDate objects per cell.

    A date typed without a year ("5月15日前") takes the sheet's most common year among the
    dates that have one, else `fallback_year`.
    """
    keys = {name: date_keys(v, k) for name, (v, k) in columns.items()}
    counts = pd.concat(list(keys.values())).value_counts() if keys else pd.Series(dtype="int64")
    # plain lists: iterating an arrow-backed index costs ~1 µs per element
    distinct, weights = counts.index.tolist(), counts.to_numpy().tolist()
    parsed = {k: parse_key(k) for k in distinct}
    years: dict[int, int] = {}
    for k, n in zip(distinct, weights, strict=True):
        if (p := parsed[k]) is not None:
            years[p.value.year] = years.get(p.value.year, 0) + int(n)
    year = max(years, key=lambda y: (years[y], y)) if years else fallback_year
    if year is not None:
        parsed = {k: p if p is not None else parse_key(k, year) for k, p in parsed.items()}
    return keys, parsed
