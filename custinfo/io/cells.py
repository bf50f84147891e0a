"""Values back into typed Excel cells: text read with its CellKind becomes the number, date or
boolean it was, and any Python value (summary frames) gets the matching xlsxwriter call.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from custinfo.dataset import CellKind

CELL_CHARS = 32_767  # Excel's limit for one cell or comment

# CellKind -> (format base in xlsx_style.Formats, worksheet method name)
KIND_WRITERS: dict[int, tuple[str, str]] = {
    CellKind.EMPTY: ("text", "write_string"),
    CellKind.TEXT: ("text", "write_string"),
    CellKind.NUMBER: ("number", "write_number"),
    # Dates go out as Excel serial numbers with a date format: converting each distinct date
    # once is much cheaper than write_datetime's conversion per cell.
    CellKind.DATE: ("date", "write_number"),
    CellKind.DATETIME: ("datetime", "write_number"),
    CellKind.BOOL: ("bool", "write_boolean"),
    CellKind.TIME: ("time", "write_datetime"),
    CellKind.ERROR: ("text", "write_string"),
}
N_KINDS = max(KIND_WRITERS) + 1


@dataclass(frozen=True)
class Column:
    index: int  # 0-based Excel column
    values: list[Any]  # typed value per record, None when empty
    kinds: list[int] | None  # CellKind per record; None when every cell is text


def column_values(index: int, values: pd.Series, kinds: pd.Series | None) -> Column:
    """One input column as the typed Python values to write, converted column-wise."""
    present = values.notna().to_numpy()
    text = values.astype(object).to_numpy(copy=True)
    text[~present] = None
    if not isinstance(values.dtype, pd.StringDtype):  # text as read, but be safe with objects
        text[present] = [v if isinstance(v, str) else str(v) for v in text[present]]
    if kinds is None:
        return Column(index, text.tolist(), None)
    k = pd.to_numeric(kinds, errors="coerce").fillna(CellKind.TEXT).astype("int64").to_numpy()
    k = np.where(present, np.where(k == CellKind.EMPTY, CellKind.TEXT, k), CellKind.EMPTY)
    k = np.where((k >= 0) & (k < N_KINDS), k, CellKind.TEXT)
    if np.isin(k, (CellKind.EMPTY, CellKind.TEXT, CellKind.ERROR)).all():
        return Column(index, text.tolist(), None)
    typed_values = text.copy()
    for kind, convert in _CONVERTERS.items():
        mask = k == kind
        if mask.any():
            typed = convert(pd.Series(text[mask], dtype=object))
            ok = typed.notna().to_numpy()
            idx = np.flatnonzero(mask)
            typed_values[idx[ok]] = typed[ok].tolist()
            k[idx[~ok]] = CellKind.TEXT  # unreadable as its kind: keep the text as typed
    return Column(index, typed_values.tolist(), k.tolist())


def _to_number(s: pd.Series) -> pd.Series:
    nums = pd.to_numeric(
        s.astype(str).str.strip().str.replace(",", "", regex=False), errors="coerce"
    )
    return nums.where(np.isfinite(nums.astype(float)))


_EPOCH = dt.datetime(1899, 12, 30)
_PHANTOM_LEAP_DAY = dt.datetime(1900, 3, 1)  # Excel counts a 29 Feb 1900 that never was


def excel_serial(d: dt.datetime) -> float:
    """`d` as a number in Excel's 1900 date system (what a date cell really holds)."""
    delta = d - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial if d >= _PHANTOM_LEAP_DAY else serial - 1


def _to_serial(s: pd.Series) -> pd.Series:
    return _unique_map(s, lambda v: None if (d := _datetime(v)) is None else excel_serial(d))


def _datetime(v: object) -> dt.datetime | None:
    """A date cell's text (ISO, as ingest wrote it) back to a datetime; None when unreadable."""
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    try:
        d = dt.datetime.fromisoformat(str(v).strip())
    except ValueError:
        return None
    return d.replace(tzinfo=None) if 1900 <= d.year <= 9999 else None


def _to_time(s: pd.Series) -> pd.Series:
    def one(v: object) -> dt.time | None:
        if isinstance(v, dt.time):
            return v
        text = str(v).strip()
        try:
            return dt.time.fromisoformat(text)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(text).time()
            except ValueError:
                return None

    return _unique_map(s, one)


def _to_bool(s: pd.Series) -> pd.Series:
    table = {"true": True, "1": True, "false": False, "0": False}
    return s.astype(str).str.strip().str.lower().map(table)


def _unique_map(s: pd.Series, convert: Callable[[object], object]) -> pd.Series:
    """Convert each distinct value once (dates repeat a lot)."""
    uniq = pd.unique(s.astype(str))
    table = {u: convert(u) for u in uniq}
    return s.astype(str).map(table).astype(object)


_CONVERTERS: dict[int, Callable[[pd.Series], pd.Series]] = {
    CellKind.NUMBER: _to_number,
    CellKind.DATE: _to_serial,
    CellKind.DATETIME: _to_serial,
    CellKind.TIME: _to_time,
    CellKind.BOOL: _to_bool,
}


def write_value(
    ws: Worksheet, r: int, c: int, v: object, date_fmt: Format | None, dt_fmt: Format | None
) -> None:
    """Write any Python value as its Excel type; missing values and NaN leave the cell empty."""
    if v is None or v is pd.NA or v is pd.NaT:
        return
    if isinstance(v, bool | np.bool_):
        ws.write_boolean(r, c, bool(v))
    elif isinstance(v, int | float | np.integer | np.floating):
        x = float(v)
        if math.isfinite(x):
            ws.write_number(r, c, x)
        elif not math.isnan(x):
            ws.write_string(r, c, str(v))
    elif isinstance(v, dt.datetime):  # includes pd.Timestamp
        naive = v.replace(tzinfo=None)
        has_time = (naive.hour, naive.minute, naive.second, naive.microsecond) != (0, 0, 0, 0)
        ws.write_datetime(r, c, naive, dt_fmt if has_time else date_fmt)
    elif isinstance(v, dt.date):
        ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
    elif isinstance(v, list | tuple | set | frozenset):
        ws.write_string(r, c, "、".join(str(x) for x in v)[:CELL_CHARS])
    else:
        ws.write_string(r, c, str(v)[:CELL_CHARS])
