"""Nothing lost (#8): every normalizer, parser and dedupe comparator takes any cell — emoji,
zero-width and right-to-left marks, control characters, full-width forms, 5,000 characters,
None/NaN/pd.NA — without raising, returns its documented type, and normalizing twice gives what
normalizing once gave. (The per-module tests check what the values are; these only that
nothing breaks on what reps paste.)"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from custinfo import normalize
from custinfo.config import load_rules
from custinfo.dataset import Dataset
from custinfo.dedupe.compare import COMPARATORS, LEVELS, compare, display, prepare
from custinfo.fields import SheetKind
from custinfo.normalize.column import Normalized
from custinfo.normalize.industry import (
    IndustryMatch,
    guess_from_company,
    match_industry,
    normalize_industries,
    suggestions,
)
from custinfo.normalize.names import (
    company_short,
    normalize_company_names,
    normalize_person_names,
    person_parts,
    region_dropped,
)
from custinfo.normalize.phone import normalize_phones, province_of
from custinfo.normalize.region import Place, normalize_regions, resolve
from custinfo.normalize.text import clean_one, clean_text
from custinfo.parse.dates import ParsedDate, parse_date, parse_dates
from custinfo.parse.money import Money, parse_money, parse_money_column
from tests.frames import make_dataset, make_table

# Pieces of what gets pasted into a cell, joined at random.
_PIECES = [
    "深圳市",
    "华为技术有限公司",
    "王总",
    "13800138000",
    "+86 138-0013-8000",
    "0755-8888 1234转801",
    "2024年5月10日",
    "5-10万",
    "软件",
    "广东深圳南山",
    "😀",
    "👨\u200d👩\u200d👧",  # ZWJ sequence
    "🇨🇳",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2060",
    "\u00ad",
    "\u202e",  # right-to-left override
    "\u200f",
    "שלום",
    "مرحبا",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\r\n",
    "\t",
    "\u3000",
    "\xa0",
    "ＡＢＣ１２３",
    "（）【】",
    "e\u0301",  # combining accent
    "ﬁ",  # NFKC changes it
    "㈱",
    "Ⅻ",
    "nan",
    "None",
    "-",
    "*",
    "%",
    "{0}",
    "\\",
]
_PASTED = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)
_LONG = st.tuples(st.sampled_from(_PIECES), st.text(max_size=5)).map(
    lambda t: ((t[0] + t[1]) * 5000)[:5000]
)
TEXT = st.one_of(st.text(), _PASTED, _LONG)
NULL = st.sampled_from([None, float("nan"), pd.NA, np.nan])
CELL = st.one_of(TEXT, NULL)
CELLS = st.lists(CELL, min_size=1, max_size=6)

fast = settings(max_examples=60, deadline=None)
RULES = load_rules(None)


def _series(cells: list[object]) -> pd.Series:
    return pd.Series(cells, dtype=object)


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _idempotent(
    normalize_column: Callable[[pd.Series], Normalized], cells: list[object], moved: str = "-"
) -> None:
    """Normalizing the normalized column changes nothing, derived columns included (the stage
    records a change where a value differs from what was typed). Derived columns named
    `moved`N hold values moved out of the cell (联系电话2 …): the second pass has none."""
    once = normalize_column(_series(cells))
    assert len(once.values) == len(cells)
    for value in once.values:
        assert _blank(value) or isinstance(value, str)
    twice = normalize_column(once.values)
    pd.testing.assert_series_equal(twice.values, once.values)
    for name, column in once.derived.items():
        if name.startswith(moved) and name[len(moved) :].isdigit():
            assert name not in twice.derived
        else:
            pd.testing.assert_series_equal(twice.derived[name], column, obj=name)


# --- normalize -----------------------------------------------------------------------------


@fast
@given(CELLS)
def test_text(cells: list[object]) -> None:
    _idempotent(clean_text, cells)
    for cell in cells:
        once = clean_one(cell)
        assert isinstance(once, str) and clean_one(once) == once


@fast
@given(CELLS)
def test_company_names(cells: list[object]) -> None:
    _idempotent(normalize_company_names, cells)


@fast
@given(CELLS)
def test_person_names(cells: list[object]) -> None:
    _idempotent(normalize_person_names, cells)


@fast
@given(TEXT)
def test_name_parts(text: str) -> None:
    assert isinstance(company_short(text), str)
    assert isinstance(region_dropped(text), str)
    surname, title = person_parts(text)
    assert isinstance(surname, str) and isinstance(title, str)


@fast
@given(CELLS, CELLS)
def test_phones(cells: list[object], provinces: list[object]) -> None:
    places = _series((provinces * len(cells))[: len(cells)])
    _idempotent(lambda s: normalize_phones(s, places), cells, moved="phone_")
    for cell in cells:
        assert province_of(cell) is None or isinstance(province_of(cell), str)


@fast
@given(CELLS, CELLS)
def test_regions(cells: list[object], addresses: list[object]) -> None:
    address = _series((addresses * len(cells))[: len(cells)])
    _idempotent(lambda s: normalize_regions(s, address), cells)
    for region, addr in zip(cells, address, strict=True):
        assert isinstance(resolve(region, addr), Place)


@fast
@given(CELLS, CELLS)
def test_industries(cells: list[object], names: list[object]) -> None:
    name = _series((names * len(cells))[: len(cells)])
    _idempotent(lambda s: normalize_industries(s, name=name, need=name), cells)
    for cell in cells:
        assert match_industry(cell) is None or isinstance(match_industry(cell), IndustryMatch)
        assert guess_from_company(cell) is None or isinstance(
            guess_from_company(cell), IndustryMatch
        )
        if isinstance(cell, str):
            assert all(isinstance(s, str) for s in suggestions(cell))


# The whole stage, for what needs a typed sheet (dates, money, enumerations): normalizing its
# own output records no change and gives the same values.
_STAGE_FIELDS = (
    "customer_id",
    "customer_type",
    "name",
    "contact",
    "phone",
    "email",
    "region",
    "address",
    "industry",
    "employees",
    "revenue",
    "first_contact",
    "next_contact",
    "budget",
    "expected_date",
    "priority",
    "intent",
    "status",
    "notes",
)
_STAGE_CELL = st.one_of(  # pasted text only: the long and arbitrary are checked per column above
    _PASTED,
    st.none(),
    st.sampled_from(["2024/5/10", "5月15日前", "20240510", "45000", "1.2万", "10万以上", "意向"]),
)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.fixed_dictionaries(dict.fromkeys(_STAGE_FIELDS, _STAGE_CELL)), max_size=3))
def test_normalize_stage(rows: list[dict[str, object]]) -> None:
    once = normalize.run(_customers(rows), RULES)
    again = once.customers[list(_STAGE_FIELDS)].to_dict("records")
    twice = normalize.run(_customers(again), RULES)
    assert twice.changes.empty, twice.changes.to_dict("records")
    pd.testing.assert_frame_equal(
        twice.customers[list(_STAGE_FIELDS)], once.customers[list(_STAGE_FIELDS)]
    )


def _customers(rows: list[dict[str, object]]) -> Dataset:
    """A sheet as ingest reads it: blank cells are None, the rest text."""
    cells = [{f: None if _blank(v) or v == "" else str(v) for f, v in r.items()} for r in rows]
    return make_dataset(make_table(SheetKind.CUSTOMERS, cells, fields=list(_STAGE_FIELDS)))


# --- parse -----------------------------------------------------------------------------------


@fast
@given(CELLS)
def test_dates(cells: list[object]) -> None:
    parsed = parse_dates(_series(cells), default_year=2024)
    assert len(parsed) == len(cells)
    for cell, got in zip(cells, parsed, strict=True):
        assert got is None or isinstance(got, ParsedDate)
        if isinstance(cell, str):
            one = parse_date(cell, default_year=2024)
            assert one is None or isinstance(one, ParsedDate)
            if one is not None:  # the date written out reads back as itself
                again = parse_date(one.value.isoformat())
                assert again is not None and again.value == one.value


@fast
@given(CELLS)
def test_money(cells: list[object]) -> None:
    column = parse_money_column(_series(cells))
    assert column.low.dtype == column.high.dtype == np.float64
    for cell in cells:
        money = parse_money(cell)
        assert money is None or isinstance(money, Money)
        if money is not None and money.low is not None and money.low == money.high:
            again = parse_money(f"{money.low:.2f}")  # the amount written out reads back
            assert again is not None and again.low == money.low


# --- dedupe comparators ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(COMPARATORS), CELLS, CELLS)
def test_comparators(comparator: str, cells: list[object], others: list[object]) -> None:
    column = _series(cells + others)
    prepared = prepare(comparator, [column, column.iloc[::-1].reset_index(drop=True)])
    n = len(column)
    left, right = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    got = compare(prepared, left, right)
    assert got.level.shape == got.score.shape == (n * n,)
    assert ((got.level >= -1) & (got.level < len(LEVELS[comparator]))).all()
    assert ((got.score >= 0) & (got.score <= 100) | np.isnan(got.score)).all()
    back = compare(prepared, right, left)
    assert np.array_equal(got.level, back.level)
    shown = display(prepared, np.arange(n))
    assert len(shown) == n and all(isinstance(s, str) for s in shown)
