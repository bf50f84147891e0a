"""A sheet's cells as values: dates as datetime64, numbers as float64, enumerations in their
standard form, other text stripped. Cross-field checks and rules.yaml conditions read these; the
sheet's frame keeps what was typed.

Each column is computed on first use and kept, each distinct value parsed once; the next stage
of the run reads the same frames and reuses what is parsed (`Dataset.views`), so validate and
normalize parse each date and amount once between them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from custinfo.dataset import Dataset, Table
from custinfo.distinct import per_distinct
from custinfo.fields import Field, Kind, Registry, SheetKind, enum_key
from custinfo.parse.dates import ParsedDate, parse_columns
from custinfo.parse.money import MoneyColumn, parse_money_column
from custinfo.rules.expr import Name, ValueType

# Columns computed from another one: (source field, derived name, Chinese name).
# 预算范围 "5-10万" -> 预算下限 50000, 预算上限 100000 (the normalize stage writes the same names).
DERIVED: dict[SheetKind, tuple[tuple[str, str, str], ...]] = {
    SheetKind.CUSTOMERS: (
        ("budget", "budget_min", "预算下限"),
        ("budget", "budget_max", "预算上限"),
    ),
}
_NAT = np.datetime64("NaT", "ns")
# what a field with no column reads as: (blank value, dtype)
_BLANK: dict[ValueType, tuple[object, str | type]] = {
    ValueType.DATE: (_NAT, "datetime64[ns]"),
    ValueType.NUMBER: (float("nan"), "float64"),
    ValueType.TEXT: (None, object),
}
_LEADING_NUMBER = r"^\s*(?:约|大约|近)?\s*(\d+(?:\.\d+)?)\s*(万|千|w|k)?"
_COUNT_UNITS = {"万": 10_000.0, "w": 10_000.0, "千": 1_000.0, "k": 1_000.0}


def value_type(f: Field) -> ValueType:
    if f.kind is Kind.DATE:
        return ValueType.DATE
    if f.kind in (Kind.INTEGER, Kind.MONEY):
        return ValueType.NUMBER
    return ValueType.TEXT


def expr_names(registry: Registry, sheet: SheetKind) -> dict[str, Name]:
    """Every name a condition on `sheet` may use: canonical names, Chinese headers, aliases and
    the derived columns. A header shared by two fields keeps the first (as in header mapping)."""
    names: dict[str, Name] = {}
    for f in registry.for_sheet(sheet):
        for n in (f.name, *f.headers):
            names.setdefault(n, Name(f.name, value_type(f)))
    for _, derived, zh in DERIVED.get(sheet, ()):
        names.setdefault(derived, Name(derived, ValueType.NUMBER))
        names.setdefault(zh, Name(derived, ValueType.NUMBER))
    return names


def typed_sheets(ds: Dataset, registry: Registry, as_of: dt.date) -> dict[SheetKind, TypedSheet]:
    """Each sheet the dataset has, as typed values.

    The columns an earlier stage parsed for the same table, frame, registry and as-of date are
    reused (`Dataset.views`); each call gets its own `memo`.
    """
    out = {}
    for kind in SheetKind:
        table, frame = ds.book.table(kind), ds.frame(kind)
        if table is None or frame is None:
            continue
        seen = ds.views.get(kind)
        if (
            isinstance(seen, TypedSheet)
            and seen.table is table
            and seen.frame is frame
            and seen.registry is registry
            and seen.as_of == as_of
        ):
            out[kind] = seen.sharing()
        else:
            out[kind] = ds.views[kind] = TypedSheet(table, frame, registry, as_of)
    return out


@dataclass
class _Parsed:
    """What a sheet's typed view has computed so far, shared by the views of one sheet."""

    columns: dict[str, pd.Series] = field(default_factory=dict)
    money: dict[str, MoneyColumn] = field(default_factory=dict)
    ids: pd.Series | None = None
    dates: tuple[dict[str, pd.Series], dict[str, ParsedDate | None]] | None = None


class TypedSheet:
    """Typed columns of one sheet, computed lazily. A field without a column reads as all-blank."""

    def __init__(
        self, table: Table, frame: pd.DataFrame, registry: Registry, as_of: dt.date
    ) -> None:
        self.table = table
        self.frame = frame
        self.registry = registry
        self.as_of = as_of
        self._fields = {f.name: f for f in registry.for_sheet(table.kind)}
        self._parsed = _Parsed()
        self.memo: dict[str, pd.Series] = {}  # what checks derive and share (latest contact …)

    def sharing(self) -> TypedSheet:
        """A view of the same sheet that shares the parsed columns (computed or still to be)
        but has a memo of its own."""
        other = copy.copy(self)
        other.memo = {}
        return other

    def has(self, name: str) -> bool:
        """Whether the sheet has a column for `name` (a derived name counts when its source does)."""
        source = next((s for s, d, _ in DERIVED.get(self.table.kind, ()) if d == name), name)
        return source in self.frame.columns

    def __getitem__(self, name: str) -> pd.Series:
        if name not in self._parsed.columns:
            self._compute(name)
        return self._parsed.columns[name]

    def frame_of(self, names: frozenset[str] | set[str]) -> pd.DataFrame:
        """The typed columns `names` side by side (what a compiled condition reads)."""
        return pd.DataFrame({n: self[n] for n in sorted(names)}, index=self.frame.index)

    def money(self, name: str) -> MoneyColumn:
        """The money field `name` parsed (its column must exist)."""
        if name not in self._parsed.money:
            self._parsed.money[name] = parse_money_column(self.frame[name])
        return self._parsed.money[name]

    def _compute(self, name: str) -> None:
        derived = {d: s for s, d, _ in DERIVED.get(self.table.kind, ())}
        if name in derived:
            self._money(derived[name])
            return
        f = self._fields.get(name)
        if f is None:
            raise KeyError(name)
        if name not in self.frame.columns:
            blank, dtype = _BLANK[value_type(f)]
            self._parsed.columns[name] = pd.Series(blank, index=self.frame.index, dtype=dtype)
        elif f.kind is Kind.DATE:
            self._date_columns()
        elif f.kind is Kind.MONEY:
            self._money(name)
        elif f.kind is Kind.INTEGER:
            self._parsed.columns[name] = _leading_number(self.frame[name])
        elif f.kind is Kind.ENUM:
            self._parsed.columns[name] = _standard(self.frame[name], f)
        else:
            self._parsed.columns[name] = _text(self.frame[name])

    def dates(self) -> tuple[dict[str, pd.Series], dict[str, ParsedDate | None]]:
        """All date columns parsed at once (see `parse_columns`): each column's keys and
        key -> date. A date typed without a year takes the sheet's usual year."""
        if self._parsed.dates is None:
            names = [
                n
                for n, f in self._fields.items()
                if f.kind is Kind.DATE and n in self.frame.columns
            ]
            kinds = self.table.kinds
            columns = {n: (self.frame[n], kinds[n] if n in kinds.columns else None) for n in names}
            self._parsed.dates = parse_columns(columns, self.as_of.year)
        return self._parsed.dates

    def ids(self) -> pd.Series:
        """客户编号 as compared across sheets (see `id_key`); NA when blank or no column."""
        if self._parsed.ids is None:
            if "customer_id" in self.frame.columns:
                self._parsed.ids = id_key(self.frame["customer_id"])
            else:
                self._parsed.ids = pd.Series(None, index=self.frame.index, dtype=object)
        return self._parsed.ids

    def _date_columns(self) -> None:
        keys, parsed = self.dates()
        for n, key in keys.items():
            self._parsed.columns[n] = as_datetimes(key, parsed)

    def _money(self, name: str) -> None:
        """A money field reads as its amount; a range as its upper end (its lower end when open
        above, "10万以上"). The derived columns hold a range's ends (预算下限, 预算上限)."""
        if name not in self.frame.columns:
            nan = pd.Series(float("nan"), index=self.frame.index, dtype="float64")
            self._parsed.columns[name] = nan
            for s, d, _ in DERIVED.get(self.table.kind, ()):
                if s == name:
                    self._parsed.columns[d] = nan
            return
        money = self.money(name)
        self._parsed.columns[name] = money.high.fillna(money.low)
        for s, d, _ in DERIVED.get(self.table.kind, ()):
            if s == name:
                self._parsed.columns[d] = money.low if d.endswith("_min") else money.high


def as_datetimes(key: pd.Series, parsed: Mapping[str, ParsedDate | None]) -> pd.Series:
    """Date keys of `parse_columns` as datetime64 (NaT where a date did not parse), converted
    once per distinct key."""

    def stamps(u: pd.Series) -> list[np.datetime64]:
        return [np.datetime64(p.value, "ns") if (p := parsed[k]) else _NAT for k in u]

    return per_distinct(key, stamps, _NAT, "datetime64[ns]")


def id_key(values: pd.Series) -> pd.Series:
    """客户编号 as compared across sheets: half-width, stripped, upper-case (None when blank)."""
    return per_distinct(
        values,
        lambda u: [unicodedata.normalize("NFKC", str(v)).strip().upper() or None for v in u],
        None,
    )


def _text(values: pd.Series) -> pd.Series:
    """Stripped text, None when blank."""
    return per_distinct(values, lambda u: [str(v).strip() or None for v in u], None)


def _standard(values: pd.Series, f: Field) -> pd.Series:
    """An enumeration's standard value where the typed one is a known variant, else as typed."""
    lookup = f.standard_values

    def standard(u: pd.Series) -> list[str | None]:
        texts = [str(v).strip() for v in u]
        return [lookup.get(enum_key(t), t) if t else None for t in texts]

    return per_distinct(values, standard, None)


def _leading_number(values: pd.Series) -> pd.Series:
    """A count as typed: "120", 120, "500人以上", "约300人", "1.2万", "3千人", "100-500人" (its
    first number)."""

    def number(u: pd.Series) -> pd.Series:
        text = u.astype(str).str.normalize("NFKC").str.replace(",", "", regex=False)
        parts = text.str.extract(_LEADING_NUMBER, flags=re.IGNORECASE)
        value = pd.to_numeric(parts[0], errors="coerce").astype("float64")
        return value * parts[1].str.lower().map(_COUNT_UNITS).astype("float64").fillna(1.0)

    return per_distinct(values, number, np.nan, "float64")
