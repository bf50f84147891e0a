"""Counts that hold no number (number.invalid) and money that does not read (money.unparseable)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pandas as pd

from custinfo.dataset import Table
from custinfo.fields import SheetKind
from custinfo.findings import flat
from tests.frames import column_findings, make_dataset, make_table

AS_OF = dt.date(2024, 6, 30)


def amounts(*tables: Table) -> pd.DataFrame:
    ds = make_dataset(*tables)
    return column_findings(ds, "number", "money", as_of=AS_OF)


def test_count_without_a_number_is_invalid() -> None:
    values: list[object] = [
        "很多",
        "120",
        120,
        "500人以上",
        "约300人",
        "１２０",
        "1,200",
        None,
        "  ",
        "不详",
    ]
    rows = cast("list[dict[str, str | None]]", [{"name": "甲", "employees": v} for v in values])
    customers = make_table(SheetKind.CUSTOMERS, rows)
    assert flat(amounts(customers), "row", "column", "field", "code", "severity", "value") == [
        [2, "B", "employees", "number.invalid", "warning", "很多"],
        [11, "B", "employees", "number.invalid", "warning", "不详"],
    ]


def test_unreadable_money_on_every_money_field() -> None:
    rows: list[dict[str, object]] = [
        {"budget": "很多钱", "revenue": "5000万"},
        {"budget": "5-10万", "revenue": "1.2亿"},
        {"budget": "面议", "revenue": 12000},
        {"budget": "¥1,200.00", "revenue": None},
        {"budget": None, "revenue": "大概几个亿吧"},
        {"budget": 12000.5, "revenue": "  "},
        {"budget": "10万以上", "revenue": "—"},
    ]
    customers = make_table(
        SheetKind.CUSTOMERS,
        cast("list[dict[str, str | None]]", rows),
        fields=["budget", "revenue"],
    )
    assert flat(amounts(customers), "row", "column", "field", "code", "severity", "value") == [
        [2, "A", "budget", "money.unparseable", "warning", "很多钱"],
        [6, "B", "revenue", "money.unparseable", "warning", "大概几个亿吧"],
    ]


def test_transaction_amount_is_checked_too() -> None:
    customers = make_table(SheetKind.CUSTOMERS, [{"name": "甲"}])
    transactions = make_table(
        SheetKind.TRANSACTIONS,
        [
            {"customer_id": "C202405001", "amount": "12000"},
            {"customer_id": "C202405001", "amount": "一些"},
        ],
    )
    assert flat(amounts(customers, transactions), "sheet", "row", "column", "code", "value") == [
        ["交易记录", 3, "B", "money.unparseable", "一些"]
    ]


def test_missing_columns_no_findings() -> None:
    assert amounts(make_table(SheetKind.CUSTOMERS, [{"name": "甲"}])).empty
