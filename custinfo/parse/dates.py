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


def parse_dates(
    values: pd.Series, kinds: pd.Series | None = None, default_year: int | None = None
) -> pd.Series:
    """`parse_date` over a column, once per distinct (text, kind); None where blank or unparsed."""
    text = values.astype("string").str.strip()
    k = (
        pd.Series(CellKind.TEXT, index=values.index, dtype="int64")
        if kinds is None
        else kinds.reindex(values.index).fillna(CellKind.TEXT).astype("int64")
    )
    # Only numbers carry meaning in the kind: every other kind parses from its text alike.
    k = k.where(k.eq(CellKind.NUMBER), CellKind.TEXT)
    present = text.notna() & text.ne("")
    pairs = pd.unique(pd.Series(list(zip(text[present], k[present], strict=True)), dtype=object))
    table = {p: parse_date(p[0], p[1], default_year) for p in pairs}
    keys = pd.Series(list(zip(text, k, strict=True)), index=values.index, dtype=object)
    return keys.map(table).where(present, None).astype(object)


def common_year(parsed: pd.Series) -> int | None:
    """The most frequent year among parsed dates (the sheet's year for "5月15日前")."""
    years = pd.Series([p.value.year for p in parsed if isinstance(p, ParsedDate)], dtype="int64")
    return None if years.empty else int(years.mode().iloc[0])
