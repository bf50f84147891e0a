from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo.dataset import CellKind
from custinfo.parse.dates import ParsedDate, parse_columns, parse_date, parse_dates

D = dt.date(2024, 5, 10)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2024-05-10", CellKind.DATE),
        ("2024-05-10 13:05:00", CellKind.DATETIME),
        ("2024/5/10", CellKind.TEXT),
        ("2024/5/10 9:30", CellKind.TEXT),
        ("2024年5月10日", CellKind.TEXT),
        ("２０２４年５月１０日", CellKind.TEXT),
        ("2024.5.10", CellKind.TEXT),
        ("2024-5-10", CellKind.TEXT),
        ("20240510", CellKind.TEXT),
        ("20240510", CellKind.NUMBER),
        ("45422", CellKind.NUMBER),
        ("45422", CellKind.TEXT),
    ],
)
def test_forms_of_one_date(text: str, kind: int) -> None:
    assert parse_date(text, kind) == ParsedDate(D)


def test_qualifiers_and_partial_dates() -> None:
    assert parse_date("2024年9月30日前") == ParsedDate(dt.date(2024, 9, 30), "前")
    assert parse_date("2024年9月底") == ParsedDate(dt.date(2024, 9, 30))
    assert parse_date("2024年9月") == ParsedDate(dt.date(2024, 9, 1))
    assert parse_date("5月15日前") is None  # no year given
    assert parse_date("5月15日前", default_year=2024) == ParsedDate(
        dt.date(2024, 5, 15), "前", True
    )


@pytest.mark.parametrize(
    "text", ["下周", "月底", "待定", "2024-13-01", "2024-02-30", "", "  ", "abc"]
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_numbers_that_cannot_be_dates() -> None:
    assert parse_date("1.5", CellKind.NUMBER) is None
    assert parse_date("13800138000", CellKind.NUMBER) is None


@given(
    st.text(max_size=30),
    st.sampled_from(list(CellKind)),
    st.one_of(st.none(), st.integers(1900, 2100)),
)
def test_parse_is_total(text: str, kind: CellKind, year: int | None) -> None:
    result = parse_date(text, kind, year)
    assert result is None or isinstance(result.value, dt.date)


def test_column_parse_takes_the_sheets_year() -> None:
    values = pd.Series(["2023/1/2", None, "5月15日前", "2023-02-01", "下周"], dtype=object)
    parsed = parse_dates(values, None, default_year=2030)
    assert [p.value if p else None for p in parsed] == [
        dt.date(2023, 1, 2),
        None,
        dt.date(2023, 5, 15),  # the column's own year, not the fallback
        dt.date(2023, 2, 1),
        None,
    ]


def test_year_comes_from_all_columns_and_numbers_keep_their_kind() -> None:
    first = pd.Series(["2022-01-01", "2022-02-01"], dtype=object)
    nxt = pd.Series(["3月1日", "45422"], dtype=object)
    kinds = pd.Series([CellKind.TEXT, CellKind.NUMBER])
    keys, parsed = parse_columns({"a": (first, None), "b": (nxt, kinds)}, fallback_year=None)
    assert [parsed[k].value for k in keys["b"]] == [dt.date(2022, 3, 1), dt.date(2024, 5, 10)]
    assert parse_dates(pd.Series(["3月1日"], dtype=object), None, None).tolist() == [None]
