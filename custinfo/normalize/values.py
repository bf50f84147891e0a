"""Dates, money and enumerations in canonical form, from the typed view validation also reads
(so a date or an amount is parsed once for both stages)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from custinfo.dataset import CellKind
from custinfo.distinct import per_distinct
from custinfo.fields import Field, enum_key
from custinfo.normalize.column import Normalized
from custinfo.typed import TypedSheet

_ALREADY_DATES = (CellKind.DATE, CellKind.DATETIME)


def normalize_dates(sheet: TypedSheet, name: str) -> tuple[Normalized, CellKind]:
    """A date typed as text (2024/5/10, 2024年5月10日, 20240510, 5月15日前 …) -> ISO date, written
    as a real date cell. Date cells stay as they are (a time of day is kept); unreadable text is
    left as typed (validation reported it)."""
    keys, parsed = sheet.dates()
    key = keys[name]
    column = sheet.frame[name].reindex(key.index)
    codes, uniq = pd.factorize(key)  # -1 where blank
    dates = [parsed[k] for k in np.asarray(uniq, dtype=object).tolist()]
    iso = np.array([p.value.isoformat() if p else None for p in dates] + [None], dtype=object)
    qualified = np.array([bool(p and p.qualifier) for p in dates] + [False], dtype=bool)
    values = iso[codes]
    if name in sheet.table.kinds.columns:
        kinds = sheet.table.kinds[name].reindex(key.index)
        already = kinds.isin(_ALREADY_DATES).to_numpy(dtype=bool)
        values[already] = column.to_numpy(dtype=object)[already]
    rule = np.array(["date.iso", "date.iso_qualifier_dropped"], dtype=object)[
        qualified[codes].astype(np.int8)
    ]
    return Normalized(
        pd.Series(values, index=key.index, dtype=object, copy=False),
        pd.Series(rule, index=key.index, dtype=object, copy=False),
    ), CellKind.DATE


def normalize_money(sheet: TypedSheet, name: str) -> tuple[Normalized, CellKind]:
    """One amount in 元 as a number cell (1.2万 -> 12000, ¥1,200.00 -> 1200). A range, an open
    range, a unit price or another currency stays as typed; the range's ends go to the derived
    columns (预算下限/预算上限 for 预算范围)."""
    money = sheet.money(name)
    single = money.low.notna() & money.low.eq(money.high)

    def plain(u: pd.Series) -> list[bool]:
        return [
            (m := money.parsed.get(v)) is not None
            and not m.per
            and not m.approx
            and m.currency == "CNY"
            for v in u
        ]

    simple = per_distinct(sheet.frame[name], plain, False, bool) & single
    number = _numbers(money.low)
    values = sheet.frame[name].where(~simple, number).astype(object)
    return Normalized(values, "money.amount"), CellKind.NUMBER


def money_range(sheet: TypedSheet, name: str) -> tuple[pd.Series, pd.Series]:
    """(low, high) in 元 as number text, blank when open or unreadable."""
    money = sheet.money(name)
    return _numbers(money.low), _numbers(money.high)


def normalize_enum(sheet: TypedSheet, f: Field) -> Normalized:
    """A known variant (synonym, other width or spacing) -> the standard value; other values
    stay as typed (validation reported the ones outside a strict list)."""
    lookup = f.standard_values

    column = sheet.frame[f.name]
    codes, uniq = pd.factorize(column)  # -1 where missing: kept as typed
    typed = np.asarray(uniq, dtype=object).tolist()
    standard = [lookup.get(enum_key(str(v))) for v in typed]
    table = np.array(
        [*(v if s is None else s for s, v in zip(standard, typed, strict=True)), None], dtype=object
    )
    values = table[codes]
    missing = codes < 0
    values[missing] = column.to_numpy(dtype=object)[missing]
    typed_or_standard = pd.Series(values, index=column.index, dtype=object, copy=False)
    return Normalized(typed_or_standard, "enum.synonym")


def _numbers(values: pd.Series) -> pd.Series:
    return per_distinct(values, lambda u: [_number_text(x) for x in u], None)


def _number_text(x: float) -> str | None:
    """12000.0 -> "12000", 0.5 -> "0.5"; NaN -> None."""
    if pd.isna(x):
        return None
    return str(int(x)) if float(x).is_integer() else repr(float(x))
