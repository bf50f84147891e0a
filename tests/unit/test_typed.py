"""TypedSheet: a sheet's cells as values for cross-field checks and rules.yaml conditions."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from custinfo.dataset import Table
from custinfo.fields import DEFAULT_REGISTRY, SheetKind
from custinfo.rules.expr import Name, ValueType
from custinfo.typed import TypedSheet, expr_names, id_key
from tests.frames import make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)
C = SheetKind.CUSTOMERS


def typed(table: Table) -> TypedSheet:
    frame = make_dataset(table).frame(table.kind)
    assert frame is not None
    return TypedSheet(table, frame, DEFAULT_REGISTRY, AS_OF)


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


@pytest.fixture
def sheet() -> TypedSheet:
    return typed(
        make_table(
            C,
            [
                {
                    "name": " 深圳市星河科技有限公司 ",
                    "status": "成交",
                    "first_contact": "2023-03-01",
                    "employees": "约300人",
                    "budget": "5-10万",
                    "revenue": "1.2万",
                    "need_type": "定制开发",
                },
                {
                    "name": "",
                    "status": " 意 向 ",
                    "first_contact": "2023/4/1",
                    "employees": "１２０",
                    "budget": "面议",
                    "revenue": None,
                    "need_type": "采购",
                },
                {
                    "name": None,
                    "status": "搞定",
                    "first_contact": "12月1日",
                    "employees": None,
                    "budget": "10万以上",
                    "revenue": "很多",
                    "need_type": "虚拟服务",
                },
            ],
        )
    )


def test_dtypes(sheet: TypedSheet) -> None:
    assert sheet["first_contact"].dtype == "datetime64[ns]"
    assert sheet["employees"].dtype == "float64"
    assert sheet["revenue"].dtype == "float64"
    assert sheet["budget_min"].dtype == "float64"
    assert sheet["status"].dtype == object
    assert sheet["name"].dtype == object
    for n in ("name", "status", "first_contact", "employees", "budget_max"):
        assert sheet[n].index.equals(sheet.frame.index)


def test_text_is_stripped_and_blank_is_missing(sheet: TypedSheet) -> None:
    name = sheet["name"]
    assert name.iloc[0] == "深圳市星河科技有限公司"
    assert name.iloc[1:].isna().all()


def test_enums_read_as_standard_values(sheet: TypedSheet) -> None:
    # a synonym and a spaced variant read as the standard value; an unknown value as typed
    assert sheet["status"].tolist() == ["成交客户", "意向客户", "搞定"]
    # an open list too: 采购 -> 产品采购; a value outside it stays
    assert sheet["need_type"].tolist() == ["定制开发", "产品采购", "虚拟服务"]


def test_dates_without_a_year_take_the_sheets_year(sheet: TypedSheet) -> None:
    # 2023 is the sheet's year (not as_of's 2024)
    assert sheet["first_contact"].tolist() == [ts("2023-03-01"), ts("2023-04-01"), ts("2023-12-01")]


def test_counts_read_their_leading_number(sheet: TypedSheet) -> None:
    employees = sheet["employees"].tolist()
    assert employees[:2] == [300.0, 120.0] and math.isnan(employees[2])
    counts = typed(
        make_table(
            C, [{"employees": v} for v in ("120", "500人以上", "100-500人", "1,200", "很多")]
        )
    )["employees"]
    assert counts.tolist()[:4] == [120.0, 500.0, 100.0, 1200.0] and math.isnan(counts.iloc[4])


def test_counts_with_a_chinese_unit_are_not_misread() -> None:
    counts = typed(make_table(C, [{"employees": "1.2万"}, {"employees": "3千人"}]))["employees"]
    # either the full number or unreadable (then number.invalid reports it); never 1.2 or 3
    assert counts.isna().all() or counts.tolist() == [12000.0, 3000.0]


def test_money_and_the_derived_budget_ends(sheet: TypedSheet) -> None:
    # a single amount reads as itself, a range as its upper end (its lower end when open
    # above); 面议 reads blank
    assert sheet["revenue"].iloc[0] == 12000.0
    assert sheet["budget"].iloc[0] == 100000.0
    assert math.isnan(sheet["budget"].iloc[1])
    assert sheet["budget"].iloc[2] == 100000.0
    # 5-10万 -> 50000..100000; 10万以上 has no upper end; 面议 has neither
    assert sheet["budget_min"].iloc[0] == 50000.0 and sheet["budget_max"].iloc[0] == 100000.0
    assert sheet["budget_min"].iloc[2] == 100000.0 and math.isnan(sheet["budget_max"].iloc[2])
    assert math.isnan(sheet["budget_min"].iloc[1]) and math.isnan(sheet["budget_max"].iloc[1])
    assert sheet.has("budget_min") and sheet.has("budget_max") and sheet.has("budget")


def test_missing_column_reads_all_blank_with_its_dtype() -> None:
    sheet = typed(make_table(C, [{"name": "甲"}, {"name": "乙"}]))
    expected = {
        "founded": "datetime64[ns]",
        "employees": "float64",
        "revenue": "float64",
        "budget": "float64",
        "budget_min": "float64",
        "budget_max": "float64",
        "status": object,
        "industry": object,
    }
    for n, dtype in expected.items():
        column = sheet[n]
        assert column.dtype == dtype, n
        assert column.isna().all() and len(column) == 2, n
        assert not sheet.has(n), n
    assert sheet.has("name")


def test_unknown_name_is_a_key_error(sheet: TypedSheet) -> None:
    with pytest.raises(KeyError):
        sheet["no_such_field"]
    with pytest.raises(KeyError):
        sheet["interaction_date"]  # a field of another sheet


def test_frame_of_puts_typed_columns_side_by_side(sheet: TypedSheet) -> None:
    frame = sheet.frame_of({"status", "budget_max"})
    assert list(frame.columns) == ["budget_max", "status"]
    assert frame.index.equals(sheet.frame.index)
    assert frame["status"].iloc[0] == "成交客户" and frame["budget_max"].iloc[0] == 100000.0


def test_expr_names_hold_canonical_chinese_alias_and_derived_names() -> None:
    names = expr_names(DEFAULT_REGISTRY, C)
    text, number, date = ValueType.TEXT, ValueType.NUMBER, ValueType.DATE
    assert names["status"] == names["客户状态"] == names["状态"] == Name("status", text)
    assert names["employees"] == names["员工人数"] == names["人数"] == Name("employees", number)
    assert names["预算范围"] == names["预算"] == Name("budget", number)
    assert names["首次接触时间"] == names["建档日期"] == Name("first_contact", date)
    assert names["budget_min"] == names["预算下限"] == Name("budget_min", number)
    assert names["budget_max"] == names["预算上限"] == Name("budget_max", number)
    assert "interaction_date" not in names  # another sheet's field
    interactions = expr_names(DEFAULT_REGISTRY, SheetKind.INTERACTIONS)
    assert interactions["互动时间"] == Name("interaction_date", date)
    assert "预算上限" not in interactions


def test_id_key_compares_half_width_stripped_upper_case() -> None:
    keys = id_key(pd.Series([" c202405001 ", "Ｃ２０２４０５００１", "C202405001", "", "  ", None]))
    assert keys.iloc[:3].tolist() == ["C202405001"] * 3
    assert keys.iloc[3:].isna().all()
